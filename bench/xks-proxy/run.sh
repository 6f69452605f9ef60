#!/usr/bin/env bash
# XKS proxy load benchmark: Encrypt of 32-byte plaintexts (a KMS data key) with AAD and the
# ciphertext data integrity value, against `ownkms xks-proxy start` over a fresh SoftHSM token,
# on loopback, with wrk on the same machine. token_share_pct = time in PKCS#11 calls (key lookup,
# encrypt, verification decrypt) / time from request receipt to answer, summed over the run.
#   bench/xks-proxy/run.sh [--https] [DURATION_S] [CONNECTIONS...]
# Needs wrk (apt-get install -y wrk) and python3. Prints one RESULT line per run, plus the share
# of request time spent in the token (from the proxy's /metrics).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
scheme_flag=--http
if [ "${1:-}" = "--https" ]; then scheme_flag=; shift; fi
duration="${1:-30}"; shift || true
connections=("${@:-8 32 128}")
# shellcheck disable=SC2206
connections=(${connections[*]})
work="$(mktemp -d)"
trap 'kill "$proxy_pid" 2>/dev/null || true; wait "$proxy_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

"$root/ownkms" xks-proxy start --json $scheme_flag --dir "$work/proxy" \
  > "$work/values.json" 2> "$work/proxy.log" &
proxy_pid=$!
for _ in $(seq 1 240); do [ -s "$work/values.json" ] && break; sleep 0.5; done
[ -s "$work/values.json" ] || { echo "proxy did not start; log:"; tail "$work/proxy.log"; exit 1; }
endpoint="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["uriEndpoint"])' "$work/values.json")"
metric() {  # sum of a Prometheus series for Encrypt
  curl -sk "$endpoint/metrics" | awk -v name="$1" '$1 ~ "^"name"\\{" && $1 ~ /operation="Encrypt"/ && $1 ~ /outcome="OK"|^xks_token/ {s+=$2} END {printf "%.6f", s}'
}
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); proxy: $endpoint"
python3 "$root/bench/xks-proxy/presign.py" "$work/values.json" "$work/encrypt.lua" 32
wrk -t2 -c16 -d10s -s "$work/encrypt.lua" "$endpoint" > /dev/null   # warm-up (JIT, token sessions)
for c in "${connections[@]}"; do
  python3 "$root/bench/xks-proxy/presign.py" "$work/values.json" "$work/encrypt.lua" 32
  request_before="$(metric xks_requests_seconds_sum)"; token_before="$(metric xks_token_calls_seconds_sum)"
  line="$(wrk -t2 -c"$c" -d"${duration}s" --latency -s "$work/encrypt.lua" "$endpoint" | grep '^RESULT')"
  request_after="$(metric xks_requests_seconds_sum)"; token_after="$(metric xks_token_calls_seconds_sum)"
  requests="$(echo "$line" | sed -E 's/.*requests=([0-9]+).*/\1/')"
  share="$(python3 -c "import sys; r=float(sys.argv[2])-float(sys.argv[1]); t=float(sys.argv[4])-float(sys.argv[3]); n=int(sys.argv[5]); print(f'token_share_pct={100*t/r:.0f} token_ms_per_request={1000*t/n:.3f}' if r>0 else 'n/a')" \
    "$request_before" "$request_after" "$token_before" "$token_after" "$requests")"
  echo "$line connections=$c $share load=$(cut -d' ' -f1 /proc/loadavg)"
done

#!/usr/bin/env bash
# Runs the public XKS conformance client (aws-samples/aws-kms-xksproxy-test-client, a checkout
# kept OUTSIDE this repository) against `ownkms xks-proxy start --json`.
#   bench/xks-proxy/conformance-client.sh TEST_CLIENT_DIR [--http|--https|--mtls]
# --mtls (default) runs all 51 cases, --https and --http the 49 of `-a`. Needs curl, jq, xxd,
# uuidgen (apt-get install -y uuid-runtime). Judge by the last line: "All N tests PASSED."
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
client="$(cd "$1" && pwd)"; mode="${2:---mtls}"
work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
flags=(); [ "$mode" = --http ] && flags=(--http); [ "$mode" = --mtls ] && flags=(--mtls)
"$root/ownkms" xks-proxy start --json "${flags[@]}" --dir "$work/proxy" > "$work/values.json" 2> "$work/proxy.log" &
pid=$!
for _ in $(seq 1 240); do [ -s "$work/values.json" ] && break; sleep 0.5; done
v="$work/values.json"
export XKS_PROXY_HOST="$(jq -r .uriEndpoint "$v" | sed -E 's#^https?://##')"
export URI_PREFIX="$(jq -r .uriPath "$v" | sed -E 's#^/##; s#/kms/xks/v1$##')"
export SIGV4_ACCESS_KEY_ID="$(jq -r .accessKeyId "$v")" SIGV4_SECRET_ACCESS_KEY="$(jq -r .secretAccessKey "$v")"
export REGION="$(jq -r .region "$v")" KEY_ID="$(jq -r '.keyIds[0]' "$v")"
export ENCRYPT_ONLY_KEY_ID="$(jq -r .encryptOnlyKeyId "$v")" DECRYPT_ONLY_KEY_ID="$(jq -r .decryptOnlyKeyId "$v")"
export IMPOTENT_KEY_ID="$(jq -r .noUsageKeyId "$v")" ANSI_ESCAPE=0
if [ "$mode" = --http ]; then export SCHEME=; else export CURL_CA_BUNDLE="$(jq -r .caCertificate "$v")"; fi
[ "$mode" = --mtls ] && export MTLS="--key $(jq -r .clientKey "$v") --cert $(jq -r .clientCertificate "$v")"
cd "$client"
./test-xks-proxy -a 2>&1 | tee "$work/client.log" | tail -1
tail -1 "$work/client.log" | grep -q 'All [0-9]* tests PASSED'

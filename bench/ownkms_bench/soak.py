"""Start-up time and resident memory: the two targets that are not throughput."""

import base64
import os
import random
import re
import shutil
import subprocess
import statistics
import time
from dataclasses import replace
from pathlib import Path

from . import wrk
from .kms_client import KmsClient
from .scenarios import CREATE_KEY_PATTERNS, OPERATIONS
from .servers import OwnKms, rss_kib


def startup_seconds(work_dir, java_command, signer, runs, log):
    """Process start to the first answered request (ListKeys), on a new and on an existing
    data directory (a restart). The JVM is included, the launcher is not."""
    data_dir = Path(work_dir) / "startup-data"
    shutil.rmtree(data_dir, ignore_errors=True)
    fresh, restart = [], []
    for i in range(runs + 1):
        server = OwnKms(work_dir, java_command, data_dir, name="ownkms-startup")
        began = time.monotonic()
        server.start()
        client = KmsClient(server.endpoint, signer)
        client.call("ListKeys", {})
        elapsed = time.monotonic() - began
        client.close()
        server.stop()
        (fresh if i == 0 else restart).append(elapsed)
        log(f"  start-up {'new data dir' if i == 0 else 'restart'}: {elapsed:.3f} s")
    return {"new_data_dir_s": round(fresh[0], 3),
            "restart_s": round(statistics.median(restart), 3),
            "restart_runs_s": [round(x, 3) for x in restart]}


# KMS allows 100,000 keys per account and Region: the soak spreads its keys over accounts.
KEYS_PER_ACCOUNT = 50_000


def memory_after_load(work_dir, java_command, signer, keys, requests, connections, log):
    """Creates `keys` keys, then sends `requests` Encrypts spread over all of them, and reads the
    server's resident set size (VmRSS) and its peak (VmHWM). In permissive mode a 12-digit access
    key id is the account, so each account gets its own signer."""
    # tmpfs: the setup measures memory, not the disk's fsync rate for 100k key commits.
    base = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path(work_dir)
    data_dir = Path(base) / f"ownkms-bench-soak-{os.getpid()}"
    shutil.rmtree(data_dir, ignore_errors=True)
    server = OwnKms(work_dir, java_command, data_dir, name="ownkms-soak")
    server.start()
    try:
        rss_idle, _ = rss_kib(server.pid())
        began = time.monotonic()
        accounts = [replace(signer, access_key=f"{100000000001 + i}")
                    for i in range(-(-keys // KEYS_PER_ACCOUNT))]
        owned = []  # (signer of the owning account, key id)
        for i, account in enumerate(accounts):
            share = keys // len(accounts) + (1 if i < keys % len(accounts) else 0)
            _create_keys(server.endpoint, account, share, work_dir, log)
            client = KmsClient(server.endpoint, account)
            owned += [(account, key_id) for key_id in client.list_key_ids()]
            client.close()
        create_s = time.monotonic() - began
        key_ids = [key_id for _, key_id in owned]
        if len(key_ids) < keys:
            raise RuntimeError(f"created {len(key_ids)} keys, wanted {keys}")
        log(f"  signing {len(key_ids):,} Encrypt requests (one per key)...")
        request_file = Path(work_dir) / "soak-requests.tsv"
        plaintext = base64.b64encode(os.urandom(64)).decode()
        encrypt_patterns = OPERATIONS["Encrypt"][1]
        random.Random(7).shuffle(owned)  # accounts interleaved, as many tenants would be
        wrk.write_requests(request_file, (
            account.sign(server.endpoint, "Encrypt", {"KeyId": key_id, "Plaintext": plaintext})
            for account, key_id in owned))
        log(f"  {requests:,} Encrypt requests over {len(key_ids):,} keys, "
            f"{connections} connections...")
        load = wrk.run(server.endpoint, request_file, {"TrentService.Encrypt": encrypt_patterns},
                       work_dir, connections, duration_s=600, max_requests=requests)
        rss, peak = rss_kib(server.pid())
        live = live_heap_mib(java_command[0], server.pid())
        log(f"  served {load.requests:,} at {load.rps:,.0f} req/s, errors {load.errors}; "
            f"RSS {rss / 1024:.0f} MiB (peak {peak / 1024:.0f} MiB), live heap {live} MiB")
        return {"keys": len(key_ids), "accounts": len(accounts), "create_keys_s": round(create_s, 1),
                "encrypt": load.to_json(), "errors": load.errors,
                "rss_idle_mib": round(rss_idle / 1024, 1), "rss_after_mib": round(rss / 1024, 1),
                "rss_peak_mib": round(peak / 1024, 1), "live_heap_mib": live}
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


def live_heap_mib(java, pid):
    """Heap in use after a full collection (read after the RSS): what the keys really cost."""
    jcmd = Path(java).parent / "jcmd"
    if not jcmd.exists():
        return None
    subprocess.run([str(jcmd), str(pid), "GC.run"], capture_output=True, timeout=60)
    info = subprocess.run([str(jcmd), str(pid), "GC.heap_info"], capture_output=True, text=True,
                          timeout=60).stdout
    used = [int(k) for k in re.findall(r"total \d+K, used (\d+)K", info)]  # young + old
    return round(sum(used) / 1024, 1) if used else None


def _create_keys(endpoint, signer, keys, work_dir, log, chunk=20_000):
    """CreateKey through wrk in chunks (one signed request replayed), reporting progress."""
    created = 0
    while created < keys:
        count = min(chunk, keys - created)
        request_file = Path(work_dir) / "create-key.tsv"
        wrk.write_requests(request_file, [signer.sign(endpoint, "CreateKey", {})])
        # Two threads stop at count/2 responses each; the few in flight beyond that also land.
        result = wrk.run(endpoint, request_file, {"TrentService.CreateKey": CREATE_KEY_PATTERNS},
                         work_dir, connections=8, duration_s=600, max_requests=count)
        if result.errors:
            raise RuntimeError(f"CreateKey failed: {result.to_json()}")
        created += result.checked
        log(f"  keys created: {created:,}/{keys:,} ({result.rps:,.0f}/s)")

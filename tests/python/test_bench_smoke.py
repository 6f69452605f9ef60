"""The load benchmark's harness still works: `./ownkms bench --smoke` runs in seconds, every
response it checked was good, and it wrote valid JSON, Markdown and a PNG chart.

The numbers of a smoke run mean nothing (one-second runs, no warm-up); only the harness is
tested. wrk, nginx and gnuplot come from Debian (`./ownkms test` and .ci/run install them).
"""

import json
import os
import subprocess
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_bench_smoke_run_checks_every_response_and_writes_results(tmp_path):
    env = dict(os.environ)
    if env.get("OWNKMS_CMD"):
        # Another build of the server is under test; the bench starts the repository's jar.
        env.pop("OWNKMS_CMD")
    done = subprocess.run([str(REPO_ROOT / "ownkms"), "bench", "--smoke", "--no-moto",
                           "--out", str(tmp_path)],
                          cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, f"stdout:\n{done.stdout}\nstderr:\n{done.stderr[-4000:]}"

    [result_file] = tmp_path.glob("*.json")
    results = json.loads(result_file.read_text())
    assert results["mode"] == "smoke"
    assert results["errors"] == 0
    assert results["checked_responses"] > 0
    assert {"OwnKMS", "OwnKMS strict", "nginx"} <= set(results["series"])
    measured = {(m["series"], m["operation"]) for m in results["medians"]}
    for operation in ("Encrypt", "Decrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext",
                      "DescribeKey"):
        assert ("OwnKMS", operation) in measured
        assert ("nginx", operation) in measured
    assert ("OwnKMS strict", "Encrypt") in measured
    assert ("OwnKMS CloudHSM", "Encrypt") in measured  # a key in a connected CloudHSM store
    assert results["token_gcm"]["ops_per_s"] > 0  # and the raw token rate it is held to
    # A key in a connected external key store, and its proxy called directly: every answer
    # good, or a proxy failure counted apart (a cold, loaded machine may take > 250 ms).
    assert ("OwnKMS XKS", "Encrypt") in measured and ("OwnKMS XKS", "GenerateDataKey") in measured
    assert ("xks-proxy direct", "XKS.Encrypt") in measured
    [xks_point] = results["xks"]["points"]
    assert xks_point["direct"]["rps"] > 0 and xks_point["direct"]["proxy_failures"] == 0
    assert results["xks"]["proxy_plaintext_bytes"] == 32 + 65
    # Both Encrypts again at AWS's quota rate, paced: never faster than offered (a closed loop
    # gets the proxy alone to several thousand a second even cold).
    at_quota = results["xks"]["at_quota"]
    assert at_quota["offered_rps"] == 1800 and at_quota["connections"] == 32
    for name in ("encrypt", "direct"):
        assert 0 < at_quota[name]["rps"] <= 1800 * 1.1, at_quota[name]
    for run in results["runs"]:
        assert run["requests"] > 0 and run["checked"] == run["requests"], run
    assert results["startup"]["restart_s"] > 0
    assert results["memory"]["errors"] == 0 and results["memory"]["keys"] >= 200
    assert {t["result"] for t in results["targets"]} <= {"pass", "FAIL", "not measured"}

    assert "| Target | Measured | Result |" in result_file.with_suffix(".md").read_text()
    assert result_file.with_suffix(".png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

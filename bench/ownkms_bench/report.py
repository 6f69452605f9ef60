"""Writes a run's results: <date>.json (everything), <date>.md (the tables) and <date>.png (the
chart: Encrypt throughput and p99 against connections, OwnKMS against its peers)."""

import json
import shutil
import subprocess
from pathlib import Path

SERIES_STYLE = {"OwnKMS": "#1f77b4", "OwnKMS strict": "#2ca02c", "moto_server": "#d62728",
                "nginx": "#7f7f7f", "OwnKMS CloudHSM": "#ff7f0e"}


def write_json(path, results):
    Path(path).write_text(json.dumps(results, indent=2) + "\n")


def markdown(results):
    env = results["environment"]
    lines = [f"Run {results['started']} ({results['mode']} mode: {results['settings']['runs']}"
             f" run(s) of {results['settings']['duration_s']} s per point, median shown), "
             f"{env['cpu']}, {env['cores']} cores, load average {env['load_before']} before and "
             f"{env['load_after']} after; wrk {env['wrk']}, nginx {env['nginx']}, "
             f"moto {env.get('moto', 'not installed')}, {env['java']}.", ""]
    medians = {(m["series"], m["operation"], m["connections"]): m for m in results["medians"]
               if not m.get("rate")}
    series = [s for s in results["series"]]
    conns = results["settings"]["connections"]
    lines += ["**Encrypt, 64 B plaintext** — req/s (p99 latency) by concurrent connections:", "",
              "| Target | " + " | ".join(f"{c} conn." for c in conns) + " |",
              "|---|" + "---:|" * len(conns)]
    for label in series:
        cells = []
        for c in conns:
            m = medians.get((label, "Encrypt", c))
            cells.append(f"{m['rps']:,.0f} ({_ms(m['p99_ms'])})" if m else "—")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    c = results["settings"]["target_connections"]
    ops = [op for op in results["operations"]]
    lines += ["", f"**Each operation at {c} connections** — req/s (p99):", "",
              "| Operation | " + " | ".join(series) + " | OwnKMS / nginx | OwnKMS / moto |",
              "|---|" + "---:|" * (len(series) + 2)]
    for op in ops:
        cells = []
        for label in series:
            m = medians.get((label, op, c))
            cells.append(f"{m['rps']:,.0f} ({_ms(m['p99_ms'])})" if m else "—")
        own, ceiling, moto = (medians.get((s, op, c)) for s in ("OwnKMS", "nginx", "moto_server"))
        cells.append(f"{own['rps'] / ceiling['rps']:.0%}" if own and ceiling else "—")
        cells.append(f"{own['rps'] / moto['rps']:,.0f}×" if own and moto else "—")
        lines.append(f"| {op} | " + " | ".join(cells) + " |")
    if results.get("token_gcm"):
        t = results["token_gcm"]
        lines += ["", f"Raw token AES-GCM (the CloudHSM target's denominator, measured in this run):"
                      f" a fresh SoftHSM token through OwnKMS's PKCS#11 classes, "
                      f"{t['plaintext_bytes']} B plaintext, {t['aad_bytes']} B AAD, "
                      f"{t['threads']} threads: {t['ops_per_s']:,.0f} ops/s (median of "
                      f"{len(t['runs'])})."]
    if results.get("xks"):
        lines += [""] + xks_table(results["xks"])
    if results.get("startup"):
        s = results["startup"]
        lines += ["", f"Start-up to the first answered request (JVM included, launcher not): "
                      f"{s['restart_s']:.2f} s on an existing data directory (median), "
                      f"{s['new_data_dir_s']:.2f} s on a new one (creates the root-key token)."]
    if results.get("memory"):
        m = results["memory"]
        e = m["encrypt"]
        lines += ["", f"Memory: {m['keys']:,} keys created ({m['create_keys_s']:.0f} s), then "
                      f"{e['requests']:,} Encrypts spread over all of them at {e['rps']:,.0f}"
                      f" req/s (p99 {_ms(e['latency_ms']['p99'])}): resident set "
                      f"{m['rss_after_mib']:.0f} MiB after (peak {m['rss_peak_mib']:.0f} MiB, "
                      f"{m['rss_idle_mib']:.0f} MiB idle at start)."]
    lines += ["", "**Targets** (ratios from this run):", "", "| Target | Measured | Result |",
              "|---|---|---|"]
    for check in results["targets"]:
        lines.append(f"| {check['target']} | {check['measured']} | {check['result']} |")
    errors = results["errors"]
    lines += ["", f"Every response was checked (2xx, JSON with the operation's members): "
                  f"{results['checked_responses']:,} checked, {errors} bad."]
    return "\n".join(lines) + "\n"


def xks_table(x):
    lines = [f"**External key store** (a key behind `ownkms xks-proxy` over SoftHSM, loopback"
             f" HTTPS; {x['plaintext_bytes']} B plaintext, so OwnKMS sends the proxy a "
             f"{x['proxy_plaintext_bytes']} B blob with a {x['aad_bytes']} B AAD; the direct row"
             " sends the proxy that same request) — req/s (p99):", "",
             "| Connections | OwnKMS Encrypt | OwnKMS GenerateDataKey | proxy Encrypt, direct |"
             " OwnKMS Encrypt / direct | p99 added |", "|---:|---:|---:|---:|---:|---:|"]
    notes = []
    for p in x["points"]:
        cells = []
        for name in ("encrypt", "generate_data_key", "direct"):
            m = p[name]
            cells.append(f"{m['rps']:,.0f} ({_ms(m['p99_ms'])})")
            if m.get("proxy_failures"):
                notes.append(f"{name} at {p['connections']} connections: "
                             f"{m['proxy_failures']:,} of {m['requests']:,} (first: "
                             f"\"{_message(m.get('first_proxy_failure', ''))}\")")
        share = p["encrypt_share_of_direct"]
        cells.append(f"{share:.0%}" if share is not None else "—")
        cells.append(f"{p['p99_added_ms']:+.1f} ms")
        lines.append(f"| {p['connections']} | " + " | ".join(cells) + " |")
    q = x.get("at_quota")
    if q:
        enc, direct = q["encrypt"], q["direct"]
        lines += ["", f"At AWS's quota for one external key store, {q['offered_rps']:,} req/s"
                      f" offered over {q['connections']} connections (paced, not a closed loop):"
                      f" OwnKMS Encrypt p99 {_ms(enc['p99_ms'])} (p50 {_ms(enc['p50_ms'])},"
                      f" {enc['rps']:,.0f} req/s reached); the proxy called directly p99"
                      f" {_ms(direct['p99_ms'])} (p50 {_ms(direct['p50_ms'])}); OwnKMS adds"
                      f" {q['p99_added_ms']:+.1f} ms at p99."]
        for name, m in (("encrypt at the quota rate", enc), ("direct at the quota rate", direct)):
            if m.get("proxy_failures"):
                notes.append(f"{name}: {m['proxy_failures']:,} of {m['requests']:,}")
    if notes:
        lines += ["", "Proxy failures — `KMSInvalidStateException` naming the proxy (over the"
                      " 250 ms deadline, or no connection), as AWS answers them; counted apart,"
                      " not as bad answers: " + "; ".join(notes) + "."]
    return lines


def _message(body):
    """The message of a JSON error body that wrk's script quoted with '?' for '"'."""
    marker = "message?:?"
    return body.split(marker, 1)[1].split("?", 1)[0][:90] + "…" if marker in body else body[:90]


def _ms(value):
    return f"{value:.1f} ms" if value >= 1 else f"{value:.2f} ms"


def chart(path, results, work_dir):
    """Two panels from gnuplot (log scales): Encrypt req/s and p99 against connections."""
    gnuplot = shutil.which("gnuplot")
    if not gnuplot:
        return False
    work = Path(work_dir)
    medians = {(m["series"], m["operation"], m["connections"]): m for m in results["medians"]
               if not m.get("rate")}
    plots_rps, plots_p99 = [], []
    for i, label in enumerate(results["series"]):
        data = work / f"chart-{i}.dat"
        rows = [(c, medians[(label, "Encrypt", c)]) for c in results["settings"]["connections"]
                if (label, "Encrypt", c) in medians]
        data.write_text("".join(f"{c} {m['rps']} {max(m['p99_ms'], 0.01)}\n" for c, m in rows))
        color = SERIES_STYLE.get(label, "#9467bd")
        style = f"with linespoints lw 2 pt 7 lc rgb '{color}' title '{label}'"
        plots_rps.append(f"'{data}' using 1:2 {style}")
        plots_p99.append(f"'{data}' using 1:3 {style}")
    env = results["environment"]
    script = f"""
set terminal pngcairo size 1100,460 font 'DejaVu Sans,10' noenhanced
set output '{path}'
set multiplot layout 1,2 title "Encrypt 64 B over loopback, wrk on the same {env['cores']} cores ({results['started'][:10]})"
set logscale xy
set xtics ({', '.join(str(c) for c in results['settings']['connections'])})
set xlabel 'concurrent connections'
set grid
set key bottom right
set ylabel 'requests per second (median)'
set yrange [100:*]
set format y '%.0s%c'
plot {', '.join(plots_rps)}
set ylabel 'p99 latency (ms)'
set autoscale y
set format y '%g'
set key top left
plot {', '.join(plots_p99)}
unset multiplot
"""
    script_path = work / "chart.gp"
    script_path.write_text(script)
    subprocess.run([gnuplot, str(script_path)], check=True, capture_output=True)
    return True

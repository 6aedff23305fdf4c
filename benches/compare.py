#!/usr/bin/env python3
"""Benchmark grant-report against the peers (Typst, ReportLab, optionally WeasyPrint) on the
same generated data, runs interleaved (ours, typst, reportlab, ours, typst, ...), and print a
table: grants, pages, median wall time, peak RSS, bytes per page, and our speed ratio to each
peer measured in the same run. Figures only; nothing is asserted.

usage: python3 benches/compare.py [--sizes 1,1000,10000] [--reps 3] [--peers typst,reportlab|none]
                                  [--peers-dir ../shared/peers] [--baseline PATH]
--baseline PATH adds another grant-report binary (say, main before a change) as a contender,
run interleaved with the rest, so a before/after ratio comes from the same run.
--html adds grant-report writing the web page edition (build -o report.html) as a contender;
its last column is its time as a share of the PDF's in the same run (at most 1.00x: the web
page takes no longer than the PDF).
Needs: a release build (cargo build --release), /usr/bin/time, pdfinfo (poppler-utils), and
for the peers a venv with typst and reportlab (made in a copy of the peers kit on first use).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OURS = os.path.join(ROOT, "target", "release", "grant-report")


def setup_peers(src):
    kit = os.path.join(tempfile.gettempdir(), "grant-report-peers")
    if not os.path.isdir(kit):
        shutil.copytree(src, kit)
    py = os.path.join(kit, "venv", "bin", "python")
    if not os.path.exists(py):
        subprocess.run([sys.executable, "-m", "venv", os.path.join(kit, "venv")], check=True)
        subprocess.run([py, "-m", "pip", "install", "-q", "typst==0.15.2", "reportlab==5.1.0",
                        "weasyprint==70.0", "jinja2==3.1.6"], check=True)
    os.makedirs(os.path.join(kit, "data"), exist_ok=True)
    os.makedirs(os.path.join(kit, "out"), exist_ok=True)
    return kit, py


def command(peer, kit, py, data, out, baseline=None):
    if peer == "grant-report":
        return [OURS, "build", data, "-o", out, "--quiet"]
    if peer == "html":
        return [OURS, "build", data, "-o", out, "--quiet"]
    if peer == "baseline":
        return [baseline, "build", data, "-o", out, "--quiet"]
    return [py, os.path.join(kit, f"peer_{peer}.py"), data, out]


def pages(pdf):
    if pdf.endswith(".html"):
        return 0
    r = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True)
    for line in r.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 0


def run(cmd, out):
    if os.path.exists(out):
        os.remove(out)
    tf = out + ".time"
    r = subprocess.run(["/usr/bin/time", "-o", tf, "-f", "%e %M"] + cmd, capture_output=True, text=True,
                       env=dict(os.environ, SOURCE_DATE_EPOCH="1795564800"))
    if r.returncode != 0:
        sys.stderr.write(f"FAILED {cmd[0]}: {r.stderr[-1000:]}\n")
        return None
    wall, rss = open(tf).read().split()[-2:]
    return {"wall": float(wall), "rss_mib": int(rss) / 1024, "bytes": os.path.getsize(out), "pages": pages(out)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1,1000,10000")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--peers", default="typst,reportlab")
    ap.add_argument("--peers-dir", default=os.path.join(ROOT, "..", "shared", "peers"))
    ap.add_argument("--baseline", help="another grant-report binary to compare with")
    ap.add_argument("--html", action="store_true", help="also time the web page edition")
    a = ap.parse_args()
    if not os.path.exists(OURS):
        sys.exit("build first: cargo build --release")
    kit, py = setup_peers(a.peers_dir)
    contenders = (["grant-report"] + (["html"] if a.html else []) + (["baseline"] if a.baseline else [])
                  + [p for p in a.peers.split(",") if p and p != "none"])
    rows = []
    for n in [int(s) for s in a.sizes.split(",")]:
        data = os.path.join(kit, "data", f"grants_{n}.csv")
        if not os.path.exists(data):
            with open(data, "w") as f:
                subprocess.run([sys.executable, os.path.join(kit, "gen_grants.py"), str(n)], stdout=f, check=True)
        results = {c: [] for c in contenders}
        for rep in range(a.reps):
            for c in contenders:
                out = os.path.join(kit, "out", f"{c}_{n}.{'html' if c == 'html' else 'pdf'}")
                r = run(command(c, kit, py, data, out, a.baseline), out)
                if r:
                    results[c].append(r)
                    print(f"N={n} rep={rep + 1} {c:<13} {r['wall']:7.2f} s {r['rss_mib']:8.1f} MiB {r['pages']} pp",
                          file=sys.stderr, flush=True)
        ours = statistics.median(r["wall"] for r in results["grant-report"]) if results["grant-report"] else None
        for c in contenders:
            rs = results[c]
            if not rs:
                continue
            wall = statistics.median(r["wall"] for r in rs)
            rss = statistics.median(r["rss_mib"] for r in rs)
            b = statistics.median(r["bytes"] for r in rs)
            pg = rs[-1]["pages"] or 1
            ratio = "" if c == "grant-report" or ours is None else f"{wall / max(ours, 0.005):.1f}×"
            if c == "html":
                ratio = "" if ours is None else f"{wall / max(ours, 0.005):.2f}× the PDF's time"
                rows.append(f"| {n} | grant-report (web page) | — | {wall:.2f} | {rss:.0f} | {b:,.0f} in all | {ratio} |")
                continue
            rows.append(f"| {n} | {c} | {pg} | {wall:.2f} | {rss:.0f} | {b / pg:,.0f} | {ratio} |")
    print("| grants | tool | pages | median wall s | peak RSS MiB | bytes/page | grant-report faster by |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()

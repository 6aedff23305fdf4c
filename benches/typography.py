#!/usr/bin/env python3
"""Typographic quality of the body text, ours beside Typst's, for the bundled sample and the
peers' 30 synthetic grants: prints a table of figures read back from each PDF.

usage: python3 benches/typography.py [--bin target/release/grant-report] [--no-typst]
       python3 benches/typography.py --pdf some.pdf [--pdf other.pdf]   (just measure these)

Figures, over justified body lines (poppler's pdftotext -bbox-layout; a body line is one at
the body text's most common line height):
  lines          body lines
  chars/line     median characters in a full (justified, not paragraph-ending) line
  hyphen ends    lines ending in a hyphen (a break hyphen or a real one), and per 100 lines
  ladders        runs of two or more consecutive hyphenated lines
  fragments      breaks leaving one or two letters before or after the hyphen ("ex-/pand")
  stub endings   paragraphs whose last line is one word finishing a hyphenated word
  one-word last lines  paragraphs whose last line is a single word
  loosest        the widest word space of a full line, in multiples of the document's median
  loose lines    full lines whose mean word space is over 1.5x the median (rivers), per 100
Typst comes from ../shared/peers (copied to a scratch folder, with a venv holding typst 0.15.2
on first use); it lays out the same CSV with its own template and fonts.
"""
import argparse
import csv
import html
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEERS = os.path.join(os.path.dirname(ROOT), "shared", "peers")
KIT = os.path.join(tempfile.gettempdir(), "grant-report-typography-peers")

LINE = re.compile(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', re.S)
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>')
PAGE = re.compile(r"<page .*?</page>", re.S)
HYPHENS = ("-", "\u00ad", "\u2010")


def lines_of(pdf):
    """Each page's lines: (x0, x1, height, [(x0, x1, text)])."""
    out = subprocess.run(["pdftotext", "-q", "-bbox-layout", pdf, "-"], capture_output=True,
                         text=True, check=True).stdout
    pages = []
    for page in PAGE.findall(out):
        lines = []
        for x0, y0, x1, y1, body in LINE.findall(page):
            words = [(float(a), float(b), html.unescape(t)) for a, b, t in WORD.findall(body)]
            if words:
                lines.append((float(x0), float(x1), round(float(y1) - float(y0), 1), words))
        pages.append(lines)
    return pages


def letters(s):
    return sum(c.isalpha() for c in s)


def measure(pdf):
    pages = lines_of(pdf)
    heights = [h for lines in pages for (_, _, h, w) in lines if len(w) >= 6]
    body = statistics.mode(heights)
    figures = dict(lines=0, full=[], hyphen=0, ladders=0, fragments=0, stubs=0, runts=0, gaps=[],
                   means=[])
    for lines in pages:
        # Body text and a lead paragraph a step larger; not headings, tables or footers.
        body_lines = [l for l in lines if -0.3 < l[2] - body < body * 0.12 and len(l[3]) >= 1]
        if not body_lines:
            continue
        right = max(l[1] for l in body_lines)
        run = 0
        for i, (x0, x1, height, words) in enumerate(body_lines):
            figures["lines"] += 1
            text = " ".join(w[2] for w in words)
            nxt = body_lines[i + 1] if i + 1 < len(body_lines) else None
            full = x1 >= right - 1.5 and nxt is not None
            if full:
                figures["full"].append(len(text))
                # In line heights, so a larger lead paragraph compares with the body.
                gaps = [(b[0] - a[1]) / height for a, b in zip(words, words[1:])]
                figures["gaps"].extend(gaps)
                figures["means"].append(statistics.mean(gaps))
            last = words[-1][2]
            if not full and len(words) == 1 and i > 0 and body_lines[i - 1][1] >= right - 1.5:
                figures["runts"] += 1
            if last.endswith(HYPHENS) and nxt is not None:
                figures["hyphen"] += 1
                run += 1
                if run == 2:
                    figures["ladders"] += 1
                before = last.rstrip("".join(HYPHENS)).split("-")[-1]
                after = re.split(r"[^\w]", nxt[3][0][2])[0]
                if letters(before) <= 2 or letters(after) <= 2:
                    figures["fragments"] += 1
                nxt_full = nxt[1] >= right - 1.5
                if len(nxt[3]) == 1 and not nxt_full:
                    figures["stubs"] += 1
            else:
                run = 0
    median = statistics.median(figures["gaps"]) if figures["gaps"] else 1
    n = max(figures["lines"], 1)
    return {
        "lines": figures["lines"],
        "chars/line": int(statistics.median(figures["full"])) if figures["full"] else 0,
        "hyphen ends": f'{figures["hyphen"]} ({100 * figures["hyphen"] / n:.1f}/100)',
        "ladders": figures["ladders"],
        "fragments": figures["fragments"],
        "stub endings": figures["stubs"],
        "one-word last lines": figures["runts"],
        "loosest": f'{max(figures["gaps"]) / median:.2f}x' if figures["gaps"] else "-",
        "loose lines": f'{100 * sum(m > 1.5 * median for m in figures["means"]) / max(len(figures["means"]), 1):.1f}/100',
    }


def typst(csv_path, out):
    """Builds the Typst peer's report of a CSV (numeric amount and duration_months)."""
    if not os.path.isdir(KIT):
        shutil.copytree(PEERS, KIT)
    py = os.path.join(KIT, "venv", "bin", "python")
    if not os.path.exists(py):
        subprocess.run([sys.executable, "-m", "venv", os.path.join(KIT, "venv")], check=True)
        subprocess.run([py, "-m", "pip", "install", "-q", "typst==0.15.2"], check=True)
    inside = os.path.join(KIT, os.path.basename(csv_path))
    shutil.copy(csv_path, inside)
    subprocess.run([py, os.path.join(KIT, "peer_typst.py"), inside, out], check=True)


def typst_csv(sample, out):
    """The bundled sample with the columns the Typst peer reads (whole pounds, months)."""
    words = {"one year": 12, "two years": 24, "three years": 36, "18 months": 18}
    with open(sample, newline="") as f:
        rows = list(csv.DictReader(f))
    with open(out, "w", newline="") as f:
        w = csv.DictWriter(f, ["id", "title", "grantee", "grantee_url", "amount",
                               "duration_months", "programme", "summary", "why", "impact",
                               "priorities"], extrasaction="ignore")
        w.writeheader()
        for r in rows:
            r["amount"] = re.sub(r"[^\d]", "", r["amount"])
            r["duration_months"] = words.get(r.get("duration", "").strip(), "")
            r["grantee_url"] = r.get("grantee_url") or "https://example.org"
            w.writerow(r)


def ours(binary, csv_path, out):
    with tempfile.TemporaryDirectory() as d:
        os.makedirs(os.path.join(d, "input"))
        shutil.copytree(os.path.join(ROOT, "templates"), os.path.join(d, "templates"))
        shutil.copy(csv_path, os.path.join(d, "input", "grants.csv"))
        subprocess.run([binary, "build", "-q", "-o", out], cwd=d, check=True,
                       env=dict(os.environ, SOURCE_DATE_EPOCH="1795564800"))


def table(rows):
    keys = list(rows[0][1].keys())
    print("| set | tool | " + " | ".join(keys) + " |")
    print("|---|---|" + "---:|" * len(keys))
    for label, figures in rows:
        print(f"| {label} | " + " | ".join(str(figures[k]) for k in keys) + " |")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "grant-report"))
    ap.add_argument("--no-typst", action="store_true")
    ap.add_argument("--pdf", action="append")
    args = ap.parse_args()
    if args.pdf:
        table([(p, measure(p)) for p in args.pdf])
        return
    rows = []
    with tempfile.TemporaryDirectory() as d:
        g30 = os.path.join(d, "grants30.csv")
        with open(g30, "w") as f:
            subprocess.run([sys.executable, os.path.join(PEERS, "gen_grants.py"), "30"], stdout=f,
                           check=True)
        sample_typst = os.path.join(d, "sample-typst.csv")
        typst_csv(os.path.join(ROOT, "input", "grants.csv"), sample_typst)
        for label, source, for_typst in [("sample", os.path.join(ROOT, "input", "grants.csv"),
                                          sample_typst), ("30 grants", g30, g30)]:
            pdf = os.path.join(d, f"ours-{label}.pdf")
            ours(args.bin, source, pdf)
            rows.append((f"{label} | grant-report", measure(pdf)))
            if not args.no_typst:
                pdf = os.path.join(d, f"typst-{label}.pdf")
                typst(for_typst, pdf)
                rows.append((f"{label} | typst", measure(pdf)))
    table(rows)


if __name__ == "__main__":
    main()

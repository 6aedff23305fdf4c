#!/usr/bin/env python3
"""Peak memory and time of grant-report on hostile inputs (issue 13): each file is made here,
small, then `check` (and `build` where it gets that far) runs under /usr/bin/time -v. Figures
only; the bounds are in docs/07-problems-and-limits.md ("Limits and untrusted files") and the regression tests
(tests named issue_13_*) run each case under a 1 GiB address-space cap.

usage: python3 benches/hostile.py        (needs a release build: cargo build --release)
"""
import os
import subprocess
import sys
import tempfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OURS = os.path.join(ROOT, "target", "release", "grant-report")
HEADER = "title,grantee,amount"


def ods(path, rows):
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Sheet1">'
        + rows + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)


def xlsx(path, sheet_chunks):
    """A minimal .xlsx whose first sheet's XML is the chunks given (streamed, deflated)."""
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, text in parts.items():
            z.writestr(name, text)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            for chunk in sheet_chunks:
                f.write(chunk)


def cell(text):
    return f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'


def cases(d):
    def write(name, data):
        p = os.path.join(d, name)
        with open(p, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())
        return p

    words = "community wealth building " * 200_000
    yield "5 MB cell", write("cell.csv", f"{HEADER},summary\nA,B,1,\"{words}\"\n")
    yield "200,000 columns", write(
        "wide.csv", HEADER + "," + ",".join(f"c{i}" for i in range(200_000)) + "\nA,B,1\n")
    yield "20 MB header", write("header.csv", HEADER + "," + "h" * 20_000_000 + "\nA,B,1,x\n")
    yield "quote never closed", write("quote.csv", f"{HEADER}\nA,B,1\n\"C,D,2\n" + "E,F,3\n" * 100_000)
    header_row = "<table:table-row>" + cell("title") + cell("grantee") + cell("amount") + "</table:table-row>"
    bomb = os.path.join(d, "rows.ods")
    ods(bomb, header_row + '<table:table-row table:number-rows-repeated="1000000">'
        + '<table:table-cell office:value-type="string" table:number-columns-repeated="3">'
        + "<text:p>x</text:p></table:table-cell></table:table-row>")
    yield "ODS row repeated 1,000,000 times", bomb
    wide = os.path.join(d, "cells.ods")
    ods(wide, header_row + '<table:table-row><table:table-cell table:number-columns-repeated="1000000000"/>'
        + cell("x") + "</table:table-row>")
    yield "ODS empty cell repeated 10^9 times", wide
    sheet = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    spaces = b" " * (1 << 20)
    whitespace = os.path.join(d, "whitespace.xlsx")
    xlsx(whitespace, [sheet] + [spaces] * 1024 + [b"</sheetData></worksheet>"])
    yield "XLSX sheet inflating to 1 GiB of whitespace", whitespace
    big = os.path.join(d, "bigcell.xlsx")
    xlsx(big, [sheet, b'<row r="1"><c r="A1" t="inlineStr"><is><t>'] + [b"x" * (1 << 20)] * 100
         + [b"</t></is></c></row></sheetData></worksheet>"])
    yield "XLSX with one 100 MiB cell", big
    template = os.path.join(d, "deep.hbs")
    with open(template, "w") as f:
        f.write("{{#if title}}" * 2000 + "x" + "{{/if}}" * 2000)
    yield "2,000 nested {{#if}} (template)", ("-t", template, write("ok.csv", f"{HEADER}\nA,B,1\n"))
    png = bytearray(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + (30000).to_bytes(4, "big") * 2
                    + b"\x08\x02\x00\x00\x00" + b"\x00" * 4)
    yield "30,000 x 30,000 PNG logo header", ("logo", write("logo.png", bytes(png)))


def run(args, cwd):
    r = subprocess.run(["/usr/bin/time", "-v", OURS] + args, cwd=cwd, capture_output=True, text=True,
                       timeout=600)
    peak = next((l.split(":")[1].strip() for l in r.stderr.splitlines() if "Maximum resident" in l), "?")
    wall = next((l.split("):")[1].strip() for l in r.stderr.splitlines() if "Elapsed (wall" in l), "?")
    return r.returncode, int(peak) // 1024 if peak != "?" else "?", wall


def main():
    if not os.path.exists(OURS):
        sys.exit("build first: cargo build --release")
    print("| hostile input | exit | peak RSS MiB | wall |")
    print("|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as d:
        for name, target in cases(d):
            if isinstance(target, tuple) and target[0] == "-t":
                args = ["check", target[2], "-t", target[1]]
            elif isinstance(target, tuple) and target[0] == "logo":
                toml = os.path.join(d, "report.toml")
                with open(toml, "w") as f:
                    f.write('[cover]\nlogo = "logo.png"\n')
                args = ["check", os.path.join(d, "ok.csv"), "-c", toml]
            else:
                args = ["check", target]
            code, peak, wall = run(args, d)
            print(f"| {name} | {code} | {peak} | {wall} |")


if __name__ == "__main__":
    main()

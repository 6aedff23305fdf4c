#!/usr/bin/env python3
"""Turns the built page folder (web/dist) into one self-contained file, grant-report.html:
the style sheet and every script (the engine's WebAssembly is already base64 in
engine-wasm.js) inlined, each allowed by its hash in the Content-Security-Policy, so that the
file works opened from a download, an email attachment or a shared drive and asks for
nothing. The engine runs in the page (a single file has no worker script to start)."""

import base64
import hashlib
import html
import pathlib
import re
import sys

dist = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "web/dist")
page = (dist / "index.html").read_text(encoding="utf-8")


def digest(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def inline(name):
    text = (dist / name).read_text(encoding="utf-8")
    if re.search(r"</script|<!--", text, re.I):
        sys.exit(f"{name} holds </script or <!--, which cannot be inlined in a script element")
    return text


scripts = ["self.GRANT_REPORT_SINGLE_FILE = true;\n"]
scripts += [inline(n) for n in ["engine-wasm.js", "engine.js", "engine-calls.js", "cymraeg.js", "app.js"]]
style = (dist / "style.css").read_text(encoding="utf-8")
policy = (
    "default-src 'none'; "
    f"script-src {' '.join(digest(s) for s in scripts)} 'wasm-unsafe-eval'; "
    f"style-src {digest(style)}; "
    "img-src blob: data:; frame-src blob:; object-src blob:"
)
csp = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')
if not csp.search(page) or page.count('<script src="app.js"></script>') != 1:
    sys.exit("index.html has changed: update web/single-file.py")
page = csp.sub(lambda _: f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy)}">', page)
page = page.replace('<link rel="stylesheet" href="style.css">', f"<style>{style}</style>")
page = page.replace(
    '<script src="app.js"></script>', "".join(f"<script>{s}</script>\n" for s in scripts)
)
licence = (dist / "fonts-OFL.txt").read_text(encoding="utf-8").replace("--", "- -")
page = page.replace(
    "<!DOCTYPE html>\n",
    "<!DOCTYPE html>\n<!-- grant-report, one file. The Noto fonts inside it are under this licence:\n"
    + licence
    + "-->\n",
    1,
)
(dist / "grant-report.html").write_text(page, encoding="utf-8")

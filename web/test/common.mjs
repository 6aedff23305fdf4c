// What the page's browser tests share: the repository's paths, a project folder with the
// command line's reports of it, a local server for web/dist, a reader for the page's zips,
// and the ok/FAIL lines they print.

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const dist = path.join(repo, "web/dist");
export const bin = process.env.GRANT_REPORT_BIN || path.join(repo, "target/release/grant-report");
export const DATE = "2026-11-25";
export const tally = { failures: 0 };

export function check(ok, what, detail = "") {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}${ok || !detail ? "" : `\n     ${detail}`}`);
  if (!ok) tally.failures++;
}

// A project folder as `grant-report init` lays it out, the sample's files, and a bad copy.
export function project() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "grant-report-web-"));
  fs.mkdirSync(path.join(dir, "input"));
  fs.mkdirSync(path.join(dir, "templates"));
  fs.copyFileSync(path.join(repo, "input/grants.csv"), path.join(dir, "input/grants.csv"));
  // No report.toml: a user's own data, with nothing set, is the command line's report with
  // none (neutral words, never the sample's).
  fs.copyFileSync(path.join(repo, "templates/case-study.hbs"), path.join(dir, "templates/case-study.hbs"));
  const csv = fs.readFileSync(path.join(repo, "input/grants.csv"), "utf8");
  const bad = csv.replace('"£42,200"', "lots").replace('"£16,375"', "£16.37.5");
  fs.writeFileSync(path.join(dir, "bad.csv"), bad);
  const json = "fundingproviders-grants_fixed_2_grants.json";
  fs.copyFileSync(path.join(repo, "tests/fixtures", json), path.join(dir, json));
  const cli = (...args) => execFileSync(bin, args, { cwd: dir, encoding: "utf8" });
  cli("build", "--date", DATE, "-o", "cli.pdf");
  // The sample data with the sample's own settings, as "Use the sample data" gives.
  cli("build", "--date", DATE, "-c", path.join(repo, "templates/report.toml"), "-o", "cli-sample.pdf");
  cli("build", "--date", DATE, "-o", "cli.html");
  cli("build", "--date", DATE, json, "-o", "json.pdf");
  cli("build", "--date", DATE, "--split-by", "programme", "--out-dir", "split");
  return dir;
}

// Serves `root` on 127.0.0.1, recording every path asked for.
export function serve(root, asked) {
  const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".txt": "text/plain" };
  const server = http.createServer((req, res) => {
    asked.push(req.url);
    const name = path.normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^\/+/, "");
    const file = path.join(root, name || "index.html");
    if (!file.startsWith(root) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

// The entries of a zip whose files are stored (not deflated), as the page writes them, found
// through its central directory (the page writes the sizes after each file, as a stream).
export function storedZip(bytes) {
  const entries = new Map();
  let end = bytes.length - 22;
  while (end >= 0 && bytes.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error("not a zip: no central directory");
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    if (bytes.readUInt32LE(at) !== 0x02014b50) throw new Error(`entry ${i} of the central directory is broken`);
    const method = bytes.readUInt16LE(at + 10);
    const size = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const name = bytes.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    const local = bytes.readUInt32LE(at + 42);
    if (method !== 0) throw new Error(`${name} is not stored`);
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    entries.set(name, bytes.subarray(start, start + size));
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return entries;
}


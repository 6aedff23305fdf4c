// The web page's budgets, measured (never a timed test: machines are shared and noisy):
// - download: every file the page loads, gzip -9 and brotli, against 12 MB compressed;
// - speed: N synthetic grants built in Chromium against the command line on one thread
//   (RAYON_NUM_THREADS=1), same machine, same run, interleaved; budget 3x;
// - memory: the page's WebAssembly memory after the build against the command line's peak RSS;
// - a split (--split N): N one-grant PDFs zipped in the page, downloaded and saved through a
//   save picker, with the page's peak memory (its renderer process's peak RSS, which holds the
//   worker and its WebAssembly memory) against the same page at rest, and the zip's size;
//   budget 300 MB.
//
// Run: benches/web.sh (builds the page and the command line first), or node budgets.mjs here.
// Options: --sizes 1000,10000 (grants), --reps 3, --split 10000 (0: none; alone, skips the
// rest with --sizes 0). Env: GRANT_REPORT_BIN, CHROMIUM.

import { chromium } from "playwright-core";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dist = path.join(repo, "web/dist");
const bin = process.env.GRANT_REPORT_BIN || path.join(repo, "target/release/grant-report");
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const sizes = arg("sizes", "1000").split(",").map(Number).filter((n) => n > 0);
const splitGrants = Number(arg("split", "0"));
const reps = Number(arg("reps", "3"));
const DATE = "2026-11-25";
const MB = 1e6;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// The command line's wall time (s) and peak RSS (bytes) for one build in `dir`.
function cli(dir, threads) {
  const env = { ...process.env, ...(threads ? { RAYON_NUM_THREADS: String(threads) } : {}) };
  const started = process.hrtime.bigint();
  const run = spawnSync("/usr/bin/time", ["-f", "%M", bin, "build", "--quiet", "--date", DATE, "-o", "cli.pdf"],
    { cwd: dir, env, encoding: "utf8" });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`the command line failed: ${run.stderr}`);
  const kib = Number(run.stderr.trim().split("\n").pop());
  return { seconds, rss: kib * 1024 };
}

function serve(root, asked) {
  const server = http.createServer((req, res) => {
    const name = path.normalize(new URL(req.url, "http://x").pathname).replace(/^\/+/, "") || "index.html";
    const file = path.join(root, name);
    if (!file.startsWith(root) || !fs.existsSync(file)) return res.writeHead(404).end();
    asked.push(file);
    res.writeHead(200, { "content-type": name.endsWith(".html") ? "text/html" : name.endsWith(".css") ? "text/css" : "text/javascript" });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

// Peak and present RSS (bytes) of the browser process `root` (pid) and of the renderer under
// it that has grown most (the page's, which holds its worker and WebAssembly memory).
function memoryOf(root) {
  const parent = new Map();
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      parent.set(Number(pid), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch (_) {
      // Gone already.
    }
  }
  const under = (pid) => pid === root || (parent.has(pid) && pid > 1 && under(parent.get(pid)));
  const rss = (pid) => {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)[1]) * 1024;
    return { peak: kb("VmHWM"), now: kb("VmRSS") };
  };
  let renderer = { peak: 0, now: 0 };
  for (const pid of parent.keys()) {
    try {
      if (!under(pid) || !fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("--type=renderer")) continue;
      const r = rss(pid);
      if (r.peak > renderer.peak) renderer = r;
    } catch (_) {
      // Gone already.
    }
  }
  return { renderer, browser: rss(root) };
}

// N one-grant PDFs made in a fresh browser (one renderer to measure), once as a download and
// once saved through a save picker (stood in for by the page's private storage).
async function splitBudget(origin, n) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "grant-report-budget-"));
  const csv = path.join(dir, "grants.csv");
  fs.writeFileSync(csv, execFileSync(bin, ["sample", "--rows", String(n)], { maxBuffer: 1 << 30 }));
  const cliStart = process.hrtime.bigint();
  const run = spawnSync("/usr/bin/time", ["-f", "%M", bin, "build", "--quiet", "--date", DATE, csv, "--split-by", "grant", "--out-dir", "split"],
    { cwd: dir, env: { ...process.env, RAYON_NUM_THREADS: "1" }, encoding: "utf8" });
  const cliSeconds = Number(process.hrtime.bigint() - cliStart) / 1e9;
  if (run.status !== 0) throw new Error(`the command line failed: ${run.stderr}`);
  const cliRss = Number(run.stderr.trim().split("\n").pop()) * 1024;
  console.log(`\n| ${n} one-grant PDFs | time s | page's peak MB | page at rest MB | the build's own MB | WebAssembly memory MB | browser process, rest → end MB | zip MB |`);
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
  console.log(`| command line, 1 thread, to a folder | ${cliSeconds.toFixed(1)} | ${(cliRss / MB).toFixed(0)} (peak RSS) | | | | | |`);
  let over = false;
  for (const how of ["download", "save picker"]) {
    // A profile on disk, as a user's is (a fresh context would be a private window's, whose
    // private storage is held in memory).
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), "grant-report-profile-"));
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--renderer-process-limit=1", `--grant-report-budget=${process.pid}`],
    });
    const page = browser.pages()[0] || await browser.newPage();
    await page.goto(`${origin}/index.html`);
    await page.waitForSelector("body[data-ready=true]", { timeout: 120000 });
    await page.evaluate((picker) => {
      window.showSaveFilePicker = picker
        ? async ({ suggestedName }) => (await navigator.storage.getDirectory()).getFileHandle(suggestedName, { create: true })
        : undefined;
    }, how === "save picker");
    await page.setInputFiles("#data", csv);
    await page.fill("#date", DATE);
    await page.check("input[name=split][value=grant]");
    await page.waitForTimeout(500);
    const root = Number(fs.readdirSync("/proc").find((d) => /^\d+$/.test(d) && (() => {
      try {
        const line = fs.readFileSync(`/proc/${d}/cmdline`, "utf8");
        return line.includes(`--grant-report-budget=${process.pid}`) && !line.includes("--type=");
      } catch (_) {
        return false;
      }
    })()));
    const rest = memoryOf(root);
    const started = Date.now();
    await page.click("#build");
    await page.waitForFunction(() => Number(document.body.dataset.done || 0) > 0, null, { timeout: 1200000 });
    const seconds = (Date.now() - started) / 1000;
    const status = await page.textContent("#status");
    if (!/^(Made|Saved) report\.zip/.test(status)) throw new Error(`the page did not build: ${status}`);
    const { renderer, browser: held } = memoryOf(root);
    const peak = renderer.peak;
    const size = how === "save picker"
      ? await page.evaluate(async () => (await (await (await navigator.storage.getDirectory()).getFileHandle("report.zip")).getFile()).size)
      : Number(await page.evaluate(() => document.getElementById("download").dataset.bytes));
    const own = peak - rest.renderer.now;
    over ||= own > 300 * MB;
    const wasm = Number(await page.evaluate(() => document.body.dataset.memoryBytes));
    const mb = (b) => (b / MB).toFixed(0);
    console.log(`| page, ${how} | ${seconds.toFixed(1)} | ${mb(peak)} | ${mb(rest.renderer.now)} | ${mb(own)} | ${mb(wasm)} | ` +
      `${mb(rest.browser.now)} → ${mb(held.now)} | ${mb(size)} |`);
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  console.log("\nbudget: the build's own memory (the page's peak over the page at rest with the data chosen) " +
    "at most 300 MB for 10,000 one-grant PDFs; a download's zip is held by the browser process (on disk when large)");
  fs.rmSync(dir, { recursive: true, force: true });
  return over;
}

async function main() {
  const asked = [];
  const server = await serve(dist, asked);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });

  // Download: what the page loads, compressed as a web server would send it.
  const page = await browser.newPage();
  const loadStart = Date.now();
  await page.goto(`${origin}/index.html`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 120000 });
  const loadSeconds = (Date.now() - loadStart) / 1000;
  let raw = 0, gz = 0, br = 0;
  for (const f of new Set(asked)) {
    const bytes = fs.readFileSync(f);
    raw += bytes.length;
    gz += zlib.gzipSync(bytes, { level: 9 }).length;
    br += zlib.brotliCompressSync(bytes).length;
  }
  console.log(`download: ${new Set(asked).size} files, ${(raw / MB).toFixed(1)} MB, ${(gz / MB).toFixed(1)} MB gzip -9, ` +
    `${(br / MB).toFixed(1)} MB brotli (budget 12 MB compressed: ${gz <= 12 * MB ? "within" : "OVER"}); ` +
    `engine ready ${loadSeconds.toFixed(1)} s after the page was asked for`);

  console.log("\n| grants | command line, 1 thread s | command line, all cores s | page s | page ÷ 1 thread | CLI peak RSS MB | page wasm memory MB |");
  console.log("|---:|---:|---:|---:|---:|---:|---:|");
  let over = gz > 12 * MB;
  for (const n of sizes) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "grant-report-budget-"));
    fs.mkdirSync(path.join(dir, "input"));
    fs.mkdirSync(path.join(dir, "templates"));
    fs.writeFileSync(path.join(dir, "input/grants.csv"), execFileSync(bin, ["sample", "--rows", String(n)], { maxBuffer: 1 << 30 }));
    for (const f of ["report.toml", "case-study.hbs"]) {
      fs.copyFileSync(path.join(repo, "templates", f), path.join(dir, "templates", f));
    }
    await page.setInputFiles("#data", path.join(dir, "input/grants.csv"));
    await page.fill("#date", DATE);
    const one = [], all = [], web = [];
    let rss = 0, memory = 0;
    for (let r = 0; r < reps; r++) {
      const single = cli(dir, 1);
      one.push(single.seconds);
      rss = Math.max(rss, single.rss);
      all.push(cli(dir, 0).seconds);
      const done = Number(await page.evaluate(() => document.body.dataset.done || 0));
      await page.click("#build");
      await page.waitForFunction((d) => Number(document.body.dataset.done || 0) > d, done, { timeout: 600000 });
      const status = await page.textContent("#status");
      if (!status.startsWith("Made")) throw new Error(`the page did not build: ${status}`);
      web.push(Number(await page.evaluate(() => document.body.dataset.lastMs)) / 1000);
      memory = Math.max(memory, Number(await page.evaluate(() => document.body.dataset.memoryBytes)));
    }
    const ratio = median(web) / median(one);
    over ||= n <= 1000 && ratio > 3;
    console.log(`| ${n} | ${median(one).toFixed(2)} | ${median(all).toFixed(2)} | ${median(web).toFixed(2)} | ` +
      `${ratio.toFixed(2)}× | ${(rss / MB).toFixed(0)} | ${(memory / MB).toFixed(0)} |`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\nmedians of ${reps}; budget: 1,000 grants in at most 3× the command line's one-thread time`);
  await browser.close();
  if (splitGrants > 0) over = (await splitBudget(origin, splitGrants)) || over;
  server.close();
  process.exit(over ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

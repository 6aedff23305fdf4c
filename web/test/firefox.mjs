// The page in a second browser engine: Debian's Firefox ESR (Gecko), driven by puppeteer-core
// over WebDriver BiDi (Playwright drives only its own patched Firefox). Served over http and as
// the single file opened from a folder, the page makes the command line's bytes for one
// report and for a split, and lists each problem of a bad file with its line.
//
// Run: web/build.sh && cargo build --release && (cd web/test && npm ci && node firefox.mjs)
// Env: GRANT_REPORT_BIN, FIREFOX (default /usr/bin/firefox-esr).

import puppeteer from "puppeteer-core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { dist, DATE, tally, check, project, serve, storedZip } from "./common.mjs";

// Every Blob the page offers is remembered under its URL, so the test can read the bytes
// behind the download link (Firefox's downloads are not reachable over BiDi), and the page's
// script errors are kept (puppeteer's own, in the PDF viewer's frame, are not the page's).
function rememberBlobs() {
  if (window !== window.top) return;
  window.pageErrors = [];
  window.addEventListener("error", (e) => window.pageErrors.push(`${e.message} (${e.filename}:${e.lineno})`));
  window.addEventListener("unhandledrejection", (e) => window.pageErrors.push(String(e.reason)));
  const made = new Map();
  const create = URL.createObjectURL;
  URL.createObjectURL = (blob) => {
    const url = create.call(URL, blob);
    made.set(url, blob);
    return url;
  };
  window.offeredBytes = async () => {
    const bytes = new Uint8Array(await made.get(document.getElementById("download").href).arrayBuffer());
    let text = "";
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);
  };
}

async function open(browser, url) {
  const page = await browser.newPage();
  await page.evaluateOnNewDocument(rememberBlobs);
  await page.goto(url);
  await waitFor(page, () => document.body.dataset.ready === "true");
  await page.$eval("#date", (e, date) => {
    e.value = date;
  }, DATE);
  return page;
}

// Waits until `test` (run in the page) holds. Polled from here: the page's policy forbids the
// eval puppeteer's waitForFunction uses in Firefox.
async function waitFor(page, test, arg) {
  for (const end = Date.now() + 120000; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    if (await page.evaluate(test, arg)) return;
  }
  throw new Error(`waited two minutes for ${test}`);
}

// Presses Make (or Check) and waits for the page to finish; gives what the status says.
async function press(page, id) {
  const done = await page.evaluate(() => Number(document.body.dataset.done || 0));
  await page.click(id);
  await waitFor(page, (d) => Number(document.body.dataset.done || 0) > d, done);
  return page.$eval("#status", (s) => s.textContent);
}

const offered = async (page) => Buffer.from(await page.evaluate(() => window.offeredBytes()), "base64");

async function main() {
  if (!fs.existsSync(path.join(dist, "grant-report.html"))) throw new Error("web/dist is not built: run web/build.sh first");
  const dir = project();
  const server = await serve(dist, []);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: process.env.FIREFOX || "/usr/bin/firefox-esr",
    headless: true,
    // Nothing of Firefox's own goes to the network during the test.
    extraPrefsFirefox: { "network.proxy.type": 0, "app.update.enabled": false, "browser.safebrowsing.malware.enabled": false },
  });
  const version = await browser.version();
  console.log(`Firefox: ${version}`);

  // Served: the engine in a worker; the user's own data, nothing set: the command line's bytes.
  const page = await open(browser, `${origin}/index.html`);
  check(await page.evaluate(() => document.body.dataset.engine) === "worker", "Firefox: served over http, the engine runs in a worker");
  await (await page.$("#data")).uploadFile(path.join(dir, "input/grants.csv"));
  await waitFor(page, () => !document.getElementById("build").disabled);
  const made = await press(page, "#build");
  check(made.includes("5 pages, 3 grants, £161,575 awarded"), "Firefox: the page says what it made", made);
  check((await offered(page)).equals(fs.readFileSync(path.join(dir, "cli.pdf"))), "Firefox: the page's PDF is byte-identical to the command line's");

  // A split: one PDF per programme, as a zip (no save picker in Firefox: a download).
  await page.click("input[name=split][value=programme]");
  const zipped = await press(page, "#build");
  const entries = storedZip(await offered(page));
  const split = fs.readdirSync(path.join(dir, "split")).sort();
  check(JSON.stringify([...entries.keys()].sort()) === JSON.stringify(split) &&
    split.every((f) => entries.get(f).equals(fs.readFileSync(path.join(dir, "split", f)))),
  "Firefox: split by programme gives a zip of the command line's files, byte for byte", zipped);
  await page.click("input[name=split][value='']");

  // A bad file: each problem listed beside the data input, with its line and value.
  await (await page.$("#data")).uploadFile(path.join(dir, "bad.csv"));
  await waitFor(page, () => !document.getElementById("build").disabled);
  await press(page, "#check");
  const listed = await page.$$eval("#problems-data li", (items) => items.map((li) => li.textContent));
  check(listed.length === 2 && listed.some((p) => p.includes("lots")) && listed.some((p) => p.includes("£16.37.5")),
    "Firefox: each bad amount is listed beside the data file", listed.join(" | "));
  const errors = await page.evaluate(() => window.pageErrors);
  check(errors.length === 0, "Firefox: no script errors in the served page", errors.join("; "));

  // The single file, copied alone into a folder and opened from there.
  const onefile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "grant-report-firefox-")), "grant-report.html");
  fs.copyFileSync(path.join(dist, "grant-report.html"), onefile);
  const single = await open(browser, `file://${onefile}`);
  await single.click("#sample");
  const fromOne = await press(single, "#build");
  check((await offered(single)).equals(fs.readFileSync(path.join(dir, "cli-sample.pdf"))),
    "Firefox: the single file, opened from a folder, makes the command line's PDF", fromOne);
  const singleErrors = await single.evaluate(() => window.pageErrors);
  check(singleErrors.length === 0, "Firefox: the single file runs with no script error", singleErrors.join("; "));

  await browser.close();
  server.close();
  console.log(tally.failures ? `${tally.failures} check(s) failed` : "all Firefox checks passed");
  process.exit(tally.failures ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

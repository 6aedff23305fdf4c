// The page in the other browser engines, as their users' browsers run it: Debian's Firefox ESR
// (Gecko), driven by puppeteer-core over WebDriver BiDi (Playwright drives only its own patched
// Firefox), and WebKitGTK's MiniBrowser (WebKit, Safari's engine), driven over classic
// WebDriver by WebKitWebDriver in a virtual display. In each, served over http and as the
// single file opened from a folder, the page makes the command line's bytes for one report
// and for a split, and lists each problem of a bad file with its line.
//
// Run: web/build.sh && cargo build --release && (cd web/test && npm ci && node engines.mjs)
// Env: GRANT_REPORT_BIN, FIREFOX (default /usr/bin/firefox-esr), WEBKIT_DRIVER (default
// WebKitWebDriver), MINIBROWSER (default Debian's), ENGINES (default "firefox,webkit").

import puppeteer from "puppeteer-core";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { dist, DATE, tally, check, project, serve, storedZip } from "./common.mjs";

// Every Blob the page offers is remembered under its URL, so the test can read the bytes
// behind the download link (neither driver reaches the browser's downloads), and the page's
// script errors are kept (puppeteer's own, in the PDF viewer's frame, are not the page's).
function rememberBlobs() {
  if (window !== window.top || window.pageErrors) return;
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

// A page in Firefox, driven by puppeteer: what the scenario needs of a browser.
async function firefox() {
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: process.env.FIREFOX || "/usr/bin/firefox-esr",
    headless: true,
    extraPrefsFirefox: { "app.update.enabled": false, "browser.safebrowsing.malware.enabled": false },
  });
  const page = await browser.newPage();
  await page.evaluateOnNewDocument(rememberBlobs);
  return {
    name: `Firefox ${(await browser.version()).split("/").pop()}`,
    goto: (url) => page.goto(url),
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    click: (selector) => page.click(selector),
    upload: async (selector, file) => (await page.$(selector)).uploadFile(file),
    close: () => browser.close(),
  };
}

// A page in WebKitGTK's MiniBrowser, through WebKitWebDriver (classic WebDriver, over http)
// in a virtual display (xvfb-run).
async function webkit() {
  const port = 4400 + (process.pid % 500);
  const driver = spawn("xvfb-run", ["-a", process.env.WEBKIT_DRIVER || "WebKitWebDriver", `--port=${port}`],
    { detached: true, stdio: "ignore" });
  const base = `http://127.0.0.1:${port}`;
  const send = async (method, route, body) => {
    const res = await fetch(base + route, { method, headers: { "content-type": "application/json" }, body: body && JSON.stringify(body) });
    const { value } = await res.json();
    if (value && value.error) throw new Error(`WebDriver ${route}: ${value.error}: ${value.message}`);
    return value;
  };
  let session;
  for (let tries = 0; !session; tries++) {
    try {
      session = await send("POST", "/session", { capabilities: { alwaysMatch: { "webkitgtk:browserOptions": {
        binary: process.env.MINIBROWSER || "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser", args: ["--automation"] } } } });
    } catch (e) {
      if (tries > 100) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const at = `/session/${session.sessionId}`;
  const element = async (selector) => Object.values(await send("POST", `${at}/element`, { using: "css selector", value: selector }))[0];
  // A function run in the page with one argument, awaited there.
  const evaluate = (fn, arg) => send("POST", `${at}/execute/async`, {
    script: `const done = arguments[1]; Promise.resolve((${fn})(arguments[0])).then(done, (e) => done({ failed: String(e) }));`,
    args: [arg === undefined ? null : arg],
  });
  return {
    name: `WebKitGTK ${session.capabilities.browserVersion}`,
    goto: async (url) => {
      await send("POST", `${at}/url`, { url });
      await evaluate(rememberBlobs);
    },
    evaluate,
    click: async (selector) => send("POST", `${at}/element/${await element(selector)}/click`, {}),
    upload: async (selector, file) => send("POST", `${at}/element/${await element(selector)}/value`, { text: file }),
    close: async () => {
      await send("DELETE", at).catch(() => {});
      process.kill(-driver.pid);
    },
  };
}

// Waits until `test` (run in the page) holds. Polled from here: the page's policy forbids the
// eval puppeteer's waitForFunction uses in Firefox.
async function waitFor(page, test, arg) {
  for (const end = Date.now() + 120000; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    if (await page.evaluate(test, arg)) return;
  }
  throw new Error(`waited two minutes for ${test}`);
}

async function open(page, url) {
  await page.goto(url);
  await waitFor(page, () => document.body.dataset.ready === "true");
  await page.evaluate((date) => {
    document.getElementById("date").value = date;
  }, DATE);
}

// Presses Make (or Check) and waits for the page to finish; gives what the status says.
async function press(page, selector) {
  const done = await page.evaluate(() => Number(document.body.dataset.done || 0));
  await page.click(selector);
  await waitFor(page, (d) => Number(document.body.dataset.done || 0) > d, done);
  return page.evaluate(() => document.getElementById("status").textContent);
}

const offered = async (page) => Buffer.from(await page.evaluate(() => window.offeredBytes()), "base64");

// What a user does in one browser: their data built, a split, a bad file, the single file.
async function scenario(page, origin, dir) {
  const name = page.name;
  await open(page, `${origin}/index.html`);
  check(await page.evaluate(() => document.body.dataset.engine) === "worker", `${name}: served over http, the engine runs in a worker`);
  await page.upload("#data", path.join(dir, "input/grants.csv"));
  await waitFor(page, () => !document.getElementById("build").disabled);
  const made = await press(page, "#build");
  check(made.includes("5 pages, 3 grants, £161,575 awarded"), `${name}: the page says what it made`, made);
  check((await offered(page)).equals(fs.readFileSync(path.join(dir, "cli.pdf"))), `${name}: the page's PDF is byte-identical to the command line's`);

  // A split: one PDF per programme, as a zip (no save picker here: a download).
  await page.click("input[name=split][value=programme]");
  const zipped = await press(page, "#build");
  const entries = storedZip(await offered(page));
  const split = fs.readdirSync(path.join(dir, "split")).sort();
  check(JSON.stringify([...entries.keys()].sort()) === JSON.stringify(split) &&
    split.every((f) => entries.get(f).equals(fs.readFileSync(path.join(dir, "split", f)))),
  `${name}: split by programme gives a zip of the command line's files, byte for byte`, zipped);
  await page.click("input[name=split][value='']");

  // A bad file: each problem listed beside the data input, with its line and value.
  await page.upload("#data", path.join(dir, "bad.csv"));
  await waitFor(page, () => !document.getElementById("build").disabled);
  await press(page, "#check");
  const listed = await page.evaluate(() => [...document.querySelectorAll("#problems-data li")].map((li) => li.textContent));
  check(listed.length === 2 && listed.some((p) => p.includes("lots")) && listed.some((p) => p.includes("£16.37.5")),
    `${name}: each bad amount is listed beside the data file`, listed.join(" | "));
  const errors = await page.evaluate(() => window.pageErrors);
  check(errors.length === 0, `${name}: no script errors in the served page`, errors.join("; "));

  // The single file, copied alone into a folder and opened from there.
  const onefile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "grant-report-engines-")), "grant-report.html");
  fs.copyFileSync(path.join(dist, "grant-report.html"), onefile);
  await open(page, `file://${onefile}`);
  await page.click("#sample");
  const fromOne = await press(page, "#build");
  check((await offered(page)).equals(fs.readFileSync(path.join(dir, "cli-sample.pdf"))),
    `${name}: the single file, opened from a folder, makes the command line's PDF`, fromOne);
  const singleErrors = await page.evaluate(() => window.pageErrors);
  check(singleErrors.length === 0, `${name}: the single file runs with no script error`, singleErrors.join("; "));
}

async function main() {
  if (!fs.existsSync(path.join(dist, "grant-report.html"))) throw new Error("web/dist is not built: run web/build.sh first");
  const dir = project();
  const server = await serve(dist, []);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const drivers = { firefox, webkit };
  for (const engine of (process.env.ENGINES || "firefox,webkit").split(",")) {
    const page = await drivers[engine]();
    console.log(`${page.name}:`);
    try {
      await scenario(page, origin, dir);
    } finally {
      await page.close();
    }
  }
  server.close();
  console.log(tally.failures ? `${tally.failures} check(s) failed` : "all checks passed in Firefox and WebKit");
  process.exit(tally.failures ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

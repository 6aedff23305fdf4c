// The HTML edition's checks, on pages the command line writes: the bundled sample (with and
// without embedded fonts), a 60-grant board pack (contents, key facts, charts, programme
// sections, photos, a logo), its Welsh edition and its bilingual edition. Each page is opened
// from disk in Debian's Chromium (playwright-core) and must:
// - have no axe-core violation of WCAG 2.0/2.1/2.2 A and AA;
// - ask nothing of the network or the disk (Chromium's request log holds only the page);
// - read without sideways scrolling at 320 px and at 1280 px;
// - print one case study per page (the print style sheet, through Chromium's own PDF);
// - pass the Nu Html Checker (vnu-jar) with no error;
// and the board pack's every case-study paragraph, total and amount must read as in its PDF.
//
// Run: cargo build --release && (cd web/test && npm ci && node html.mjs)
// Env: GRANT_REPORT_BIN (default target/release/grant-report), CHROMIUM (default
// /usr/bin/chromium), JAVA (default java).

import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bin = process.env.GRANT_REPORT_BIN || path.join(repo, "target/release/grant-report");
const DATE = "2026-11-25";
const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
let failures = 0;

function check(ok, what, detail = "") {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}${ok || !detail ? "" : `\n     ${detail}`}`);
  if (!ok) failures++;
}

// The pages to check, written by the command line into a temporary folder.
function pages() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "grant-report-html-"));
  const run = (cwd, ...args) => execFileSync(bin, ["build", "--quiet", "--date", DATE, ...args], { cwd, stdio: ["ignore", "ignore", "ignore"] });
  const sample = path.join(dir, "sample");
  fs.mkdirSync(path.join(sample, "input"), { recursive: true });
  fs.mkdirSync(path.join(sample, "templates"));
  fs.copyFileSync(path.join(repo, "input/grants.csv"), path.join(sample, "input/grants.csv"));
  for (const f of ["report.toml", "case-study.hbs"]) {
    fs.copyFileSync(path.join(repo, "templates", f), path.join(sample, "templates", f));
  }
  run(sample, "-o", path.join(dir, "sample.html"));
  run(sample, "--embed-fonts", "-o", path.join(dir, "sample-fonts.html"));
  const board = path.join(dir, "board");
  execFileSync(path.join(repo, "benches/board-project.sh"), [board, "60"], { env: { ...process.env, GRANT_REPORT: bin } });
  run(board, "--format", "pdf,html", "-o", path.join(dir, "board.pdf"));
  run(board, "--language", "cy", "-o", path.join(dir, "welsh.html"));
  run(board, "--language", "en-GB,cy", "--bilingual", "-o", path.join(dir, "bilingual.html"));
  return dir;
}

// Letters and digits only, lower case: text compared across the PDF's line breaks, hyphens
// and capitals.
const squeeze = (t) => t.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");

// The PDF's text without its page furniture (running heads, "Page n of N", continuation
// headings), squeezed.
function pdfText(file, furniture) {
  const text = execFileSync("pdftotext", ["-q", file, "-"], { encoding: "utf8" });
  return squeeze(
    text
      .split("\n")
      .filter((line) => {
        const l = line.trim();
        return !/^Page \d+ of \d+$/.test(l) && !/\(continued\)$/.test(l) && !furniture.has(l);
      })
      .join("\n"),
  );
}

async function open(browser, file, width) {
  const context = await browser.newContext({ viewport: { width, height: 800 } });
  const page = await context.newPage();
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  const url = pathToFileURL(file).href;
  await page.goto(url);
  return { page, context, elsewhere: () => requests.filter((u) => u !== url && !u.startsWith("data:")) };
}

async function axe(page) {
  await page.addScriptTag({ content: fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8") });
  return page.evaluate((tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }), WCAG);
}

async function checkPage(browser, dir, name) {
  const file = path.join(dir, name);
  const { page, context, elsewhere } = await open(browser, file, 1280);
  const result = await axe(page);
  const said = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")})`);
  check(result.violations.length === 0, `${name}: no WCAG 2.2 AA violation (axe-core ${result.testEngine.version}, ${result.passes.length} rules passed)`, said.join("\n     "));
  check((await page.evaluate(() => document.documentElement.scrollWidth)) <= 1280, `${name}: no sideways scrolling at 1280 px`);
  const headings = await page.evaluate(() => [...document.querySelectorAll("h1,h2,h3,h4,h5,h6")].map((h) => Number(h.tagName[1])));
  const skipped = headings.findIndex((h, i) => i > 0 && h > headings[i - 1] + 1);
  check(headings.filter((h) => h === 1).length === 1 && headings[0] === 1 && skipped < 0, `${name}: one h1 first, no heading level skipped`, `levels ${headings.slice(0, 20)}`);
  await page.setViewportSize({ width: 320, height: 640 });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  check(wide <= 320, `${name}: no sideways scrolling at 320 px`, `the page is ${wide} px wide`);
  const printed = path.join(dir, `${name}.printed.pdf`);
  await page.emulateMedia({ media: "print" });
  await page.pdf({ path: printed, format: "A4" });
  const studies = await page.evaluate(() => document.querySelectorAll("section.case-study").length);
  const starts = execFileSync("pdftotext", ["-q", printed, "-"], { encoding: "utf8" })
    .split("\f")
    .filter((p) => /^\s*(Case study|Astudiaeth achos) \d+/.test(p)).length;
  check(starts === studies, `${name}: printed, each of its ${studies} case studies starts a page`, `${starts} pages start with one`);
  check(elsewhere().length === 0, `${name}: asks for nothing outside itself`, elsewhere().slice(0, 5).join(", "));
  await context.close();
}

// Every case-study paragraph, every total and every amount of the board pack's web page is
// in its PDF.
async function sameAsPdf(browser, dir) {
  const { page, context } = await open(browser, path.join(dir, "board.html"), 1280);
  const facts = await page.evaluate(() => ({
    title: document.title,
    programmes: [...document.querySelectorAll("section.programme h2")].map((h) => h.textContent),
    paragraphs: [...document.querySelectorAll("section.case-study p, section.case-study li")].map((p) => p.textContent),
    totals: [...document.querySelectorAll("section.summary tr.total, section.summary tfoot tr")].map((r) => r.textContent),
    amounts: [...document.querySelectorAll("section.summary tbody td.num")].map((c) => c.textContent),
  }));
  await context.close();
  const pdf = pdfText(path.join(dir, "board.pdf"), new Set([facts.title, ...facts.programmes]));
  const missing = facts.paragraphs.filter((p) => !pdf.includes(squeeze(p)));
  check(facts.paragraphs.length >= 240 && missing.length === 0, `board.html: all ${facts.paragraphs.length} case-study paragraphs read as in board.pdf`, missing.slice(0, 2).join("\n     "));
  const totals = facts.totals.filter((t) => !pdf.includes(squeeze(t)));
  check(facts.totals.length > facts.programmes.length && facts.programmes.length >= 2 && totals.length === 0, `board.html: its ${facts.totals.length} totals and subtotals are board.pdf's`, totals.join("; "));
  const amounts = facts.amounts.filter((a) => !pdf.includes(squeeze(a)));
  check(facts.amounts.length >= 120 && amounts.length === 0, `board.html: its ${facts.amounts.length} amounts and durations are in board.pdf`, amounts.slice(0, 5).join("; "));
}

// The Nu Html Checker, errors only, on every page at once.
function validate(dir, names) {
  const jar = path.join(path.dirname(require.resolve("vnu-jar/package.json")), "build/dist/vnu.jar");
  let out = "";
  let ok = true;
  try {
    execFileSync(process.env.JAVA || "java", ["-jar", jar, "--errors-only", "--stdout", ...names.map((n) => path.join(dir, n))], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    ok = false;
    out = `${e.stdout || ""}${e.stderr || ""}`;
  }
  check(ok, `the Nu Html Checker finds no error in ${names.join(", ")}`, out.split("\n").slice(0, 8).join("\n     "));
}

async function main() {
  const dir = pages();
  const names = ["sample.html", "sample-fonts.html", "board.html", "welsh.html", "bilingual.html"];
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox"] });
  try {
    for (const name of names) await checkPage(browser, dir, name);
    await sameAsPdf(browser, dir);
  } finally {
    await browser.close();
  }
  validate(dir, names);
  const welsh = fs.readFileSync(path.join(dir, "welsh.html"), "utf8");
  check(welsh.startsWith('<!DOCTYPE html>\n<html lang="cy">'), "welsh.html: the page is declared Welsh");
  const both = fs.readFileSync(path.join(dir, "bilingual.html"), "utf8");
  check((both.match(/class="case-study" lang="cy"/g) || []).length === 60, "bilingual.html: each Welsh case study is declared Welsh");
  fs.rmSync(dir, { recursive: true, force: true });
  if (failures) {
    console.log(`${failures} check(s) failed`);
    process.exit(1);
  }
  console.log("all HTML edition checks passed");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

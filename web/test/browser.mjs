// The web page's end-to-end test: serves web/dist from 127.0.0.1, drives Debian's Chromium
// (playwright-core, no browser download) as a user would, and checks that the page makes the
// same PDF bytes as the command line, lists each problem of a bad file with its line, works
// by keyboard, at 200% zoom and opened from the folder, and asks nothing of the network.
//
// Run: web/build.sh && cargo build --release && (cd web/test && npm ci && node browser.mjs)
// Env: GRANT_REPORT_BIN (default target/release/grant-report), CHROMIUM (default
// /usr/bin/chromium).

import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { repo, dist, bin, DATE, tally, check, project, serve, storedZip } from "./common.mjs";

const require = createRequire(import.meta.url);

function pdfText(file) {
  return execFileSync("pdftotext", ["-q", "-layout", file, "-"], { encoding: "utf8" });
}

function pdfPages(file) {
  const info = execFileSync("pdfinfo", [file], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  return Number(/Pages:\s+(\d+)/.exec(info)[1]);
}

async function until(page, done) {
  try {
    await page.waitForFunction((n) => Number(document.body.dataset.done || 0) >= n, done, { timeout: 120000 });
  } catch (e) {
    // Say where the page stood, for whoever reads a failed run.
    const said = await page.evaluate(() => ({ done: document.body.dataset.done, status: document.getElementById("status").textContent,
      build: document.getElementById("build").disabled, hidden: document.visibilityState }));
    console.log(`the page stood at ${JSON.stringify(said)} waiting for run ${done}`);
    throw e;
  }
}

// The sample data built with the date set, as run `run` of `page`: the file downloaded.
async function sampleBuilt(page, run) {
  await page.click("#sample");
  await page.fill("#date", DATE);
  await page.click("#build");
  await until(page, run);
  return download(page, () => page.click("#download"));
}

async function download(page, click) {
  const [got] = await Promise.all([page.waitForEvent("download"), click()]);
  const file = path.join(os.tmpdir(), `grant-report-web-${process.pid}-${got.suggestedFilename()}`);
  await got.saveAs(file);
  return { name: got.suggestedFilename(), file, bytes: fs.readFileSync(file) };
}

async function main() {
  if (!fs.existsSync(path.join(dist, "engine-wasm.js"))) {
    throw new Error("web/dist is not built: run web/build.sh first");
  }
  const dir = project();
  const asked = [];
  const server = await serve(dist, asked);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  // What stays on the machine: the page's own server and files, its blobs, and Chromium's own
  // PDF viewer (chrome:, chrome-extension:), which shows the report in the page.
  const local = (url) => url.startsWith(origin) || /^(blob|data|file|about|chrome|chrome-extension):/.test(url);
  const outside = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (local(url)) {
      route.continue();
    } else {
      outside.push(url);
      route.abort();
    }
  });
  const page = await context.newPage();
  const seen = [];
  page.on("request", (r) => seen.push(r.url()));
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));

  await page.goto(`${origin}/index.html`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 120000 });
  const loaded = asked.length;
  check(await page.evaluate(() => document.body.dataset.engine) === "worker",
    "served over http, the engine runs in a worker (the page stays responsive)");

  check(await page.$eval("#build", (b) => b.disabled), "Make is disabled until there is data");
  const startSettings = await page.inputValue("#settings");
  check(!startSettings.includes("Economic Justice") && !startSettings.includes("Grants team"),
    "the settings start neutral, without the sample's title or organisation");
  await page.setInputFiles("#data", path.join(dir, "input/grants.csv"));
  await page.fill("#date", DATE);

  // Keyboard: from the top, Tab reaches every control a build needs, in order.
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  const order = [];
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press("Tab");
    order.push(await page.evaluate(() => document.activeElement && document.activeElement.id));
  }
  let at = 0;
  const reach = ["data", "sample", "date", "check", "build"].map((id) => (at = order.indexOf(id, at)));
  check(reach.every((i) => i >= 0),
    "Tab reaches the data file, sample, date, Check and Make in order", JSON.stringify(order));

  // The sample, built by keyboard: the same bytes as the command line's.
  await page.focus("#build");
  await page.keyboard.press("Enter");
  await until(page, 1);
  await page.focus("#download");
  const pdf = await download(page, () => page.keyboard.press("Enter"));
  const cli = fs.readFileSync(path.join(dir, "cli.pdf"));
  check(pdf.name === "report.pdf", "the download is report.pdf", pdf.name);
  check(pdf.bytes.equals(cli), "the page's PDF is byte-identical to the command line's",
    `${pdf.bytes.length} bytes against ${cli.length}`);
  check(pdfPages(pdf.file) === 5, "the PDF has 5 pages", String(pdfPages(pdf.file)));
  const text = pdfText(pdf.file);
  for (const words of ["£161,575", "The Birmingham Anchor Institution Network", "Shifting the Balance of Community Power"]) {
    check(text.includes(words), `the PDF says ${words}`);
  }
  const status = await page.textContent("#status");
  check(status.includes("5 pages, 3 grants, £161,575 awarded"), "the page says what it made", status);
  check(await page.isVisible("#preview"), "the PDF is shown in the page");

  // The web page edition: the command line's bytes.
  await page.check("input[name=format][value=html]");
  await page.click("#build");
  await until(page, 2);
  const web = await download(page, () => page.click("#download"));
  check(web.name === "report.html" && web.bytes.equals(fs.readFileSync(path.join(dir, "cli.html"))),
    "\"Web page (HTML)\" makes report.html, byte-identical to the command line's", `${web.name}, ${web.bytes.length} bytes`);
  const made = await page.textContent("#status");
  check(made.includes("a web page, 3 grants, £161,575 awarded"), "the page says it made a web page", made);
  check(/^formats = \["html"\]/m.test(await page.inputValue("#settings")), "the choice is written into report.toml as formats");
  // Both: a zip of the two, each the command line's.
  await page.check("input[name=format][value='pdf,html']");
  await page.click("#build");
  await until(page, 3);
  const both = storedZip((await download(page, () => page.click("#download"))).bytes);
  check(both.get("report.pdf")?.equals(cli) && both.get("report.html")?.equals(fs.readFileSync(path.join(dir, "cli.html"))),
    "\"Both\" makes a zip of the command line's PDF and web page", [...both.keys()].join(", "));
  await page.check("input[name=format][value=pdf]");
  const noFormats = await page.waitForFunction(() => !/^formats\s*=/m.test(document.getElementById("settings").value),
    null, { timeout: 10000 }).then(() => true, () => false);
  check(noFormats, "PDF, the default, takes formats out of report.toml",
    (await page.inputValue("#settings")).split("\n").filter((l) => l.includes("formats")).join(" / "));

  // One PDF per programme, as a zip: each the command line's file of that name. First as a
  // browser without a save picker (Firefox, Safari) makes it: a download.
  await page.evaluate(() => {
    window.showSaveFilePicker = undefined;
  });
  await page.check("input[name=split][value=programme]");
  await page.click("#build");
  await until(page, 4);
  const zip = await download(page, () => page.click("#download"));
  const entries = storedZip(zip.bytes);
  const split = fs.readdirSync(path.join(dir, "split")).sort();
  check(zip.name === "report.zip" && JSON.stringify([...entries.keys()].sort()) === JSON.stringify(split),
    "split by programme gives a zip of the command line's files", `${zip.name}: ${[...entries.keys()]} against ${split}`);
  check(split.every((f) => entries.get(f) && entries.get(f).equals(fs.readFileSync(path.join(dir, "split", f)))),
    "each PDF in the zip is byte-identical to the command line's");

  // Where the browser can write a file as it is made, a split build first asks where to save
  // its zip and writes it there a piece at a time, never holding it whole. The picker is stood
  // in for by the page's private storage, which gives the same kind of file handle.
  await page.evaluate(() => {
    window.showSaveFilePicker = async ({ suggestedName }) => {
      window.pickerAsked = suggestedName;
      return (await navigator.storage.getDirectory()).getFileHandle(suggestedName, { create: true });
    };
  });
  await page.click("#build");
  await until(page, 5);
  const savedZip = Buffer.from(await page.evaluate(async () => {
    const file = await (await (await navigator.storage.getDirectory()).getFileHandle("report.zip")).getFile();
    let text = "";
    for (const b of new Uint8Array(await file.arrayBuffer())) text += String.fromCharCode(b);
    return btoa(text);
  }), "base64");
  const savedStatus = await page.textContent("#status");
  // The zip was written to a file of the page's own as it was made, and that file is gone.
  const privateNames = await page.evaluate(async () => {
    const names = [];
    for await (const name of (await navigator.storage.getDirectory()).keys()) names.push(name);
    return names;
  });
  check(JSON.stringify(privateNames) === JSON.stringify(["report.zip"]),
    "the zip's working file in the browser's private storage is removed once it is saved", privateNames.join(", "));
  check(await page.evaluate(() => window.pickerAsked) === "report.zip" && savedZip.equals(zip.bytes),
    "with a save picker, the split zip is written where the user chose, the same bytes", `${savedZip.length} bytes against ${zip.bytes.length}`);
  check(savedStatus.startsWith("Saved report.zip") && await page.isHidden("#download"),
    "the page says it saved the zip and offers no second download", savedStatus);
  // A picker closed without choosing makes nothing (and says so).
  await page.evaluate(() => {
    window.showSaveFilePicker = async () => {
      throw new DOMException("The user aborted a request.", "AbortError");
    };
  });
  await page.click("#build");
  await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("Not made"));
  check((await page.textContent("#status")).includes("no place to save report.zip was chosen"),
    "closing the save picker makes nothing and says why", await page.textContent("#status"));
  await page.check("input[name=split][value='']");

  // 360Giving JSON, as published: the command line's bytes too.
  await page.setInputFiles("#data", path.join(dir, "fundingproviders-grants_fixed_2_grants.json"));
  await page.click("#build");
  await until(page, 6);
  const fromJson = await download(page, () => page.click("#download"));
  check(fromJson.bytes.equals(fs.readFileSync(path.join(dir, "json.pdf"))),
    "a 360Giving JSON file makes the command line's PDF", await page.textContent("#status"));

  // A file dropped on the box, and a logo chosen: the page names the logo in report.toml, and
  // the command line given that report.toml and logo makes the same bytes.
  await page.evaluate((csv) => {
    const dt = new DataTransfer();
    dt.items.add(new File([csv], "dropped.csv", { type: "text/csv" }));
    document.getElementById("drop").dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true }));
  }, fs.readFileSync(path.join(repo, "input/grants.csv"), "utf8"));
  await page.waitForFunction(() => document.getElementById("data-name").textContent.includes("dropped.csv"));
  const logo = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#1F5F6B"/></svg>';
  fs.writeFileSync(path.join(dir, "templates/logo.svg"), logo);
  await page.click("#settings-box summary");
  await page.setInputFiles("#logo", path.join(dir, "templates/logo.svg"));
  await page.waitForFunction(() => document.getElementById("logo-note").textContent.includes("logo.svg"));
  // And an introduction, among the other files, named in the settings.
  fs.writeFileSync(path.join(dir, "templates/introduction.md"), "A year of **{{title}}**, in our grantees' words.\n");
  await page.setInputFiles("#pictures", path.join(dir, "templates/introduction.md"));
  await page.waitForFunction(() => document.getElementById("pictures-note").textContent.includes("introduction.md"));
  await page.fill("#settings", (await page.inputValue("#settings")).replace('# introduction = "introduction.md"', 'introduction = "introduction.md"'));
  fs.writeFileSync(path.join(dir, "templates/report.toml"), await page.inputValue("#settings"));
  execFileSync(bin, ["build", "--date", DATE, "-o", "logo.pdf"], { cwd: dir });
  await page.click("#build");
  await until(page, 7);
  const withLogo = await download(page, () => page.click("#download"));
  check(withLogo.bytes.equals(fs.readFileSync(path.join(dir, "logo.pdf"))),
    "a dropped file with a chosen logo makes the command line's PDF", await page.textContent("#status"));
  check((await page.inputValue("#settings")).includes('logo = "logo.svg"') && !withLogo.bytes.equals(cli),
    "report.toml names the logo, and the report has it");
  const introduced = pdfText(withLogo.file).replace(/\s+/g, " ");
  check(introduced.includes("A year of Grant case studies, in our grantees"),
    "the introduction, its fields filled in, is in the report", introduced.slice(0, 400));
  await page.click("#reset");

  // The controls, not the settings text: a filtered, sorted Welsh board pack with a logo,
  // its own title, organisation, date and colour, contents and key facts. The page saves the
  // report.toml its controls wrote, and the command line given it makes the same bytes.
  const board = [
    "id,title,grantee,amount,duration,programme,award_date,summary,photo,photo_alt",
    "B-1,Community kitchen,Org A,12000,12,Youth,2025-05-01,Hot meals for families.,,",
    "B-2,Youth theatre,Org B,8000,24,Arts,2025-06-01,Plays written by young people.,,",
    "B-3,Food bank,Org C,30000,36,Youth,2025-07-01,Food for those who need it.,photos/food.svg,Shelves of food",
    "B-4,Mural,Org D,4000,6,Arts,2025-08-01,A wall painted by its street.,,",
    "B-5,Advice line,Org E,22000,12,Advice,2025-02-01,Money advice by phone.,,",
    "B-6,Debt clinic,Org F,15000,18,Advice,2025-09-01,Advice in person.,photos/clinic.svg,A waiting room",
  ].join("\n") + "\n";
  fs.writeFileSync(path.join(dir, "input/board.csv"), board);
  await page.setInputFiles("#data", path.join(dir, "input/board.csv"));
  await page.waitForFunction(() => document.querySelectorAll("#c-programmes-list input").length === 3);
  const listed = await page.$$eval("#c-programmes-list label", (ls) => ls.map((l) => l.textContent.trim()));
  check(JSON.stringify(listed) === JSON.stringify(["Youth (2 grants)", "Arts (2 grants)", "Advice (2 grants)"]),
    "the programme filter lists the data's programmes with their grants", JSON.stringify(listed));
  const type = async (id, text) => {
    await page.fill(id, text);
    await page.press(id, "Tab");
  };
  const set = (id, value) => page.evaluate(([id, value]) => {
    const input = document.getElementById(id);
    input.value = value;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }, [id, value]);
  await type("#c-title", "Ein grantiau 2025–26");
  await type("#c-organisation", "Ymddiriedolaeth Enghreifftiol");
  await set("date", DATE);
  await page.setInputFiles("#logo", path.join(dir, "templates/logo.svg"));
  await page.waitForFunction(() => document.getElementById("logo-note").textContent.includes("logo.svg"));
  await set("c-accent", "#8a1538");
  check(!(await page.isVisible("#template-cy")), "the Welsh template box is hidden for an English report");
  await page.selectOption("#c-language", "cy");
  await page.waitForSelector("#template-cy", { state: "visible" });
  const welshTemplate = await page.inputValue("#template-cy");
  check(welshTemplate === fs.readFileSync(path.join(repo, "templates/case-study.cy.hbs"), "utf8"),
    "choosing Welsh shows the Welsh template box, holding the built-in Welsh template");
  // The Welsh template shows each photo; the photos come as a folder, named in the data
  // as photos/food.svg. First without them: the missing picture is named, with what the page has.
  const photoLine = "\n{{#if photo}}![{{photo_alt}}]({{photo}}){{/if}}\n";
  await page.fill("#template-cy", welshTemplate + photoLine);
  fs.mkdirSync(path.join(dir, "input/photos"));
  const photo = (fill) => `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200"><rect width="300" height="200" fill="${fill}"/></svg>`;
  fs.writeFileSync(path.join(dir, "input/photos/food.svg"), photo("#c84"));
  await page.click("#check");
  await until(page, 8);
  const missing = await page.$$eval("#problems-data li", (lis) => lis.map((li) => li.textContent));
  check(missing.length === 2 && missing[0].includes("board.csv, line 4, column “photo”, value “photos/food.svg”")
    && missing[0].includes("The picture \"photos/food.svg\" is not among the files given; the pictures given are \"logo.svg\"")
    && missing[0].includes("Pictures"),
    "a photo not given is named with its line, column and path, and where to choose it", JSON.stringify(missing));
  await page.setInputFiles("#photo-folder", path.join(dir, "input/photos"));
  await page.waitForFunction(() => document.getElementById("photos-note").textContent.includes("photos/food.svg"));
  await page.click("#check");
  await until(page, 9);
  const stillMissing = await page.$$eval("#problems-data li", (lis) => lis.map((li) => li.textContent));
  check(stillMissing.length === 1 && stillMissing[0].includes("The picture \"photos/clinic.svg\" is not among the files given; the pictures given are")
    && stillMissing[0].includes("\"photos/food.svg\""),
    "a photo missing from the chosen folder is named beside the pictures the page has", JSON.stringify(stillMissing));
  fs.writeFileSync(path.join(dir, "input/photos/clinic.svg"), photo("#48c"));
  await page.setInputFiles("#photo-folder", path.join(dir, "input/photos"));
  await page.waitForFunction(() => document.getElementById("photos-note").textContent.includes("photos/clinic.svg"));
  await page.uncheck("#c-programmes-list input[value=Arts]");
  await set("c-awarded-from", "2025-03-01");
  await type("#c-min-amount", "5000");
  await page.selectOption("#c-sort", "amount");
  await page.selectOption("#c-order", "descending");
  for (const id of ["#c-sections", "#c-key-facts", "#c-contents"]) await page.check(id);
  await page.uncheck("#c-chart-duration");
  await page.click("#build");
  await until(page, 10);
  const pack = await download(page, () => page.click("#download"));
  const saved = await download(page, () => page.click("#save-settings"));
  const toml = saved.bytes.toString("utf8");
  check(saved.name === "report.toml", "the settings are saved as report.toml", saved.name);
  for (const line of ['title = "Ein grantiau 2025–26"', 'language = "cy"', 'sections = "programme"', 'programmes = ["Youth", "Advice"]',
    'awarded_from = "2025-03-01"', "min_amount = 5000", 'sort = "amount"', 'order = "descending"', "key_facts = true",
    'accent = "#8A1538"', 'logo = "logo.svg"', 'charts = ["by_programme"]', 'date = "2026-11-25"']) {
    check(toml.includes(line), `the saved report.toml says ${line}`, toml.slice(0, 300));
  }
  check(toml.startsWith("# Report settings for grant-report."), "the saved report.toml keeps its notes");
  const packDir = fs.mkdtempSync(path.join(os.tmpdir(), "grant-report-pack-"));
  fs.mkdirSync(path.join(packDir, "templates"));
  fs.mkdirSync(path.join(packDir, "input"));
  fs.copyFileSync(path.join(dir, "input/board.csv"), path.join(packDir, "input/board.csv"));
  fs.copyFileSync(path.join(repo, "templates/case-study.hbs"), path.join(packDir, "templates/case-study.hbs"));
  fs.writeFileSync(path.join(packDir, "templates/case-study.cy.hbs"), welshTemplate + photoLine);
  fs.cpSync(path.join(dir, "input/photos"), path.join(packDir, "input/photos"), { recursive: true });
  fs.copyFileSync(path.join(dir, "templates/logo.svg"), path.join(packDir, "templates/logo.svg"));
  fs.writeFileSync(path.join(packDir, "templates/report.toml"), saved.bytes);
  execFileSync(bin, ["build", "input/board.csv", "-o", "pack.pdf"], { cwd: packDir });
  check(pack.bytes.equals(fs.readFileSync(path.join(packDir, "pack.pdf"))),
    "the board pack the controls made is the command line's PDF, given the saved report.toml", await page.textContent("#status"));
  const packText = pdfText(pack.file).replace(/\s+/g, " ");
  check(packText.includes("Ein grantiau 2025–26") && packText.includes("Ymddiriedolaeth Enghreifftiol")
    && packText.includes("Cynnwys") && !packText.includes("Youth theatre") && !packText.includes("Mural")
    && !packText.includes("Advice line") && packText.includes("Debt clinic")
    && packText.indexOf("Food bank") < packText.indexOf("Community kitchen"),
    "the pack is in Welsh, keeps only the chosen grants (Arts, and those before March or under £5,000, left out), largest first",
    packText.slice(0, 600));
  const opened = execFileSync("qpdf", ["--qdf", "--object-streams=disable", pack.file, "-"], { maxBuffer: 1 << 28 }).toString("latin1");
  check(opened.includes("(Shelves of food)") && opened.includes("(A waiting room)"),
    "the photos are in the pack, each with its description for screen readers");
  // The same photos as a zip of the folder: the same PDF.
  const zipped = path.join(dir, "photos.zip");
  execFileSync("python3", ["-c", "import sys, zipfile, os; z = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED); [z.write(os.path.join(sys.argv[2], n), 'photos/' + n) for n in sorted(os.listdir(sys.argv[2]))]; z.close()", zipped, path.join(dir, "input/photos")]);
  await page.setInputFiles("#photo-files", zipped);
  await page.waitForFunction(() => document.getElementById("photos-note").textContent.includes("photos/clinic.svg"));
  await page.click("#build");
  await until(page, 11);
  const fromZip = await download(page, () => page.click("#download"));
  check(fromZip.bytes.equals(pack.bytes), "photos given as a zip make the same PDF as the folder", await page.textContent("#status"));
  // Settings loaded from a file move the controls.
  await page.click("#reset");
  await page.waitForFunction(() => document.getElementById("c-title").value === "", null, { timeout: 10000 }).catch(() => {});
  check(await page.inputValue("#c-title") === "" && !(await page.isChecked("#c-sections")), "reset puts the controls back");
  await page.setInputFiles("#load-settings", path.join(packDir, "templates/report.toml"));
  await page.waitForFunction(() => document.getElementById("c-title").value !== "");
  check(await page.inputValue("#c-title") === "Ein grantiau 2025–26" && await page.isChecked("#c-sections")
    && await page.inputValue("#c-language") === "cy" && !(await page.isChecked("#c-programmes-list input[value=Arts]")),
    "a saved report.toml loaded again sets the controls");
  await page.click("#reset");
  fs.rmSync(packDir, { recursive: true, force: true });

  // A file with bad rows: each problem listed beside the data input, with its line.
  await page.setInputFiles("#data", path.join(dir, "bad.csv"));
  await page.click("#check");
  await until(page, 12);
  const problems = await page.$$eval("#problems-data li", (lis) => lis.map((li) => li.textContent));
  for (const [line, value] of [[3, "lots"], [4, "£16.37.5"]]) {
    check(problems.some((p) => p.includes(`bad.csv, line ${line}, column “amount”, value “${value}”`)),
      `the bad amount on line ${line} is listed with its line, column and value`, JSON.stringify(problems));
  }
  const cliProblems = (() => {
    try {
      execFileSync(bin, ["check", "bad.csv", "--format", "json"], { cwd: dir, encoding: "utf8" });
      return [];
    } catch (e) {
      return JSON.parse(e.stdout);
    }
  })();
  const cliCount = cliProblems.filter((d) => d.severity === "error").length;
  check(problems.length === cliCount, "the page lists as many problems as `check` does",
    `${problems.length} against ${cliCount}: ${JSON.stringify(cliProblems).slice(0, 300)}`);

  // A file far past the data limit (sparse: it takes no disk) is refused by its size, unread.
  const huge = path.join(dir, "huge.csv");
  fs.writeFileSync(huge, "");
  fs.truncateSync(huge, 300 << 20);
  await page.setInputFiles("#data", huge);
  await page.waitForFunction(() => document.querySelector("#problems-data").textContent.includes("huge.csv"));
  const refused = await page.textContent("#problems-data li");
  check(refused.includes("huge.csv") && refused.includes("more than the 256 MB"),
    "a 300 MB file is refused by its size before it is read", refused);

  // A template mistake: shown beside the template, which opens to show it.
  await page.setInputFiles("#data", path.join(dir, "input/grants.csv"));
  await page.fill("#template", "## {{titel}}\n\n{{summary}}\n");
  await page.click("#check");
  await until(page, 13);
  const templateProblems = await page.$$eval("#problems-template li", (lis) => lis.map((li) => li.textContent));
  check(templateProblems.length === 1 && templateProblems[0].includes("case-study.hbs, line 1") && templateProblems[0].includes("titel"),
    "a template mistake is listed once beside the template, with its line", JSON.stringify(templateProblems));
  // What was typed survives the failed check and a reload (kept in this browser only).
  const reloads = [asked.length];
  await page.reload();
  await page.waitForSelector("body[data-ready=true]", { timeout: 120000 });
  check(await page.inputValue("#template") === "## {{titel}}\n\n{{summary}}\n"
    && (await page.textContent("#loading")).includes("from last time are back"),
    "the template typed is back after a reload, and the page says so");
  await page.evaluate(() => { document.getElementById("settings-box").open = true; });
  await page.click("#reset");
  await page.reload();
  await page.waitForSelector("body[data-ready=true]", { timeout: 120000 });
  reloads.push(asked.length);
  check(await page.inputValue("#template") === fs.readFileSync(path.join(repo, "templates/case-study.hbs"), "utf8"),
    "after “Put … back” a reload starts from the defaults");
  await page.setInputFiles("#data", path.join(dir, "input/grants.csv"));

  // What fit did is a note, listed apart from the warnings.
  const long = "community kitchen volunteers cooked hot meals for families across the town every week ".repeat(45);
  fs.writeFileSync(path.join(dir, "long.csv"), `title,grantee,amount,summary\nLong kitchen,Org A,12000,"${long.trim()}"\n`);
  await page.setInputFiles("#data", path.join(dir, "long.csv"));
  await page.evaluate(() => { document.getElementById("settings-box").open = true; });
  await page.fill("#settings", (await page.inputValue("#settings")).replace("fit = false", "fit = true"));
  await page.click("#check");
  await until(page, 1);
  const noted = await page.$$eval("#warnings h3", (hs) => hs.map((h) => h.textContent));
  const notes = await page.$$eval("#warnings li", (lis) => lis.map((li) => li.textContent));
  check(noted.length === 1 && noted[0] === "Notes" && notes.length === 1
    && notes[0].includes("Long kitchen") && notes[0].includes("9.75 pt"),
    "what fit shrank is listed under Notes, not Warnings", JSON.stringify([noted, notes]));
  await page.click("#reset");

  // 200% zoom: at half the width the page reflows, with no sideways scrolling.
  await page.setViewportSize({ width: 640, height: 900 });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(wide <= 0, "at 200% zoom nothing needs sideways scrolling", `${wide} px too wide`);

  // Nothing left the machine; after the first load, nothing was fetched at all.
  check(outside.length === 0, "no request leaves the machine", outside.join(", "));
  check(seen.every(local), "every request the page made stayed on the machine",
    seen.filter((u) => !local(u)).join(", "));
  // (but for the page's own files again on the two reloads)
  const later = [...asked.slice(loaded, reloads[0]), ...asked.slice(reloads[1])];
  check(later.length === 0, "nothing was fetched after the page loaded, but on a reload", later.join(", "));
  check(errors.length === 0, "no script errors", errors.join("; "));

  // Opened from the folder (file://), as a trust might from a shared drive.
  const folder = await context.newPage();
  await folder.goto(`file://${dist}/index.html`);
  await folder.waitForSelector("body[data-ready=true]", { timeout: 120000 });
  check(await folder.evaluate(() => document.body.dataset.engine) === "page",
    "opened from the folder, where no worker may start, the engine runs in the page");
  const fromFolder = await sampleBuilt(folder, 1);
  const cliSample = fs.readFileSync(path.join(dir, "cli-sample.pdf"));
  check((await folder.inputValue("#settings")).includes('title = "Economic Justice programme case studies"'),
    "the sample data comes with the sample's settings");
  check(fromFolder.bytes.equals(cliSample), "opened from the folder, the page makes the same PDF");

  // The one file (grant-report.html), opened from a download folder: it asks for nothing
  // but itself, and makes the same PDF.
  const onefile = path.join(os.tmpdir(), `grant-report-one-${process.pid}`, "grant-report.html");
  fs.mkdirSync(path.dirname(onefile), { recursive: true });
  fs.copyFileSync(path.join(dist, "grant-report.html"), onefile);
  const single = await context.newPage();
  const singleAsked = [];
  single.on("request", (r) => singleAsked.push(r.url()));
  const singleErrors = [];
  single.on("pageerror", (e) => singleErrors.push(String(e)));
  single.on("console", (m) => { if (m.type() === "error") singleErrors.push(m.text()); });
  await single.goto(`file://${onefile}`);
  await single.waitForSelector("body[data-ready=true]", { timeout: 120000 });
  const fromOne = await sampleBuilt(single, 1);
  check(fromOne.bytes.equals(cliSample), "the single file, opened on its own, makes the same PDF");
  const others = singleAsked.filter((u) => u !== `file://${onefile}` && !/^(blob|data|chrome|chrome-extension):/.test(u));
  check(others.length === 0, "the single file asks for no other file", others.join(", "));
  check(singleErrors.length === 0, "the single file runs with no script or policy error", singleErrors.join("; "));
  const markup = fs.readFileSync(onefile, "utf8");
  check(!/<(script|link|img)[^>]+(src|href)=/i.test(markup), "the single file names no other file to load");

  // A 10,000-grant build shows its progress, and Cancel stops it within a second; the
  // engine then makes the next report as before.
  const big = ["id,title,grantee,amount,duration,programme,summary"];
  for (let i = 1; i <= 10000; i++) {
    big.push(`G-${i},Project number ${i},Grantee ${i % 700},${1000 + (i * 37) % 90000},${12 + (i % 3) * 12},Programme ${i % 5},A project that does good work in its community; number ${i}.`);
  }
  fs.writeFileSync(path.join(dir, "big.csv"), big.join("\n") + "\n");
  const cancelling = await context.newPage();
  await cancelling.goto(`${origin}/index.html`);
  await cancelling.waitForSelector("body[data-ready=true]", { timeout: 120000 });
  await cancelling.setInputFiles("#data", path.join(dir, "big.csv"));
  await cancelling.waitForFunction(() => document.querySelectorAll("#c-programmes-list input").length === 5, null, { timeout: 120000 });
  await cancelling.click("#build");
  await cancelling.waitForFunction(() => Number(document.getElementById("progress").value) > 0, null, { timeout: 120000 });
  const progressSaid = await cancelling.textContent("#progress-label");
  check(/of 10,00\d/.test(progressSaid) && await cancelling.isVisible("#cancel"),
    "a 10,000-grant build shows its progress, with Cancel", progressSaid);
  const cancelledIn = await cancelling.evaluate(() => new Promise((resolve) => {
    const t0 = performance.now();
    const watch = new MutationObserver(() => {
      if (document.getElementById("status").textContent.startsWith("Cancelled")) resolve(performance.now() - t0);
    });
    watch.observe(document.getElementById("status"), { childList: true, characterData: true, subtree: true });
    document.getElementById("cancel").click();
  }));
  check(cancelledIn < 1000, `Cancel stops a 10,000-grant build within a second (${Math.round(cancelledIn)} ms)`);
  await until(cancelling, 1);
  const afterCancel = await sampleBuilt(cancelling, 2);
  check(afterCancel.bytes.equals(cliSample), "after Cancel, the engine makes the next report as before");
  await cancelling.close();

  // The page itself passes axe-core (WCAG 2.2 AA), with its controls, the Welsh template box
  // and a list of problems showing. The check runs in a context that lets axe's script in
  // past the page's Content-Security-Policy.
  // The browser asks for Welsh: the page's own words are Welsh, and the switch turns them back.
  const axeContext = await browser.newContext({ bypassCSP: true, locale: "cy-GB", viewport: { width: 1280, height: 900 } });
  const audited = await axeContext.newPage();
  await audited.goto(`${origin}/index.html`);
  await audited.waitForSelector("body[data-ready=true]", { timeout: 120000 });
  const welshPage = [await audited.textContent("h1"), await audited.getAttribute("html", "lang"),
    await audited.textContent("#build"), await audited.textContent("#loading")];
  check(JSON.stringify(welshPage) === JSON.stringify(["Gwneud eich adroddiad grantiau", "cy", "Gwneud yr adroddiad", "Mae peiriant yr adroddiad yn barod."]),
    "a browser set to Welsh gets the page's words in Welsh", JSON.stringify(welshPage));
  await audited.setInputFiles("#data", path.join(dir, "bad.csv"));
  await audited.selectOption("#c-language", "cy");
  await audited.click("#settings-box summary");
  await audited.click("#check");
  await until(audited, 1);
  const welshStatus = [await audited.textContent("#status"), await audited.textContent("#problems-data h3")];
  check(/^2 problem i'w trwsio; /.test(welshStatus[0]) && welshStatus[1] === "Problemau i'w trwsio",
    "in Welsh, the check says how many problems in Welsh, under a Welsh heading", JSON.stringify(welshStatus));
  await audited.addScriptTag({ content: fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8") });
  const audit = await audited.evaluate(() => window.axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } }));
  const violations = audit.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")})`);
  check(audit.violations.length === 0 && await audited.isVisible("#template-cy") && await audited.isVisible("#problems-data li"),
    `the page itself has no WCAG 2.2 AA violation (axe-core ${audit.testEngine.version}, ${audit.passes.length} rules passed)`,
    violations.join("\n     "));
  await audited.click("#ui-language");
  const englishPage = [await audited.textContent("h1"), await audited.getAttribute("html", "lang"), await audited.textContent("#ui-language")];
  check(JSON.stringify(englishPage) === JSON.stringify(["Make your grants report", "en-GB", "Cymraeg"]),
    "the language switch turns the page back into English", JSON.stringify(englishPage));
  await axeContext.close();

  await browser.close();
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
  for (const f of [pdf.file, zip.file, fromJson.file, withLogo.file, fromFolder.file]) fs.rmSync(f, { force: true });
  console.log(tally.failures ? `${tally.failures} check(s) failed` : "all checks passed");
  process.exit(tally.failures ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

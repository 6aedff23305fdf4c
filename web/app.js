// Turns the page's inputs into calls of the report engine (engine.js, the grant-report library
// compiled to WebAssembly, run in worker.js or in the page) and shows what it says: problems beside the input they concern, the
// PDF in the page and as a download. Nothing here decides anything about the report.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const SETTINGS = "report.toml";
  const TEMPLATE = "case-study.hbs";
  const TEMPLATE_CY = "case-study.cy.hbs";
  const state = { data: null, logo: null, pictures: [], photos: [], url: null, engine: null, defaults: null };

  // The engine runs in a worker when the page is served (the page stays responsive while it
  // builds); a page opened from a folder may start no worker, so there it runs in the page.
  const CANCELLED = "cancelled";
  function inWorker() {
    const worker = new Worker("worker.js");
    const waiting = new Map();
    let next = 0;
    worker.onmessage = (e) => {
      if (e.data.progress) {
        showProgress(e.data.progress);
        return;
      }
      if (e.data.piece) {
        state.sink?.write(e.data.piece);
        return;
      }
      if (e.data.scratch) {
        state.sink?.scratch(e.data.scratch);
        return;
      }
      const { id, ok, result, error } = e.data;
      const w = waiting.get(id);
      waiting.delete(id);
      if (ok) w.resolve(result);
      else w.reject(error);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      for (const w of waiting.values()) w.reject(`the report engine stopped: ${e.message}`);
      waiting.clear();
    };
    const call = (name, ...args) =>
      new Promise((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, call: name, args });
      });
    // Cancel: the worker is stopped at once, whatever it is doing, and a new one started.
    const cancel = () => {
      worker.terminate();
      for (const w of waiting.values()) w.reject(CANCELLED);
      waiting.clear();
      state.engine = inWorker();
    };
    return { where: "worker", call, cancel };
  }

  // How far a build has got: the engine's stage, a bar, and "case study 120 of 10,000".
  const STAGES = {
    typesetting: ["Setting the case studies", "Gosod yr astudiaethau achos"],
    "laying out": ["Laying out the pages", "Gosod y tudalennau"],
    "writing files": ["Making the files", "Gwneud y ffeiliau"],
  };
  function showProgress({ stage, done, total }) {
    $("progress-box").hidden = false;
    $("progress").max = Math.max(total, 1);
    $("progress").value = done;
    const [en, cy] = STAGES[stage] || [stage, stage];
    const [of, n, all] = [w("of", "o"), done.toLocaleString("en-GB"), total.toLocaleString("en-GB")];
    $("progress-label").textContent = `${w(en, cy)}: ${n} ${of} ${all}`;
  }

  function script(src) {
    return new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = src;
      s.onload = resolve;
      s.onerror = () => reject(new Error(`${src} could not be loaded`));
      document.body.append(s);
    });
  }

  // The single file (grant-report.html) holds the engine's scripts already.
  const single = Boolean(self.GRANT_REPORT_SINGLE_FILE);

  async function inPage() {
    if (!single) {
      for (const src of ["engine-wasm.js", "engine.js", "engine-calls.js"]) await script(src);
    }
    await wasm_bindgen({ module_or_path: self.engineBytes() });
    self.grantReportWrite = (bytes) => state.sink?.write(new Blob([bytes]));
    const calls = self.engineCalls(wasm_bindgen);
    const call = async (name, ...args) => calls[name](...args);
    return { where: "page", call };
  }

  // The page's own words in English or Welsh (cymraeg.js): the browser's language first,
  // then the reader's choice, kept in this browser.
  const english = new Map();
  const w = (en, cy) => (state.welsh ? cy : en);
  function pageWords(welsh) {
    state.welsh = welsh;
    const cy = self.GRANT_REPORT_CY || {};
    document.documentElement.lang = welsh ? "cy" : "en-GB";
    if (!english.has(document)) english.set(document, document.title);
    document.title = welsh ? cy[english.get(document)] || english.get(document) : english.get(document);
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.parentElement.closest("textarea, script, .problems, .warnings, [role=status], #ui-language")) continue;
      const en = english.has(n) ? english.get(n) : n.nodeValue;
      const key = en.replace(/\s+/g, " ").trim();
      if (!(key in cy)) continue;
      english.set(n, en);
      n.nodeValue = welsh ? en.match(/^\s*/)[0] + cy[key] + en.match(/\s*$/)[0] : en;
    }
    const button = $("ui-language");
    button.textContent = welsh ? "English" : "Cymraeg";
    button.lang = welsh ? "en-GB" : "cy";
    try {
      localStorage.setItem("grant-report:ui", welsh ? "cy" : "en");
    } catch (_) {
      // The choice is not kept; the page still works.
    }
  }

  function welshFirst() {
    try {
      const kept = localStorage.getItem("grant-report:ui");
      if (kept) return kept === "cy";
    } catch (_) {
      // No storage: follow the browser.
    }
    return (navigator.languages || [navigator.language]).some((l, i) => i === 0 && /^cy\b/i.test(l));
  }

  async function start() {
    forgetOldZips();
    if (!single) await script("cymraeg.js").catch(() => {});
    pageWords(welshFirst());
    let defaults = null;
    if (!single && (location.protocol === "http:" || location.protocol === "https:")) {
      try {
        state.engine = inWorker();
        defaults = await state.engine.call("defaults");
      } catch (e) {
        state.engine = null;
      }
    }
    if (!defaults) {
      state.engine = await inPage();
      defaults = await state.engine.call("defaults");
    }
    state.defaults = defaults;
    $("settings").value = defaults.settings;
    $("template").value = defaults.template;
    $("template-cy").value = defaults.templateCy;
    $("date").value = today();
    const back = restore();
    await showSettings();
    $("loading").textContent = back
      ? w("The report engine is ready. Your settings and templates from last time are back (kept in this browser only); “Put the settings and templates back as they were” starts afresh.",
        "Mae peiriant yr adroddiad yn barod. Mae eich gosodiadau a'ch templedi o'r tro diwethaf yn ôl (wedi'u cadw yn y porwr hwn yn unig); mae “Rhoi'r gosodiadau a'r templedi yn ôl fel yr oeddent” yn dechrau o'r newydd.")
      : w("The report engine is ready.", "Mae peiriant yr adroddiad yn barod.");
    document.body.dataset.engine = state.engine.where;
    document.body.dataset.ready = "true";
    enable();
  }

  // What the user typed in the boxes is kept in this browser (localStorage, never sent
  // anywhere), so neither a failed build nor a reload loses it; the defaults are not kept.
  const KEPT = { settings: "settings", template: "template", "template-cy": "templateCy" };
  function keep() {
    try {
      for (const [id, name] of Object.entries(KEPT)) {
        const value = $(id).value;
        const unchanged = value === state.defaults[name] || (id === "settings" && value === state.defaults.sampleSettings);
        if (unchanged) localStorage.removeItem(`grant-report:${id}`);
        else localStorage.setItem(`grant-report:${id}`, value);
      }
    } catch (_) {
      // Storage may be off or full; the boxes still work.
    }
  }

  function restore() {
    let back = false;
    try {
      for (const id of Object.keys(KEPT)) {
        const value = localStorage.getItem(`grant-report:${id}`);
        if (value !== null && value !== $(id).value) {
          $(id).value = value;
          back = true;
        }
      }
    } catch (_) {
      return false;
    }
    return back;
  }

  function today() {
    const d = new Date();
    const two = (n) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
  }

  function enable() {
    const ready = state.engine && state.data;
    $("check").disabled = !ready;
    $("build").disabled = !ready;
  }

  // The most each kind of file may hold: the engine's own limits (src/files.rs), said before
  // the browser reads a file far too big into memory.
  const LIMITS = { data: 256 << 20, image: 32 << 20, text: 4 << 20, zip: 512 << 20 };

  async function readFile(file, limit, where) {
    if (file.size > limit) {
      const mb = (n) => `${Math.round(n / (1 << 20))} MB`;
      $(where).replaceChildren();
      show([{ file: file.name, message: `this file is ${mb(file.size)}, more than the ${mb(limit)} such a file may be; it was not read`,
        hint: "choose the right file, or export fewer grants", place: where }], "error");
      return null;
    }
    return new Uint8Array(await file.arrayBuffer());
  }

  async function chooseData(file) {
    const bytes = await readFile(file, LIMITS.data, "problems-data");
    if (!bytes) return;
    state.data = { name: baseName(file.name), bytes };
    // Your own data never keeps the sample's title and organisation.
    if ($("settings").value === state.defaults.sampleSettings) $("settings").value = state.defaults.settings;
    $("data-name").textContent = `${w("Data file", "Ffeil ddata")}: ${state.data.name}`;
    clearProblems();
    enable();
    await showSettings();
    await listProgrammes();
  }

  function baseName(name) {
    return name.split(/[\\/]/).pop();
  }

  // The settings name the chosen logo (as `logo = "file"` under [cover]), so nobody has to.
  async function nameLogo(name) {
    await setSetting("cover.logo", name);
    $("logo-note").textContent = `${w("The settings now name this logo", "Mae'r gosodiadau bellach yn enwi'r logo hwn")}: logo = ${JSON.stringify(name)}`;
  }

  // The controls of step 2, each writing one setting of report.toml (the engine edits the
  // text and keeps every other line and note), and showing what the text holds when it is
  // typed, loaded or reset. Edits run one after another, and a build waits for them.
  const CONTROLS = [
    { id: "c-title", path: "title", kind: "text" },
    { id: "c-organisation", path: "organisation", kind: "text" },
    { id: "date", path: "date", kind: "date" },
    { id: "c-accent", path: "colours.accent", kind: "colour", unset: "#1f5f6b" },
    { id: "c-language", path: "language", kind: "choice" },
    { id: "c-awarded-from", path: "select.awarded_from", kind: "text" },
    { id: "c-awarded-to", path: "select.awarded_to", kind: "text" },
    { id: "c-min-amount", path: "select.min_amount", kind: "amount" },
    { id: "c-max-amount", path: "select.max_amount", kind: "amount" },
    { id: "c-sort", path: "case_study.sort", kind: "choice" },
    { id: "c-order", path: "case_study.order", kind: "choice" },
    { id: "c-sections", path: "sections", kind: "flag", on: "programme" },
    { id: "c-key-facts", path: "case_study.key_facts", kind: "yes" },
    { id: "c-fit", path: "fit", kind: "yes" },
    { id: "c-contents", path: "contents.enabled", kind: "yes" },
    { id: "c-duplex", path: "page.duplex", kind: "yes" },
    { id: "c-paper", path: "page.size", kind: "choice" },
  ];
  const CHARTS = ["c-chart-programme", "c-chart-duration"];
  state.edits = Promise.resolve();

  function setSetting(path, value) {
    state.edits = state.edits.then(async () => {
      $("problems-settings-file").replaceChildren();
      try {
        $("settings").value = await state.engine.call("setSetting", $("settings").value, path, JSON.stringify(value));
        keep();
      } catch (e) {
        show([{ file: SETTINGS, message: String(e), place: "problems-settings-file",
          hint: "mend the settings text below (check lists the mistake), then choose again" }], "error");
      }
    });
    return state.edits;
  }

  // What a control asks report.toml to hold (null: the setting taken out, its default).
  function valueOf(c) {
    const input = $(c.id);
    const text = input.value.trim();
    switch (c.kind) {
      case "yes": return input.checked;
      case "flag": return input.checked ? c.on : null;
      case "colour": return input.value.toUpperCase();
      case "amount": return text === "" ? null : /^\d+$/.test(text) ? Number(text) : text;
      default: return text === "" ? null : text;
    }
  }

  function at(values, path) {
    return path.split(".").reduce((v, k) => (v && typeof v === "object" ? v[k] : undefined), values);
  }

  function otherLanguage(tag) {
    return tag.startsWith("cy") ? "en-GB" : "cy";
  }

  function editionsValue() {
    const mode = $("c-editions").value;
    const lang = $("c-language").value;
    return mode === "one" ? null : [lang, otherLanguage(lang)];
  }

  async function writeEditions() {
    await setSetting("editions", editionsValue());
    await setSetting("bilingual", $("c-editions").value === "bilingual" ? true : null);
    welshShown();
  }

  function welshShown() {
    const welsh = $("c-language").value.startsWith("cy") || $("c-editions").value !== "one";
    $("welsh-template").hidden = !welsh;
  }

  // The controls show what report.toml's text holds.
  async function showSettings() {
    const values = JSON.parse(await state.engine.call("settingsValues", $("settings").value));
    if (values.error) return;
    for (const c of CONTROLS) {
      const input = $(c.id);
      const v = at(values, c.path);
      if (c.kind === "yes") input.checked = v === true;
      else if (c.kind === "flag") input.checked = v === c.on;
      else if (c.kind === "colour") input.value = typeof v === "string" && /^#[0-9a-f]{6}$/i.test(v) ? v.toLowerCase() : c.unset;
      else if (c.kind === "choice") input.value = v === undefined ? input.options[0].value : String(v);
      else if (c.kind === "date") { if (v !== undefined) input.value = String(v); }
      else input.value = v === undefined ? "" : String(v);
    }
    // PDF, the web page or both: report.toml's formats (none: a PDF).
    const formats = at(values, "formats");
    const made = Array.isArray(formats) && formats.length ? formats.join(",") : "pdf";
    for (const radio of document.querySelectorAll("input[name=format]")) radio.checked = radio.value === made;
    const charts = at(values, "summary.charts");
    for (const id of CHARTS) $(id).checked = Array.isArray(charts) ? charts.includes($(id).value) : true;
    const editions = at(values, "editions");
    $("c-editions").value = !Array.isArray(editions) || editions.length < 2 ? "one"
      : at(values, "bilingual") === true ? "bilingual" : "editions";
    welshShown();
    tickProgrammes(at(values, "select.programmes"));
  }

  // The programme filter: every programme in the data, ticked when the settings keep it.
  async function listProgrammes() {
    let list = [];
    try {
      if (state.data) list = JSON.parse(await state.engine.call("programmes", files(), $("date").value));
    } catch (_) {
      // Cancelled, or the engine restarted: the list stays empty until the data is chosen again.
    }
    const box = $("c-programmes-list");
    box.replaceChildren();
    $("c-programmes-hint").textContent = list.length
      ? w("Untick a programme to leave its grants out.", "Dad-diciwch raglen i adael ei grantiau allan.")
      : w("The programmes in your data are listed here once it is read without problems.",
        "Bydd y rhaglenni yn eich data'n cael eu rhestru yma unwaith y caiff ei ddarllen heb broblemau.");
    for (const p of list) {
      const label = document.createElement("label");
      label.className = "choice";
      const box1 = document.createElement("input");
      box1.type = "checkbox";
      box1.value = p.name;
      box1.name = "programme";
      box1.checked = true;
      box1.addEventListener("change", () => chooseProgrammes(box1));
      label.append(box1, ` ${p.name} (${plural(p.grants, "grant")})`);
      box.append(label);
    }
    const values = JSON.parse(await state.engine.call("settingsValues", $("settings").value));
    if (!values.error) tickProgrammes(at(values, "select.programmes"));
  }

  function tickProgrammes(chosen) {
    const wanted = Array.isArray(chosen) ? chosen.map((n) => String(n).toLowerCase()) : null;
    for (const b of document.querySelectorAll("#c-programmes-list input")) {
      b.checked = !wanted || wanted.includes(b.value.toLowerCase());
    }
  }

  function chooseProgrammes(changed) {
    const boxes = [...document.querySelectorAll("#c-programmes-list input")];
    const ticked = boxes.filter((b) => b.checked).map((b) => b.value);
    if (ticked.length === 0) {
      changed.checked = true;
      $("c-programmes-hint").textContent = w("At least one programme must stay in the report.", "Rhaid i o leiaf un rhaglen aros yn yr adroddiad.");
      return;
    }
    setSetting("select.programmes", ticked.length === boxes.length ? null : ticked);
  }

  function wireControls() {
    for (const c of CONTROLS) {
      $(c.id).addEventListener("change", async () => {
        await setSetting(c.path, valueOf(c));
        if (c.id === "c-language") await writeEditions();
      });
    }
    for (const radio of document.querySelectorAll("input[name=format]")) {
      radio.addEventListener("change", () => radio.checked &&
        setSetting("formats", radio.value === "pdf" ? null : radio.value.split(",")));
    }
    for (const id of CHARTS) {
      $(id).addEventListener("change", () =>
        setSetting("summary.charts", CHARTS.filter((c) => $(c).checked).map((c) => $(c).value)));
    }
    $("c-editions").addEventListener("change", writeEditions);
    let typing = null;
    for (const id of Object.keys(KEPT)) $(id).addEventListener("input", keep);
    $("settings").addEventListener("input", () => {
      clearTimeout(typing);
      typing = setTimeout(showSettings, 300);
    });
    $("save-settings").addEventListener("click", async () => {
      await state.edits;
      const a = document.createElement("a");
      const url = URL.createObjectURL(new Blob([$("settings").value], { type: "application/toml" }));
      a.href = url;
      a.download = SETTINGS;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    });
    $("load-settings").addEventListener("change", async (e) => {
      const file = e.target.files[0];
      if (!file) return;
      const bytes = await readFile(file, LIMITS.text, "problems-settings-file");
      if (!bytes) return;
      $("settings").value = new TextDecoder().decode(bytes);
      keep();
      await showSettings();
      $("status").textContent = w(`The settings from ${baseName(file.name)} are in use.`, `Mae'r gosodiadau o ${baseName(file.name)} yn cael eu defnyddio.`);
    });
  }

  // The files as the engine takes them: the data, report.toml, the template, logo, others.
  function files() {
    const enc = new TextEncoder();
    const others = [
      { name: SETTINGS, bytes: enc.encode($("settings").value) },
      { name: TEMPLATE, bytes: enc.encode($("template").value) },
      { name: TEMPLATE_CY, bytes: enc.encode($("template-cy").value) },
    ];
    if (state.logo) others.push(state.logo);
    others.push(...state.photos, ...state.pictures);
    return { data: state.data, sheet: $("sheet").value, others };
  }

  function split() {
    return document.querySelector("input[name=split]:checked").value;
  }


  // Where a problem is shown: beside the input its file came from.
  function placeFor(d) {
    const file = d.file ? baseName(d.file) : "";
    if (state.data && file === state.data.name) return "problems-data";
    if (file === SETTINGS) return "problems-settings";
    if (file === TEMPLATE) return "problems-template";
    if (file === TEMPLATE_CY) return "problems-template-cy";
    return "problems-other";
  }

  function clearProblems() {
    for (const id of ["problems-data", "problems-photos", "problems-settings", "problems-template", "problems-template-cy", "problems-other", "warnings"]) {
      $(id).replaceChildren();
    }
  }

  function describe(d) {
    const li = document.createElement("li");
    const where = [];
    if (d.file) where.push(baseName(d.file));
    if (d.record) where.push(d.record);
    if (d.line) where.push(`line ${d.line}`);
    if (d.column) where.push(`column “${d.column}”`);
    else if (d.col) where.push(`column ${d.col}`);
    if (d.value !== null && d.value !== undefined) where.push(`value “${d.value}”`);
    const head = document.createElement("span");
    head.className = "where";
    head.textContent = where.length ? where.join(", ") + ":" : "";
    const message = document.createElement("span");
    message.textContent = d.message.charAt(0).toUpperCase() + d.message.slice(1);
    li.append(head, message);
    if (d.source) {
      const pre = document.createElement("pre");
      pre.className = "source";
      pre.textContent = d.source;
      li.append(pre);
    }
    if (d.hint) {
      const hint = document.createElement("span");
      hint.textContent = `${w("What to do", "Beth i'w wneud")}: ${d.hint}`;
      li.append(hint);
    }
    return li;
  }

  // Shows each problem beside the input it concerns; returns the first list's heading.
  function show(list, kind) {
    const lists = new Map();
    let first = null;
    for (const d of list) {
      const id = kind === "warning" ? "warnings" : d.place || placeFor(d);
      // A note (what --fit shrank) is news, not a fault: it gets its own list.
      const heading = kind !== "warning" ? w("Problems to fix", "Problemau i'w trwsio")
        : d.severity === "note" ? w("Notes", "Nodiadau")
          : w("Warnings (the report can still be made)", "Rhybuddion (gellir gwneud yr adroddiad o hyd)");
      const key = `${id}\n${heading}`;
      if (!lists.has(key)) {
        const ul = document.createElement("ul");
        const title = document.createElement("h3");
        title.textContent = heading;
        title.tabIndex = -1;
        first = first || title;
        $(id).append(title, ul);
        lists.set(key, ul);
      }
      lists.get(key).append(describe(d));
    }
    if ([...lists.keys()].some((k) => /^problems-(settings|template)\n/.test(k))) {
      $("settings-box").open = true;
    }
    return first;
  }

  // Problems stop the report: say how many, and take the reader to the first of them.
  function stopped(problems, what) {
    $("status").textContent = w(`${plural(problems.length, "problem")} to fix ${what}; each is listed beside the input it concerns.`,
      `${problems.length} problem i'w trwsio; mae pob un wedi'i rhestru wrth ymyl y mewnbwn y mae'n ymwneud ag ef.`);
    const first = show(problems, "error");
    if (first) first.focus();
  }

  function plural(n, word) {
    return `${n} ${word}${n === 1 ? "" : "s"}`;
  }

  // Lets the status line paint before the engine takes the page's thread; a page in the
  // background paints no frames, so it goes on after a tenth of a second regardless.
  function afterPaint() {
    return new Promise((resolve) => {
      const anyway = setTimeout(resolve, 100);
      requestAnimationFrame(() => setTimeout(() => {
        clearTimeout(anyway);
        resolve();
      }, 0));
    });
  }

  // Where a split build's zip goes as the engine makes it, so the page never holds it whole
  // (worker.js says how): a file in this site's private storage, or Blobs. When it is done,
  // it is saved into the file the user chose (showSaveFilePicker; kept only when complete),
  // or offered as a download.
  async function privateFiles() {
    return navigator.storage.getDirectory();
  }
  async function forget(name) {
    try {
      await (await privateFiles()).removeEntry(name);
    } catch (_) {
      // Gone already, or still open in another tab: left for the next clean-up.
    }
  }
  function sinkTo(writable) {
    const parts = [];
    let scratch = null;
    return {
      write: (piece) => parts.push(piece),
      scratch: (name) => {
        scratch = name;
      },
      // The Blob to offer, or null when it was saved in the chosen file.
      async close(type) {
        const made = scratch
          ? await (await (await privateFiles()).getFileHandle(scratch)).getFile()
          : new Blob(parts, { type });
        parts.length = 0;
        if (!writable) {
          state.kept = scratch;
          return new Blob([made], { type });
        }
        try {
          await writable.write(made);
          await writable.close();
        } catch (e) {
          await writable.abort().catch(() => {});
          throw Object.assign(new Error(e.message || String(e)), { saving: true });
        } finally {
          if (scratch) await forget(scratch);
        }
        return null;
      },
      // A build that stopped: nothing half-written is kept.
      async abort() {
        parts.length = 0;
        if (writable) await writable.abort().catch(() => {});
        if (scratch) await forget(scratch);
      },
    };
  }

  // Zips a build left in the private storage more than a day ago (a closed tab's download).
  async function forgetOldZips() {
    try {
      for await (const [name, handle] of (await privateFiles()).entries()) {
        if (!/^grant-report-\d+-\w+\.zip$/.test(name) || handle.kind !== "file") continue;
        if (Date.now() - (await handle.getFile()).lastModified > 86400000) await forget(name);
      }
    } catch (_) {
      // No private storage here.
    }
  }

  // A split build asks where to save its zip first, where the browser can write it as it is
  // made (a worker makes it, so the page is free to write); null: offered as a download.
  async function chooseTarget() {
    if (split() === "" || typeof self.showSaveFilePicker !== "function" || state.engine.where !== "worker") return null;
    try {
      const handle = await self.showSaveFilePicker({ suggestedName: "report.zip",
        types: [{ description: w("A zip of reports", "Ffeil zip o adroddiadau"), accept: { "application/zip": [".zip"] } }] });
      return await handle.createWritable();
    } catch (e) {
      if (e.name === "AbortError") return CANCELLED;
      return null;
    }
  }

  async function run(what, target = null) {
    await state.edits;
    clearProblems();
    $("result").hidden = true;
    $("check").disabled = $("build").disabled = true;
    $("status").textContent = what === "check" ? w("Checking…", "Wrthi'n gwirio…") : w("Making the report…", "Wrthi'n gwneud yr adroddiad…");
    $("progress-box").hidden = true;
    $("cancel").hidden = !state.engine.cancel;
    await afterPaint();
    const started = performance.now();
    try {
      if (what === "check") await checkNow();
      else await buildNow(target);
    } catch (e) {
      if (state.sink) await state.sink.abort();
      state.sink = null;
      if (e === CANCELLED) {
        $("status").textContent = what === "check" ? w("Cancelled: the check was stopped.", "Wedi canslo: cafodd y gwirio ei atal.")
          : w("Cancelled: no report was made.", "Wedi canslo: ni wnaed adroddiad.");
        return finished(started);
      }
      // The engine never fails this way on bad files (they get problems); this is a bug.
      show([{ message: `the report engine stopped unexpectedly: ${e}`,
        hint: "reload the page to start again, and tell grant-report's makers which file did this" }], "error");
      $("status").textContent = w("Something went wrong; see below.", "Aeth rhywbeth o'i le; gweler isod.");
    }
    await finished(started);
  }

  async function finished(started) {
    $("cancel").hidden = true;
    $("progress-box").hidden = true;
    document.body.dataset.lastMs = String(Math.round(performance.now() - started));
    document.body.dataset.memoryBytes = String(await state.engine.call("memory"));
    document.body.dataset.done = String(Number(document.body.dataset.done || 0) + 1);
    enable();
  }

  async function checkNow() {
    const result = JSON.parse(await state.engine.call("check", files(), $("date").value));
    if (result.ok) {
      $("status").textContent = w(`No problems: ${plural(result.grants, "grant")} ready, ${result.awarded} awarded.`,
        `Dim problemau: ${result.grants} grant yn barod, ${result.awarded} wedi'i ddyfarnu.`);
    } else {
      stopped(result.problems, "before the report can be made");
    }
    show(result.warnings, "warning");
  }

  // A split build streams its zip (sinkTo); one report comes whole.
  async function buildNow(target) {
    const streamed = split() !== "";
    state.sink = streamed ? sinkTo(target) : null;
    if (state.kept) {
      // The last build's zip, offered from the private storage, gives way to this one.
      if (state.url) URL.revokeObjectURL(state.url);
      state.url = null;
      $("download").href = "#";
      await forget(state.kept);
      state.kept = null;
    }
    let out;
    try {
      out = await state.engine.call("build", files(), $("date").value, split(), "", streamed);
    } catch (e) {
      let result;
      try {
        result = JSON.parse(e);
      } catch (_) {
        throw e;
      }
      await state.sink?.abort();
      state.sink = null;
      stopped(result.problems, "(no report was made)");
      return;
    }
    const summary = JSON.parse(out.summary);
    const name = out.name;
    const type = name.endsWith(".zip")
      ? "application/zip"
      : name.endsWith(".html") ? "text/html" : "application/pdf";
    const sink = state.sink;
    state.sink = null;
    let blob;
    try {
      blob = sink ? await sink.close(type) : new Blob([out.bytes], { type });
    } catch (e) {
      if (!e.saving) throw e;
      show([{ file: name, message: `the zip could not be saved where you chose: ${e.message}`,
        hint: "choose another place (with room for it) and make the report again" }], "error");
      $("status").textContent = w("Not saved; see below.", "Heb ei gadw; gweler isod.");
      return;
    }
    if (state.url) URL.revokeObjectURL(state.url);
    state.url = blob && URL.createObjectURL(blob);
    const link = $("download");
    link.hidden = !blob;
    link.href = state.url || "#";
    link.download = name;
    link.dataset.bytes = String(blob ? blob.size : 0);
    const size = blob && blob.size >= 1 << 20 ? ` (${Math.round(blob.size / (1 << 20))} MB)` : "";
    link.textContent = `${w("Download", "Lawrlwytho")} ${name}${size}`;
    const preview = $("preview");
    preview.hidden = type !== "application/pdf";
    preview.src = type === "application/pdf" ? state.url : "about:blank";
    $("result").hidden = false;
    const count = summary.files.length;
    const made = count > 1 ? ` (${w(plural(count, "file"), `${count} ffeil`)})` : "";
    const pages = type === "text/html" ? w("a web page", "tudalen we") : w(plural(summary.pages, "page"), `${summary.pages} tudalen`);
    const [did, wnaed] = blob ? ["Made", "Gwnaed"] : ["Saved", "Cadwyd"];
    $("status").textContent = w(`${did} ${name}${made}: ${pages}, ${plural(summary.grants, "grant")}, ${summary.awarded} awarded.`,
      `${wnaed} ${name}${made}: ${pages}, ${summary.grants} grant, ${summary.awarded} wedi'i ddyfarnu.`);
    show(summary.warnings, "warning");
  }

  $("data").addEventListener("change", (e) => {
    if (e.target.files[0]) chooseData(e.target.files[0]);
  });
  $("sample").addEventListener("click", async () => {
    state.data = { name: "grants.csv", bytes: new TextEncoder().encode(state.defaults.sample) };
    // The sample comes with its own settings (its title and organisation), unless the
    // settings were already changed.
    if ($("settings").value === state.defaults.settings) $("settings").value = state.defaults.sampleSettings;
    $("data").value = "";
    $("data-name").textContent = w("Data file: the sample data (grants.csv)", "Ffeil ddata: y data enghreifftiol (grants.csv)");
    clearProblems();
    enable();
    await showSettings();
    await listProgrammes();
  });
  const drop = $("drop");
  drop.addEventListener("dragover", (e) => {
    e.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    if (e.dataTransfer.files[0]) chooseData(e.dataTransfer.files[0]);
  });
  $("logo").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    const bytes = await readFile(file, LIMITS.image, "problems-settings");
    if (!bytes) return;
    state.logo = { name: baseName(file.name), bytes };
    await nameLogo(state.logo.name);
  });
  // Other files: pictures beside the data, introductions beside report.toml. A programme's
  // introduction is read from sections/<programme>.md, so a text file is also put there.
  $("pictures").addEventListener("change", async (e) => {
    const text = (name) => /\.(md|markdown|txt)$/i.test(name);
    const read = await Promise.all(
      [...e.target.files].map(async (f) => ({
        name: baseName(f.name),
        bytes: await readFile(f, text(f.name) ? LIMITS.text : LIMITS.image, "problems-other"),
      })),
    );
    const chosen = read.filter((p) => p.bytes);
    state.pictures = chosen.flatMap((p) => (text(p.name) ? [p, { name: `sections/${p.name}`, bytes: p.bytes }] : [p]));
    $("pictures-note").textContent = chosen.length ? `Files: ${chosen.map((p) => p.name).join(", ")}` : "";
  });
  // Photos: a folder's pictures under their paths in it, with and without the folder's own
  // name ("photos/p1.png" and "p1.png"); chosen pictures under their names; a zip's as the
  // engine unpacks them.
  const PICTURE = /\.(png|jpe?g|svg)$/i;
  async function choosePhotos(list, fromFolder) {
    $("problems-photos").replaceChildren();
    const photos = [];
    for (const f of list) {
      if (/\.zip$/i.test(f.name) && !fromFolder) {
        const bytes = await readFile(f, LIMITS.zip, "problems-photos");
        if (!bytes) continue;
        try {
          photos.push(...(await state.engine.call("unzip", bytes)));
        } catch (e) {
          show([{ file: baseName(f.name), message: String(e), place: "problems-photos",
            hint: "choose a .zip of PNG, JPEG or SVG pictures" }], "error");
        }
        continue;
      }
      if (!PICTURE.test(f.name)) continue;
      const bytes = await readFile(f, LIMITS.image, "problems-photos");
      if (!bytes) continue;
      const where = (fromFolder && f.webkitRelativePath) || f.name;
      photos.push({ name: where, bytes });
      const inside = where.split("/").slice(1).join("/");
      if (fromFolder && inside) photos.push({ name: inside, bytes });
    }
    state.photos = photos;
    const shown = fromFolder ? photos.filter((p) => p.name.includes("/")) : photos;
    $("photos-note").textContent = shown.length
      ? `${w(plural(shown.length, "picture"), `${shown.length} llun`)}: ${shown.slice(0, 8).map((p) => p.name).join(", ")}${shown.length > 8 ? ", …" : ""}`
      : w("No pictures (PNG, JPEG or SVG) were found there.", "Ni chafwyd hyd i luniau (PNG, JPEG neu SVG) yno.");
  }
  $("photo-folder").addEventListener("change", (e) => choosePhotos([...e.target.files], true));
  $("photo-files").addEventListener("change", (e) => choosePhotos([...e.target.files], false));

  $("reset").addEventListener("click", async () => {
    $("settings").value = state.defaults.settings;
    $("template").value = state.defaults.template;
    $("template-cy").value = state.defaults.templateCy;
    state.logo = null;
    $("logo").value = "";
    $("logo-note").textContent = "";
    keep();
    await showSettings();
  });
  wireControls();
  $("ui-language").addEventListener("click", () => pageWords(!state.welsh));
  $("cancel").addEventListener("click", () => {
    if (state.engine.cancel) state.engine.cancel();
  });
  $("check").addEventListener("click", () => run("check"));
  $("build").addEventListener("click", async () => {
    const target = await chooseTarget();
    if (target !== CANCELLED) return run("build", target);
    $("status").textContent = w("Not made: no place to save report.zip was chosen.",
      "Heb ei wneud: ni ddewiswyd lle i gadw report.zip.");
  });

  start().catch((e) => {
    $("loading").textContent = `${w("The report engine could not start in this browser", "Ni allai peiriant yr adroddiad ddechrau yn y porwr hwn")}: ${e}`;
  });
})();

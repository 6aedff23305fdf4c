// Turns the page's inputs into calls of the report engine (engine.js, the grant-report library
// compiled to WebAssembly) and shows what it says: problems beside the input they concern, the
// PDF in the page and as a download. Nothing here decides anything about the report.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const SETTINGS = "report.toml";
  const TEMPLATE = "case-study.hbs";
  const state = { data: null, logo: null, pictures: [], url: null, engine: null };

  // The engine's bytes come in engine-wasm.js as base64, so the page also works opened from a
  // folder (file://), where a browser will not fetch files.
  function wasmBytes() {
    const text = atob(self.GRANT_REPORT_WASM);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return bytes;
  }

  async function start() {
    await wasm_bindgen({ module_or_path: wasmBytes() });
    self.GRANT_REPORT_WASM = null;
    state.engine = wasm_bindgen;
    $("settings").value = state.engine.default_settings();
    $("template").value = state.engine.default_template();
    $("date").value = today();
    $("loading").textContent = "The report engine is ready.";
    document.body.dataset.ready = "true";
    enable();
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
  const LIMITS = { data: 256 << 20, image: 32 << 20 };

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
    $("data-name").textContent = `Data file: ${state.data.name}`;
    clearProblems();
    enable();
  }

  function baseName(name) {
    return name.split(/[\\/]/).pop();
  }

  // The settings name the chosen logo (as `logo = "file"` under [cover]), so nobody has to.
  function nameLogo(name) {
    const line = `logo = ${JSON.stringify(name)}`;
    let text = $("settings").value;
    if (/^\s*#?\s*logo\s*=.*$/m.test(text)) {
      text = text.replace(/^\s*#?\s*logo\s*=.*$/m, line);
    } else if (/^\[cover\]\s*$/m.test(text)) {
      text = text.replace(/^\[cover\]\s*$/m, `[cover]\n${line}`);
    } else {
      text += `\n[cover]\n${line}\n`;
    }
    $("settings").value = text;
    $("logo-note").textContent = `The settings now name this logo: ${line}`;
  }

  function project() {
    const enc = new TextEncoder();
    const p = new state.engine.Project();
    p.add_data(state.data.name, state.data.bytes);
    p.set_sheet($("sheet").value);
    p.add_file(SETTINGS, enc.encode($("settings").value));
    p.add_file(TEMPLATE, enc.encode($("template").value));
    if (state.logo) p.add_file(state.logo.name, state.logo.bytes);
    for (const pic of state.pictures) p.add_file(pic.name, pic.bytes);
    return p;
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
    return "problems-other";
  }

  function clearProblems() {
    for (const id of ["problems-data", "problems-settings", "problems-template", "problems-other", "warnings"]) {
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
      hint.textContent = `What to do: ${d.hint}`;
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
      if (!lists.has(id)) {
        const ul = document.createElement("ul");
        const title = document.createElement("h3");
        title.textContent = kind === "warning" ? "Warnings (the report can still be made)" : "Problems to fix";
        title.tabIndex = -1;
        first = first || title;
        $(id).append(title, ul);
        lists.set(id, ul);
      }
      lists.get(id).append(describe(d));
    }
    if (lists.has("problems-settings") || lists.has("problems-template")) {
      $("settings-box").open = true;
    }
    return first;
  }

  // Problems stop the report: say how many, and take the reader to the first of them.
  function stopped(problems, what) {
    $("status").textContent = `${plural(problems.length, "problem")} to fix ${what}; each is listed beside the input it concerns.`;
    const first = show(problems, "error");
    if (first) first.focus();
  }

  function plural(n, word) {
    return `${n} ${word}${n === 1 ? "" : "s"}`;
  }

  // Lets the status line paint before the engine takes the page's thread.
  function afterPaint() {
    return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  }

  async function run(what) {
    clearProblems();
    $("result").hidden = true;
    $("check").disabled = $("build").disabled = true;
    $("status").textContent = what === "check" ? "Checking…" : "Making the report…";
    await afterPaint();
    const started = performance.now();
    try {
      if (what === "check") checkNow();
      else buildNow();
    } catch (e) {
      // The engine never fails this way on bad files (they get problems); this is a bug.
      show([{ message: `the report engine stopped unexpectedly: ${e}`,
        hint: "reload the page to start again, and tell grant-report's makers which file did this" }], "error");
      $("status").textContent = "Something went wrong; see below.";
    }
    document.body.dataset.lastMs = String(Math.round(performance.now() - started));
    document.body.dataset.memoryBytes = String(state.engine.memory_bytes());
    document.body.dataset.done = String(Number(document.body.dataset.done || 0) + 1);
    enable();
  }

  function checkNow() {
    const p = project();
    const result = JSON.parse(p.check($("date").value));
    p.free();
    if (result.ok) {
      $("status").textContent = `No problems: ${plural(result.grants, "grant")} ready, ${result.awarded} awarded.`;
    } else {
      stopped(result.problems, "before the report can be made");
    }
    show(result.warnings, "warning");
  }

  function buildNow() {
    const p = project();
    let out;
    try {
      out = p.build($("date").value, split());
    } catch (e) {
      p.free();
      const result = typeof e === "string" ? JSON.parse(e) : { problems: [{ message: String(e) }] };
      stopped(result.problems, "(no report was made)");
      return;
    }
    p.free();
    const summary = JSON.parse(out.summary);
    const name = out.name;
    const type = name.endsWith(".zip") ? "application/zip" : "application/pdf";
    const blob = new Blob([out.take_bytes()], { type });
    out.free();
    if (state.url) URL.revokeObjectURL(state.url);
    state.url = URL.createObjectURL(blob);
    const link = $("download");
    link.href = state.url;
    link.download = name;
    link.textContent = `Download ${name}`;
    const preview = $("preview");
    preview.hidden = type !== "application/pdf";
    preview.src = type === "application/pdf" ? state.url : "about:blank";
    $("result").hidden = false;
    const files = summary.files.length > 1 ? ` (${plural(summary.files.length, "PDF")})` : "";
    $("status").textContent = `Made ${name}${files}: ${plural(summary.pages, "page")}, ${plural(summary.grants, "grant")}, ${summary.awarded} awarded.`;
    show(summary.warnings, "warning");
  }

  $("data").addEventListener("change", (e) => {
    if (e.target.files[0]) chooseData(e.target.files[0]);
  });
  $("sample").addEventListener("click", () => {
    state.data = { name: "grants.csv", bytes: new TextEncoder().encode(state.engine.sample_csv()) };
    $("data").value = "";
    $("data-name").textContent = "Data file: the sample data (grants.csv)";
    clearProblems();
    enable();
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
    nameLogo(state.logo.name);
  });
  $("pictures").addEventListener("change", async (e) => {
    const read = await Promise.all(
      [...e.target.files].map(async (f) => ({ name: baseName(f.name), bytes: await readFile(f, LIMITS.image, "problems-other") })),
    );
    state.pictures = read.filter((p) => p.bytes);
    $("pictures-note").textContent = state.pictures.length
      ? `Pictures: ${state.pictures.map((p) => p.name).join(", ")}`
      : "";
  });
  $("reset").addEventListener("click", () => {
    $("settings").value = state.engine.default_settings();
    $("template").value = state.engine.default_template();
    state.logo = null;
    $("logo").value = "";
    $("logo-note").textContent = "";
  });
  $("check").addEventListener("click", () => run("check"));
  $("build").addEventListener("click", () => run("build"));

  start().catch((e) => {
    $("loading").textContent = `The report engine could not start in this browser: ${e}`;
  });
})();

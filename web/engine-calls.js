// Turns the page's requests into calls of the wasm-bindgen engine (`wasm_bindgen`, from
// engine.js), the same wherever the engine runs: in worker.js, or in the page (app.js).
// Files arrive as { data: {name, bytes}, sheet, others: [{name, bytes}] }.
"use strict";

// The engine tells how far a build has got through this, and hands a streamed zip's pieces
// (views of its memory, to be copied) to the other; the worker (or the page) replaces them.
self.grantReportProgress = self.grantReportProgress || (() => {});
self.grantReportWrite = self.grantReportWrite || (() => {
  throw new Error("nowhere to write the zip");
});

self.engineCalls = function (engine) {
  // `use` given a project of `files` (none: an empty one), which is freed afterwards.
  function withProject(files, use) {
    const p = new engine.Project();
    try {
      if (files) {
        p.add_data(files.data.name, files.data.bytes);
        p.set_sheet(files.sheet);
        for (const f of files.others) p.add_file(f.name, f.bytes);
      }
      return use(p);
    } finally {
      p.free();
    }
  }
  return {
    defaults: () => ({
      settings: engine.default_settings(),
      sampleSettings: engine.sample_settings(),
      template: engine.default_template(),
      templateCy: engine.default_template_cy(),
      sample: engine.sample_csv(),
    }),
    // The problems and warnings, as the engine's JSON.
    check: (files, date) => withProject(files, (p) => p.check(date)),
    // The file made ({name, summary, bytes}); throws the engine's JSON string on problems.
    // With `stream`, a zip leaves in pieces through self.grantReportWrite as it is made and
    // its bytes here are empty.
    build: (files, date, split, format, stream) => withProject(files, (p) => {
      const out = p.build(date, split, format || "", Boolean(stream));
      const result = { name: out.name, summary: out.summary, bytes: out.take_bytes() };
      out.free();
      return result;
    }),
    // The programmes of every grant in the data, as JSON [{name, grants}].
    programmes: (files, date) => withProject(files, (p) => p.programmes(date)),
    // report.toml's text with one setting changed (value as JSON, null takes it out);
    // throws the reason when the text is not TOML.
    setSetting: (text, path, value) => engine.set_setting(text, path, value),
    // The values report.toml's text holds, as JSON.
    settingsValues: (text) => engine.settings_values(text),
    // The pictures and introductions in a zip, as files [{name, bytes}]; throws why not.
    unzip: (bytes) => withProject(null, (p) =>
      JSON.parse(p.add_zip(bytes)).map((name) => ({ name, bytes: p.file_bytes(name) }))),
    memory: () => engine.memory_bytes(),
  };
};

// The engine's bytes, which engine-wasm.js carries as base64.
self.engineBytes = function () {
  const text = atob(self.GRANT_REPORT_WASM);
  self.GRANT_REPORT_WASM = null;
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
};

// Turns the page's requests (check, build) into the report engine's answers on a thread of its
// own, so the page stays responsive while a large report is made. Used when the page is
// served over http(s); opened from a folder, browsers start no worker and app.js runs the
// same engine in the page instead.
"use strict";

// How far a build has got, posted to the page as it goes (the engine calls this).
self.grantReportProgress = (stage, done, total) => self.postMessage({ progress: { stage, done, total } });

importScripts("engine-wasm.js", "engine.js", "engine-calls.js");

const ready = wasm_bindgen({ module_or_path: self.engineBytes() }).then(() => self.engineCalls(wasm_bindgen));

self.onmessage = async (e) => {
  const { id, call, args } = e.data;
  try {
    const calls = await ready;
    const result = calls[call](...args);
    const transfer = result && result.bytes ? [result.bytes.buffer] : [];
    self.postMessage({ id, ok: true, result }, transfer);
  } catch (error) {
    // A build's problems come as the engine's JSON string; anything else is a failure.
    self.postMessage({ id, ok: false, error: typeof error === "string" ? error : String(error) });
  }
};

// Turns the page's requests (check, build) into the report engine's answers on a thread of its
// own, so the page stays responsive while a large report is made. Used when the page is
// served over http(s); opened from a folder, browsers start no worker and app.js runs the
// same engine in the page instead.
"use strict";

// How far a build has got, posted to the page as it goes (the engine calls this).
self.grantReportProgress = (stage, done, total) => self.postMessage({ progress: { stage, done, total } });
// A split build's zip, as the engine makes it: written straight from the engine's memory to a
// file in this site's private storage (the origin private file system, synchronously, as the
// engine works), which the page then saves where the user chose or offers as a download from
// disk; where there is none, copied into Blobs, which the browser holds outside the page.
// Either way the page never holds the zip (ArrayBuffers handed over piled up: the idle page
// collected no garbage, and 10,000 PDFs took as much memory as their zip).
let scratch = null;
self.grantReportWrite = (bytes) => {
  if (!scratch) return self.postMessage({ piece: new Blob([bytes]) });
  const written = scratch.handle.write(bytes, { at: scratch.at });
  scratch.at += written;
  if (written !== bytes.length) throw new Error("the browser's storage for this page is full");
};

// A file of our own in the private storage, open for writing; null where there is none
// (opened from a folder, an old browser, a private window's quota).
async function openScratch() {
  try {
    const root = await navigator.storage.getDirectory();
    const name = `grant-report-${Date.now()}-${Math.random().toString(36).slice(2)}.zip`;
    const handle = await (await root.getFileHandle(name, { create: true })).createSyncAccessHandle();
    self.postMessage({ scratch: name });
    return { name, handle, at: 0 };
  } catch (_) {
    return null;
  }
}

importScripts("engine-wasm.js", "engine.js", "engine-calls.js");

const ready = wasm_bindgen({ module_or_path: self.engineBytes() }).then(() => self.engineCalls(wasm_bindgen));

self.onmessage = async (e) => {
  const { id, call, args } = e.data;
  try {
    const calls = await ready;
    // A streamed build (its fifth argument) writes its zip to a file of our own, if it can.
    if (call === "build" && args[4]) scratch = await openScratch();
    const result = calls[call](...args);
    if (scratch) {
      scratch.handle.flush();
      result.scratch = scratch.name;
    }
    const transfer = result && result.bytes ? [result.bytes.buffer] : [];
    self.postMessage({ id, ok: true, result }, transfer);
  } catch (error) {
    // A build's problems come as the engine's JSON string; anything else is a failure.
    self.postMessage({ id, ok: false, error: typeof error === "string" ? error : String(error) });
  } finally {
    scratch?.handle.close();
    scratch = null;
  }
};

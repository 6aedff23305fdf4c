//! Turns the long stages' progress (stages reached, layout, writing, batch outputs) into calls
//! on whoever shows them; the library never prints or measures anything itself.

/// Receives progress: a stage starts with its total, then advances one step at a time, and
/// `stage` marks the end of each step of the pipeline (the binary prints timings there).
/// Calls may come from several threads.
pub trait Progress: Sync {
    fn start(&self, _stage: &str, _total: usize) {}
    fn step(&self) {}
    /// The pipeline has just finished `_done` (for example "data read and mapped").
    fn stage(&self, _done: &str) {}
}

/// Ignores progress.
pub struct Quiet;

impl Progress for Quiet {}

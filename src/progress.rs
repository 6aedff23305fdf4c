//! Progress reports from the long stages (layout, writing, batch outputs) to whoever shows
//! them; the library never draws anything itself.

/// Receives progress: a stage starts with its total, then advances one step at a time.
/// Calls may come from several threads.
pub trait Progress: Sync {
    fn start(&self, _stage: &str, _total: usize) {}
    fn step(&self) {}
}

/// Ignores progress.
pub struct Quiet;

impl Progress for Quiet {}

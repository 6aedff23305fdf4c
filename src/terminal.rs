//! Turns the library's progress into what the terminal shows: a progress bar on stderr, and
//! with `GRANT_REPORT_TIMINGS` set, a line per finished stage with time, memory and processor
//! time (for benchmarking).

use grant_report::progress::Progress;
use std::sync::OnceLock;
use std::time::Instant;

/// A progress bar on stderr, only when stderr is a terminal, the run is not quiet and a stage
/// has enough steps to be worth showing; timings printed at each stage when asked for.
pub struct Bar {
    enabled: bool,
    bar: OnceLock<indicatif::ProgressBar>,
}

impl Bar {
    /// Stages with fewer steps than this finish before a bar would be read.
    const MIN_STEPS: usize = 50;

    pub fn new(quiet: bool) -> Bar {
        use std::io::IsTerminal;
        Bar {
            enabled: !quiet && std::io::stderr().is_terminal(),
            bar: OnceLock::new(),
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}

impl Progress for Bar {
    fn start(&self, stage: &str, total: usize) {
        if !self.enabled || (total < Self::MIN_STEPS && self.bar.get().is_none()) {
            return;
        }
        let bar = self.bar.get_or_init(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{msg:>12} [{bar:32}] {pos}/{len} {elapsed}",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar
        });
        bar.set_length(total as u64);
        bar.set_position(0);
        bar.set_message(stage.to_string());
    }

    fn step(&self) {
        if let Some(bar) = self.bar.get() {
            bar.inc(1);
        }
    }

    fn stage(&self, done: &str) {
        timing(done);
    }
}

/// With `GRANT_REPORT_TIMINGS` set, prints the time since the process started and `stage`
/// to stderr: where a build's time goes.
pub fn timing(stage: &str) {
    static START: OnceLock<Instant> = OnceLock::new();
    let start = *START.get_or_init(Instant::now);
    if std::env::var_os("GRANT_REPORT_TIMINGS").is_none() {
        return;
    }
    // Resident memory where the system tells it (Linux), in MiB.
    let rss = std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(String::new(), |pages| {
            format!("{:>6} MiB", (pages * 4096) >> 20)
        });
    // Processor time (user + system) so far, where the system tells it (Linux): with the
    // wall time, how busy the cores were.
    let cpu = std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let after = s.rsplit_once(')')?.1;
            let mut f = after.split_whitespace().skip(11);
            let user = f.next()?.parse::<u64>().ok()?;
            let system = f.next()?.parse::<u64>().ok()?;
            Some(user + system)
        })
        .map_or(String::new(), |ticks| {
            format!(" {:>6.2} s cpu", ticks as f64 / 100.0)
        });
    eprintln!(
        "timing: {:>8.3} s {rss}{cpu}  {stage}",
        start.elapsed().as_secs_f64()
    );
}

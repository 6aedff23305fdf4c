//! Turns file changes into rebuilds: `grant-report build --watch` rebuilds whenever the input,
//! template, settings, logo or introduction change, keeping the last good report on errors; a warning is
//! printed again only when it changes.

use grant_report::{Error, FileSource, Job};
use notify::{EventKind, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

enum Message {
    Changed(Vec<PathBuf>),
    Stop,
}

/// Builds once, then again after every change to the files the job reads, until Ctrl-C.
pub fn watch(job: &Job, outputs: &[(PathBuf, grant_report::Output)]) -> Result<(), Error> {
    let (tx, rx) = mpsc::channel();
    let stop = tx.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(Message::Stop);
    })
    .map_err(|e| Error::Watch {
        what: "for Ctrl-C".into(),
        reason: e.to_string(),
    })?;
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event {
            if matches!(
                event.kind,
                EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
            ) {
                let _ = tx.send(Message::Changed(event.paths));
            }
        }
    })
    .map_err(|e| Error::Watch {
        what: "files".into(),
        reason: e.to_string(),
    })?;

    let mut shown = Vec::new();
    let mut files = rebuild(job, outputs, &mut shown, "wrote");
    let mut dirs: BTreeSet<PathBuf> = BTreeSet::new();
    watch_dirs(&mut watcher, &files, &mut dirs)?;
    eprintln!(
        "watching {} file(s) for changes; Ctrl-C to stop",
        files.len()
    );
    while let Ok(Message::Changed(paths)) = rx.recv() {
        if !paths.iter().any(|p| concerns(&files, p)) {
            continue;
        }
        // Editors save in bursts (write, rename, touch): wait until things settle.
        let settle = Instant::now() + Duration::from_millis(150);
        while let Ok(message) = rx.recv_timeout(settle.saturating_duration_since(Instant::now())) {
            if let Message::Stop = message {
                return Ok(());
            }
        }
        files = rebuild(job, outputs, &mut shown, "rebuilt");
        watch_dirs(&mut watcher, &files, &mut dirs)?;
    }
    Ok(())
}

/// Whether a changed path is one of the watched files: same name in the same folder (an
/// editor may replace the file rather than write to it, so names are compared, not inodes).
fn concerns(files: &[PathBuf], changed: &Path) -> bool {
    let folder = |p: &Path| {
        let dir = match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        std::fs::canonicalize(dir).ok()
    };
    files
        .iter()
        .any(|f| f.file_name() == changed.file_name() && folder(f) == folder(changed))
}

/// Watches the folders holding `files` (a folder survives an editor's save-by-rename).
fn watch_dirs(
    watcher: &mut impl Watcher,
    files: &[PathBuf],
    dirs: &mut BTreeSet<PathBuf>,
) -> Result<(), Error> {
    for f in files {
        let dir = match f.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if dirs.insert(dir.clone()) {
            watcher
                .watch(&dir, RecursiveMode::NonRecursive)
                .map_err(|e| Error::Watch {
                    what: dir.display().to_string(),
                    reason: e.to_string(),
                })?;
        }
    }
    Ok(())
}

/// Builds each output, prints one line each ("wrote" or "rebuilt", as `done` says, or the
/// problems), and returns the files to watch next. A warning is printed when it first
/// appears, not again on every rebuild (`shown`: the last build's warnings).
fn rebuild(
    job: &Job,
    outputs: &[(PathBuf, grant_report::Output)],
    shown: &mut Vec<grant_report::diagnostic::Diagnostic>,
    done: &str,
) -> Vec<PathBuf> {
    let mut warnings = Vec::new();
    for (output, format) in outputs {
        let started = Instant::now();
        match grant_report::build(job, output, *format, &grant_report::progress::Quiet) {
            Ok(built) => {
                let mut new = Vec::new();
                for w in built.warnings {
                    if !warnings.contains(&w) {
                        if !shown.contains(&w) {
                            new.push(w.clone());
                        }
                        warnings.push(w);
                    }
                }
                for w in grant_report::diagnostic::fold(&new) {
                    eprintln!("{w}");
                }
                let made = match format {
                    grant_report::Output::Pdf => format!("{} pages", built.pages),
                    grant_report::Output::Html => "a web page".to_string(),
                };
                eprintln!(
                    "{done} {}: {made}, {} grants ({:.2} s)",
                    output.display(),
                    built.grants,
                    started.elapsed().as_secs_f64()
                );
            }
            Err(Error::Problems(problems)) => {
                for p in grant_report::diagnostic::fold(&problems) {
                    eprintln!("{p}");
                }
                eprintln!(
                    "not rebuilt: {}; {} is the last good build",
                    grant_report::words::plural(problems.errors(), "error"),
                    output.display()
                );
                break;
            }
            Err(e) => {
                eprintln!("error: {e}; {} is the last good build", output.display());
                break;
            }
        }
    }
    *shown = warnings;
    watched_files(job)
}

/// The files a job reads: input, template and settings on disk, and what the settings name.
fn watched_files(job: &Job) -> Vec<PathBuf> {
    let mut files = vec![job.input.clone()];
    for source in [&job.template, &job.settings] {
        if let FileSource::Path(p) = source {
            files.push(p.clone());
        }
    }
    if let FileSource::Path(settings) = &job.settings {
        if let Ok(text) = std::fs::read_to_string(settings) {
            if let Ok(parsed) = grant_report::settings::parse_settings(settings, &text) {
                let (logo, introduction) = job.named_files(&parsed);
                files.extend(logo);
                files.extend(introduction);
            }
        }
    }
    files
}

//! Turns finished bytes into a file atomically: written beside the target, then renamed into
//! place, so a reader never sees a half-written file and a failure leaves nothing behind.

use crate::Error;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where a report may be written: `path` itself when it is a regular file or does not exist
/// yet; the file a symbolic link points to (written through the link, which stays); never a
/// device, FIFO, socket or folder (replacing `/dev/null` with a file as root, or a FIFO
/// another program reads, would do harm).
pub fn target(path: &Path) -> Result<PathBuf, Error> {
    let refuse = |what: &str| Error::Output {
        path: path.to_path_buf(),
        reason: format!(
            "is {what}; reports are written only to regular files: give another file name"
        ),
    };
    let meta = match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(path.to_path_buf()),
        Err(source) => {
            return Err(Error::Io {
                path: path.to_path_buf(),
                source,
            })
        }
        Ok(meta) => meta,
    };
    let kind = meta.file_type();
    if kind.is_file() {
        return Ok(path.to_path_buf());
    }
    if kind.is_dir() {
        return Err(refuse("a folder"));
    }
    if kind.is_symlink() {
        // Through the link to what it names (which may not exist yet); links to links are
        // followed to the end.
        let mut to = path.to_path_buf();
        for _ in 0..32 {
            let link = std::fs::read_link(&to).map_err(|source| Error::Io {
                path: to.clone(),
                source,
            })?;
            to = match to.parent() {
                Some(dir) if link.is_relative() => dir.join(link),
                _ => link,
            };
            match std::fs::symlink_metadata(&to) {
                Ok(m) if m.file_type().is_symlink() => continue,
                Ok(m) if m.is_file() => return Ok(to),
                Ok(_) => return Err(refuse("a link to something that is not a regular file")),
                Err(_) => return Ok(to),
            }
        }
        return Err(refuse("a chain of links that does not end"));
    }
    Err(refuse("a device, FIFO or socket"))
}

/// Writes `parts` one after another to a temporary file beside the file `path` names (see
/// [`target`]), then renames it into place; returns the file written.
pub fn write_atomically(path: &Path, parts: &[Vec<u8>]) -> Result<PathBuf, Error> {
    write(path, parts, true)
}

/// [`write_atomically`], but only where no file is yet: the file appears complete, and if
/// another run made one of that name meanwhile, that one stays and this is an error (so
/// "never replaced without --force" holds when two runs write into one folder at once).
pub fn write_new(path: &Path, parts: &[Vec<u8>]) -> Result<PathBuf, Error> {
    write(path, parts, false)
}

/// The temporary files being written now, so a stopped run can remove them.
static TEMPORARIES: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Folders whose stale temporary files this run has already removed.
static SWEPT: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// A temporary file of ours is held locked (an exclusive advisory lock) while it is written, so a
/// later run knows one it can lock has no writer. One it can lock that is still empty may be a
/// run's that has just made it and not yet locked it (microseconds), so it is left until it is
/// this old.
const EMPTY_GRACE: std::time::Duration = std::time::Duration::from_secs(2);

/// On a file system without locks (some network drives) a live run's file cannot be told from
/// a dead one's: it is taken as left behind only when it is this old.
const NO_LOCKS_STALE: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// Removes the temporary files being written now: for a signal handler (Ctrl-C, SIGTERM), so
/// a stopped run leaves nothing behind. Returns how many were removed.
pub fn remove_temporaries() -> usize {
    let Ok(mut files) = TEMPORARIES.lock() else {
        return 0;
    };
    let n = files
        .drain(..)
        .filter(|f| std::fs::remove_file(f).is_ok())
        .count();
    n
}

/// Removes our temporary files in `dir` left behind by runs that were stopped (killed, the
/// machine off): once per folder per run; only ours, by their name; never one a live run is
/// writing, which holds it locked.
fn sweep(dir: &Path) {
    let Ok(mut swept) = SWEPT.lock() else {
        return;
    };
    if swept.iter().any(|d| d == dir) {
        return;
    }
    swept.push(dir.to_path_buf());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(".grant-report-")
            && name.ends_with(".tmp")
            && writer_gone(&entry.path())
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether the temporary file at `path` has no writer: it is a regular file (never followed
/// through a link) we can lock, and it has been written to or is old enough that no run is
/// about to lock it (see [`EMPTY_GRACE`]).
fn writer_gone(path: &Path) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return false;
    };
    if !meta.is_file() {
        return false;
    }
    let older = |than| {
        meta.modified()
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > than)
    };
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    match file.try_lock() {
        Ok(()) => meta.len() > 0 || older(EMPTY_GRACE),
        Err(std::fs::TryLockError::WouldBlock) => false,
        Err(std::fs::TryLockError::Error(_)) => older(NO_LOCKS_STALE),
    }
}

fn write(path: &Path, parts: &[Vec<u8>], replace: bool) -> Result<PathBuf, Error> {
    let path = &target(path)?;
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".grant-report-").suffix(".tmp");
    // Temporary files are private by default; the report should get the usual permissions
    // (0666 less the umask), like any file the user creates.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    sweep(dir);
    let tmp = builder.tempfile_in(dir).map_err(io)?;
    // Held until the file is in place (or removed): a later run never takes it as left behind.
    // Where the file system has no locks, that run goes by the file's age instead.
    let _ = tmp.as_file().lock();
    let registered = tmp.path().to_path_buf();
    if let Ok(mut files) = TEMPORARIES.lock() {
        files.push(registered.clone());
    }
    let result = fill_and_place(tmp, path, parts, replace);
    if let Ok(mut files) = TEMPORARIES.lock() {
        files.retain(|f| *f != registered);
    }
    result
}

/// Writes `parts` into `tmp`, then renames it to `path` (replacing a file there or not).
fn fill_and_place(
    mut tmp: tempfile::NamedTempFile,
    path: &Path,
    parts: &[Vec<u8>],
    replace: bool,
) -> Result<PathBuf, Error> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    {
        // A PDF comes in a thousand-odd parts: gathered into few large writes.
        let mut out = std::io::BufWriter::with_capacity(1 << 20, tmp.as_file_mut());
        for part in parts {
            out.write_all(part).map_err(io)?;
        }
        out.flush().map_err(io)?;
    }
    // A seam for the tests that stop a run while its temporary file is written, not yet in
    // place (the window is otherwise milliseconds): hold it this many milliseconds.
    if let Some(ms) = std::env::var("GRANT_REPORT_HOLD_TEMPORARY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
    tmp.as_file().sync_all().map_err(io)?;
    if replace {
        tmp.persist(path).map_err(|e| io(e.error))?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| match e.error.kind() {
            std::io::ErrorKind::AlreadyExists => Error::Exists {
                paths: vec![path.to_path_buf()],
                hint: "another run made it meanwhile; it was left as it is (use --force to replace it)".into(),
            },
            _ => io(e.error),
        })?;
    }
    Ok(path.to_path_buf())
}

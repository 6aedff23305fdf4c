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
    builder.prefix(".grant-report-").suffix(".pdf.tmp");
    // Temporary files are private by default; the report should get the usual permissions
    // (0666 less the umask), like any file the user creates.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut tmp = builder.tempfile_in(dir).map_err(io)?;
    {
        // A PDF comes in a thousand-odd parts: gathered into few large writes.
        let mut out = std::io::BufWriter::with_capacity(1 << 20, tmp.as_file_mut());
        for part in parts {
            out.write_all(part).map_err(io)?;
        }
        out.flush().map_err(io)?;
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

//! Turns finished bytes into a file atomically: written beside the target, then renamed into
//! place, so a reader never sees a half-written file and a failure leaves nothing behind.

use crate::Error;
use std::io::Write;
use std::path::Path;

/// Writes `parts` one after another to a temporary file beside `path`, then renames it into
/// place.
pub fn write_atomically(path: &Path, parts: &[Vec<u8>]) -> Result<(), Error> {
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
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

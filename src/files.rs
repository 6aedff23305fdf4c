//! Turns a path into the bytes of a regular file, within a size limit: devices (`/dev/zero`),
//! FIFOs, sockets and folders are refused rather than read (they would hang or never end),
//! and a file past its limit is refused by name rather than read into memory.

use std::io::Read;
use std::path::Path;

/// The most a data file may hold (a CSV of 10,000 grants is about 20 MB).
pub const DATA_LIMIT: u64 = 256 << 20;
/// The most a template, report.toml or introduction may hold.
pub const TEXT_LIMIT: u64 = 4 << 20;
/// The most a logo file may hold.
pub const IMAGE_LIMIT: u64 = 32 << 20;

/// The bytes of the regular file at `path` (a link is followed), at most `limit` of them.
pub fn read_regular(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    // Opening a FIFO for reading waits for a writer; without blocking it opens at once and
    // is then refused below. Regular files are unaffected.
    #[cfg(target_os = "linux")]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, 0o4000);
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a folder"
        } else {
            "not a regular file (a device, FIFO or socket)"
        };
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("is {what}; give the path of a file"),
        ));
    }
    if meta.len() > limit {
        return Err(too_big(limit));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The file may grow while it is read: never past the limit.
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_big(limit));
    }
    Ok(bytes)
}

/// [`read_regular`] as UTF-8 text.
pub fn read_text(path: &Path, limit: u64) -> std::io::Result<String> {
    String::from_utf8(read_regular(path, limit)?).map_err(|e| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "is not UTF-8 text (byte {} of it is not); save it as UTF-8",
                e.utf8_error().valid_up_to() + 1
            ),
        )
    })
}

fn too_big(limit: u64) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!(
            "is larger than the {} MiB this kind of file may be; it is not read",
            limit >> 20
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_devices_folders_and_files_past_the_limit() {
        let dir = tempfile::tempdir().expect("temp dir");
        let e = read_regular(Path::new("/dev/zero"), 10).unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
        let e = read_regular(dir.path(), 10).unwrap_err();
        assert!(e.to_string().contains("a folder"), "{e}");
        let f = dir.path().join("f.txt");
        std::fs::write(&f, "0123456789ab").expect("write");
        let e = read_regular(&f, 10).unwrap_err();
        assert!(e.to_string().contains("larger than"), "{e}");
        assert_eq!(read_regular(&f, 12).expect("read"), b"0123456789ab");
    }
}

//! Turns a path into the bytes of a regular file, within a size limit: devices (`/dev/zero`),
//! FIFOs, sockets and folders are refused rather than read (they would hang or never end),
//! and a file past its limit is refused by name rather than read into memory. [`Files`] says
//! where a build's files are: on disk, or held in memory (a web page's uploads).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// Where a build reads its files from.
#[derive(Debug, Clone, Default)]
pub enum Files {
    /// The file system (the command line).
    #[default]
    Disk,
    /// Files held in memory, named by paths relative to one project folder (a web page's
    /// uploads: the data, report.toml, the template, a logo). There is nothing outside it.
    Memory(Arc<BTreeMap<PathBuf, Vec<u8>>>),
}

impl Files {
    /// A project of in-memory files, each named by its path in the project ("grants.csv",
    /// "templates/report.toml").
    pub fn memory(files: impl IntoIterator<Item = (PathBuf, Vec<u8>)>) -> Files {
        Files::Memory(Arc::new(
            files
                .into_iter()
                .map(|(path, bytes)| (in_memory(&path), bytes))
                .collect(),
        ))
    }

    /// Adds (or replaces) an in-memory file; on disk, nothing (the disk is not written).
    pub fn insert(&mut self, path: &Path, bytes: Vec<u8>) {
        if let Files::Memory(files) = self {
            // Copies the other files only while a job still shares them.
            Arc::make_mut(files).insert(in_memory(path), bytes);
        }
    }

    /// The bytes of the file at `path`, at most `limit` of them (see [`read_regular`]).
    pub fn read(&self, path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
        match self {
            Files::Disk => read_regular(path, limit),
            Files::Memory(files) => {
                let bytes = files.get(&in_memory(path)).ok_or_else(|| {
                    std::io::Error::new(std::io::ErrorKind::NotFound, "no such file was given")
                })?;
                if bytes.len() as u64 > limit {
                    return Err(too_big(limit));
                }
                Ok(bytes.clone())
            }
        }
    }

    /// The pictures (PNG, JPEG and SVG files) held in memory, by their paths in the project,
    /// for a message about one that is missing; on disk, none (the folder is not listed).
    pub fn pictures_held(&self) -> Vec<String> {
        let Files::Memory(files) = self else {
            return Vec::new();
        };
        files
            .keys()
            .filter(|p| {
                p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                    ["png", "jpg", "jpeg", "svg"].contains(&e.to_ascii_lowercase().as_str())
                })
            })
            .map(|p| p.to_string_lossy().into_owned())
            .collect()
    }

    /// [`Files::read`] as UTF-8 text.
    pub fn read_text(&self, path: &Path, limit: u64) -> std::io::Result<String> {
        utf8(self.read(path, limit)?)
    }

    /// The file's or folder's one true name, for telling whether it lies inside a folder:
    /// on disk the canonical path (links followed); in memory the path with `.` and `..`
    /// taken out, from the project's root `/`. `NotFound` when there is no such file or folder.
    pub fn canonicalize(&self, path: &Path) -> std::io::Result<PathBuf> {
        match self {
            Files::Disk => std::fs::canonicalize(path),
            Files::Memory(files) => {
                let name = in_memory(path);
                let found = name.as_os_str().is_empty()
                    || files.contains_key(&name)
                    || files.keys().any(|f| f.starts_with(&name));
                if !found {
                    return Err(std::io::ErrorKind::NotFound.into());
                }
                Ok(Path::new("/").join(name))
            }
        }
    }

    /// Whether `path` names a file (on disk: a link to one counts).
    pub fn is_file(&self, path: &Path) -> bool {
        match self {
            Files::Disk => path.is_file(),
            Files::Memory(files) => files.contains_key(&in_memory(path)),
        }
    }
}

/// An in-memory file's key: `path` relative to the project root, `.` and `..` taken out
/// (never above the root).
fn in_memory(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::Normal(p) => out.push(p),
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
        }
    }
    out
}

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
    utf8(read_regular(path, limit)?)
}

fn utf8(bytes: Vec<u8>) -> std::io::Result<String> {
    String::from_utf8(bytes).map_err(|e| {
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

    #[test]
    fn memory_files_are_found_by_their_path_in_the_project_and_nothing_is_outside_it() {
        let files = Files::memory([
            (PathBuf::from("grants.csv"), b"a,b\n".to_vec()),
            (
                PathBuf::from("templates/report.toml"),
                b"title = 1".to_vec(),
            ),
        ]);
        let read = |p: &str| files.read_text(Path::new(p), 100);
        assert_eq!(read("./grants.csv").expect("read"), "a,b\n");
        assert_eq!(read("templates/../grants.csv").expect("read"), "a,b\n");
        assert_eq!(read("/etc/../grants.csv").expect("read"), "a,b\n");
        assert_eq!(
            read("passwd").unwrap_err().kind(),
            std::io::ErrorKind::NotFound
        );
        assert!(files.read(Path::new("grants.csv"), 3).is_err(), "limit");
        assert!(files.is_file(Path::new("templates/report.toml")));
        assert!(!files.is_file(Path::new("templates")));
        let canon = |p: &str| files.canonicalize(Path::new(p)).ok();
        assert_eq!(canon("."), Some(PathBuf::from("/")));
        assert_eq!(canon("templates"), Some(PathBuf::from("/templates")));
        assert_eq!(
            canon("templates/../../grants.csv"),
            Some(PathBuf::from("/grants.csv"))
        );
        assert_eq!(canon("logo.png"), None);
        let mut files = files.clone();
        files.insert(Path::new("./logo.png"), b"png".to_vec());
        assert!(files.is_file(Path::new("logo.png")));
        assert_eq!(
            canon("logo.png"),
            None,
            "a copy shared with a job is not changed"
        );
    }
}

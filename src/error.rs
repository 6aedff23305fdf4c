//! Turns every way a run can fail into one error type, with the exit code each one gets.

use crate::diagnostic::Problems;
use std::path::PathBuf;

/// Why a run failed. Problems in the user's files carry every diagnostic found.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The data, template or settings have problems (never an empty list); nothing was
    /// written.
    #[error(transparent)]
    Problems(#[from] Problems),
    /// A file or folder could not be read or written: said by [`describe_io`].
    #[error("{}", describe_io(path, source))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Something the user asked for that cannot be done as asked (an option's value).
    #[error("{0}")]
    Usage(String),
    /// Files a run would write already exist, and replacing them was not asked for.
    #[error("{}; {hint}", describe_existing(.paths))]
    Exists { paths: Vec<PathBuf>, hint: String },
    /// A batch run failed part-way: `written` were written (each complete), then `cause`.
    #[error("{cause}; {}", describe_written(.written))]
    PartlyWritten {
        written: Vec<PathBuf>,
        cause: Box<Error>,
    },
    /// Where the report was to go cannot take it (a device, FIFO, folder).
    #[error("{}: {reason}", path.display())]
    Output { path: PathBuf, reason: String },
    /// A watch could not watch (`what`: the files, or Ctrl-C).
    #[error("cannot watch {what}: {reason}")]
    Watch { what: String, reason: String },
    /// The report could not be rendered (a bug or a resource limit, never the user's data):
    /// the output's own words.
    #[error("{0}")]
    Render(String),
}

impl Error {
    /// The process exit code: 1 for problems in the user's files, 2 for usage and I/O.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Problems(_) => 1,
            _ => 2,
        }
    }
}

impl From<crate::source::ReadError> for Error {
    fn from(e: crate::source::ReadError) -> Self {
        match e {
            crate::source::ReadError::Io { path, source } => Error::Io { path, source },
            crate::source::ReadError::Malformed { problems, .. } => Error::Problems(problems),
        }
    }
}

/// An I/O failure in words a user can act on: which file or folder, what went wrong and
/// what to do, never an OS error number or a temporary file's name alone.
pub fn describe_io(path: &std::path::Path, source: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let shown = path.display();
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    match source.kind() {
        K::NotFound if !folder.exists() => format!(
            "the folder {} does not exist: make it first, or name a file in a folder that exists",
            folder.display()
        ),
        K::NotFound => {
            format!("{shown} was not found and cannot be made there: check its name and folder")
        }
        K::PermissionDenied => format!(
            "{shown}: permission denied: this account may not use this file or the folder {} \
             (choose another folder, or ask for access)",
            folder.display()
        ),
        K::StorageFull => {
            format!("{shown}: the disk is full: make room on it, or write to another disk")
        }
        K::ReadOnlyFilesystem => {
            format!("{shown}: the disk or folder is read-only: write to a folder you can change")
        }
        K::IsADirectory => format!("{shown} is a folder: give the name of a file"),
        K::NotADirectory => {
            format!("{shown}: part of this path is a file, not a folder: check the path")
        }
        K::FileTooLarge => format!("{shown} is larger than this disk allows for one file"),
        K::AlreadyExists => format!("{shown} already exists"),
        K::Interrupted | K::TimedOut | K::WouldBlock => {
            format!("{shown}: reading or writing was interrupted: run again")
        }
        _ => format!("{shown}: {}", plain_os_words(source)),
    }
}

/// `No such file or directory (os error 2) at path "/x/.grant-report-ab.tmp"` → `no such
/// file or directory`: the system's own words, without the number or a temporary name.
fn plain_os_words(source: &std::io::Error) -> String {
    let text = source.to_string();
    let text = text.split(" at path ").next().unwrap_or(&text);
    let text = match text.find(" (os error ") {
        Some(i) => &text[..i],
        None => text,
    };
    let mut chars = text.trim().chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => "could not be read or written".into(),
    }
}

fn describe_existing(paths: &[PathBuf]) -> String {
    let list: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    match list.len() {
        1 => format!("{} already exists", list[0]),
        n => format!("{n} files already exist: {}", list.join(", ")),
    }
}

fn describe_written(written: &[PathBuf]) -> String {
    let list: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    match list.len() {
        0 => "no files were written".to_string(),
        1 => format!("1 file was written: {}", list[0]),
        n => format!("{n} files were written: {}", list.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Error as IoError, ErrorKind};

    fn io(path: &str, kind: ErrorKind, text: &str) -> String {
        Error::Io {
            path: path.into(),
            source: IoError::new(kind, text.to_string()),
        }
        .to_string()
    }

    #[test]
    fn io_failures_name_the_file_or_folder_in_plain_words() {
        let missing = "no-such-folder-here/x.pdf";
        assert_eq!(
            io(missing, ErrorKind::NotFound, "No such file or directory (os error 2) at path \"/t/.grant-report-Ab.tmp\""),
            "the folder no-such-folder-here does not exist: make it first, or name a file in a folder that exists"
        );
        let full = io(
            "r.pdf",
            ErrorKind::StorageFull,
            "No space left on device (os error 28)",
        );
        assert!(full.starts_with("r.pdf: the disk is full"), "{full}");
        let odd = io(
            "r.pdf",
            ErrorKind::Other,
            "Stale file handle (os error 116) at path \"/t/.grant-report-Ab.tmp\"",
        );
        assert_eq!(odd, "r.pdf: stale file handle");
        for m in [full, odd] {
            assert!(!m.contains("os error") && !m.contains(".tmp"), "{m}");
        }
    }
}

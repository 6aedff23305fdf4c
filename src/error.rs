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
    #[error("{}: {source}", path.display())]
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

//! Turns what the user named (data file, template, report.toml, options) into a [`Job`], and
//! a job plus its settings into the files and the date a build uses.

use crate::dates;
use crate::files::Files;
use crate::settings::{self, Settings};
use crate::source::ReadOptions;
use crate::Error;
use std::path::{Path, PathBuf};

/// The built-in case-study template (written out by `grant-report init`).
pub const DEFAULT_TEMPLATE: &str = include_str!("../templates/case-study.hbs");
/// The built-in case-study template for Welsh editions.
pub const DEFAULT_TEMPLATE_CY: &str = include_str!("../templates/case-study.cy.hbs");
/// The bundled sample data.
pub const SAMPLE_CSV: &str = include_str!("../input/grants.csv");

/// Where a template or settings file comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileSource {
    /// A file on disk.
    Path(PathBuf),
    /// The copy compiled into the binary, named as its default path in messages.
    BuiltIn(&'static str),
}

impl FileSource {
    /// The file's name for messages and its text (`builtin` for the compiled-in copy), read
    /// from `files`.
    pub fn load(&self, files: &Files, builtin: &'static str) -> Result<(PathBuf, String), Error> {
        match self {
            FileSource::Path(p) => files
                .read_text(p, crate::files::TEXT_LIMIT)
                .map(|text| (p.clone(), text))
                .map_err(|source| Error::Io {
                    path: p.clone(),
                    source,
                }),
            FileSource::BuiltIn(name) => Ok((
                PathBuf::from(format!("<built-in {name}>")),
                builtin.to_string(),
            )),
        }
    }
}

/// What to build from.
#[derive(Debug, Clone)]
pub struct Job {
    pub input: PathBuf,
    pub template: FileSource,
    pub settings: FileSource,
    pub read: ReadOptions,
    /// Report date from the command line (validated there); overrides report.toml.
    pub date: Option<dates::Date>,
    /// Write a tagged, accessible PDF (the default; `--no-tags` turns it off).
    pub tagged: bool,
    /// Embed the bundled fonts in an HTML edition (`--embed-fonts`); else it names the
    /// reader's system fonts.
    pub embed_fonts: bool,
    /// Command-line overrides of report.toml: paper size, `--fit`, `--duplex`.
    pub paper: Option<settings::PaperSize>,
    pub fit: bool,
    pub duplex: bool,
    /// Folders outside the project whose files report.toml may name (`--allow-folder`).
    pub allowed_folders: Vec<PathBuf>,
    /// The command line's choice of grants (`--programme`, `--awarded-from` …), over
    /// report.toml's `[select]`.
    pub selection: crate::select::Selection,
    /// The languages asked for on the command line (`--language en-GB,cy`): an edition each.
    pub editions: Vec<String>,
    /// The edition this build is (its language tag), over report.toml's `language`; its
    /// text fields come from the data's columns for that language where there are any.
    pub edition: Option<String>,
    /// The two editions as one report (`--bilingual`).
    pub bilingual: bool,
    /// Where the files are read from: the disk, or a web page's uploads held in memory.
    pub files: Files,
    /// The date to take as today when nothing else sets the report's date (a web page gives
    /// its clock's; WebAssembly has no clock the standard library can read). `None`: the
    /// system clock.
    pub today: Option<dates::Date>,
}

impl Job {
    /// A job for the data file `input` with the built-in template and settings and every
    /// option at its default: what `grant-report build INPUT` does without a project.
    pub fn new(input: impl Into<PathBuf>) -> Job {
        Job {
            input: input.into(),
            template: FileSource::BuiltIn(PROJECT_TEMPLATE),
            settings: FileSource::BuiltIn(PROJECT_SETTINGS),
            read: ReadOptions::default(),
            date: None,
            tagged: true,
            embed_fonts: false,
            paper: None,
            fit: false,
            duplex: false,
            allowed_folders: Vec::new(),
            selection: Default::default(),
            editions: Vec::new(),
            edition: None,
            bilingual: false,
            files: Files::Disk,
            today: None,
        }
    }

    /// A job for the data file `input` read from `files`, with the template and report.toml
    /// the command line would use: the ones named (an error when a named one is not there),
    /// else `templates/case-study.hbs` and `templates/report.toml` when `files` holds them
    /// (the project `grant-report init` makes), else the built-in copies. Every other option
    /// is at its default.
    pub fn in_project(
        input: impl Into<PathBuf>,
        files: Files,
        template: Option<&Path>,
        settings: Option<&Path>,
    ) -> Result<Job, Error> {
        let source = |given: Option<&Path>, default: &'static str| match given {
            Some(p) if files.canonicalize(p).is_ok() => Ok(FileSource::Path(p.to_path_buf())),
            Some(p) => Err(Error::Usage(format!("{} does not exist", p.display()))),
            None if files.is_file(Path::new(default)) => Ok(FileSource::Path(default.into())),
            None => Ok(FileSource::BuiltIn(default)),
        };
        Ok(Job {
            template: source(template, PROJECT_TEMPLATE)?,
            settings: source(settings, PROJECT_SETTINGS)?,
            files: files.clone(),
            ..Job::new(input)
        })
    }
}

/// Where a project keeps its case-study template (as `grant-report init` writes it).
pub const PROJECT_TEMPLATE: &str = "templates/case-study.hbs";
/// Where a project keeps its report.toml.
pub const PROJECT_SETTINGS: &str = "templates/report.toml";

impl Job {
    /// The settings with the command line's overrides applied.
    pub fn override_settings(&self, settings: &mut Settings) {
        if let Some(paper) = self.paper {
            settings.page.size = paper;
        }
        if let Some(tag) = &self.edition {
            if let Some(locale) = crate::locale::Locale::for_tag(tag) {
                settings.language = locale.tag.to_string();
                settings.locale = locale
                    .with_labels(&settings.labels)
                    .unwrap_or_else(|_| settings.locale.clone());
            }
        }
        settings.fit |= self.fit;
        settings.page.duplex |= self.duplex;
        if settings.language.starts_with("cy") {
            if let Some(title) = settings.cy.title.clone() {
                settings.title = title;
            }
            if let Some(organisation) = settings.cy.organisation.clone() {
                settings.organisation = organisation;
            }
        }
    }

    /// The project folder: the one holding report.toml's `templates/` folder (the layout
    /// `grant-report init` makes), else report.toml's own folder; with the built-in
    /// settings, the data file's folder. Files report.toml and the data name may be anywhere
    /// inside it.
    pub fn project(&self) -> PathBuf {
        let folder = |p: &Path| match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        match &self.settings {
            FileSource::Path(toml) => {
                let dir = folder(toml);
                let real = self
                    .files
                    .canonicalize(&dir)
                    .unwrap_or_else(|_| dir.clone());
                if real.file_name().is_some_and(|n| n == "templates") {
                    real.parent().map(Path::to_path_buf).unwrap_or(real)
                } else {
                    dir
                }
            }
            FileSource::BuiltIn(_) => folder(&self.input),
        }
    }

    /// The cover logo and the introduction report.toml names, relative to its folder.
    pub fn named_files(&self, settings: &Settings) -> (Option<PathBuf>, Option<PathBuf>) {
        let base = match &self.settings {
            FileSource::Path(p) => p.parent().map(Path::to_path_buf).unwrap_or_default(),
            FileSource::BuiltIn(_) => PathBuf::new(),
        };
        let logo = settings
            .cover
            .logo
            .as_ref()
            .filter(|_| settings.cover.enabled)
            .map(|l| base.join(l));
        (logo, settings.introduction.as_ref().map(|i| base.join(i)))
    }

    /// The report date: `--date`, then report.toml's `date`, then `SOURCE_DATE_EPOCH`, then
    /// today (the job's, else the clock's).
    pub fn report_date(&self, settings: &Settings) -> dates::Date {
        self.date
            .or_else(|| settings.date.as_deref().and_then(dates::parse_iso_date))
            .or_else(dates::source_date_epoch)
            .or(self.today)
            .unwrap_or_else(dates::today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_project_uses_its_own_files_else_the_built_in_ones() {
        let empty = Job::in_project("grants.csv", Files::memory([]), None, None).unwrap();
        assert_eq!(empty.template, FileSource::BuiltIn(PROJECT_TEMPLATE));
        assert_eq!(empty.settings, FileSource::BuiltIn(PROJECT_SETTINGS));
        let files = Files::memory([(PathBuf::from(PROJECT_SETTINGS), b"title = \"x\"".to_vec())]);
        let project = Job::in_project("grants.csv", files.clone(), None, None).unwrap();
        assert_eq!(project.settings, FileSource::Path(PROJECT_SETTINGS.into()));
        assert_eq!(project.template, FileSource::BuiltIn(PROJECT_TEMPLATE));
        let missing = Job::in_project("grants.csv", files, Some(Path::new("mine.hbs")), None);
        assert_eq!(missing.unwrap_err().to_string(), "mine.hbs does not exist");
    }
}

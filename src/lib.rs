//! grant-report: turns grant records from a spreadsheet export into a typeset PDF report.
//!
//! The pipeline runs one way: [`source::read_table`] → [`grants::map_grants`] →
//! [`template::render_case_study`] → [`markup::parse_markup`] → [`report::assemble`] →
//! [`layout::layout_document`] → [`pdf::write_pdf`], then an atomic rename into place.
//! [`check`] runs the stages that validate the user's files; [`build`] runs them all.

pub mod batch;
pub mod dates;
pub mod diagnostic;
pub mod document;
pub mod grants;
pub mod layout;
pub mod logo;
pub mod markup;
pub mod pdf;
pub mod progress;
pub mod report;
pub mod sample;
pub mod settings;
pub mod source;
pub mod template;

use diagnostic::Diagnostic;
use grants::{Grant, MapOptions};
use rayon::prelude::*;
use settings::Settings;
use source::{ReadError, ReadOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The built-in case-study template (written out by `grant-report init`).
pub const DEFAULT_TEMPLATE: &str = include_str!("../templates/case-study.hbs");
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
    fn load(&self, builtin: &'static str) -> Result<(PathBuf, String), Error> {
        match self {
            FileSource::Path(p) => std::fs::read_to_string(p)
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
    /// Report date (`YYYY-MM-DD`) from the command line; overrides report.toml.
    pub date: Option<String>,
    /// Write a tagged, accessible PDF (the default; `--no-tags` turns it off).
    pub tagged: bool,
    /// Command-line overrides of report.toml: paper size, `--fit`, `--duplex`.
    pub paper: Option<settings::PaperSize>,
    pub fit: bool,
    pub duplex: bool,
}

/// Why a run failed. Problems in the user's files carry every diagnostic found.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The data, template or settings have problems; nothing was written.
    #[error("{} problem(s) found; nothing was written", .0.len())]
    Problems(Vec<Diagnostic>),
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Write(#[from] pdf::WriteError),
}

impl Error {
    /// The process exit code: 1 for problems in the user's files, 2 for usage and I/O.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Problems(_) => 1,
            _ => 2,
        }
    }
}

impl From<ReadError> for Error {
    fn from(e: ReadError) -> Self {
        match e {
            ReadError::Io { path, source } => Error::Io { path, source },
            ReadError::Malformed { problems, .. } => Error::Problems(problems),
        }
    }
}

/// Everything validated and rendered, ready to lay out.
pub struct Checked {
    pub settings: Settings,
    pub grants: Vec<Grant>,
    /// The Markdown of each grant's case study.
    pub case_studies: Vec<String>,
    /// The Markdown of the introduction, when report.toml names one.
    pub introduction: Option<String>,
    /// The cover logo, when report.toml names one.
    pub logo: Option<std::sync::Arc<logo::Logo>>,
    pub warnings: Vec<Diagnostic>,
}

/// Reads and validates the settings, data and template, and renders every case study.
/// Collects every problem from every file before failing.
pub fn check(job: &Job) -> Result<Checked, Error> {
    let mut problems = Vec::new();
    let (settings_path, settings_text) = job.settings.load(settings::DEFAULT_TOML)?;
    let settings = match settings::parse_settings(&settings_path, &settings_text) {
        Ok(mut s) => {
            if let Some(paper) = job.paper {
                s.page.size = paper;
            }
            s.fit |= job.fit;
            s.page.duplex |= job.duplex;
            Some(s)
        }
        Err(e) => {
            problems.extend(e.problems);
            None
        }
    };
    let (template_path, template_text) = job.template.load(DEFAULT_TEMPLATE)?;
    let template = match template::compile_template(&template_path, &template_text) {
        Ok(t) => Some(t),
        Err(e) => {
            problems.extend(e.problems);
            None
        }
    };
    if let Some(date) = &job.date {
        if dates::parse_iso_date(date).is_none() {
            return Err(Error::Usage(format!(
                "--date {date:?} is not a date: write it as YYYY-MM-DD"
            )));
        }
    }
    let table = match source::read_table(&job.input, &job.read) {
        Ok(t) => Some(t),
        Err(ReadError::Malformed { problems: p, .. }) => {
            problems.extend(p);
            None
        }
        Err(e) => return Err(e.into()),
    };
    let options = MapOptions {
        columns: settings
            .as_ref()
            .map(|s| s.columns.clone())
            .unwrap_or_default(),
        currency: settings
            .as_ref()
            .map_or(grants::Currency::GBP, Settings::currency),
        decimal_comma: settings.as_ref().is_some_and(|s| s.decimal_comma),
    };
    let mut warnings = Vec::new();
    let mut mapped = None;
    if let Some(table) = &table {
        if let Some(t) = &template {
            if let Err(e) = t.check_fields(&table.headers) {
                problems.extend(e.problems);
            }
        }
        match grants::map_grants(table, &options) {
            Ok(m) => {
                warnings.extend(m.warnings);
                mapped = Some(m.grants);
            }
            Err(e) => problems.extend(e.problems),
        }
    }
    // The grants own their values; the table is no longer needed.
    drop(table);
    timing("data read and mapped");
    let (Some(settings), Some(template), Some(grants), true) =
        (settings, template, mapped, problems.is_empty())
    else {
        return Err(Error::Problems(problems));
    };
    warnings.extend(undrawable_characters(&job.input, &grants));
    // Rendered in parallel; results (and problems) stay in row order.
    let rendered: Vec<_> = grants
        .par_iter()
        .enumerate()
        .map(|(i, grant)| template::render_case_study(&template, grant, i + 1))
        .collect();
    let mut case_studies = Vec::with_capacity(grants.len());
    for r in rendered {
        match r {
            Ok(md) => case_studies.push(md),
            Err(d) => problems.push(*d),
        }
    }
    timing("case studies rendered");
    let (logo_path, introduction_path) = named_files(job, &settings);
    let logo = match logo_path {
        Some(path) => match logo::read_logo(&path, &settings_path) {
            Ok(l) => {
                if !l.approximated.is_empty() {
                    warnings.push(
                        Diagnostic::warning(format!(
                            "the logo uses {}, which the PDF draws only approximately",
                            l.approximated.join(", ")
                        ))
                        .in_file(&settings_path)
                        .with_value(path.display().to_string())
                        .with_hint("gradients and patterns become one colour; transparency, clipping, masks, filters and bitmaps are left out: flatten the logo, or use a PNG"),
                    );
                }
                Some(std::sync::Arc::new(l))
            }
            Err(d) => {
                problems.push(*d);
                None
            }
        },
        _ => None,
    };
    let introduction = match introduction_path {
        None => None,
        Some(path) => {
            let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
            let context = template::report_context(
                &settings,
                &grants,
                &dates::format_long(report_date(job, &settings)),
            );
            match template::render_text(&path, &text, &context) {
                Ok(md) => Some(md),
                Err(e) => {
                    problems.extend(e.problems);
                    None
                }
            }
        }
    };
    if !problems.is_empty() {
        return Err(Error::Problems(problems));
    }
    Ok(Checked {
        settings,
        grants,
        case_studies,
        introduction,
        logo,
        warnings,
    })
}

/// Warns about characters in the data that no bundled font can draw, by row and column.
fn undrawable_characters(path: &Path, grants: &[Grant]) -> Vec<Diagnostic> {
    let fonts = layout::FontBook::shared();
    // Grants are checked in parallel (warnings stay in row order). Printable ASCII is always
    // drawable; other characters are looked up once each per worker.
    let per_grant: Vec<Vec<Diagnostic>> = grants
        .par_iter()
        .map_init(rustc_hash::FxHashMap::<char, bool>::default, |known, grant| {
            let mut out = Vec::new();
            for (header, value) in &grant.fields {
                if value
                    .bytes()
                    .all(|b| (b' '..=b'~').contains(&b) || b.is_ascii_control())
                {
                    continue;
                }
                let mut missing: Vec<char> = Vec::new();
                for c in value.chars().filter(|c| !c.is_control() && !c.is_ascii()) {
                    let covered = *known.entry(c).or_insert_with(|| fonts.covers(c));
                    if !covered && !missing.contains(&c) {
                        missing.push(c);
                    }
                }
                if !missing.is_empty() {
                    out.push(
                        Diagnostic::warning(format!(
                            "has characters no bundled font can draw: {}",
                            describe_chars(&missing)
                        ))
                        .in_file(path)
                        .at_line(grant.line)
                        .in_column(header.clone())
                        .with_value(value.clone())
                        .with_hint("they are left out of the PDF (never drawn as empty boxes); replace them in the data"),
                    );
                }
            }
            out
        })
        .collect();
    per_grant.into_iter().flatten().collect()
}

fn describe_chars(chars: &[char]) -> String {
    chars
        .iter()
        .map(|c| format!("{c} (U+{:04X})", u32::from(*c)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The cover logo and the introduction report.toml names, relative to its folder.
pub fn named_files(job: &Job, settings: &Settings) -> (Option<PathBuf>, Option<PathBuf>) {
    let base = match &job.settings {
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

/// What a build made.
#[derive(Debug, Clone)]
pub struct Built {
    pub output: PathBuf,
    pub pages: usize,
    pub grants: usize,
    /// Total awarded as shown in the report, one per currency joined with " + ".
    pub awarded: String,
    pub warnings: Vec<Diagnostic>,
}

/// The document of a checked job: its Markdown parsed and the report assembled.
fn document(job: &Job, checked: &Checked) -> document::Document {
    let case_studies = checked
        .case_studies
        .par_iter()
        .map(|md| markup::parse_markup(md))
        .collect();
    assemble(job, checked, case_studies)
}

/// The document of a checked job, parsing (and freeing) its case studies' Markdown as it goes.
fn document_from(job: &Job, mut checked: Checked) -> (document::Document, Checked) {
    let case_studies = std::mem::take(&mut checked.case_studies)
        .into_par_iter()
        .map(|md| markup::parse_markup(&md))
        .collect();
    let doc = assemble(job, &checked, case_studies);
    (doc, checked)
}

fn assemble(
    job: &Job,
    checked: &Checked,
    case_studies: Vec<Vec<document::Block>>,
) -> document::Document {
    let date = report_date(job, &checked.settings);
    let introduction = checked.introduction.as_deref().map(markup::parse_markup);
    report::assemble(
        &checked.settings,
        &checked.grants,
        case_studies,
        introduction,
        checked.logo.clone(),
        &dates::format_long(date),
    )
}

/// Lays out a checked job: the pages, and every warning (from the data and from the layout)
/// located in the data file. Holds every page in memory; [`layout_warnings`] and
/// [`render_pdf`] do not.
pub fn lay_out(
    job: &Job,
    checked: &Checked,
    progress: &dyn progress::Progress,
) -> (layout::Layout, Vec<Diagnostic>) {
    let doc = document(job, checked);
    progress.start("laying out", doc.sections.len());
    let laid = layout::layout_document(
        &doc,
        &checked.settings,
        layout::FontBook::shared(),
        progress,
    );
    let warnings = located_warnings(job, checked, first_case_study(&doc), &laid.warnings);
    (laid, warnings)
}

/// Every warning a build of a checked job would give, from the data and from laying it out
/// (the pages themselves are dropped as they are made).
pub fn layout_warnings(job: &Job, checked: &Checked) -> Vec<Diagnostic> {
    let doc = document(job, checked);
    let offset = first_case_study(&doc);
    let streamed = layout::layout_streaming(
        doc,
        &checked.settings,
        layout::FontBook::shared(),
        &progress::Quiet,
        &mut layout::Discard,
    );
    located_warnings(job, checked, offset, &streamed.warnings)
}

/// How many sections come before the first case study (cover, contents, introduction).
fn first_case_study(doc: &document::Document) -> usize {
    doc.sections
        .iter()
        .position(|s| s.kind == document::SectionKind::CaseStudy)
        .unwrap_or(doc.sections.len())
}

/// The data's warnings and the layout's, located in the data file.
fn located_warnings(
    job: &Job,
    checked: &Checked,
    offset: usize,
    laid: &[layout::LayoutWarning],
) -> Vec<Diagnostic> {
    let mut warnings = checked.warnings.clone();
    for w in laid {
        if let Some(d) = layout_warning(job, checked, w, offset) {
            warnings.push(d);
        }
    }
    warnings
}

/// With `GRANT_REPORT_TIMINGS` set, prints the time since the process started and `stage`
/// to stderr: where a build's time goes, for benchmarking.
pub fn timing(stage: &str) {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    let start = *START.get_or_init(std::time::Instant::now);
    if std::env::var_os("GRANT_REPORT_TIMINGS").is_some() {
        // Resident memory where the system tells it (Linux), in MiB.
        let rss = std::fs::read_to_string("/proc/self/statm")
            .ok()
            .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
            .map_or(String::new(), |pages| {
                format!("{:>6} MiB", (pages * 4096) >> 20)
            });
        // Processor time (user + system) so far, where the system tells it (Linux): with
        // the wall time, how busy the cores were.
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
}

/// Renders a checked job into PDF bytes (and its page count), with layout warnings located
/// in the data file. Pages are written as they are laid out.
pub fn render_pdf(
    job: &Job,
    checked: Checked,
    progress: &dyn progress::Progress,
) -> Result<(pdf::PdfBytes, usize, Vec<Diagnostic>), Error> {
    let (doc, checked) = document_from(job, checked);
    timing("document assembled");
    let settings = &checked.settings;
    let info = pdf::PdfInfo {
        title: settings.title.clone(),
        author: settings.author(),
        language: settings.language.clone(),
        date: dates::creation_timestamp(report_date(job, settings)),
        tagged: job.tagged,
    };
    progress.start("typesetting", doc.sections.len());
    let fonts = layout::FontBook::shared();
    let mut writer = pdf::PdfWriter::new(fonts, &info);
    let offset = first_case_study(&doc);
    let streamed = layout::layout_streaming(doc, settings, fonts, progress, &mut writer);
    timing("laid out and pages written");
    let warnings = located_warnings(job, &checked, offset, &streamed.warnings);
    let pages = streamed.total;
    let bytes = writer.finish(&streamed)?;
    Ok((bytes, pages, warnings))
}

/// Checks, lays out and writes the report to `output` atomically: the PDF appears complete
/// or not at all.
pub fn build(job: &Job, output: &Path, progress: &dyn progress::Progress) -> Result<Built, Error> {
    let checked = check(job)?;
    timing("checked");
    let grants = checked.grants.len();
    let awarded = grants::describe_totals(&checked.grants);
    let (bytes, pages, warnings) = render_pdf(job, checked, progress)?;
    timing("PDF finished");
    write_atomically(output, bytes.parts())?;
    timing("file written");
    Ok(Built {
        output: output.to_path_buf(),
        pages,
        grants,
        awarded,
        warnings,
    })
}

/// A layout warning located in the data file; `None` when the data check already said it.
fn layout_warning(
    job: &Job,
    checked: &Checked,
    w: &layout::LayoutWarning,
    offset: usize,
) -> Option<Diagnostic> {
    let locate = |section: usize| {
        let grant = section
            .checked_sub(offset)
            .and_then(|i| checked.grants.get(i));
        let mut d = Diagnostic::warning("").in_file(&job.input);
        if let Some(g) = grant {
            d = d.at_line(g.line);
        }
        (d, grant)
    };
    match w {
        layout::LayoutWarning::Overflow {
            section,
            title,
            pages,
            at_size,
        } => {
            let (d, grant) = locate(*section);
            let id = grant
                .filter(|g| !g.id.is_empty())
                .map(|g| format!(" ({})", g.id))
                .unwrap_or_default();
            let (message, hint) = match at_size {
                None => (
                    format!("the case study \"{title}\"{id} does not fit on one page: it runs over {pages} pages, continued under \"(continued)\""),
                    "shorten its text, or use --fit to shrink it onto one page",
                ),
                Some(size) => (
                    format!("the case study \"{title}\"{id} does not fit on one page even with its text at {size} pt: it runs over {pages} pages, continued under \"(continued)\""),
                    "shorten its text",
                ),
            };
            Some(Diagnostic {
                message,
                hint: Some(hint.into()),
                ..d
            })
        }
        layout::LayoutWarning::MissingGlyphs { section, chars } => {
            let (d, grant) = locate(*section);
            // Characters from the data were reported by row and column already; what is left
            // came from the template.
            let from_data = |c: char| match grant {
                Some(g) => g.fields.iter().any(|(_, v)| v.contains(c)),
                // The cover and summary show data from every grant.
                None => checked
                    .grants
                    .iter()
                    .any(|g| g.fields.iter().any(|(_, v)| v.contains(c))),
            };
            let left: Vec<char> = chars.chars().filter(|&c| !from_data(c)).collect();
            if left.is_empty() {
                return None;
            }
            let whose = grant
                .map(|g| format!("the case study \"{}\"", g.title))
                .unwrap_or_else(|| "the report".into());
            Some(Diagnostic {
                message: format!(
                    "{whose} has characters no bundled font can draw: {}",
                    describe_chars(&left)
                ),
                hint: Some("they are left out of the PDF (never drawn as empty boxes); replace them in the template".into()),
                ..d
            })
        }
    }
}

/// The report date: `--date`, then report.toml's `date`, then `SOURCE_DATE_EPOCH`, then today.
pub fn report_date(job: &Job, settings: &Settings) -> dates::Date {
    job.date
        .as_deref()
        .or(settings.date.as_deref())
        .and_then(dates::parse_iso_date)
        .or_else(dates::source_date_epoch)
        .unwrap_or_else(dates::today)
}

/// Writes `parts` one after another to a temporary file beside `path`, then renames it into
/// place, so a reader never sees a half-written file and a failure leaves nothing behind.
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

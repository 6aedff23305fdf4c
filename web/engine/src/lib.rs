//! Turns the web page's files (the bytes of its inputs) into what the command line's `check`
//! and `build` give: the problems as JSON, and the PDF, or a zip of PDFs for split reports and
//! editions. A thin layer: every decision is the grant-report library's.
//!
//! The page's project is one folder held in memory: the data file under its own name,
//! `report.toml`, `case-study.hbs` and any logo or pictures, named as report.toml and the data
//! name them. Plain Rust functions do the work (tested natively); the `#[wasm_bindgen]`
//! items only carry bytes and strings across.

pub mod controls;

use grant_report::batch::SplitBy;
use grant_report::diagnostic::{fold, Diagnostic};
use grant_report::files::Files;
use grant_report::{dates, Error, Job};
use std::io::Write;
use std::path::{Path, PathBuf};
use wasm_bindgen::prelude::*;

/// The name report.toml has in the page's project.
pub const SETTINGS: &str = "report.toml";
/// The name the case-study template has in the page's project.
pub const TEMPLATE: &str = "case-study.hbs";

/// The files of one report, as the page holds them.
#[wasm_bindgen]
#[derive(Clone)]
pub struct Project {
    /// Held as the library reads them, so a job shares them rather than copying them.
    files: Files,
    data: Option<PathBuf>,
    sheet: Option<String>,
}

impl Default for Project {
    fn default() -> Project {
        Project {
            files: Files::memory([]),
            data: None,
            sheet: None,
        }
    }
}

/// A finished build: the file to offer (a PDF, or a zip of PDFs) and what the build says.
#[wasm_bindgen]
pub struct Output {
    name: String,
    bytes: Vec<u8>,
    summary: String,
}

#[wasm_bindgen]
impl Output {
    /// The name to download it as (`report.pdf`, `report.zip`).
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.name.clone()
    }

    /// The file's bytes (a `Uint8Array` in the page), handed over rather than copied: a
    /// second call gives none.
    pub fn take_bytes(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.bytes)
    }

    /// What the build says, as JSON: see [`Project::build`].
    #[wasm_bindgen(getter)]
    pub fn summary(&self) -> String {
        self.summary.clone()
    }
}

#[wasm_bindgen]
impl Project {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Project {
        Project::default()
    }

    /// Adds a file to the project (or replaces the one of that name).
    pub fn add_file(&mut self, name: &str, bytes: Vec<u8>) {
        self.files.insert(name.as_ref(), bytes);
    }

    /// Adds the data file (CSV, TSV, XLSX, ODS or 360Giving JSON) under its own name.
    pub fn add_data(&mut self, name: &str, bytes: Vec<u8>) {
        self.add_file(name, bytes);
        self.data = Some(PathBuf::from(name));
    }

    /// The workbook sheet to read (`--sheet`); empty: the first.
    pub fn set_sheet(&mut self, sheet: &str) {
        self.sheet = Some(sheet.trim().to_string()).filter(|s| !s.is_empty());
    }

    /// Checks the project as `grant-report check` does. JSON: `{"ok", "grants", "read",
    /// "awarded", "problems": [...], "warnings": [...]}`, each problem the command line's
    /// (file, line, column, value, message, hint). `today` is the page's date, YYYY-MM-DD.
    pub fn check(&self, today: &str) -> String {
        // As on the command line: each edition checked, and a clean check laid out too, so
        // that what the pages will say (a case study too long, what fit shrank) shows before
        // a build.
        let result = self.job(today).and_then(|job| {
            let found = grant_report::check_editions(&job, &grant_report::progress::Quiet);
            match (found.failed, found.checked) {
                (Some(Error::Problems(_)), _) => Err(Error::Problems(
                    grant_report::diagnostic::Problems::from(found.diagnostics),
                )),
                (Some(stop), _) => Err(stop),
                (None, Some(checked)) => Ok((checked, found.diagnostics)),
                (None, None) => Err(Error::Usage("nothing was checked".into())),
            }
        });
        match result {
            Ok((checked, warnings)) => serde_json::json!({
                "ok": true,
                "grants": checked.grants.len(),
                "read": checked.read,
                "awarded": grant_report::grants::describe_totals(&checked.grants),
                "problems": [],
                "warnings": fold(&warnings),
            })
            .to_string(),
            Err(e) => failure(e).to_string(),
        }
    }

    /// Builds the report: one PDF, or a zip of PDFs when `split` is "grant" or "programme"
    /// (an empty `split` builds one report; report.toml's `editions` give one PDF each, in a
    /// zip). The summary, JSON: `{"ok": true, "pages", "grants", "awarded", "files": [...],
    /// "warnings": [...]}`. A failure is an `Err` carrying [`Project::check`]'s JSON.
    ///
    /// With `stream`, a zip is not kept: it goes to the page in pieces of about a megabyte as
    /// it is made, through `self.grantReportWrite(bytes)` (the bytes are the engine's memory:
    /// copy them), and the output's bytes are empty; a single PDF still comes whole.
    pub fn build(
        &self,
        today: &str,
        split: &str,
        format: &str,
        stream: bool,
    ) -> Result<Output, JsValue> {
        let made = match stream {
            true => self.output_to(today, split, format, ToPage::new(page_write)),
            false => self.output(today, split, format),
        };
        made.map_err(|e| JsValue::from_str(&failure(e).to_string()))
    }
}

/// The most files a zip of pictures may give, and the most their pictures may come to.
const ZIP_FILES: usize = 10_000;
const ZIP_TOTAL: u64 = 512 << 20;

#[wasm_bindgen]
impl Project {
    /// Adds the pictures (PNG, JPEG, SVG) and introductions (.md) in a zip, each under its path
    /// in the zip ("photos/p1.png") and, when the zip holds one folder, under its path inside
    /// that folder too, as a folder chosen in the page is. Other files are skipped. Gives the
    /// names added (both, for a folder's) as JSON, or why the zip cannot be read (past the limits, not a zip). Each
    /// file's size is checked as it inflates, so a zip bomb is stopped at the limit.
    pub fn add_zip(&mut self, bytes: Vec<u8>) -> Result<String, JsValue> {
        let names = self.unzip(bytes).map_err(|e| JsValue::from_str(&e))?;
        Ok(serde_json::Value::from(names).to_string())
    }

    /// The bytes of a file the project holds (empty when it holds none of that name).
    pub fn file_bytes(&self, name: &str) -> Vec<u8> {
        self.files.read(name.as_ref(), u64::MAX).unwrap_or_default()
    }
}

impl Project {
    /// [`Project::add_zip`] in Rust.
    pub fn unzip(&mut self, bytes: Vec<u8>) -> Result<Vec<String>, String> {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .map_err(|e| format!("the file is not a zip that can be read ({e})"))?;
        if zip.len() > ZIP_FILES {
            return Err(format!(
                "the zip holds {} files, more than the {ZIP_FILES} it may; zip only the pictures",
                zip.len()
            ));
        }
        let wanted = |name: &str| {
            let lower = name.to_ascii_lowercase();
            [".png", ".jpg", ".jpeg", ".svg", ".md", ".markdown"]
                .iter()
                .any(|e| lower.ends_with(e))
        };
        let mut taken = Vec::new();
        let mut total = 0u64;
        for i in 0..zip.len() {
            let mut entry = zip
                .by_index(i)
                .map_err(|e| format!("the zip cannot be read ({e})"))?;
            let Some(path) = entry.enclosed_name() else {
                continue;
            };
            let name = path.to_string_lossy().replace('\\', "/");
            if entry.is_dir() || !wanted(&name) || name.starts_with("__MACOSX/") {
                continue;
            }
            let limit = match name.ends_with(".md") || name.ends_with(".markdown") {
                true => grant_report::files::TEXT_LIMIT,
                false => grant_report::files::IMAGE_LIMIT,
            };
            let mut data = Vec::new();
            (&mut entry)
                .take(limit + 1)
                .read_to_end(&mut data)
                .map_err(|e| format!("{name} in the zip cannot be read ({e})"))?;
            if data.len() as u64 > limit {
                return Err(format!(
                    "{name} in the zip is more than the {} MB such a file may be",
                    limit >> 20
                ));
            }
            total += data.len() as u64;
            if total > ZIP_TOTAL {
                return Err(format!(
                    "the zip's pictures come to more than {} MB; zip fewer at a time",
                    ZIP_TOTAL >> 20
                ));
            }
            taken.push((name, data));
        }
        // One folder holding everything (a zipped "photos" folder): its files are also
        // found by their names inside it.
        let top = |n: &str| n.split_once('/').map(|(t, _)| t.to_string());
        let one_folder = taken.first().and_then(|(n, _)| top(n)).filter(|t| {
            taken
                .iter()
                .all(|(n, _)| top(n).as_deref() == Some(t.as_str()))
        });
        let mut names = Vec::new();
        for (name, data) in taken {
            if let Some(t) = &one_folder {
                let inner = name[t.len() + 1..].to_string();
                self.add_file(&inner, data.clone());
                names.push(inner);
            }
            self.add_file(&name, data);
            names.push(name);
        }
        Ok(names)
    }
}

#[wasm_bindgen]
impl Project {
    /// The programmes of every grant in the data (whatever report.toml's `[select]` keeps),
    /// in the file's order, for the page's programme filter. JSON: `[{"name", "grants"}]`;
    /// empty while the data has problems (the check lists them).
    pub fn programmes(&self, today: &str) -> String {
        let mut all = self.clone();
        if let Ok(text) = self.files.read_text(SETTINGS.as_ref(), 4 << 20) {
            if let Ok(text) = controls::edit_setting(&text, "select", &serde_json::Value::Null) {
                all.add_file(SETTINGS, text.into_bytes());
            }
        }
        let quiet = &grant_report::progress::Quiet;
        let grants = all
            .job(today)
            .and_then(|job| grant_report::check(&job, quiet))
            .map(|checked| checked.grants)
            .unwrap_or_default();
        let mut counts: Vec<(String, usize)> = Vec::new();
        for g in grants.iter().filter(|g| !g.programme.is_empty()) {
            match counts.iter_mut().find(|(name, _)| *name == g.programme) {
                Some((_, n)) => *n += 1,
                None => counts.push((g.programme.clone(), 1)),
            }
        }
        let list: Vec<serde_json::Value> = counts
            .into_iter()
            .map(|(name, grants)| serde_json::json!({ "name": name, "grants": grants }))
            .collect();
        serde_json::Value::from(list).to_string()
    }
}

/// report.toml's text with one setting changed as a control asks ([`controls::edit_setting`]):
/// `value` is JSON, `null` takes the setting out. Throws the reason when the text is not TOML.
#[wasm_bindgen]
pub fn set_setting(text: &str, path: &str, value: &str) -> Result<String, JsValue> {
    let value: serde_json::Value =
        serde_json::from_str(value).map_err(|e| JsValue::from_str(&e.to_string()))?;
    controls::edit_setting(text, path, &value).map_err(|e| JsValue::from_str(&e))
}

/// The values report.toml's text holds, as JSON, for the controls to show
/// ([`controls::settings_values`]).
#[wasm_bindgen]
pub fn settings_values(text: &str) -> String {
    controls::settings_values(text).to_string()
}

impl Project {
    /// The job the command line would run in a folder holding these files.
    pub fn job(&self, today: &str) -> Result<Job, Error> {
        let data = self.data.clone().ok_or_else(|| {
            Error::Usage("choose a data file (CSV, Excel or 360Giving JSON) first".into())
        })?;
        let today = dates::parse_iso_date(today)
            .ok_or_else(|| Error::Usage(format!("{today:?} is not a date (YYYY-MM-DD)")))?;
        // The page's files sit side by side: its template and report.toml are named when
        // they were given.
        let given = |name: &'static str| self.files.is_file(name.as_ref()).then(|| Path::new(name));
        let project = Job::in_project(data, self.files.clone(), given(TEMPLATE), given(SETTINGS))?;
        let read = grant_report::source::ReadOptions {
            sheet: self.sheet.clone(),
            ..Default::default()
        };
        Ok(Job {
            read,
            today: Some(today),
            ..project
        })
    }

    /// The build [`Project::build`] makes, as Rust values.
    pub fn output(&self, today: &str, split: &str, format: &str) -> Result<Output, Error> {
        self.output_to(today, split, format, Vec::new())
    }

    /// The build, with a zip written to `to` as it is made (then the output's bytes are
    /// what `to` holds if it is a `Vec`, else none).
    pub fn output_to<W: Write + IntoBytes>(
        &self,
        today: &str,
        split: &str,
        format: &str,
        to: W,
    ) -> Result<Output, Error> {
        let job = self.job(today)?;
        let split = match split {
            "" => None,
            by => Some(by.parse::<SplitBy>().map_err(Error::Usage)?),
        };
        let formats = match format {
            "" => match grant_report::formats(&job) {
                f if f.is_empty() => vec![grant_report::Output::Pdf],
                f => f,
            },
            f => vec![f.parse::<grant_report::Output>().map_err(Error::Usage)?],
        };
        let editions = grant_report::editions(&job);
        let bilingual = split.is_none() && grant_report::bilingual(&job);
        let zipped = split.is_some() || (editions.len() > 1 && !bilingual) || formats.len() > 1;
        let mut made = Made::new(zipped, to);
        let mut said = (0, String::new());
        for format in formats {
            said = match bilingual {
                true => bilingual_rendered(&job, format, &editions, &mut made)?,
                false => rendered(&job, (split, format), &editions, &mut made)?,
            };
        }
        let (grants, awarded) = said;
        let summary = serde_json::json!({
            "ok": true,
            "pages": made.pages,
            "grants": grants,
            "awarded": awarded,
            "files": made.names,
            "warnings": fold(&made.warnings),
        })
        .to_string();
        let (name, bytes) = made.finish()?;
        Ok(Output {
            name,
            bytes,
            summary,
        })
    }
}

/// What a build has made so far: its one PDF, or a zip that each PDF goes into as soon as it
/// is made (a split of thousands of grants never holds them all at once), and what they say.
/// The zip is written front to back (sizes after each file, as a stream), so it can leave as
/// it is made.
struct Made<W: Write> {
    zip: Option<zip::ZipWriter<zip::write::StreamWriter<W>>>,
    pdf: Option<(String, Vec<u8>)>,
    names: Vec<String>,
    pages: usize,
    warnings: Vec<Diagnostic>,
}

impl<W: Write + IntoBytes> Made<W> {
    fn new(zipped: bool, to: W) -> Made<W> {
        Made {
            zip: zipped.then(|| zip::ZipWriter::new_stream(to)),
            pdf: None,
            names: Vec::new(),
            pages: 0,
            warnings: Vec::new(),
        }
    }

    /// Takes one PDF: into the zip (stored, as PDFs are compressed already, dated 1 January
    /// 1980 so the same PDFs make the same zip), or kept as the one PDF.
    fn add(&mut self, name: String, rendered: grant_report::Rendered) -> Result<(), Error> {
        self.pages += rendered.pages;
        for w in rendered.warnings {
            if !self.warnings.contains(&w) {
                self.warnings.push(w);
            }
        }
        self.names.push(name.clone());
        let Some(zip) = &mut self.zip else {
            self.pdf = Some((name, rendered.bytes.parts().concat()));
            return Ok(());
        };
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .last_modified_time(zip::DateTime::default())
            .large_file(false);
        zip.start_file(name, options).map_err(zip_error)?;
        for part in rendered.bytes.parts() {
            zip.write_all(part).map_err(|e| zip_error(e.into()))?;
        }
        Ok(())
    }

    /// The file to offer: its name and bytes.
    fn finish(self) -> Result<(String, Vec<u8>), Error> {
        match (self.zip, self.pdf) {
            (Some(zip), _) => {
                let bytes = zip.finish().map_err(zip_error)?.into_inner().into_bytes()?;
                Ok(("report.zip".to_string(), bytes))
            }
            (None, Some(pdf)) => Ok(pdf),
            (None, None) => Err(Error::Usage("the build made no report".into())),
        }
    }
}

/// Where a build's zip goes: kept whole (a `Vec`), or handed on as it is made ([`ToPage`]).
pub trait IntoBytes {
    /// What was kept, once the zip is finished (the last of it sent on, for a stream).
    fn into_bytes(self) -> Result<Vec<u8>, Error>;
}

impl IntoBytes for Vec<u8> {
    fn into_bytes(self) -> Result<Vec<u8>, Error> {
        Ok(self)
    }
}

/// How much of a zip is gathered before it is handed on.
const PIECE: usize = 1 << 20;

/// A zip on its way to the page: gathered into pieces of about [`PIECE`] bytes, each handed
/// to `send` (the page writes it to the file the user chose, or keeps it outside the engine).
pub struct ToPage<F: FnMut(&[u8]) -> std::io::Result<()>> {
    piece: Vec<u8>,
    size: usize,
    send: F,
}

impl<F: FnMut(&[u8]) -> std::io::Result<()>> ToPage<F> {
    pub fn new(send: F) -> ToPage<F> {
        ToPage::in_pieces_of(PIECE, send)
    }

    /// Hands on pieces of `size` bytes (the last, and a flush, may be shorter).
    pub fn in_pieces_of(size: usize, send: F) -> ToPage<F> {
        ToPage {
            piece: Vec::with_capacity(size),
            size: size.max(1),
            send,
        }
    }
}

impl<F: FnMut(&[u8]) -> std::io::Result<()>> Write for ToPage<F> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let room = self.size.saturating_sub(self.piece.len()).max(1);
        let taken = bytes.len().min(room);
        self.piece.extend_from_slice(&bytes[..taken]);
        if self.piece.len() >= self.size {
            self.flush()?;
        }
        Ok(taken)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.piece.is_empty() {
            (self.send)(&self.piece)?;
            self.piece.clear();
        }
        Ok(())
    }
}

impl<F: FnMut(&[u8]) -> std::io::Result<()>> IntoBytes for ToPage<F> {
    fn into_bytes(mut self) -> Result<Vec<u8>, Error> {
        self.flush().map_err(|source| Error::Io {
            path: PathBuf::from("report.zip"),
            source,
        })?;
        Ok(Vec::new())
    }
}

/// Hands a piece of the zip to the page; its failure (the file could not be written) stops
/// the build.
fn page_write(bytes: &[u8]) -> std::io::Result<()> {
    write_to_page(bytes)
        .map_err(|e| std::io::Error::other(e.as_string().unwrap_or_else(|| format!("{e:?}"))))
}

fn zip_error(e: zip::result::ZipError) -> Error {
    Error::Io {
        path: PathBuf::from("report.zip"),
        source: std::io::Error::other(e),
    }
}

/// Makes every PDF a job asks for, handing each to `made` as it is made: one report, or one
/// per group when split, for each of `editions` (none: the report's own language). Gives how
/// many grants and how much the (first) edition reports.
fn rendered<W: Write + IntoBytes>(
    job: &Job,
    (split, format): (Option<SplitBy>, grant_report::Output),
    editions: &[String],
    made: &mut Made<W>,
) -> Result<(usize, String), Error> {
    let quiet = page_progress();
    let mut said = None;
    let all: Vec<Option<&String>> = match editions.is_empty() {
        true => vec![None],
        false => editions.iter().map(Some).collect(),
    };
    for edition in all {
        let job = Job {
            edition: edition.cloned(),
            ..job.clone()
        };
        let checked = grant_report::check(&job, quiet)?;
        said.get_or_insert((
            checked.grants.len(),
            grant_report::grants::describe_totals(&checked.grants),
        ));
        // Two editions or more: each file named by its language, as the command line does.
        let ext = format.extension();
        let named = |name: String| match edition {
            Some(tag) if editions.len() > 1 => {
                format!("{}.{tag}.{ext}", name.trim_end_matches(&format!(".{ext}")))
            }
            _ => name,
        };
        match split {
            None => made.add(
                named(format!("report.{ext}")),
                grant_report::render(&job, checked, format, quiet)?,
            )?,
            Some(by) => grant_report::batch::render_split(
                &job,
                &checked,
                (by, format),
                by.default_name(),
                quiet,
                |name, rendered| made.add(named(name), rendered),
            )?,
        }
    }
    Ok(said.unwrap_or_default())
}

/// Makes the one report in both languages that report.toml's `bilingual = true` asks for, as
/// the command line's `--bilingual` does.
fn bilingual_rendered<W: Write + IntoBytes>(
    job: &Job,
    format: grant_report::Output,
    editions: &[String],
    made: &mut Made<W>,
) -> Result<(usize, String), Error> {
    let [first, second] = editions else {
        return Err(Error::Usage(
            "a bilingual report needs two languages: editions = [\"en-GB\", \"cy\"] in the settings"
                .into(),
        ));
    };
    let quiet = page_progress();
    let (rendered, grants, awarded) =
        grant_report::pipeline::render_bilingual(job, [first, second], format, quiet)?;
    made.add(format!("report.{}", format.extension()), rendered)?;
    Ok((grants, awarded))
}

/// How far a build has got, sent to the page as `self.grantReportProgress(stage, done,
/// total)` (engine-calls.js defines it; the worker posts it to the page, which shows a bar):
/// at each stage's start and about every hundredth of its steps (a case study typeset is one).
struct PageProgress {
    at: std::sync::Mutex<(String, usize, usize)>,
}

static PAGE_PROGRESS: PageProgress = PageProgress {
    at: std::sync::Mutex::new((String::new(), 0, 0)),
};

/// The progress the page is told of; natively (the tests), none.
fn page_progress() -> &'static dyn grant_report::progress::Progress {
    match cfg!(target_arch = "wasm32") {
        true => &PAGE_PROGRESS,
        false => &grant_report::progress::Quiet,
    }
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = self, js_name = grantReportProgress)]
    fn tell_page(stage: &str, done: usize, total: usize);
    #[wasm_bindgen(catch, js_namespace = self, js_name = grantReportWrite)]
    fn write_to_page(bytes: &[u8]) -> Result<(), JsValue>;
}

impl grant_report::progress::Progress for PageProgress {
    fn start(&self, stage: &str, total: usize) {
        if let Ok(mut at) = self.at.lock() {
            *at = (stage.to_string(), 0, total);
        }
        tell_page(stage, 0, total);
    }

    fn step(&self) {
        let Ok(mut at) = self.at.lock() else { return };
        at.1 += 1;
        let (done, total) = (at.1, at.2);
        if done == total || done % (total / 100).max(1) == 0 {
            tell_page(&at.0, done, total);
        }
    }
}

/// A failed check or build as the page shows it: the problems, each where it is, or one
/// message when the failure is not about the files' contents.
fn failure(e: Error) -> serde_json::Value {
    let problems: Vec<Diagnostic> = match e {
        Error::Problems(p) => p.into_iter().collect(),
        other => vec![Diagnostic::error(other.to_string())],
    };
    serde_json::json!({ "ok": false, "problems": fold(&problems), "warnings": [] })
}

/// The default report.toml the page starts from (the command line's `templates/report.toml`).
#[wasm_bindgen]
pub fn default_settings() -> String {
    neutral_settings()
}

/// The bundled sample's report.toml, which the page uses with the sample data.
#[wasm_bindgen]
pub fn sample_settings() -> String {
    grant_report::settings::DEFAULT_TOML.to_string()
}

/// report.toml with the sample's title and organisation commented out: read, it is the
/// command line's settings when there is no report.toml, so a user's own data never gets
/// the sample's words on its cover.
fn neutral_settings() -> String {
    let sample = grant_report::settings::DEFAULT_TOML;
    let neutral: String = sample
        .lines()
        .map(|line| {
            if line.starts_with("title = ") {
                "# title = \"Our grants in 2025-26\"   # unset: \"Grant case studies\"".into()
            } else if line == "# author = \"Grants team\"" {
                "# author = \"The Example Trust\"".into()
            } else if line.starts_with("organisation = ") {
                "# organisation = \"The Example Trust\"   # unset: the funder your data names"
                    .into()
            } else {
                line.to_string()
            }
        })
        .map(|line| line + "\n")
        .collect();
    neutral
}

/// The default case-study template the page starts from.
#[wasm_bindgen]
pub fn default_template() -> String {
    grant_report::DEFAULT_TEMPLATE.to_string()
}

/// The built-in Welsh case-study template (what a Welsh report uses without one of its own).
#[wasm_bindgen]
pub fn default_template_cy() -> String {
    grant_report::DEFAULT_TEMPLATE_CY.to_string()
}

/// The bundled sample data, to try the page without a file of one's own.
#[wasm_bindgen]
pub fn sample_csv() -> String {
    grant_report::SAMPLE_CSV.to_string()
}

/// How many bytes of memory the module holds now (the page shows it; the budget script
/// reads it).
#[wasm_bindgen]
pub fn memory_bytes() -> usize {
    #[cfg(target_arch = "wasm32")]
    return core::arch::wasm32::memory_size(0) * 65536;
    #[cfg(not(target_arch = "wasm32"))]
    0
}

#[cfg(test)]
mod tests {
    use super::*;
    use grant_report::FileSource;

    fn repo(path: &str) -> Vec<u8> {
        std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../..")
                .join(path),
        )
        .expect("a file of the repository")
    }

    fn sample() -> Project {
        let mut p = Project::new();
        p.add_data("grants.csv", repo("input/grants.csv"));
        p.add_file(SETTINGS, repo("templates/report.toml"));
        p.add_file(TEMPLATE, repo("templates/case-study.hbs"));
        p
    }

    /// The command line's job for the sample project on disk, dated as the tests' builds.
    fn sample_on_disk() -> Job {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        Job {
            template: FileSource::Path(root.join("templates/case-study.hbs")),
            settings: FileSource::Path(root.join("templates/report.toml")),
            date: dates::parse_iso_date("2026-11-25"),
            ..Job::new(root.join("input/grants.csv"))
        }
    }

    #[test]
    fn the_sample_builds_the_bytes_the_library_writes_from_disk() {
        let out = sample().output("2026-11-25", "", "").expect("builds");
        assert_eq!(out.name, "report.pdf");
        let job = sample_on_disk();
        let quiet = &grant_report::progress::Quiet;
        let checked = grant_report::check(&job, quiet).expect("checks");
        let disk =
            grant_report::render(&job, checked, grant_report::Output::Pdf, quiet).expect("renders");
        assert!(out.bytes == disk.bytes.parts().concat(), "bytes differ");
        let summary: serde_json::Value = serde_json::from_str(&out.summary).expect("json");
        assert_eq!(summary["pages"], 5);
        assert_eq!(summary["awarded"], "£161,575");
    }

    #[test]
    fn the_web_page_edition_is_the_bytes_the_command_line_writes() {
        let out = sample().output("2026-11-25", "", "html").expect("builds");
        assert_eq!(out.name, "report.html");
        let job = sample_on_disk();
        let quiet = &grant_report::progress::Quiet;
        let checked = grant_report::check(&job, quiet).expect("checks");
        let disk = grant_report::render(&job, checked, grant_report::Output::Html, quiet)
            .expect("renders");
        assert!(out.bytes == disk.bytes.to_vec(), "bytes differ");
        assert!(out.bytes.starts_with(b"<!DOCTYPE html>"));
        let split = sample()
            .output("2026-11-25", "grant", "html")
            .expect("builds");
        let zip = zip::ZipArchive::new(std::io::Cursor::new(split.bytes)).expect("a zip");
        assert_eq!(zip.len(), 3);
        assert!(zip.file_names().all(|n| n.ends_with(".html")));
        let bad = sample()
            .output("2026-11-25", "", "docx")
            .err()
            .expect("refused");
        assert!(bad.to_string().contains("pdf or html"), "{bad}");
    }

    #[test]
    fn bad_rows_are_each_listed_with_their_line_and_column() {
        let mut p = sample();
        let csv = String::from_utf8(repo("input/grants.csv")).expect("utf-8");
        let csv = csv
            .replace("\"£42,200\"", "lots")
            .replace("\"£16,375\"", "£16.37.5");
        p.add_data("bad.csv", csv.into_bytes());
        let checked: serde_json::Value =
            serde_json::from_str(&p.check("2026-11-25")).expect("json");
        assert_eq!(checked["ok"], false);
        let problems = checked["problems"].as_array().expect("a list");
        for (line, value) in [(3, "lots"), (4, "£16.37.5")] {
            assert!(
                problems.iter().any(|d| d["file"] == "bad.csv"
                    && d["line"] == line
                    && d["column"] == "amount"
                    && d["value"] == value),
                "{problems:?}"
            );
        }
        let failed = p.output("2026-11-25", "", "").err().expect("fails");
        assert!(matches!(failed, Error::Problems(_)));
    }

    #[test]
    fn the_neutral_settings_are_the_command_lines_without_a_report_toml() {
        let text = default_settings();
        assert!(!text.contains("Economic Justice") && !text.contains("Grants team"));
        let mut page = Project::new();
        page.add_data("grants.csv", repo("input/grants.csv"));
        page.add_file(SETTINGS, text.into_bytes());
        let mut bare = Project::new();
        bare.add_data("grants.csv", repo("input/grants.csv"));
        let a = page.output("2026-11-25", "", "").expect("builds");
        let b = bare.output("2026-11-25", "", "").expect("builds");
        assert!(a.bytes == b.bytes, "the neutral settings change the report");
        let sample = sample().output("2026-11-25", "", "").expect("builds");
        assert!(
            sample.bytes != a.bytes,
            "the sample's settings are the neutral ones"
        );
    }

    #[test]
    fn what_fit_shrank_is_one_note_as_the_command_line_prints_it() {
        let mut p = Project::new();
        let long = "volunteers cooked hot meals for families across the town ".repeat(70);
        let rows: String = (1..=3)
            .map(|n| format!("Kitchen {n},Org {n},1000,\"{}\"\n", long.trim()))
            .collect();
        p.add_data(
            "long.csv",
            format!("title,grantee,amount,summary\n{rows}").into_bytes(),
        );
        p.add_file(SETTINGS, b"fit = true\n".to_vec());
        let checked: serde_json::Value =
            serde_json::from_str(&p.check("2026-11-25")).expect("json");
        let warnings = checked["warnings"].as_array().expect("a list");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0]["severity"], "note");
        let message = warnings[0]["message"].as_str().unwrap_or("");
        assert!(
            message.starts_with("3 case studies are set in smaller type"),
            "{message}"
        );
    }

    #[test]
    fn a_streamed_zip_leaves_in_bounded_pieces_and_is_the_kept_zip() {
        let kept = sample().output("2026-11-25", "grant", "").expect("builds");
        let mut pieces: Vec<Vec<u8>> = Vec::new();
        let streamed = sample()
            .output_to(
                "2026-11-25",
                "grant",
                "",
                ToPage::in_pieces_of(4096, |b: &[u8]| {
                    pieces.push(b.to_vec());
                    Ok(())
                }),
            )
            .expect("builds");
        assert!(streamed.bytes.is_empty(), "nothing kept in the engine");
        assert_eq!(streamed.name, "report.zip");
        assert!(pieces.len() > 1, "{} pieces", pieces.len());
        assert!(pieces.iter().all(|p| !p.is_empty() && p.len() <= 4096));
        assert!(pieces.concat() == kept.bytes, "the same zip");
        // A failed write (the disk full, the file taken away) stops the build with its reason.
        let failed = sample()
            .output_to(
                "2026-11-25",
                "grant",
                "",
                ToPage::new(|_: &[u8]| Err(std::io::Error::other("the disk is full"))),
            )
            .err()
            .expect("fails");
        assert!(failed.to_string().contains("the disk is full"), "{failed}");
    }

    #[test]
    fn a_split_report_is_a_zip_of_one_pdf_per_grant() {
        let out = sample().output("2026-11-25", "grant", "").expect("builds");
        assert_eq!(out.name, "report.zip");
        let zip = zip::ZipArchive::new(std::io::Cursor::new(out.bytes)).expect("a zip");
        assert_eq!(zip.len(), 3);
        assert!(zip.file_names().all(|n| n.ends_with(".pdf")));
    }

    #[test]
    fn report_toml_reaches_only_the_files_the_page_was_given() {
        let mut p = sample();
        let toml = String::from_utf8(repo("templates/report.toml")).expect("utf-8");
        let toml = toml.replace("# logo = \"logo.svg\"", "logo = \"../../../etc/hostname\"");
        p.add_file(SETTINGS, toml.into_bytes());
        let checked: serde_json::Value =
            serde_json::from_str(&p.check("2026-11-25")).expect("json");
        let problem = &checked["problems"][0];
        assert_eq!(problem["file"], "report.toml", "{checked}");
        assert!(
            problem["message"]
                .as_str()
                .is_some_and(|m| m.contains("no such file was given")),
            "{checked}"
        );
        p.add_file("etc/hostname", b"<svg width='1' height='1'/>".to_vec());
        let found: serde_json::Value = serde_json::from_str(&p.check("2026-11-25")).expect("json");
        assert_eq!(
            found["ok"], true,
            "the path stays inside the page's files: {found}"
        );
    }

    #[test]
    fn check_checks_every_edition_as_the_command_line_does() {
        let mut p = sample();
        let toml = String::from_utf8(repo("templates/report.toml")).expect("utf-8");
        p.add_file(
            SETTINGS,
            toml.replace("# editions = [", "editions = [").into_bytes(),
        );
        p.add_file(
            "case-study.cy.hbs",
            b"{{#if grantee}}Grant i {{grantee}}\n".to_vec(),
        );
        let checked: serde_json::Value =
            serde_json::from_str(&p.check("2026-11-25")).expect("json");
        assert_eq!(checked["ok"], false, "{checked}");
        let files: Vec<&str> = checked["problems"]
            .as_array()
            .expect("problems")
            .iter()
            .filter_map(|d| d["file"].as_str())
            .collect();
        assert_eq!(files, ["case-study.cy.hbs"], "{checked}");
    }

    #[test]
    fn editions_come_as_a_zip_of_one_pdf_per_language() {
        let mut p = sample();
        let toml = String::from_utf8(repo("templates/report.toml")).expect("utf-8");
        let toml = toml.replace("# editions = [", "editions = [");
        p.add_file(SETTINGS, toml.into_bytes());
        let out = p.output("2026-11-25", "", "").expect("builds");
        assert_eq!(out.name, "report.zip");
        let zip = zip::ZipArchive::new(std::io::Cursor::new(out.bytes)).expect("a zip");
        let mut names: Vec<&str> = zip.file_names().collect();
        names.sort();
        assert_eq!(names, ["report.cy.pdf", "report.en-GB.pdf"]);
    }

    #[test]
    fn a_workbook_is_read_from_the_sheet_named() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        wb.add_worksheet()
            .set_name("Notes")
            .and_then(|s| s.write_string(0, 0, "Exported from the grants system"))
            .expect("notes");
        let grants = wb.add_worksheet().set_name("Grants").expect("name");
        for (c, h) in ["title", "grantee", "amount"].into_iter().enumerate() {
            grants.write_string(0, c as u16, h).expect("header");
        }
        grants.write_string(1, 0, "Warm homes").expect("cell");
        grants.write_string(1, 1, "Heat Trust").expect("cell");
        grants.write_number(1, 2, 12500.0).expect("cell");
        let mut p = sample();
        p.add_data("grants.xlsx", wb.save_to_buffer().expect("xlsx"));
        let first: serde_json::Value = serde_json::from_str(&p.check("2026-11-25")).expect("json");
        assert_eq!(first["ok"], false, "the first sheet has no grants: {first}");
        p.set_sheet("Budget");
        let wrong: serde_json::Value = serde_json::from_str(&p.check("2026-11-25")).expect("json");
        assert!(
            wrong.to_string().contains("the sheets are: Notes, Grants"),
            "{wrong}"
        );
        p.set_sheet("Grants");
        let out = p.output("2026-11-25", "", "").expect("builds");
        let summary: serde_json::Value = serde_json::from_str(&out.summary).expect("json");
        assert_eq!(summary["awarded"], "£12,500", "{summary}");
    }

    #[test]
    fn without_a_data_file_or_with_a_bad_date_the_check_says_what_to_do() {
        let none: serde_json::Value =
            serde_json::from_str(&Project::new().check("2026-11-25")).expect("json");
        assert!(none["problems"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("choose a data file")));
        let date: serde_json::Value =
            serde_json::from_str(&sample().check("25/11/2026")).expect("json");
        assert!(date["problems"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("YYYY-MM-DD")));
    }

    #[test]
    fn the_programme_filter_lists_every_programme_whatever_select_keeps() {
        let mut p = Project::new();
        let csv = "id,title,grantee,amount,programme\nG1,One,A,100,Youth\nG2,Two,B,200,Arts\nG3,Three,C,300,Youth\nG4,Four,D,400,\n";
        p.add_data("grants.csv", csv.as_bytes().to_vec());
        p.add_file(SETTINGS, b"[select]\nprogrammes = [\"Arts\"]\n".to_vec());
        let list: serde_json::Value = serde_json::from_str(&p.programmes("2026-11-25")).unwrap();
        assert_eq!(
            list,
            serde_json::json!([{"name": "Youth", "grants": 2}, {"name": "Arts", "grants": 1}])
        );
        p.add_data("grants.csv", b"id,title\nG1,\n".to_vec());
        assert_eq!(p.programmes("2026-11-25"), "[]");
    }

    #[test]
    fn bilingual_true_in_the_settings_makes_the_command_lines_bilingual_report() {
        let mut p = sample();
        let toml = String::from_utf8(repo("templates/report.toml")).unwrap();
        let toml = controls::edit_setting(&toml, "editions", &serde_json::json!(["en-GB", "cy"]))
            .and_then(|t| controls::edit_setting(&t, "bilingual", &serde_json::json!(true)))
            .unwrap();
        p.add_file(SETTINGS, toml.into_bytes());
        p.add_file("case-study.cy.hbs", repo("templates/case-study.cy.hbs"));
        let out = p.output("2026-11-25", "", "").expect("builds");
        assert_eq!(out.name, "report.pdf");
        let job = sample_on_disk();
        let quiet = &grant_report::progress::Quiet;
        let (disk, _, _) = grant_report::pipeline::render_bilingual(
            &job,
            ["en-GB", "cy"],
            grant_report::Output::Pdf,
            quiet,
        )
        .expect("renders");
        assert!(out.bytes == disk.bytes.parts().concat(), "bytes differ");
    }

    fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in files {
            zip.start_file(*name, options).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn photo_project(photo: &str) -> Project {
        let mut p = Project::new();
        let csv = format!(
            "id,title,grantee,amount,photo,photo_alt\nG1,Kitchen,Org A,100,{photo},A kitchen\n"
        );
        p.add_data("grants.csv", csv.into_bytes());
        p.add_file(
            TEMPLATE,
            b"# {{title}}\n\n![{{photo_alt}}]({{photo}})\n".to_vec(),
        );
        p
    }

    const SVG: &[u8] = b"<svg xmlns='http://www.w3.org/2000/svg' width='40' height='20'><rect width='40' height='20' fill='#123456'/></svg>";

    #[test]
    fn a_zipped_photos_folder_gives_paths_as_the_data_names_them() {
        let zip = zip_of(&[
            ("photos/p1.svg", SVG),
            ("photos/notes.txt", b"skip me"),
            ("photos/sub/p2.svg", SVG),
        ]);
        let mut p = photo_project("photos/p1.svg");
        let names = p.unzip(zip.clone()).expect("reads");
        assert_eq!(
            names,
            ["p1.svg", "photos/p1.svg", "sub/p2.svg", "photos/sub/p2.svg"]
        );
        assert!(
            p.output("2026-11-25", "", "").is_ok(),
            "photos/p1.svg is found"
        );
        // The one folder's files are also found by their names inside it.
        let mut p = photo_project("sub/p2.svg");
        p.unzip(zip).expect("reads");
        assert!(
            p.output("2026-11-25", "", "").is_ok(),
            "sub/p2.svg is found"
        );
    }

    #[test]
    fn a_missing_photo_names_the_path_and_the_pictures_the_page_has() {
        let mut p = photo_project("photos/p9.svg");
        p.add_file("photos/p1.svg", SVG.to_vec());
        p.add_file("logo.svg", SVG.to_vec());
        let check: serde_json::Value = serde_json::from_str(&p.check("2026-11-25")).unwrap();
        let problem = &check["problems"][0];
        assert_eq!(problem["line"], 2);
        assert_eq!(problem["column"], "photo");
        assert_eq!(
            problem["message"],
            "the picture \"photos/p9.svg\" is not among the files given; the pictures given are \"logo.svg\" and \"photos/p1.svg\""
        );
        assert!(
            problem["hint"].as_str().unwrap().contains("Pictures"),
            "{problem}"
        );
        let p = photo_project("photos/p9.svg");
        let check: serde_json::Value = serde_json::from_str(&p.check("2026-11-25")).unwrap();
        assert_eq!(
            check["problems"][0]["message"],
            "the picture \"photos/p9.svg\" is not among the files given: no pictures were chosen"
        );
    }

    #[test]
    fn a_zip_past_its_limits_is_refused_as_it_inflates() {
        // 40 MB of zeros deflate to a few kilobytes: refused at the picture limit.
        let bomb = zip_of(&[("big.png", &vec![0u8; 40 << 20])]);
        assert!(bomb.len() < 1 << 20);
        let e = Project::new().unzip(bomb).unwrap_err();
        assert_eq!(
            e,
            "big.png in the zip is more than the 32 MB such a file may be"
        );
        let e = Project::new().unzip(b"not a zip".to_vec()).unwrap_err();
        assert!(
            e.starts_with("the file is not a zip that can be read"),
            "{e}"
        );
        let names: Vec<String> = (0..ZIP_FILES + 1).map(|i| format!("{i}.txt")).collect();
        let many: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
        let e = Project::new().unzip(zip_of(&many)).unwrap_err();
        assert!(e.starts_with("the zip holds 10001 files"), "{e}");
    }
}

//! Turns a [`Job`] (grants file, template, report.toml) into a finished report file: the
//! pipeline, read top to bottom.
//!
//! 1. [`check`]: settings, template and data read and validated ([`crate::source`],
//!    [`crate::grants`]), every case study rendered to Markdown ([`crate::template`]).
//! 2. [`document()`]: each case study's Markdown parsed ([`crate::markup`]) and the report
//!    assembled around them ([`crate::report`]).
//! 3. [`render`]: the document rendered as an [`Output`]: for a PDF, set into pages
//!    ([`crate::layout`]) and each page written as it comes ([`crate::pdf`]).
//! 4. output: the bytes renamed into place ([`crate::output`]).
//!
//! Warnings from every stage are located back in the data file ([`locate`]).

mod check;
mod locate;
mod render;
mod style;

pub use check::{check, Checked};
pub use render::{render, render_document, Bytes, Output, Rendered};
pub use style::style;

use crate::diagnostic::Diagnostic;
use crate::document::{Block, Document, Section, SectionKind};
use crate::layout::{self, FontBook};
use crate::progress::Progress;
use crate::{grants, markup, report, Error, Job};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// What a build made.
#[derive(Debug, Clone)]
pub struct Built {
    /// The file written: the output named, or the file a symbolic link named as the output
    /// points to.
    pub output: PathBuf,
    pub pages: usize,
    pub grants: usize,
    /// How many grants the data file holds (more than `grants` when some were left out).
    pub read: usize,
    /// Total awarded as shown in the report, one per currency joined with " + ".
    pub awarded: String,
    pub warnings: Vec<Diagnostic>,
    /// The report.toml used, as messages name it.
    pub settings_file: PathBuf,
}

/// One report in two languages (`--language en-GB,cy --bilingual`): each case study, and the
/// summary, followed by its counterpart in the second language, whose pages declare that
/// language on their structure elements; cover and contents in the first.
pub fn build_bilingual(
    job: &Job,
    tags: [&str; 2],
    (path, output): (&Path, Output),
    progress: &dyn Progress,
) -> Result<Built, Error> {
    crate::output::target(path)?;
    let (said, rendered) = bilingual_report(job, tags, output, progress)?;
    said.written(path, rendered)
}

/// [`build_bilingual`]'s report, rendered but not written (the web page offers the bytes):
/// the report and how many grants and how much the first language's edition reports.
pub fn render_bilingual(
    job: &Job,
    tags: [&str; 2],
    output: Output,
    progress: &dyn Progress,
) -> Result<(Rendered, usize, String), Error> {
    let (said, rendered) = bilingual_report(job, tags, output, progress)?;
    Ok((rendered, said.grants, said.awarded))
}

fn bilingual_report(
    job: &Job,
    tags: [&str; 2],
    output: Output,
    progress: &dyn Progress,
) -> Result<(Said, Rendered), Error> {
    let edition = |tag: &str| Job {
        edition: Some(tag.to_string()),
        ..job.clone()
    };
    let (first, second) = (edition(tags[0]), edition(tags[1]));
    let checked = check(&first, progress)?;
    let other = check(&second, progress)?;
    let said = Said::of(&checked);
    let (doc, checked) = document_from(&first, checked);
    let (other_doc, other) = document_from(&second, other);
    let words = crate::document::PageWords {
        page_of: other.settings.locale.labels.page_of.clone(),
        continued: other.settings.locale.labels.continued.clone(),
        title: other.settings.title.clone(),
    };
    let doc = interleave(doc, other_doc, &other.settings.language, words);
    Ok((
        said,
        render_document(&first, &checked, doc, output, progress)?,
    ))
}

/// Whether a job makes one report in both its languages: `--bilingual`, or report.toml's
/// `bilingual = true` (unreadable settings: no; `check` reports them).
pub fn bilingual(job: &Job) -> bool {
    job.bilingual || project_settings(job).is_some_and(|s| s.bilingual)
}

/// `doc` with each of its case studies and its summary followed by `other`'s (the same
/// report in language `lang`), the contents' entries pointing where their sections moved.
fn interleave(
    doc: Document,
    other: Document,
    lang: &str,
    words: crate::document::PageWords,
) -> Document {
    let mut extra = other
        .sections
        .into_iter()
        .filter(|s| matches!(s.kind, SectionKind::CaseStudy | SectionKind::Summary))
        .map(|s| Section {
            language: Some(lang.to_string()),
            words: Some(words.clone()),
            ..s
        });
    let mut moved = Vec::with_capacity(doc.sections.len());
    let mut sections: Vec<Section> = Vec::with_capacity(doc.sections.len() * 2);
    for s in doc.sections {
        let pair = matches!(s.kind, SectionKind::CaseStudy | SectionKind::Summary);
        moved.push(sections.len());
        sections.push(s);
        if pair {
            sections.extend(extra.next());
        }
    }
    for s in &mut sections {
        for b in &mut s.blocks {
            if let Block::Contents(entries) = b {
                for e in entries {
                    e.section = moved.get(e.section).copied().unwrap_or(e.section);
                }
            }
        }
    }
    Document { sections, ..doc }
}

/// The editions a job asks for: the command line's languages, else report.toml's
/// `editions` (unreadable settings give none here; `check` reports them).
pub fn editions(job: &Job) -> Vec<String> {
    if !job.editions.is_empty() {
        return job.editions.clone();
    }
    project_settings(job)
        .map(|s| {
            s.editions
                .iter()
                .filter_map(|t| crate::locale::Locale::for_tag(t).map(|l| l.tag.to_string()))
                .collect()
        })
        .unwrap_or_default()
}

/// The formats report.toml's `formats` asks for, in its order without repeats (none when it
/// names none or cannot be read; `check` reports a bad one).
pub fn formats(job: &Job) -> Vec<Output> {
    let mut out = Vec::new();
    for f in project_settings(job).map(|s| s.formats).unwrap_or_default() {
        match f.parse::<Output>() {
            Ok(o) if !out.contains(&o) => out.push(o),
            _ => {}
        }
    }
    out
}

/// The project's own report.toml, read leniently (not the built-in one).
fn project_settings(job: &Job) -> Option<crate::settings::Settings> {
    if matches!(job.settings, crate::FileSource::BuiltIn(_)) {
        return None;
    }
    let (path, text) = job
        .settings
        .load(&job.files, crate::settings::DEFAULT_TOML)
        .ok()?;
    crate::settings::parse_settings(&path, &text).ok()
}

/// Checks and renders the report as `output` and writes it to `path` atomically: the file
/// appears complete or not at all.
pub fn build(
    job: &Job,
    path: &Path,
    output: Output,
    progress: &dyn Progress,
) -> Result<Built, Error> {
    // A place that cannot take the report is said before any work is done.
    crate::output::target(path)?;
    let checked = check(job, progress)?;
    progress.stage("checked");
    let said = Said::of(&checked);
    let rendered = render(job, checked, output, progress)?;
    progress.stage("report finished");
    let built = said.written(path, rendered)?;
    progress.stage("file written");
    Ok(built)
}

/// What a build says of itself, taken from its checked job before that is rendered.
struct Said {
    grants: usize,
    read: usize,
    awarded: String,
    settings_file: PathBuf,
}

impl Said {
    fn of(checked: &Checked) -> Said {
        Said {
            grants: checked.grants.len(),
            read: checked.read,
            awarded: grants::describe_totals(&checked.grants),
            settings_file: checked.settings_file.clone(),
        }
    }

    /// The rendered report written to `output` atomically, and what the build says.
    fn written(self, output: &Path, rendered: Rendered) -> Result<Built, Error> {
        let written = crate::output::write_atomically(output, rendered.bytes.parts())?;
        Ok(Built {
            output: written,
            pages: rendered.pages,
            grants: self.grants,
            read: self.read,
            awarded: self.awarded,
            warnings: rendered.warnings,
            settings_file: self.settings_file,
        })
    }
}

/// Lays out a checked job: the pages, and every warning located in the data file. Holds
/// every page in memory (for tests and tools that look at the pages); [`layout_warnings`]
/// and [`render`] do not.
pub fn lay_out(
    job: &Job,
    checked: &Checked,
    progress: &dyn Progress,
) -> (layout::Layout, Vec<Diagnostic>) {
    let doc = document(job, checked);
    progress.start("laying out", doc.sections.len());
    let laid = layout::layout_document(
        &doc,
        &style(&checked.settings),
        FontBook::shared(),
        progress,
    );
    let grant_of = case_study_grants(&doc);
    let warnings = locate::located_warnings(&job.input, checked, &grant_of, &laid.warnings);
    (laid, warnings)
}

/// What `check` finds, each edition a job asks for checked as it would be built (just the job
/// when it asks for none): see [`check_editions`].
pub struct Findings {
    /// Every problem of every edition, or for clean data every warning a build would give (its
    /// pages laid out too), each once, in the order found.
    pub diagnostics: Vec<Diagnostic>,
    /// The first edition's checked job, when no edition has problems.
    pub checked: Option<Checked>,
    /// The first failure: problems (all of them are in `diagnostics`), or something that
    /// stopped the check (a file that cannot be read), after which no edition is checked.
    pub failed: Option<Error>,
}

/// Checks a job as `grant-report check` does: each of its editions (`--language en-GB,cy`,
/// report.toml's `editions`) as it would be built, so the Welsh template's mistakes show as
/// well as the English one's.
pub fn check_editions(job: &Job, progress: &dyn crate::progress::Progress) -> Findings {
    let tags = editions(job);
    let jobs: Vec<Job> = match tags.is_empty() {
        true => vec![job.clone()],
        false => tags
            .iter()
            .map(|tag| Job {
                edition: Some(tag.clone()),
                ..job.clone()
            })
            .collect(),
    };
    let mut found = Findings {
        diagnostics: Vec::new(),
        checked: None,
        failed: None,
    };
    for job in &jobs {
        let (said, result) = match check(job, progress) {
            Ok(c) => (layout_warnings(job, &c), Ok(c)),
            Err(Error::Problems(p)) => (p.problems.clone(), Err(Error::Problems(p))),
            Err(stop) => {
                found.checked = None;
                found.failed = Some(stop);
                return found;
            }
        };
        for d in said {
            if !found.diagnostics.contains(&d) {
                found.diagnostics.push(d);
            }
        }
        match result {
            Ok(c) if found.failed.is_none() => {
                found.checked.get_or_insert(c);
            }
            Ok(_) => {}
            Err(e) => {
                found.checked = None;
                found.failed.get_or_insert(e);
            }
        }
    }
    found
}

/// Every warning a build of a checked job would give, from the data and from laying it out
/// (the pages themselves are dropped as they are made).
pub fn layout_warnings(job: &Job, checked: &Checked) -> Vec<Diagnostic> {
    let doc = document(job, checked);
    let grant_of = case_study_grants(&doc);
    let streamed = layout::layout_streaming(
        doc,
        &style(&checked.settings),
        FontBook::shared(),
        &crate::progress::Quiet,
        &mut layout::Discard,
    );
    locate::located_warnings(&job.input, checked, &grant_of, &streamed.warnings)
}

/// The document of a checked job: its case studies' Markdown parsed, their pictures
/// attached, and the report assembled around them. Every output renders this.
pub fn document(job: &Job, checked: &Checked) -> Document {
    let case_studies = checked
        .case_studies
        .par_iter()
        .zip(checked.grants.par_iter())
        .map(|(md, grant)| case_study(checked, md, grant))
        .collect();
    assemble(job, checked, case_studies)
}

/// [`document`], parsing (and freeing) the case studies' Markdown as it goes.
fn document_from(job: &Job, mut checked: Checked) -> (Document, Checked) {
    let case_studies = std::mem::take(&mut checked.case_studies)
        .into_par_iter()
        .zip(checked.grants.par_iter())
        .map(|(md, grant)| case_study(&checked, &md, grant))
        .collect();
    let doc = assemble(job, &checked, case_studies);
    (doc, checked)
}

/// One case study's blocks: its Markdown parsed, its pictures attached.
fn case_study(checked: &Checked, md: &str, grant: &grants::Grant) -> Vec<Block> {
    let mut blocks = markup::parse_markup(md);
    let fallback = format!(
        "{}: {}",
        checked.settings.locale.labels.picture, grant.title
    );
    attach_pictures(&mut blocks, &checked.pictures, &fallback);
    blocks
}

/// Gives each picture of a case study its file, read by `check`, and a description when it
/// has none (`fallback`, "Picture: <title>", so the PDF's figure is never without one).
fn attach_pictures(
    blocks: &mut [Block],
    pictures: &[(String, std::sync::Arc<crate::logo::Logo>)],
    fallback: &str,
) {
    for block in blocks {
        match block {
            Block::Image { src, alt, picture } => {
                *picture = pictures
                    .iter()
                    .find(|(s, _)| s == src)
                    .map(|(_, p)| p.clone());
                if alt.trim().is_empty() {
                    *alt = fallback.to_string();
                }
            }
            Block::List { items, .. } => {
                for item in items {
                    attach_pictures(item, pictures, fallback);
                }
            }
            _ => {}
        }
    }
}

/// The report around the parsed case studies: cover, contents, introduction, summary.
fn assemble(job: &Job, checked: &Checked, case_studies: Vec<Vec<Block>>) -> Document {
    let date = job.report_date(&checked.settings);
    let introduction = checked.introduction.as_deref().map(markup::parse_markup);
    let section_intros: Vec<(String, Vec<Block>)> = checked
        .section_intros
        .iter()
        .map(|(p, md)| (p.clone(), markup::parse_markup(md)))
        .collect();
    report::assemble(
        &checked.settings,
        &checked.grants,
        case_studies,
        introduction,
        &section_intros,
        checked.logo.clone(),
        &checked.settings.locale.date(date),
    )
}

/// Each section's grant (its index in the checked grants): the n-th case study section is
/// the n-th grant's; other sections (cover, contents, dividers, summary, and a bilingual
/// report's second-language pages) have none.
fn case_study_grants(doc: &Document) -> Vec<Option<usize>> {
    let mut n = 0;
    doc.sections
        .iter()
        .map(|s| {
            (s.kind == SectionKind::CaseStudy && s.language.is_none()).then(|| {
                n += 1;
                n - 1
            })
        })
        .collect()
}

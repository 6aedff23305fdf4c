//! Turns a [`Document`] into the bytes of one output format ([`Output`]): the seam every
//! edition (PDF now) is rendered through, so batch runs, watch and the web page never name a
//! format's writer.

use super::{case_study_grants, document_from, locate, style, Checked};
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::layout::{self, FontBook};
use crate::progress::Progress;
use crate::{dates, html, pdf, Error, Job};
use std::path::Path;

/// What a report is rendered as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Output {
    /// A tagged PDF (PDF/UA-1 and PDF/A-2a).
    #[default]
    Pdf,
    /// One self-contained, accessible web page (WCAG 2.2 AA).
    Html,
}

impl Output {
    /// Every output, in the order they are named.
    pub const ALL: [Output; 2] = [Output::Pdf, Output::Html];

    /// The name users give it (`--format pdf`, `formats = ["pdf"]`).
    pub fn name(self) -> &'static str {
        match self {
            Output::Pdf => "pdf",
            Output::Html => "html",
        }
    }

    /// The file extension its files get, without the dot.
    pub fn extension(self) -> &'static str {
        self.name()
    }

    /// What one file of it is called in messages ("PDF", "web page").
    pub fn noun(self) -> &'static str {
        match self {
            Output::Pdf => "PDF",
            Output::Html => "web page",
        }
    }

    /// The output a file name asks for by its extension (`report.pdf`, `report.htm`), if any.
    pub fn for_path(path: &Path) -> Option<Output> {
        let ext = path.extension()?.to_str()?;
        if ext.eq_ignore_ascii_case("htm") {
            return Some(Output::Html);
        }
        Output::ALL
            .into_iter()
            .find(|o| o.extension().eq_ignore_ascii_case(ext))
    }

    /// `path` with its extension made this output's: a known output's extension replaced
    /// (`report.pdf` → `report.html`), any other kept and this one added.
    pub fn path_for(self, path: &Path) -> std::path::PathBuf {
        match Output::for_path(path) {
            Some(_) => path.with_extension(self.extension()),
            None => {
                let mut name = path.as_os_str().to_owned();
                name.push(".");
                name.push(self.extension());
                std::path::PathBuf::from(name)
            }
        }
    }
}

impl std::fmt::Display for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Output {
    type Err = String;

    fn from_str(s: &str) -> Result<Output, String> {
        let names: Vec<&str> = Output::ALL.iter().map(|o| o.name()).collect();
        Output::ALL
            .into_iter()
            .find(|o| o.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("the format is {}, not \"{s}\"", names.join(" or ")))
    }
}

/// A finished file's bytes, as consecutive parts (written one after another).
pub struct Bytes(Vec<Vec<u8>>);

impl Bytes {
    /// The parts, to be written one after another.
    pub fn parts(&self) -> &[Vec<u8>] {
        &self.0
    }

    /// The whole file as one buffer.
    pub fn to_vec(&self) -> Vec<u8> {
        self.0.concat()
    }

    pub fn len(&self) -> usize {
        self.0.iter().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A report rendered in one output format, not yet written anywhere.
pub struct Rendered {
    pub output: Output,
    pub bytes: Bytes,
    pub pages: usize,
    /// Every warning, from the data and from the layout, located in the data file.
    pub warnings: Vec<Diagnostic>,
}

/// Renders a checked job as `output`: the document assembled, then rendered.
pub fn render(
    job: &Job,
    checked: Checked,
    output: Output,
    progress: &dyn Progress,
) -> Result<Rendered, Error> {
    let (doc, checked) = document_from(job, checked);
    progress.stage("document assembled");
    render_document(job, &checked, doc, output, progress)
}

/// Renders a document assembled from a checked job as `output`.
pub fn render_document(
    job: &Job,
    checked: &Checked,
    doc: Document,
    output: Output,
    progress: &dyn Progress,
) -> Result<Rendered, Error> {
    match output {
        Output::Pdf => render_pdf(job, checked, doc, progress),
        Output::Html => render_html(job, checked, doc, progress),
    }
}

/// Lays out and writes a document as a PDF, each page written as it is laid out.
fn render_pdf(
    job: &Job,
    checked: &Checked,
    doc: Document,
    progress: &dyn Progress,
) -> Result<Rendered, Error> {
    let settings = &checked.settings;
    let info = pdf::PdfInfo {
        title: settings.title.clone(),
        author: settings.author(),
        language: settings.language.clone(),
        date: dates::creation_timestamp(job.report_date(settings)),
        tagged: job.tagged,
        go_to_page: settings.locale.labels.go_to_page.clone(),
    };
    progress.start("typesetting", doc.sections.len());
    let fonts = FontBook::shared();
    let mut writer = pdf::PdfWriter::new(fonts, &info);
    let grant_of = case_study_grants(&doc);
    let streamed = layout::layout_streaming(doc, &style(settings), fonts, progress, &mut writer);
    progress.stage("laid out and pages written");
    let warnings = locate::located_warnings(&job.input, checked, &grant_of, &streamed.warnings);
    let pages = streamed.total;
    let bytes = writer
        .finish(streamed, progress)
        .map_err(|e| Error::Render(e.to_string()))?;
    Ok(Rendered {
        output: Output::Pdf,
        bytes: Bytes(bytes),
        pages,
        warnings,
    })
}

/// Writes a document as one web page. Only the data's warnings apply: a browser sets the
/// text, so the layout's (what does not fit a page) do not.
fn render_html(
    job: &Job,
    checked: &Checked,
    doc: Document,
    progress: &dyn Progress,
) -> Result<Rendered, Error> {
    let settings = &checked.settings;
    let labels = &settings.locale.labels;
    let look = html::Look {
        text: settings.text_colour(),
        accent: settings.accent_colour(),
        body_sans: settings.fonts.body == crate::settings::Family::Sans,
        headings_sans: settings.fonts.headings == crate::settings::Family::Sans,
        embed_fonts: job.embed_fonts,
        skip: labels.skip_to_content.clone(),
        contents: settings
            .contents
            .title
            .clone()
            .unwrap_or_else(|| labels.contents.clone()),
        figures: labels.figures_table.clone(),
    };
    let grant_of = case_study_grants(&doc);
    let page = html::write_html(&doc, &look);
    progress.stage("web page written");
    Ok(Rendered {
        output: Output::Html,
        bytes: Bytes(vec![page.into_bytes()]),
        pages: 0,
        warnings: locate::located_warnings(&job.input, checked, &grant_of, &[]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_are_named_by_users_and_file_names() {
        assert_eq!("PDF".parse::<Output>(), Ok(Output::Pdf));
        assert_eq!(
            "docx".parse::<Output>(),
            Err("the format is pdf or html, not \"docx\"".to_string())
        );
        assert_eq!(Output::for_path(Path::new("a/b.htm")), Some(Output::Html));
        assert_eq!(
            Output::Html.path_for(Path::new("out/report.pdf")),
            Path::new("out/report.html")
        );
        assert_eq!(
            Output::Pdf.path_for(Path::new("2026.v1")),
            Path::new("2026.v1.pdf")
        );
        assert_eq!(
            Output::for_path(Path::new("out/Report.PDF")),
            Some(Output::Pdf)
        );
        assert_eq!(Output::for_path(Path::new("report")), None);
    }
}

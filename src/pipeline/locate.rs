//! Turns what the later stages noticed (characters no font can draw, a case study too long
//! for its page) into warnings located in the data file, by row and column.

use super::Checked;
use crate::diagnostic::{Diagnostic, Fold, FoldKind};
use crate::grants::Grant;
use crate::layout::{self, LayoutWarning};
use rayon::prelude::*;
use std::path::Path;

/// Warns about characters in the data that no bundled font can draw, by row and column.
pub fn undrawable_characters(path: &Path, grants: &[Grant]) -> Vec<Diagnostic> {
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

/// The data's warnings and the layout's, located in the data file; `grant_of` gives each
/// section's grant, if it has one.
pub fn located_warnings(
    input: &Path,
    checked: &Checked,
    grant_of: &[Option<usize>],
    laid: &[LayoutWarning],
) -> Vec<Diagnostic> {
    let mut warnings = checked.warnings.clone();
    for w in laid {
        let grant = |section: usize| {
            grant_of
                .get(section)
                .copied()
                .flatten()
                .and_then(|i| checked.grants.get(i))
        };
        let here = |grant: Option<&Grant>| {
            let d = Diagnostic::warning("").in_file(input);
            match grant {
                Some(g) => d.at_line(g.line),
                None => d,
            }
        };
        let located = match w {
            LayoutWarning::Overflow {
                section,
                title,
                pages,
                at_size,
            } => {
                let g = grant(*section);
                Some(overflow(here(g), g, title, *pages, *at_size))
            }
            LayoutWarning::MissingGlyphs { section, chars } => {
                let g = grant(*section);
                missing_glyphs(here(g), g, &checked.grants, chars)
            }
            LayoutWarning::Shrunk {
                section,
                title,
                size,
            } => {
                let g = grant(*section);
                Some(shrunk(here(g), g, title, *size))
            }
        };
        warnings.extend(located);
    }
    warnings
}

/// A case study that runs over its page.
fn overflow(
    here: Diagnostic,
    grant: Option<&Grant>,
    title: &str,
    pages: usize,
    at_size: Option<f32>,
) -> Diagnostic {
    let id = grant
        .filter(|g| !g.id.is_empty())
        .map(|g| format!(" ({})", g.id))
        .unwrap_or_default();
    let (message, hint) = match at_size {
        None => (
            format!("the case study \"{title}\"{id} does not fit on one page: it runs over {pages} pages, each later one headed \"(continued)\""),
            "shorten its text, or use --fit to shrink it onto one page",
        ),
        Some(size) => (
            format!("the case study \"{title}\"{id} does not fit on one page even with its text at {size} pt, so it is set at full size over {pages} pages, each later one headed \"(continued)\""),
            "shorten its text",
        ),
    };
    let line = grant
        .map(|g| format!(" (line {})", g.line))
        .unwrap_or_default();
    let item = match at_size {
        None => format!("\"{title}\"{line} over {pages} pages"),
        Some(_) => format!("\"{title}\"{line} over {pages} pages even at the smallest size"),
    };
    Diagnostic {
        message,
        hint: Some(hint.into()),
        fold: Some(Fold {
            kind: FoldKind::Overflow,
            item,
        }),
        ..here
    }
}

/// A case study `--fit` set in smaller type.
fn shrunk(here: Diagnostic, grant: Option<&Grant>, title: &str, size: f32) -> Diagnostic {
    let line = grant
        .map(|g| format!(" (line {})", g.line))
        .unwrap_or_default();
    Diagnostic {
        severity: crate::diagnostic::Severity::Note,
        message: format!(
            "the case study \"{title}\" is set in {size} pt type so that it fits its page"
        ),
        fold: Some(Fold {
            kind: FoldKind::Shrunk,
            item: format!("\"{title}\"{line} at {size} pt"),
        }),
        ..here
    }
}

/// Characters the template (not the data) brought that no font can draw; `None` when the
/// data check already said it.
fn missing_glyphs(
    here: Diagnostic,
    grant: Option<&Grant>,
    grants: &[Grant],
    chars: &str,
) -> Option<Diagnostic> {
    let from_data = |c: char| match grant {
        Some(g) => g.fields.iter().any(|(_, v)| v.contains(c)),
        // The cover and summary show data from every grant.
        None => grants
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
        ..here
    })
}

//! DESIGN.md's rules for the code's shape, checked by reading the source (what a grep would
//! do, so a change that breaks one fails here): stage boundaries, a lib.rs that only indexes,
//! printing only in the binary, the PDF crates only in `pdf`, a `//!` line atop every module,
//! no function longer than a screen.

use crate::common::repo;
use std::path::{Path, PathBuf};

/// Every `.rs` file under `src/`, with its text up to its test module (tests may reach
/// anywhere).
fn sources() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("src folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&repo().join("src"), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("source");
            let code = match text.find("#[cfg(test)]\nmod ") {
                Some(at) => text[..at].to_string(),
                None => text,
            };
            (p.strip_prefix(repo()).expect("in repo").to_path_buf(), code)
        })
        .collect()
}

/// The files under `src/{dir}` (a folder or a single `dir.rs`).
fn stage(dir: &str) -> Vec<(PathBuf, String)> {
    sources()
        .into_iter()
        .filter(|(p, _)| {
            p.starts_with(format!("src/{dir}")) || p == Path::new(&format!("src/{dir}.rs"))
        })
        .collect()
}

/// Fails with every `(file, line)` of `files` that contains any of `needles`.
fn assert_none(files: &[(PathBuf, String)], needles: &[&str], rule: &str) {
    let found: Vec<String> = files
        .iter()
        .flat_map(|(p, text)| {
            text.lines().enumerate().filter_map(move |(i, l)| {
                let code = l.trim_start();
                (!code.starts_with("//") && needles.iter().any(|n| code.contains(n)))
                    .then(|| format!("{}:{}: {}", p.display(), i + 1, code))
            })
        })
        .collect();
    assert!(found.is_empty(), "{rule}:\n{}", found.join("\n"));
}

#[test]
fn lib_rs_only_declares_and_reexports() {
    let text = std::fs::read_to_string(repo().join("src/lib.rs")).expect("lib.rs");
    for line in text.lines() {
        let l = line.trim();
        assert!(
            l.is_empty()
                || l.starts_with("//")
                || l.starts_with("pub mod ")
                || l.starts_with("pub use "),
            "lib.rs should only declare modules and re-export: {l}"
        );
    }
}

#[test]
fn later_stages_never_reach_back() {
    assert_none(
        &stage("markup"),
        &["crate::grants", "crate::template", "crate::report"],
        "markup turns Markdown into document blocks and knows nothing of grants or templates",
    );
    assert_none(
        &stage("template"),
        &[
            "crate::settings",
            "crate::source",
            "crate::logo",
            "crate::markup",
            "crate::report",
            "crate::layout",
            "crate::pdf",
            "crate::pipeline",
            "crate::batch",
        ],
        "template turns grants into Markdown: of the stages it reads only grants, document and \
         locale (the column names live with the fields in grants)",
    );
    for s in ["layout", "pdf"] {
        assert_none(
            &stage(s),
            &[
                "crate::logo",
                "crate::settings",
                "crate::grants",
                "crate::template",
                "crate::markup",
                "crate::report",
                "crate::source",
                "crate::pipeline",
                "crate::batch",
                "crate::timing",
                "crate::{",
            ],
            &format!(
                "{s} reads the document model, the style and the pages, not report.toml or \
                 earlier stages"
            ),
        );
    }
    assert_none(
        &stage("pdf"),
        &["Shaper"],
        "pdf gets finished pages: it does not shape text",
    );
    assert_none(
        &stage("layout"),
        &["pdf_writer", "crate::pdf", "subsetter"],
        "layout knows nothing about PDF",
    );
}

#[test]
fn only_the_pipeline_names_an_output_format_writer() {
    let mut outside: Vec<_> = sources()
        .into_iter()
        .filter(|(p, _)| {
            !p.starts_with("src/pipeline")
                && !p.starts_with("src/pdf")
                && !p.starts_with("src/html")
        })
        .collect();
    let web = Path::new("web/engine/src/lib.rs");
    let text = std::fs::read_to_string(repo().join(web)).expect("web engine");
    outside.push((web.to_path_buf(), text));
    assert_none(
        &outside,
        &[
            "render_pdf",
            "crate::pdf",
            "grant_report::pdf",
            "PdfWriter",
            "render_html",
            "write_html",
            "crate::html",
            "grant_report::html",
        ],
        "batch runs, watch, the binary and the web page render through pipeline::render and \
         an Output, never a format's writer",
    );
}

#[test]
fn only_pdf_touches_the_pdf_crates() {
    let outside: Vec<_> = sources()
        .into_iter()
        .filter(|(p, _)| !p.starts_with("src/pdf"))
        .collect();
    assert_none(
        &outside,
        &[
            "pdf_writer::",
            "subsetter::",
            "xmp_writer::",
            "libdeflater::",
        ],
        "only src/pdf uses the PDF crates",
    );
}

#[test]
fn the_library_never_prints_or_reads_proc() {
    let binary = [
        "src/main.rs",
        "src/cli.rs",
        "src/terminal.rs",
        "src/watch.rs",
    ];
    let library: Vec<_> = sources()
        .into_iter()
        .filter(|(p, _)| !binary.iter().any(|b| p == Path::new(b)))
        .collect();
    assert_none(
        &library,
        &[
            "println!",
            "eprintln!",
            "print!(",
            "/proc/",
            "std::process::exit",
        ],
        "the library reports through Progress and errors; the binary prints",
    );
}

#[test]
fn every_module_says_what_it_turns_into_what() {
    let missing: Vec<String> = sources()
        .into_iter()
        .filter(|(_, text)| !text.starts_with("//!"))
        .map(|(p, _)| p.display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "modules without a //! line: {missing:?}"
    );
}

#[test]
fn no_function_is_longer_than_a_screen() {
    // A function at indent k ends at the first line that is exactly k spaces and "}" (the
    // tree is rustfmt-formatted). No exceptions.
    const LIMIT: usize = 80;
    let mut long = Vec::new();
    for (p, text) in sources() {
        let lines: Vec<&str> = text.lines().collect();
        for (i, l) in lines.iter().enumerate() {
            let t = l.trim_start();
            let is_fn = ["fn ", "pub fn ", "pub(crate) fn ", "pub(super) fn "]
                .iter()
                .any(|s| t.starts_with(s))
                || t.starts_with("pub(in ");
            if !is_fn || !t.contains("fn ") || l.trim_end().ends_with(';') {
                continue;
            }
            let indent = l.len() - t.len();
            let end = format!("{}}}", " ".repeat(indent));
            let Some(len) = lines[i + 1..].iter().position(|x| *x == end) else {
                continue;
            };
            if len + 2 > LIMIT {
                long.push(format!("{}:{} ({} lines)", p.display(), i + 1, len + 2));
            }
        }
    }
    assert!(long.is_empty(), "functions longer than a screen: {long:?}");
}

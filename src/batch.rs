//! Splits a checked job into groups (one per grant or per programme) and writes one report
//! file per group (in any [`Output`]) into a folder, in parallel, each named by a Handlebars
//! file-name template.

use crate::diagnostic::Diagnostic;
use crate::grants::Grant;
use crate::output::{write_atomically, write_new};
use crate::{render, Checked, Error, Job, Output};
use handlebars::Handlebars;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How to split the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitBy {
    Grant,
    Programme,
}

impl std::str::FromStr for SplitBy {
    type Err = String;

    /// `grant` or `programme` (as `--split-by` and the web page name them).
    fn from_str(s: &str) -> Result<SplitBy, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "grant" => Ok(SplitBy::Grant),
            "programme" | "program" => Ok(SplitBy::Programme),
            _ => Err(format!("split by grant or programme, not \"{s}\"")),
        }
    }
}

impl SplitBy {
    /// The file-name template used when none is given.
    pub fn default_name(self) -> &'static str {
        match self {
            SplitBy::Grant => "{{#if id}}{{slug id}}-{{/if}}{{slug title}}.pdf",
            SplitBy::Programme => "{{slug programme}}.pdf",
        }
    }
}

/// What a split run wrote.
#[derive(Debug, Clone)]
pub struct SplitBuilt {
    pub files: Vec<PathBuf>,
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
}

/// One output: its file name and the indices of its grants.
struct Group {
    name: String,
    title: Option<String>,
    members: Vec<usize>,
}

pub use crate::words::slug;

/// Writes one PDF per group into `out_dir`. Nothing is overwritten unless `force`; names must
/// be unique. Each file is written atomically; if one fails, the error says which were written.
pub fn build_split(
    job: &Job,
    checked: &Checked,
    (split, output): (SplitBy, Output),
    out_dir: &Path,
    name_template: &str,
    force: bool,
    progress: &dyn crate::progress::Progress,
) -> Result<SplitBuilt, Error> {
    let groups = group(&job.input, checked, (split, output), name_template)?;
    let paths: Vec<PathBuf> = groups.iter().map(|g| out_dir.join(&g.name)).collect();
    if !force {
        let existing: Vec<PathBuf> = paths.iter().filter(|p| p.exists()).cloned().collect();
        if !existing.is_empty() {
            return Err(Error::Exists {
                paths: existing,
                hint: "nothing was written (use --force to replace them)".into(),
            });
        }
    }
    std::fs::create_dir_all(out_dir).map_err(|source| Error::Io {
        path: out_dir.to_path_buf(),
        source,
    })?;
    progress.start("writing files", groups.len());
    let results: Vec<Result<(usize, Vec<Diagnostic>), Error>> = groups
        .par_iter()
        .zip(&paths)
        .map(|(g, path)| {
            let subset = subset(checked, g);
            let rendered = render(job, subset, output, &crate::progress::Quiet)?;
            if force {
                write_atomically(path, rendered.bytes.parts())?;
            } else {
                write_new(path, rendered.bytes.parts())?;
            }
            progress.step();
            Ok((rendered.pages, rendered.warnings))
        })
        .collect();
    let mut written = Vec::new();
    let mut failures = Vec::new();
    let mut pages = 0;
    let mut warnings = Vec::new();
    for (result, path) in results.into_iter().zip(paths) {
        match result {
            Ok((p, w)) => {
                pages += p;
                for d in w {
                    if !warnings.contains(&d) {
                        warnings.push(d);
                    }
                }
                written.push(path);
            }
            Err(e) => failures.push(e),
        }
    }
    if let Some(first) = failures.into_iter().next() {
        return Err(Error::PartlyWritten {
            written,
            cause: Box::new(first),
        });
    }
    Ok(SplitBuilt {
        files: written,
        pages,
        warnings,
    })
}

/// Renders one PDF per group in memory, one at a time, handing each with its file name to
/// `each` before the next is made (a web page zips them as they come, holding one PDF at a
/// time), in the order [`build_split`] writes them. Names are checked before any is made.
pub fn render_split(
    job: &Job,
    checked: &Checked,
    (split, output): (SplitBy, Output),
    name_template: &str,
    progress: &dyn crate::progress::Progress,
    mut each: impl FnMut(String, crate::Rendered) -> Result<(), Error>,
) -> Result<(), Error> {
    let groups = group(&job.input, checked, (split, output), name_template)?;
    progress.start("writing files", groups.len());
    for g in groups {
        let rendered = render(job, subset(checked, &g), output, &crate::progress::Quiet)?;
        each(g.name, rendered)?;
        progress.step();
    }
    Ok(())
}

/// A job's data narrowed to one group (its own cover, case studies and summary).
fn subset(checked: &Checked, g: &Group) -> Checked {
    let mut settings = checked.settings.clone();
    if let Some(title) = &g.title {
        settings.title = format!("{}: {title}", settings.title);
    }
    let grants: Vec<Grant> = g
        .members
        .iter()
        .map(|&i| checked.grants[i].clone())
        .collect();
    let lines: Vec<usize> = grants.iter().map(|g| g.line).collect();
    Checked {
        settings,
        read: grants.len(),
        grants,
        case_studies: g
            .members
            .iter()
            .map(|&i| checked.case_studies[i].clone())
            .collect(),
        introduction: checked.introduction.clone(),
        section_intros: checked.section_intros.clone(),
        pictures: checked.pictures.clone(),
        logo: checked.logo.clone(),
        settings_file: checked.settings_file.clone(),
        warnings: checked
            .warnings
            .iter()
            .filter(|w| w.line.is_none_or(|l| lines.contains(&l)))
            .cloned()
            .collect(),
    }
}

/// Groups the grants and names each group's file (with `output`'s extension); duplicate
/// names are an error.
fn group<'g>(
    input: &Path,
    checked: &'g Checked,
    (split, output): (SplitBy, Output),
    name_template: &str,
) -> Result<Vec<Group>, Error> {
    crate::template::within_limits(Path::new("--name"), name_template)?;
    let name_template = &for_output(name_template, output);
    let ext = output.extension();
    let mut registry = crate::template::registry(handlebars::no_escape);
    registry
        .register_template_string("name", name_template)
        .map_err(|e| {
            Error::Usage(format!(
                "--name {name_template:?} is not a valid template: {}",
                e.reason()
            ))
        })?;
    let mut groups: Vec<Group> = Vec::new();
    match split {
        SplitBy::Grant => {
            for (i, grant) in checked.grants.iter().enumerate() {
                let ctx = crate::template::context(grant, i + 1);
                groups.push(Group {
                    name: render_name(&registry, &serde_json::Value::Object(ctx), ext)
                        .map_err(|why| bad_name(input, Some(grant.line), name_template, why))?,
                    title: None,
                    members: vec![i],
                });
            }
        }
        SplitBy::Programme => {
            let programme = |g: &'g Grant| match g.programme.as_str() {
                "" => "No programme",
                p => p,
            };
            let mut by_programme: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
            for (i, g) in checked.grants.iter().enumerate() {
                by_programme.entry(programme(g)).or_default().push(i);
            }
            for p in crate::words::distinct(checked.grants.iter().map(programme)) {
                let members = by_programme.remove(p).unwrap_or_default();
                let ctx = serde_json::json!({ "programme": p, "count": members.len() });
                groups.push(Group {
                    name: render_name(&registry, &ctx, ext)
                        .map_err(|why| bad_name(input, None, name_template, why))?,
                    title: Some(p.to_string()),
                    members,
                });
            }
        }
    }
    let lines: Vec<usize> = groups
        .iter()
        .map(|g| checked.grants[g.members[0]].line)
        .collect();
    let problems: Vec<Diagnostic> = clashes(&groups, &lines)
        .map(|d| d.in_file(input))
        .into_iter()
        .collect();
    Ok(crate::diagnostic::Problems::or_ok(problems, groups)?)
}

/// One error for every file name two or more groups would share (each file would replace
/// the one before): how many files, and the first three names with the data lines of their
/// first grants.
fn clashes(groups: &[Group], lines: &[usize]) -> Option<Diagnostic> {
    let mut by_name: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    let mut order: Vec<&str> = Vec::new();
    for (g, line) in groups.iter().zip(lines) {
        let seen = by_name.entry(g.name.as_str()).or_default();
        if seen.is_empty() {
            order.push(&g.name);
        }
        seen.push(*line);
    }
    let shared: Vec<(&str, &Vec<usize>)> = order
        .iter()
        .map(|n| (*n, &by_name[n]))
        .filter(|(_, l)| l.len() > 1)
        .collect();
    if shared.is_empty() {
        return None;
    }
    let files: usize = shared.iter().map(|(_, l)| l.len()).sum();
    let mut named: Vec<String> = shared
        .iter()
        .take(3)
        .map(|(name, l)| {
            // "and 1 more" would be longer than the line itself.
            let take = if l.len() > 4 { 3 } else { 4 };
            let mut shown: Vec<String> = l.iter().take(take).map(|n| n.to_string()).collect();
            if l.len() > take {
                shown.push(format!("{} more", l.len() - 3));
            }
            format!(
                "\"{name}\" (the grants on lines {})",
                crate::words::and_list(&shown, "and")
            )
        })
        .collect();
    if shared.len() > 3 {
        named.push(format!("{} more names", shared.len() - 3));
    }
    let message = match named.as_slice() {
        [one] if shared.len() == 1 => {
            format!("{files} files would all be named {one}, so each would replace the one before")
        }
        _ => format!(
            "{files} files would share {} names, so each would replace the one before: {}",
            shared.len(),
            crate::words::and_list(&named, "and")
        ),
    };
    Some(
        Diagnostic::error(message)
            .with_hint("use a --name that tells them apart, e.g. '{{number}}-{{slug title}}.pdf'"),
    )
}

/// A `--name` template made to name `output`'s files: an extension naming another output
/// swapped for this one's (`{{slug title}}.pdf` names web pages `{{slug title}}.html`).
fn for_output(name_template: &str, output: Output) -> String {
    match Output::for_path(Path::new(name_template)) {
        Some(named) if named != output => output
            .path_for(Path::new(name_template))
            .to_string_lossy()
            .into_owned(),
        _ => name_template.to_string(),
    }
}

/// The file name the `--name` template gives `ctx`, ending in `.ext`, or why it cannot be
/// one.
fn render_name(
    registry: &Handlebars,
    ctx: &serde_json::Value,
    ext: &str,
) -> Result<String, String> {
    let name = registry
        .render("name", ctx)
        .map_err(|e| e.reason().to_string())?;
    let name = name.trim().replace(['/', '\\', '\0'], "-");
    if name.is_empty() || name.starts_with('.') {
        return Err("it gives an empty file name".into());
    }
    // Line breaks and other control characters, and the bidirectional overrides that make a
    // name read differently from what it is, have no place in a file name.
    let odd =
        |c: &char| c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if let Some(c) = name.chars().find(odd) {
        return Err(format!(
            "it gives a file name with the character U+{:04X}",
            u32::from(c)
        ));
    }
    let name = if name.to_ascii_lowercase().ends_with(&format!(".{ext}")) {
        name
    } else {
        format!("{name}.{ext}")
    };
    // File systems take names of at most 255 bytes.
    if name.len() > 255 {
        return Err(format!(
            "it gives a file name of {} bytes, more than a file system takes (255)",
            name.len()
        ));
    }
    Ok(name)
}

/// A file name that cannot be used, said with the row it came from.
fn bad_name(input: &Path, line: Option<usize>, template: &str, why: String) -> Error {
    let mut d = Diagnostic::error(format!(
        "--name {template:?} cannot name this output: {why}"
    ))
    .in_file(input)
    .with_hint("use fields that make short, plain names, e.g. '{{id}}-{{slug title}}.pdf'");
    if let Some(line) = line {
        d = d.at_line(line);
    }
    crate::diagnostic::Problems::from(d).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_modes_are_read_as_users_write_them() {
        assert_eq!("grant".parse(), Ok(SplitBy::Grant));
        assert_eq!(" Programme ".parse(), Ok(SplitBy::Programme));
        assert_eq!(
            "year".parse::<SplitBy>(),
            Err("split by grant or programme, not \"year\"".to_string())
        );
    }
}

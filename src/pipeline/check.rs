//! Turns a job's files into a [`Checked`] job: settings, template and data read and validated,
//! rows mapped to grants, every case study rendered to Markdown, logo and introduction read.
//! Every problem in every file is collected before failing.

use super::locate;
use crate::diagnostic::{Diagnostic, Problems};
use crate::grants::{self, Grant, MapOptions};
use crate::progress::Progress;
use crate::settings::{self, Settings};
use crate::source::{self, ReadError, Table};
use crate::template::{self, CaseStudyTemplate};
use crate::{logo, Error, FileSource, Job, DEFAULT_TEMPLATE};
use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;

/// Everything validated and rendered, ready to lay out.
pub struct Checked {
    pub settings: Settings,
    /// How many grants the data file holds; `grants` are those selected, in case-study order.
    pub read: usize,
    pub grants: Vec<Grant>,
    /// The Markdown of each grant's case study.
    pub case_studies: Vec<String>,
    /// The Markdown of the introduction, when report.toml names one.
    pub introduction: Option<String>,
    /// The pictures the case studies show, each read once, by their source as written.
    pub pictures: Vec<(String, Arc<logo::Logo>)>,
    /// Each programme's introduction for its divider page (`sections = "programme"`), from
    /// `sections/<programme>.md` beside report.toml where there is one.
    pub section_intros: Vec<(String, String)>,
    /// The cover logo, when report.toml names one.
    pub logo: Option<Arc<logo::Logo>>,
    pub warnings: Vec<Diagnostic>,
    /// The report.toml used, as messages name it (`<built-in templates/report.toml>` when
    /// there was none on disk: then the settings are neutral, never the sample's wording).
    pub settings_file: PathBuf,
}

/// Reads and validates the settings, data and template, and renders every case study.
/// Collects every problem from every file before failing.
pub fn check(job: &Job, progress: &dyn Progress) -> Result<Checked, Error> {
    let mut problems = Vec::new();
    let (settings_path, settings) = read_settings(job, &mut problems)?;
    let language = settings.as_ref().map(|s| s.language.clone());
    let mut edition_warnings = Vec::new();
    let template = read_template(
        job,
        language.as_deref(),
        &mut problems,
        &mut edition_warnings,
    )?;
    let mut table = read_data(job, &mut problems)?;
    if let (Some(t), Some(tag)) = (&mut table, &job.edition) {
        edition_warnings.extend(translate(t, tag));
    }
    let mapped = table.and_then(|table| map_data(&table, &settings, &template, &mut problems));
    progress.stage("data read and mapped");
    let (Some(mut settings), Some(template), Some((grants, mut warnings)), true) =
        (settings, template, mapped, problems.is_empty())
    else {
        return Err(Problems::from(problems).into());
    };
    // A report.toml (or none) that names no organisation: the funder the data names.
    if settings.organisation.is_empty() {
        settings.organisation = funder(&grants).unwrap_or_default();
    }
    let read = grants.len();
    let grants = select_and_order(job, &settings, &settings_path, grants)?;
    if grants.len() < read {
        // Warnings about rows left out are not the report's.
        let lines: std::collections::HashSet<usize> = grants.iter().map(|g| g.line).collect();
        warnings.retain(|w| {
            w.file.as_deref() != Some(&*job.input) || w.line.is_none_or(|l| lines.contains(&l))
        });
    }
    warnings.extend(edition_warnings);
    warnings.extend(english_title(job, &settings, &settings_path));
    warnings.extend(locate::undrawable_characters(&job.input, &grants));
    let case_studies = render_case_studies(&template, &grants, &settings.locale, &mut problems);
    warnings.extend(deep_lists(&job.input, &grants, &case_studies));
    problems.extend(too_large(&job.input, &grants, &case_studies));
    let pictures = read_pictures(job, &grants, &case_studies, &mut problems, &mut warnings);
    progress.stage("case studies rendered");
    let (logo_path, introduction_path) = job.named_files(&settings);
    let logo_path =
        logo_path.filter(|p| inside_project(job, p, "cover.logo", &settings_path, &mut problems));
    let introduction_path = introduction_path
        .filter(|p| inside_project(job, p, "introduction", &settings_path, &mut problems));
    let logo = logo_path.and_then(|path| {
        read_logo(job, &path, &settings_path, &mut warnings, &mut problems).map(Arc::new)
    });
    let introduction = match introduction_path {
        Some(path) => render_introduction(job, &settings, &grants, path, &mut problems)?,
        None => None,
    };
    let section_intros = read_section_intros(job, &settings, &grants, &mut problems);
    Ok(Problems::or_ok(
        problems,
        Checked {
            settings,
            read,
            grants,
            case_studies,
            introduction,
            pictures,
            section_intros,
            logo,
            warnings,
            settings_file: settings_path,
        },
    )?)
}

/// A warning when a Welsh edition's cover would keep report.toml's English title (no
/// `[cy] title`).
fn english_title(
    job: &Job,
    settings: &Settings,
    settings_path: &std::path::Path,
) -> Option<Diagnostic> {
    let keeps = settings.language.starts_with("cy")
        && settings.cy.title.is_none()
        && matches!(job.settings, FileSource::Path(_))
        && settings.title != Settings::default().title;
    keeps.then(|| {
        Diagnostic::warning(format!(
            "the Welsh edition's cover keeps the title \"{}\" in English",
            settings.title
        ))
        .in_file(settings_path)
        .with_hint("give the Welsh title in report.toml: a [cy] table with title = \"…\" (and organisation = \"…\")")
    })
}

/// Whether a file report.toml names lies inside the project ([`Job::project`]) or the
/// data's folder (so a colleague's report.toml cannot put `/etc/shadow` into the PDF); a
/// problem naming the setting when it does not. `--allow-folder` adds folders.
fn inside_project(
    job: &Job,
    path: &std::path::Path,
    key: &str,
    settings_path: &std::path::Path,
    problems: &mut Vec<Diagnostic>,
) -> bool {
    let roots = project_roots(job);
    // A file that does not exist is reported when it is read.
    let Ok(real) = job.files.canonicalize(path) else {
        return true;
    };
    if roots.iter().any(|r| real.starts_with(r)) {
        return true;
    }
    let name = key.rsplit('.').next().unwrap_or(key);
    let at = match job.settings.load(&job.files, settings::DEFAULT_TOML) {
        Ok((_, text)) if key != "sections" => settings::located(settings_path, &text, key),
        _ => Diagnostic::error("").in_file(settings_path),
    };
    let written = match (key, at.line) {
        ("sections", _) => format!("the programme's introduction {}", path.display()),
        (_, Some(_)) => name.to_string(),
        (_, None) => format!("{name} = \"{}\"", path.display()),
    };
    problems.push(
        Diagnostic {
            message: format!(
                "{written} is outside the project folder, {}",
                shown_folder(job, &job.project())
            ),
            ..at
        }
        .with_hint(format!(
            "copy the file into the project folder and name it relative to report.toml, or allow its folder with --allow-folder {}",
            real.parent().unwrap_or(&real).display()
        )),
    );
    false
}

/// The folders files may come from: the project, the data file's folder and every
/// `--allow-folder`, resolved.
fn project_roots(job: &Job) -> Vec<PathBuf> {
    let data = match job.input.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    [job.project(), data]
        .into_iter()
        .chain(job.allowed_folders.iter().cloned())
        .filter_map(|f| job.files.canonicalize(&f).ok())
        .collect()
}

/// The project folder as a message names it: resolved, so "." and ".." say which folder.
fn shown_folder(job: &Job, folder: &std::path::Path) -> String {
    let real = job
        .files
        .canonicalize(folder)
        .unwrap_or_else(|_| folder.to_path_buf());
    format!(
        "{} (the folder holding templates/ or report.toml)",
        real.display()
    )
}

/// The pictures the case studies show (`![alt](file)`), each read once: a PNG, JPEG or SVG
/// file named relative to the data file, inside the project. One that cannot be had is a
/// problem naming the row and the column its name came from; a picture without a
/// description is a warning (screen readers need it; the PDF then says "Picture: <title>").
fn read_pictures(
    job: &Job,
    grants: &[Grant],
    case_studies: &[String],
    problems: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<(String, Arc<logo::Logo>)> {
    let base = match job.input.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // The folders pictures may come from, resolved once.
    let roots = project_roots(job);
    let mut out: Vec<(String, Arc<logo::Logo>)> = Vec::new();
    let mut failed: Vec<String> = Vec::new();
    for (grant, markdown) in grants.iter().zip(case_studies) {
        for (src, alt) in crate::markup::pictures(markdown) {
            let column = grant
                .fields
                .iter()
                .find(|(_, v)| v.trim() == src.trim())
                .map(|(h, _)| h.clone());
            let here = |d: Diagnostic| {
                let d = d
                    .in_file(&job.input)
                    .at_line(grant.line)
                    .with_value(src.clone());
                match &column {
                    Some(c) => d.in_column(c),
                    None => d,
                }
            };
            if alt.trim().is_empty() {
                warnings.push(here(Diagnostic::warning("this picture has no description")
                    .with_hint("write ![a description of the picture](…) in the template or the data: screen readers read it out")));
            }
            if out.iter().any(|(s, _)| *s == src) || failed.contains(&src) {
                continue;
            }
            match read_picture(job, (&base, &roots), &src) {
                Ok(picture) => out.push((src, Arc::new(picture))),
                Err(message) => {
                    let hint = match job.files {
                        crate::files::Files::Memory(_) => "choose the pictures (or the folder that holds them) under \"Pictures\", or mend the name in the data",
                        crate::files::Files::Disk => "give a PNG, JPEG or SVG file's name, relative to the data file",
                    };
                    problems.push(here(Diagnostic::error(message).with_hint(hint)));
                    failed.push(src);
                }
            }
        }
    }
    out
}

/// One picture's file (`src` relative to `base`, inside one of `roots`), read and checked
/// as a logo is, or why not.
fn read_picture(
    job: &Job,
    (base, roots): (&std::path::Path, &[PathBuf]),
    src: &str,
) -> Result<logo::Logo, String> {
    if src.contains("://") {
        return Err("the picture is a web address; the report reads only files".into());
    }
    let path = base.join(src);
    let real = job.files.canonicalize(&path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => missing_picture(job, &path),
        _ => format!("the picture {} cannot be read: {e}", path.display()),
    })?;
    if !roots.iter().any(|r| real.starts_with(r)) {
        return Err(format!(
            "the picture {} is outside the project folder, {}; copy it in, or allow its folder with --allow-folder {}",
            path.display(),
            shown_folder(job, &job.project()),
            real.parent().unwrap_or(&real).display()
        ));
    }
    let data = job
        .files
        .read(&path, crate::files::IMAGE_LIMIT)
        .map_err(|e| format!("the picture {} {e}", path.display()))?;
    logo::parse_logo(data, &path, &job.input)
        .map(|read| read.logo)
        .map_err(|d| d.message.replace("the logo", "the picture"))
}

/// Why a picture the data names is not there. A web page's files are listed, so that a path
/// given differently ("photos/p1.png" against a chosen "p1.png") is plain to see.
fn missing_picture(job: &Job, path: &std::path::Path) -> String {
    if !matches!(job.files, crate::files::Files::Memory(_)) {
        return format!("the picture {} does not exist", path.display());
    }
    let path = path.strip_prefix(".").unwrap_or(path);
    let held = job.files.pictures_held();
    const SHOWN: usize = 12;
    let shown: Vec<String> = held
        .iter()
        .take(SHOWN)
        .map(|p| format!("\"{p}\""))
        .collect();
    let list = match held.len() > SHOWN {
        true => format!("{}, and {} more", shown.join(", "), held.len() - SHOWN),
        false => crate::words::and_list(&shown, "and"),
    };
    match held.is_empty() {
        true => format!(
            "the picture \"{}\" is not among the files given: no pictures were chosen",
            path.display()
        ),
        false => format!(
            "the picture \"{}\" is not among the files given; the pictures given are {}",
            path.display(),
            list
        ),
    }
}

/// An edition's text: each column that has a twin for the edition's language (`summary_cy`,
/// `Summary (Welsh)`, `Summary (Cymraeg)`) takes the twin's text where there is any; a
/// warning names the rows that have none (they keep the column's own text).
fn translate(table: &mut Table, tag: &str) -> Vec<Diagnostic> {
    let language = tag.split('-').next().unwrap_or(tag).to_ascii_lowercase();
    let names: &[&str] = match language.as_str() {
        "cy" => &["welsh", "cymraeg"],
        "en" => &["english", "saesneg"],
        _ => &[],
    };
    let key = |h: &str| h.trim().to_lowercase();
    let mut twins: Vec<(usize, usize)> = Vec::new();
    for (i, h) in table.headers.iter().enumerate() {
        let base = key(h);
        let found = table.headers.iter().position(|other| {
            let o = key(other);
            o == format!("{base}_{language}")
                || o == format!("{base}_{}", tag.to_lowercase())
                || names.iter().any(|n| o == format!("{base} ({n})"))
        });
        if let Some(j) = found {
            twins.push((i, j));
        }
    }
    let mut warnings = Vec::new();
    for (i, j) in twins {
        let mut missing = Vec::new();
        for row in &mut table.rows {
            let twin = row.cells.get(j).cloned().unwrap_or_default();
            if twin.trim().is_empty() {
                if row.cells.get(i).is_some_and(|c| !c.trim().is_empty()) {
                    missing.push(row.line);
                }
            } else if let Some(cell) = row.cells.get_mut(i) {
                *cell = twin;
            }
        }
        if !missing.is_empty() {
            let lines: Vec<String> = missing.iter().take(10).map(usize::to_string).collect();
            let more = missing.len().saturating_sub(10);
            warnings.push(
                Diagnostic::warning(format!(
                    "{} no text in \"{}\" for the {tag} edition, so {} the \"{}\" text: line{} {}{}",
                    if missing.len() == 1 {
                        "1 row has".to_string()
                    } else {
                        format!("{} rows have", missing.len())
                    },
                    table.headers[j],
                    if missing.len() == 1 { "it keeps" } else { "they keep" },
                    table.headers[i],
                    if missing.len() == 1 { "" } else { "s" },
                    lines.join(", "),
                    if more > 0 { format!(" and {more} more") } else { String::new() }
                ))
                .in_file(&table.path)
                .with_hint(format!("fill in \"{}\" for those rows", table.headers[j])),
            );
        }
    }
    warnings
}

/// The introductions of the programmes' divider pages: `sections/<programme>.md` (the
/// programme's name as a slug, "youth-investment.md") beside report.toml, where present.
fn read_section_intros(
    job: &Job,
    settings: &Settings,
    grants: &[Grant],
    problems: &mut Vec<Diagnostic>,
) -> Vec<(String, String)> {
    if settings.sections != settings::Sections::Programme {
        return Vec::new();
    }
    let FileSource::Path(toml) = &job.settings else {
        return Vec::new();
    };
    let folder = toml
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default()
        .join("sections");
    let mut out = Vec::new();
    for programme in crate::words::distinct(grants.iter().map(|g| g.programme.as_str())) {
        let path = folder.join(format!("{}.md", crate::words::slug(programme)));
        if job.files.canonicalize(&path).is_err()
            || !inside_project(job, &path, "sections", toml, problems)
        {
            continue;
        }
        match job.files.read_text(&path, crate::files::TEXT_LIMIT) {
            Ok(text) => out.push((programme.to_string(), text)),
            Err(e) => problems.push(
                Diagnostic::error(format!("the programme's introduction cannot be read: {e}"))
                    .in_file(&path)
                    .with_hint("give sections/<programme>.md as a Markdown text file"),
            ),
        }
    }
    out
}

/// The grants the report is about (report.toml's `[select]`, overridden by the command
/// line), in their case studies' order; an error saying which values exist when the choice
/// leaves none.
fn select_and_order(
    job: &Job,
    settings: &Settings,
    settings_path: &std::path::Path,
    mut grants: Vec<Grant>,
) -> Result<Vec<Grant>, Error> {
    let selection = settings.select.overridden_by(&job.selection);
    let compiled = selection.compile(settings.currency()).map_err(|p| {
        Problems::from(
            p.iter()
                .map(|u| u.diagnostic().in_file(settings_path))
                .collect::<Vec<_>>(),
        )
    })?;
    if !selection.is_everything() {
        let chosen: Vec<Grant> = grants
            .iter()
            .filter(|g| compiled.selects(g))
            .cloned()
            .collect();
        if chosen.is_empty() {
            let why: Vec<Diagnostic> = compiled
                .explain_empty(&grants)
                .into_iter()
                .map(|d| d.in_file(&job.input))
                .collect();
            return Err(Problems::from(why).into());
        }
        grants = chosen;
    }
    crate::select::order(
        &mut grants,
        settings.case_study.sort,
        settings.case_study.order,
    );
    if settings.sections == settings::Sections::Programme {
        // A board pack takes each programme's case studies together (programmes in the
        // order their first case study comes), so they are numbered as they are printed.
        let programmes = crate::words::distinct(grants.iter().map(|g| g.programme.as_str()))
            .into_iter()
            .map(|p| p.trim().to_lowercase())
            .collect::<Vec<_>>();
        let rank = |g: &Grant| {
            let key = g.programme.trim().to_lowercase();
            programmes.iter().position(|p| *p == key).unwrap_or(0)
        };
        grants.sort_by_key(|g| rank(g));
    }
    Ok(grants)
}

/// The funder the data names (a 360Giving `Funding Org:Name` column), when every grant that
/// names one names the same.
fn funder(grants: &[Grant]) -> Option<String> {
    let names = grants.iter().filter_map(|g| {
        g.fields
            .iter()
            .find(|(h, v)| {
                !v.trim().is_empty()
                    && matches!(
                        grants::normalise(h).as_str(),
                        "fundingorgname"
                            | "fundingorganization0name"
                            | "funder"
                            | "fundername"
                            | "fundingorganisation"
                    )
            })
            .map(|(_, v)| v.trim())
    });
    let distinct = crate::words::distinct(names);
    match distinct.as_slice() {
        [one] => Some(one.to_string()),
        _ => None,
    }
}

/// report.toml (or the built-in settings) with the command line's overrides; its name for
/// messages, and the settings unless they have problems.
fn read_settings(
    job: &Job,
    problems: &mut Vec<Diagnostic>,
) -> Result<(PathBuf, Option<Settings>), Error> {
    let (path, text) = job.settings.load(&job.files, settings::DEFAULT_TOML)?;
    if let FileSource::BuiltIn(_) = job.settings {
        // No report.toml: neutral settings (the bundled file carries the sample's title).
        let mut s = Settings::default();
        job.override_settings(&mut s);
        return Ok((path, Some(s)));
    }
    let settings = match settings::parse_settings(&path, &text) {
        Ok(mut s) => {
            job.override_settings(&mut s);
            Some(s)
        }
        Err(e) => {
            problems.extend(e);
            None
        }
    };
    Ok((path, settings))
}

/// The case-study template, unless it has problems.
fn read_template(
    job: &Job,
    language: Option<&str>,
    problems: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Option<CaseStudyTemplate>, Error> {
    // A language's own template beside the main one (case-study.cy.hbs for Welsh), or for
    // Welsh without a template on disk, the built-in Welsh one.
    let tag = language.unwrap_or("en-GB");
    let source = match &job.template {
        FileSource::Path(p) => {
            let stem = p.file_stem().map(|s| s.to_string_lossy().into_owned());
            let short = tag.split('-').next().unwrap_or(tag);
            let variant = [tag, short]
                .into_iter()
                .filter_map(|t| {
                    stem.as_ref()
                        .map(|s| p.with_file_name(format!("{s}.{t}.hbs")))
                })
                .find(|v| job.files.is_file(v));
            variant.map_or_else(|| job.template.clone(), FileSource::Path)
        }
        builtin => builtin.clone(),
    };
    let builtin = if tag.starts_with("cy") {
        crate::DEFAULT_TEMPLATE_CY
    } else {
        DEFAULT_TEMPLATE
    };
    let (path, text) = source.load(&job.files, builtin)?;
    let compiled = template::compile_template(&path, &text)
        .map_err(|e| problems.extend(e))
        .ok();
    if let (FileSource::Path(main), false) = (&job.template, tag.starts_with("en")) {
        // The English template is read again only when the edition has its own version.
        let english = (path != *main)
            .then(|| job.template.load(&job.files, DEFAULT_TEMPLATE).ok())
            .flatten()
            .and_then(|(_, text)| template::compile_template(main, &text).ok());
        warnings.extend(translated_template(
            main,
            &path,
            tag,
            compiled.as_ref().zip(english.as_ref()),
        ));
    }
    Ok(compiled)
}

/// A warning when an edition not in English uses the English template (no
/// `case-study.cy.hbs` beside it), or a version of it that leaves out fields the English one
/// uses (`both`: the edition's template and the English one, when each compiles).
fn translated_template(
    main: &std::path::Path,
    used: &std::path::Path,
    tag: &str,
    both: Option<(&CaseStudyTemplate, &CaseStudyTemplate)>,
) -> Option<Diagnostic> {
    let language = match tag.split('-').next().unwrap_or(tag) {
        "cy" => "Welsh",
        other => other,
    };
    let stem = main
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let short = tag.split('-').next().unwrap_or(tag);
    if used == main {
        return Some(
            Diagnostic::warning(format!(
                "the {language} edition uses {}, which has no {language} version, so the template's own words stay in English",
                main.display()
            ))
            .with_hint(format!(
                "write {} beside it, in {language} (grant-report init writes one to start from)",
                main.with_file_name(format!("{stem}.{short}.hbs")).display()
            )),
        );
    }
    let (edition, english) = both?;
    let theirs = edition.fields();
    // A field the English one shows only when the data has it (an English article, say) may
    // well have no place in another language.
    let missing: Vec<String> = english
        .required_fields()
        .into_iter()
        .filter(|f| !theirs.contains(f))
        .map(|f| format!("{{{{{f}}}}}"))
        .collect();
    if missing.is_empty() {
        return None;
    }
    Some(
        Diagnostic::warning(format!(
            "this {language} template does not use {}, which {} uses, so the {language} case studies leave them out",
            crate::words::and_list(&missing, "or"),
            main.display()
        ))
        .in_file(used)
        .with_hint(format!("add them to {}, or take them out of both", used.display())),
    )
}

/// The data file's table, unless it is malformed; an I/O error stops the check.
fn read_data(job: &Job, problems: &mut Vec<Diagnostic>) -> Result<Option<Table>, Error> {
    match source::read_table(&job.files, &job.input, &job.read) {
        Ok(t) => Ok(Some(t)),
        Err(ReadError::Malformed { problems: p, .. }) => {
            problems.extend(p);
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

/// The table's rows as grants (and the data's warnings), with the template's fields checked
/// against its columns. Settings with problems still let the data be checked, with the
/// defaults, so one run lists everything.
fn map_data(
    table: &Table,
    settings: &Option<Settings>,
    template: &Option<CaseStudyTemplate>,
    problems: &mut Vec<Diagnostic>,
) -> Option<(Vec<Grant>, Vec<Diagnostic>)> {
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
    if let Some(t) = template {
        let built_in = grants::available_keys(table, &options);
        if let Err(e) = t.check_fields(&table.headers, &built_in) {
            problems.extend(e);
        }
    }
    match grants::map_grants(table, &options) {
        Ok(m) => Some((m.grants, m.warnings)),
        Err(e) => {
            problems.extend(e);
            None
        }
    }
}

/// Each grant's case study as Markdown, rendered in parallel; results stay in row order. A
/// template mistake is reported once, at its template line, naming the first grant it
/// failed for and how many more (not once per grant).
fn render_case_studies(
    template: &CaseStudyTemplate,
    grants: &[Grant],
    locale: &crate::locale::Locale,
    problems: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let rendered: Vec<_> = grants
        .par_iter()
        .enumerate()
        .map(|(i, grant)| template::render_case_study(template, grant, i + 1, locale))
        .collect();
    let mut case_studies = Vec::with_capacity(grants.len());
    // Each failing template place: its first problem, that grant, and how many failed there.
    let mut failed: Vec<(Diagnostic, &Grant, usize)> = Vec::new();
    for (r, grant) in rendered.into_iter().zip(grants) {
        match r {
            Ok(md) => case_studies.push(md),
            Err(d) => match failed
                .iter_mut()
                .find(|(f, ..)| (f.line, f.col) == (d.line, d.col))
            {
                Some((.., n)) => *n += 1,
                None => failed.push((*d, grant, 1)),
            },
        }
    }
    for (d, grant, n) in failed {
        let more = match n {
            1 => String::new(),
            2 => ", and 1 more grant".to_string(),
            n => format!(", and {} more grants", n - 1),
        };
        let message = format!(
            "{} (for the grant on line {} of the data, \"{}\"{more})",
            d.message, grant.line, grant.title
        );
        problems.push(Diagnostic { message, ..d });
    }
    case_studies
}

/// An error for each way case studies are too large to set (a paragraph too long, a table
/// too wide): the first such case study named, with how many more (one template mistake
/// makes them all).
fn too_large(
    input: &std::path::Path,
    grants: &[Grant],
    case_studies: &[String],
) -> Vec<Diagnostic> {
    let mut found: Vec<(String, &Grant, usize)> = Vec::new();
    for (g, md) in grants.iter().zip(case_studies) {
        let Some(what) = crate::markup::too_large(md) else {
            continue;
        };
        // Folded by kind (the text up to its figures differs only in the count).
        let kind = what.split(" of ").next().unwrap_or("").to_string();
        match found
            .iter_mut()
            .find(|(w, ..)| w.split(" of ").next() == Some(&kind))
        {
            Some((.., n)) => *n += 1,
            None => found.push((what, g, 1)),
        }
    }
    found
        .into_iter()
        .map(|(what, g, n)| {
            let more = match n {
                1 => String::new(),
                2 => " (and 1 more case study)".to_string(),
                n => format!(" (and {} more case studies)", n - 1),
            };
            Diagnostic::error(format!("the case study \"{}\" has {what}{more}", g.title))
                .in_file(input)
                .at_line(g.line)
                .with_hint(if what.starts_with("a table") {
                    "give the table fewer columns, or split it into several tables"
                } else {
                    "break the text into paragraphs (a blank line between them) or shorten it, in the template or the data"
                })
        })
        .collect()
}

/// Warns of each case study whose lists nest deeper than the report sets them (deeper items
/// become paragraphs of the deepest item; no words are lost).
fn deep_lists(
    input: &std::path::Path,
    grants: &[Grant],
    case_studies: &[String],
) -> Vec<Diagnostic> {
    grants
        .iter()
        .zip(case_studies)
        .filter(|(_, md)| crate::markup::lists_too_deep(md))
        .map(|(g, _)| {
            Diagnostic::warning(format!(
                "the case study \"{}\" nests lists more than {} deep; the deeper items are set as paragraphs of the deepest",
                g.title,
                crate::markup::MAX_LIST_DEPTH
            ))
            .in_file(input)
            .at_line(g.line)
            .with_hint("flatten the list in the template or the data")
        })
        .collect()
}

/// The cover logo, with the warnings reading it gave and one when the PDF draws it only
/// approximately.
fn read_logo(
    job: &Job,
    path: &std::path::Path,
    settings_path: &std::path::Path,
    warnings: &mut Vec<Diagnostic>,
    problems: &mut Vec<Diagnostic>,
) -> Option<logo::Logo> {
    match logo::read_logo(&job.files, path, settings_path) {
        Ok(read) => {
            warnings.extend(read.warnings);
            let approximated = crate::pdf::approximations(&read.logo);
            if !approximated.is_empty() {
                warnings.push(
                    Diagnostic::warning(format!(
                        "the PDF draws this SVG logo approximately: {}",
                        crate::words::and_list(&approximated, "and")
                    ))
                    .in_file(settings_path)
                    .with_value(path.display().to_string())
                    .with_hint("for an exact logo, flatten it in your design program (text to outlines, effects merged), or use a PNG"),
                );
            }
            Some(read.logo)
        }
        Err(d) => {
            problems.push(*d);
            None
        }
    }
}

/// The introduction's Markdown, its report fields filled in.
fn render_introduction(
    job: &Job,
    settings: &Settings,
    grants: &[Grant],
    path: PathBuf,
    problems: &mut Vec<Diagnostic>,
) -> Result<Option<String>, Error> {
    let text = job
        .files
        .read_text(&path, crate::files::TEXT_LIMIT)
        .map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
    let date = settings.locale.date(job.report_date(settings));
    let context = template::report_context(
        (&settings.title, &settings.organisation),
        grants,
        &date,
        &settings.locale,
    );
    Ok(template::render_text(&path, &text, &context)
        .map_err(|e| problems.extend(e))
        .ok())
}

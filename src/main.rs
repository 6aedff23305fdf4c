//! The grant-report command: turns arguments into a validated config, runs it, prints the
//! problems and a one-line summary, and chooses the exit code (0 ok, 1 problems in the data,
//! 2 usage or I/O).

mod cli;
mod terminal;
mod watch;

use clap::Parser;
use cli::{BuildConfig, BuildMode, Cli, Config, Format};
use grant_report::diagnostic::Diagnostic;
use grant_report::words::plural;
use grant_report::Error;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use terminal::Bar;

/// mimalloc: faster than the system allocator for the many small buffers layout makes.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // mimalloc asks for transparent huge pages for its arenas; when memory is fragmented
    // (after another big program ran) the kernel stalls to compact memory for them. Measured
    // right after a Typst run of 1,000 grants: 0.20-0.33 s with them, 0.19-0.21 s without,
    // and half the peak memory. Only this process is affected; failure changes nothing.
    #[cfg(target_os = "linux")]
    let _ = nix::sys::prctl::set_thp_disable(true);
    terminal::timing("started");
    match Cli::parse().config().and_then(run) {
        Ok(code) => code,
        Err(e) => {
            report_error(&e);
            ExitCode::from(e.exit_code())
        }
    }
}

fn run(config: Config) -> Result<ExitCode, Error> {
    match config {
        Config::Build(build) => build_report(build),
        Config::Check { job, format } => Ok(check(&job, format)),
        Config::Sample { rows, seed } => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            grant_report::sample::write_sample(rows, seed, &mut out)
                .and_then(|()| out.flush())
                .map_err(|source| Error::Io {
                    path: "<stdout>".into(),
                    source,
                })?;
            Ok(ExitCode::SUCCESS)
        }
        Config::Init { dir } => init(&dir).map(|()| ExitCode::SUCCESS),
    }
}

/// `build`: one report, one per group, or a watch, in each format asked for; then the
/// warnings and one summary line.
fn build_report(config: BuildConfig) -> Result<ExitCode, Error> {
    let started = Instant::now();
    let BuildConfig {
        job,
        outputs,
        quiet,
        mode,
    } = config;
    if !matches!(mode, BuildMode::Watch) {
        stop_cleanly();
    }
    let bar = Bar::new(quiet);
    // report.toml's `editions` when the command line names no language.
    let job = grant_report::Job {
        editions: grant_report::editions(&job),
        bilingual: grant_report::bilingual(&job),
        ..job
    };
    if let BuildMode::Watch = mode {
        return watch::watch(&job, &outputs).map(|()| ExitCode::SUCCESS);
    }
    let mut made = Made::default();
    for (output, format) in &outputs {
        let summary = match &mode {
            BuildMode::Watch => unreachable!("a watch returned above"),
            BuildMode::Single if job.bilingual => build_bilingual(&job, (output, *format), &bar)?,
            BuildMode::Single if job.editions.len() > 1 => {
                build_editions(&job, (output, *format), &bar)?
            }
            BuildMode::Single => build_single(job.clone(), (output, *format), &bar)?,
            BuildMode::Split {
                by,
                out_dir,
                name,
                force,
            } => build_split(&job, (*by, *format), (out_dir, name, *force), &bar)?,
        };
        made.add(summary, *format);
    }
    bar.finish();
    print_diagnostics(&made.warnings);
    unused_page_options(&job, &outputs);
    if !quiet {
        println!(
            "wrote {}: {}, {}, {} awarded, settings from {} ({:.2} s)",
            made.what.join(" and "),
            made.describe(),
            made.grants,
            made.awarded,
            describe_settings(&made.settings),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Says which options were given for printed pages when only web pages were made (a web page
/// has no paper, pages or PDF tags), so none is ignored without a word.
fn unused_page_options(job: &grant_report::Job, outputs: &[(PathBuf, grant_report::Output)]) {
    if outputs.iter().any(|(_, f)| *f == grant_report::Output::Pdf) {
        return;
    }
    let given: Vec<&str> = [
        (job.fit, "--fit"),
        (job.duplex, "--duplex"),
        (job.paper.is_some(), "--paper"),
        (!job.tagged, "--no-tags"),
    ]
    .into_iter()
    .filter_map(|(set, name)| set.then_some(name))
    .collect();
    if let Some((last, rest)) = given.split_last() {
        let named = match rest {
            [] => last.to_string(),
            _ => format!("{} and {last}", rest.join(", ")),
        };
        eprintln!(
            "warning: {named} {} the PDF's pages; a web page has none, so {} not used\nhint: add --format pdf,html to make the PDF as well",
            if given.len() == 1 { "shapes" } else { "shape" },
            if given.len() == 1 { "it was" } else { "they were" }
        );
    }
}

/// What the builds of one run made, over its formats.
#[derive(Default)]
struct Made {
    what: Vec<String>,
    /// Per format, in the order written: pages of PDF, or web pages (one per HTML file).
    counts: Vec<(grant_report::Output, usize)>,
    grants: String,
    awarded: String,
    /// Each warning once, though every format's build gives the data's.
    warnings: Vec<Diagnostic>,
    settings: PathBuf,
}

impl Made {
    fn add(
        &mut self,
        (what, count, grants, awarded, warnings, settings): Summary,
        format: grant_report::Output,
    ) {
        self.what.push(what);
        match self.counts.iter_mut().find(|(f, _)| *f == format) {
            Some((_, n)) => *n += count,
            None => self.counts.push((format, count)),
        }
        for w in warnings {
            if !self.warnings.contains(&w) {
                self.warnings.push(w);
            }
        }
        (self.grants, self.awarded, self.settings) = (grants, awarded, settings);
    }

    /// "12 pages", "a web page", "a web page and 12 pages".
    fn describe(&self) -> String {
        let parts: Vec<String> = self
            .counts
            .iter()
            .map(|(format, n)| match (format, n) {
                (grant_report::Output::Html, 1) => "a web page".to_string(),
                (grant_report::Output::Html, n) => plural(*n, "web page"),
                (grant_report::Output::Pdf, n) => plural(*n, "page"),
            })
            .collect();
        parts.join(" and ")
    }
}

/// One file per grant or programme (`--split-by`).
fn build_split(
    job: &grant_report::Job,
    split: (grant_report::batch::SplitBy, grant_report::Output),
    (out_dir, name, force): (&Path, &str, bool),
    bar: &Bar,
) -> Result<Summary, Error> {
    let checked = grant_report::check(job, bar)?;
    let batch = grant_report::batch::build_split(job, &checked, split, out_dir, name, force, bar)?;
    let files = batch.files.len();
    Ok((
        format!("{} to {}", plural(files, "file"), out_dir.display()),
        web_or_pages(split.1, batch.pages, files),
        selected(checked.grants.len(), checked.read),
        grant_report::grants::describe_totals(&checked.grants),
        batch.warnings,
        checked.settings_file.clone(),
    ))
}

/// Stopped by Ctrl-C or SIGTERM, a build leaves no half-written temporary file behind. (A
/// watch takes Ctrl-C itself, between builds.)
fn stop_cleanly() {
    let _ = ctrlc::set_handler(|| {
        grant_report::output::remove_temporaries();
        std::process::exit(130);
    });
}

/// What a build says of itself: the file(s), pages (web pages for HTML), grants, total,
/// warnings, settings file.
type Summary = (String, usize, String, String, Vec<Diagnostic>, PathBuf);

/// One report in the job's one language (or the report's own).
fn build_single(
    job: grant_report::Job,
    (output, format): (&Path, grant_report::Output),
    bar: &Bar,
) -> Result<Summary, Error> {
    let job = grant_report::Job {
        edition: job.editions.first().cloned(),
        ..job
    };
    let built = grant_report::build(&job, output, format, bar)?;
    let count = web_or_pages(format, built.pages, 1);
    let what = if built.output == output {
        built.output.display().to_string()
    } else {
        format!(
            "{} (through the link {})",
            built.output.display(),
            output.display()
        )
    };
    Ok((
        what,
        count,
        selected(built.grants, built.read),
        built.awarded,
        built.warnings,
        built.settings_file,
    ))
}

/// An edition per language (`--language en-GB,cy`): report.pdf becomes report.en-GB.pdf and
/// report.cy.pdf.
fn build_editions(
    job: &grant_report::Job,
    (output, format): (&Path, grant_report::Output),
    bar: &Bar,
) -> Result<Summary, Error> {
    let mut written = Vec::new();
    let (mut pages, mut warnings) = (0, Vec::new());
    let mut last = None;
    for tag in &job.editions {
        let edition = grant_report::Job {
            edition: Some(tag.clone()),
            ..job.clone()
        };
        let built = grant_report::build(&edition, &edition_path(output, tag), format, bar)?;
        pages += web_or_pages(format, built.pages, 1);
        warnings.extend(built.warnings.clone());
        written.push(built.output.display().to_string());
        last = Some(built);
    }
    let built = last.ok_or_else(|| Error::Usage("no language given".into()))?;
    Ok((
        written.join(" and "),
        pages,
        selected(built.grants, built.read),
        built.awarded,
        warnings,
        built.settings_file,
    ))
}

/// Both languages in one report (`--language en-GB,cy --bilingual`).
fn build_bilingual(
    job: &grant_report::Job,
    output: (&Path, grant_report::Output),
    bar: &Bar,
) -> Result<Summary, Error> {
    let [first, second] = job.editions.as_slice() else {
        return Err(Error::Usage(
            "a bilingual report needs two languages: --language en-GB,cy, or editions = [\"en-GB\", \"cy\"] in report.toml".into(),
        ));
    };
    let built = grant_report::pipeline::build_bilingual(job, [first, second], output, bar)?;
    Ok((
        built.output.display().to_string(),
        web_or_pages(output.1, built.pages, 1),
        selected(built.grants, built.read),
        built.awarded,
        built.warnings,
        built.settings_file,
    ))
}

/// What a file counts for in the summary: its pages for a PDF, `web` web pages for HTML.
fn web_or_pages(format: grant_report::Output, pages: usize, web: usize) -> usize {
    match format {
        grant_report::Output::Html => web,
        grant_report::Output::Pdf => pages,
    }
}

/// An edition's file: `report.pdf` for Welsh is `report.cy.pdf`.
fn edition_path(output: &std::path::Path, tag: &str) -> std::path::PathBuf {
    let stem = output
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    let ext = output
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_else(|| "pdf".into());
    output.with_file_name(format!("{stem}.{tag}.{ext}"))
}

/// How many grants the report has: "120 grants", or "3 of 120 grants selected".
fn selected(grants: usize, read: usize) -> String {
    if grants < read {
        format!("{grants} of {} selected", plural(read, "grant"))
    } else {
        plural(grants, "grant")
    }
}

/// `check`: every problem (and, for clean data, every warning a build would give) in the
/// chosen format; exit code 1 when there are problems.
fn check(job: &grant_report::Job, format: Format) -> ExitCode {
    // Each edition asked for (`--language en-GB,cy`) is checked as it would be built.
    let found = grant_report::check_editions(job, &Bar::new(true));
    match &found.failed {
        Some(Error::Problems(_)) | None => {}
        Some(stop) => {
            report_error(stop);
            return ExitCode::from(stop.exit_code());
        }
    }
    let diagnostics = found.diagnostics;
    let count = found.checked.map(|c| selected(c.grants.len(), c.read));
    let failed = found.failed;
    match format {
        Format::Json => {
            let json = serde_json::to_string_pretty(&diagnostics).unwrap_or_else(|_| "[]".into());
            println!("{json}");
        }
        Format::Text => {
            print_diagnostics(&diagnostics);
            if let (Some(n), None) = (&count, &failed) {
                println!("{}: {n}, no errors", job.input.display());
            }
        }
    }
    match failed {
        None => ExitCode::SUCCESS,
        Some(e) => ExitCode::from(e.exit_code()),
    }
}

/// Writes the built-in files out for editing, never overwriting the user's own.
fn init(dir: &Path) -> Result<(), Error> {
    let files = [
        ("templates/case-study.hbs", grant_report::DEFAULT_TEMPLATE),
        (
            "templates/case-study.cy.hbs",
            grant_report::DEFAULT_TEMPLATE_CY,
        ),
        (
            "templates/report.toml",
            grant_report::settings::DEFAULT_TOML,
        ),
        ("input/grants.csv", grant_report::SAMPLE_CSV),
    ];
    let existing: Vec<_> = files
        .iter()
        .map(|(name, _)| dir.join(name))
        .filter(|p| p.exists())
        .collect();
    if !existing.is_empty() {
        return Err(Error::Exists {
            paths: existing,
            hint: "init never overwrites your files (move them away or init into another folder)"
                .into(),
        });
    }
    for (name, text) in files {
        let path = dir.join(name);
        let io = |source| Error::Io {
            path: path.clone(),
            source,
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        std::fs::write(&path, text).map_err(io)?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

/// Which settings a build used, for its summary line.
fn describe_settings(file: &Path) -> String {
    let name = file.display().to_string();
    if name.starts_with("<built-in") {
        "the built-in defaults (no report.toml)".to_string()
    } else {
        name
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for d in grant_report::diagnostic::fold(diagnostics) {
        let _ = writeln!(err, "{d}");
    }
}

fn report_error(e: &Error) {
    match e {
        Error::Problems(problems) => {
            print_diagnostics(problems);
            let errors = problems.errors();
            eprintln!("{} found; nothing was written", plural(errors, "error"));
        }
        other => eprintln!("error: {other}"),
    }
}

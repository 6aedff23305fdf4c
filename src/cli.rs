//! Turns command-line arguments (clap) into one validated [`Config`] per command, as ripgrep
//! does: every option's value is checked here, so running a command never meets a bad one.

use clap::{Parser, Subcommand, ValueEnum};
use grant_report::batch::SplitBy;
use grant_report::settings::PaperSize;
use grant_report::source::{Encoding, ReadOptions};
use grant_report::{dates, Error, Job};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "grant-report",
    version,
    about = "Turn grant records from a spreadsheet export into a typeset PDF report"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the report (a PDF, a web page, or both): one case study per page, then a summary
    /// table.
    Build {
        #[command(flatten)]
        inputs: Inputs,
        /// Where to write the report: report.pdf by default; a name ending in .html writes
        /// the web page.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// What to write: pdf, html (one self-contained, accessible web page), or both as
        /// pdf,html. Default: -o's extension, else report.toml's formats, else pdf.
        #[arg(long, value_name = "pdf|html", value_delimiter = ',',
              value_parser = str::parse::<grant_report::Output>)]
        format: Vec<grant_report::Output>,
        /// Put the bundled fonts inside the web page (about 6 MB more) so it looks the same
        /// everywhere; by default it uses the reader's own fonts.
        #[arg(long)]
        embed_fonts: bool,
        /// Report date shown on the cover (YYYY-MM-DD); default: report.toml, SOURCE_DATE_EPOCH, today.
        #[arg(long)]
        date: Option<String>,
        /// Print nothing but errors and warnings.
        #[arg(short, long)]
        quiet: bool,
        /// Write one PDF per grant or per programme (each with its own summary) into --out-dir.
        #[arg(long, value_name = "grant|programme", value_parser = str::parse::<SplitBy>)]
        split_by: Option<SplitBy>,
        /// The folder for --split-by outputs.
        #[arg(long, default_value = "out", requires = "split_by")]
        out_dir: PathBuf,
        /// File-name template for --split-by outputs, e.g. '{{id}}-{{slug title}}.pdf'.
        #[arg(long, requires = "split_by")]
        name: Option<String>,
        /// Replace existing files in --out-dir.
        #[arg(long, requires = "split_by")]
        force: bool,
        /// Rebuild whenever the input, template, report.toml, logo or introduction change.
        #[arg(long, conflicts_with = "split_by")]
        watch: bool,
    },
    /// Check the data and template and list every problem; writes nothing.
    Check {
        #[command(flatten)]
        inputs: Inputs,
        /// How to print problems.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Write synthetic grants as CSV to stdout (for demos and benchmarks).
    Sample {
        /// How many grants.
        #[arg(long, default_value_t = 100)]
        rows: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Write the built-in template, report.toml and sample data into DIR for editing.
    Init {
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
}

#[derive(clap::Args, Debug)]
pub struct Inputs {
    /// The grants file, as exported: CSV or TSV (any encoding Excel writes), an Excel or
    /// LibreOffice workbook (.xlsx, .xlsm, .xls, .xlsb, .ods; the first sheet, or --sheet) or
    /// 360Giving JSON. Default: input/grants.csv.
    pub input: Option<PathBuf>,
    /// The case-study template. Default: templates/case-study.hbs if present, else built in.
    #[arg(short, long)]
    pub template: Option<PathBuf>,
    /// Report settings. Default: templates/report.toml if present, else built in.
    #[arg(short = 'c', long = "config")]
    pub config: Option<PathBuf>,
    /// Force the input's text encoding: utf-8, utf-16le, utf-16be or windows-1252.
    #[arg(long)]
    pub encoding: Option<Encoding>,
    /// Force the input's delimiter: a single character, or "tab".
    #[arg(long)]
    pub delimiter: Option<String>,
    /// The sheet to read from an .xlsx or .ods workbook (default: the first).
    #[arg(long)]
    pub sheet: Option<String>,
    /// Write an untagged PDF (no structure tree for screen readers, no PDF/UA or PDF/A checks).
    #[arg(long)]
    pub no_tags: bool,
    /// Paper size (overrides report.toml).
    #[arg(long, value_enum)]
    pub paper: Option<Paper>,
    /// Shrink a long case study's body text (down to 9 pt) so it fits on one page.
    #[arg(long)]
    pub fit: bool,
    /// For printing both sides: case studies start on right-hand pages, margins mirror.
    #[arg(long)]
    pub duplex: bool,
    /// A folder outside the project whose files report.toml and the data may name (logo,
    /// introduction, section texts, photos); may be given more than once.
    #[arg(long = "allow-folder", value_name = "FOLDER")]
    pub allow_folders: Vec<PathBuf>,
    /// Only grants in this programme (may be given more than once; overrides [select]).
    #[arg(long = "programme", value_name = "NAME")]
    pub programmes: Vec<String>,
    /// Only the grant with this identifier (may be given more than once).
    #[arg(long = "id", value_name = "ID")]
    pub ids: Vec<String>,
    /// Only grants awarded on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub awarded_from: Option<String>,
    /// Only grants awarded on or before this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub awarded_to: Option<String>,
    /// Only grants of at least this amount.
    #[arg(long, value_name = "AMOUNT")]
    pub min_amount: Option<String>,
    /// Only grants of at most this amount.
    #[arg(long, value_name = "AMOUNT")]
    pub max_amount: Option<String>,
    /// The report's language, or several for an edition each (en-GB,cy): each edition takes
    /// text from the data's columns for its language (title_cy, …) and case-study.<lang>.hbs.
    #[arg(long = "language", value_name = "LANGUAGES", value_delimiter = ',')]
    pub languages: Vec<String>,
    /// With two languages: one report, each case study and the summary followed by its
    /// counterpart in the second language.
    #[arg(long)]
    pub bilingual: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paper {
    A4,
    Letter,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

impl Inputs {
    /// The languages asked for, each one the report can be written in.
    fn editions(&self) -> Result<Vec<String>, Error> {
        let mut out: Vec<String> = Vec::new();
        for tag in &self.languages {
            let locale = grant_report::locale::Locale::for_tag(tag).ok_or_else(|| {
                Error::Usage(format!(
                    "--language {tag:?}: the languages built in are {}",
                    grant_report::locale::SUPPORTED.join(", ")
                ))
            })?;
            if !out.iter().any(|t| t == locale.tag) {
                out.push(locale.tag.to_string());
            }
        }
        Ok(out)
    }

    /// The command line's choice of grants, its dates and amounts checked here.
    fn selection(&self) -> Result<grant_report::select::Selection, Error> {
        let selection = grant_report::select::Selection {
            programmes: self.programmes.clone(),
            ids: self.ids.clone(),
            awarded_from: self.awarded_from.clone(),
            awarded_to: self.awarded_to.clone(),
            min_amount: self.min_amount.clone(),
            max_amount: self.max_amount.clone(),
        };
        // Checked in pounds here; report.toml's currency applies when the report is built.
        if let Err(problems) = selection.compile(grant_report::grants::Currency::GBP) {
            let first = problems.first().map(|p| {
                format!(
                    "--{} is {}, not {:?}",
                    p.key.replace('_', "-"),
                    p.allowed(),
                    p.value
                )
            });
            return Err(Error::Usage(first.unwrap_or_default()));
        }
        Ok(selection)
    }

    /// Resolves defaults and validates the options into a [`Job`].
    fn job(&self, date: Option<String>) -> Result<Job, Error> {
        let date = match date {
            None => None,
            Some(d) => Some(dates::parse_iso_date(&d).ok_or_else(|| {
                Error::Usage(format!(
                    "--date {d:?} is not a date: write it as YYYY-MM-DD"
                ))
            })?),
        };
        let input = self
            .input
            .clone()
            .unwrap_or_else(|| PathBuf::from("input/grants.csv"));
        if !input.exists() {
            return Err(Error::Usage(if self.input.is_none() {
                "no input given and input/grants.csv does not exist: name your grants file, e.g. grant-report build grants.csv".to_string()
            } else {
                format!("{} does not exist", input.display())
            }));
        }
        let delimiter = match self.delimiter.as_deref() {
            None => None,
            Some("tab" | "\\t" | "\t") => Some(b'\t'),
            Some(d) if d.len() == 1 && d.is_ascii() => Some(d.as_bytes()[0]),
            Some(d) => {
                return Err(Error::Usage(format!(
                    "--delimiter {d:?}: give one character such as , ; | or tab"
                )))
            }
        };
        let project = Job::in_project(
            input,
            grant_report::files::Files::Disk,
            self.template.as_deref(),
            self.config.as_deref(),
        )?;
        Ok(Job {
            read: ReadOptions {
                encoding: self.encoding,
                delimiter,
                sheet: self.sheet.clone(),
            },
            date,
            tagged: !self.no_tags,
            paper: self.paper.map(|p| match p {
                Paper::A4 => PaperSize::A4,
                Paper::Letter => PaperSize::Letter,
            }),
            fit: self.fit,
            duplex: self.duplex,
            allowed_folders: self.allow_folders.clone(),
            selection: self.selection()?,
            editions: self.editions()?,
            bilingual: self.bilingual,
            ..project
        })
    }
}

/// A command, its options validated.
pub enum Config {
    Build(BuildConfig),
    Check { job: Job, format: Format },
    Sample { rows: usize, seed: u64 },
    Init { dir: PathBuf },
}

/// `build`: what to build and where the result goes.
pub struct BuildConfig {
    pub job: Job,
    /// Each file to write and what it is rendered as (a PDF, a web page, or both).
    pub outputs: Vec<(PathBuf, grant_report::Output)>,
    pub quiet: bool,
    pub mode: BuildMode,
}

/// One PDF, one per group, or one rebuilt on every change.
pub enum BuildMode {
    Single,
    Split {
        by: SplitBy,
        out_dir: PathBuf,
        /// The file-name template (the split's default when none was given).
        name: String,
        force: bool,
    },
    Watch,
}

impl Cli {
    /// The command with every option resolved and validated.
    pub fn config(self) -> Result<Config, Error> {
        Ok(match self.command {
            Command::Build {
                inputs,
                output,
                format,
                embed_fonts,
                date,
                quiet,
                split_by,
                out_dir,
                name,
                force,
                watch,
            } => {
                let mode = match (split_by, watch) {
                    (Some(by), _) => BuildMode::Split {
                        by,
                        out_dir,
                        name: name.unwrap_or_else(|| by.default_name().to_string()),
                        force,
                    },
                    (None, true) => BuildMode::Watch,
                    (None, false) => BuildMode::Single,
                };
                let job = Job {
                    embed_fonts,
                    ..inputs.job(date)?
                };
                let outputs = outputs(output, &format, &job)?;
                Config::Build(BuildConfig {
                    job,
                    outputs,
                    quiet,
                    mode,
                })
            }
            Command::Check { inputs, format } => Config::Check {
                job: inputs.job(None)?,
                format,
            },
            Command::Sample { rows, seed } => Config::Sample { rows, seed },
            Command::Init { dir } => Config::Init { dir },
        })
    }
}

/// The files a build writes: `--format` names the formats, else `-o`'s extension, else
/// report.toml's `formats`, else a PDF. One format goes to `-o` as named (report.pdf or
/// report.html without it); several share its stem (report.pdf and report.html).
fn outputs(
    output: Option<PathBuf>,
    asked: &[grant_report::Output],
    job: &Job,
) -> Result<Vec<(PathBuf, grant_report::Output)>, Error> {
    use grant_report::Output;
    let named = output.as_deref().and_then(Output::for_path);
    let mut formats: Vec<Output> = Vec::new();
    for f in asked {
        if !formats.contains(f) {
            formats.push(*f);
        }
    }
    if formats.is_empty() {
        formats = named
            .map(|o| vec![o])
            .unwrap_or_else(|| grant_report::formats(job));
    }
    if formats.is_empty() {
        formats.push(Output::Pdf);
    }
    if let (Some(named), [only], Some(path)) = (named, formats.as_slice(), output.as_deref()) {
        if named != *only {
            return Err(Error::Usage(format!(
                "-o {} names a {}, but --format {} asks for a {}: name the file {}, or leave out --format",
                path.display(),
                named.noun(),
                only,
                only.noun(),
                only.path_for(path).display()
            )));
        }
    }
    let several = formats.len() > 1;
    Ok(formats
        .into_iter()
        .map(|f| match &output {
            Some(path) if !several => (path.clone(), f),
            Some(path) => (f.path_for(path), f),
            None => (f.path_for(std::path::Path::new("report")), f),
        })
        .collect())
}

//! Reads report.toml into [`Settings`]: title, organisation, page, fonts, colours, cover,
//! summary and column mapping, rejecting unknown keys with the list of valid ones.

use crate::diagnostic::{Diagnostic, Problems};
pub use crate::document::Rgb;
use crate::grants::Currency;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

mod read;

/// The built-in report.toml, also written out by `grant-report init`.
pub const DEFAULT_TOML: &str = include_str!("../../templates/report.toml");

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    pub title: String,
    pub organisation: String,
    pub author: Option<String>,
    pub language: String,
    pub currency: String,
    /// Amounts are written `8.000,00` (a comma before the cents).
    pub decimal_comma: bool,
    pub date: Option<String>,
    /// Shrink a case study's body text (down to `fonts.fit_floor`) so it fits one page.
    pub fit: bool,
    /// A Markdown/Handlebars file for an introduction before the case studies, relative to
    /// this report.toml.
    pub introduction: Option<String>,
    pub page: PageSettings,
    pub fonts: FontSettings,
    pub colours: Colours,
    pub cover: CoverSettings,
    pub contents: ContentsSettings,
    pub case_study: CaseStudySettings,
    pub summary: SummarySettings,
    /// Which grants go in (every grant when empty).
    pub select: crate::select::Selection,
    /// `"programme"`: a board pack, a divider page per programme before its case studies.
    pub sections: Sections,
    /// Any of the locale's words, by name ("Case study" → "Project").
    pub labels: BTreeMap<String, String>,
    /// An edition per language (`["en-GB", "cy"]`), as `--language en-GB,cy` asks.
    pub editions: Vec<String>,
    /// `true` with two editions: one report, each case study and the summary followed by its
    /// counterpart in the second language (as `--bilingual`).
    pub bilingual: bool,
    /// What `build` writes when the command line does not say: `["pdf"]` (the default),
    /// `["html"]`, or both.
    pub formats: Vec<String>,
    /// The words and formats `language` and `[labels]` give (worked out when read).
    #[serde(skip)]
    pub locale: crate::locale::Locale,
    pub columns: BTreeMap<String, String>,
    /// The title and organisation in Welsh, for a Welsh edition or a bilingual report's
    /// Welsh pages (`[cy]`).
    pub cy: Translated,
}

/// Words of report.toml in another language (`[cy] title = "…"`).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Translated {
    pub title: Option<String>,
    pub organisation: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            title: "Grant case studies".into(),
            organisation: String::new(),
            author: None,
            language: "en-GB".into(),
            currency: "GBP".into(),
            decimal_comma: false,
            date: None,
            fit: false,
            introduction: None,
            page: PageSettings::default(),
            fonts: FontSettings::default(),
            colours: Colours::default(),
            cover: CoverSettings::default(),
            contents: ContentsSettings::default(),
            case_study: CaseStudySettings::default(),
            summary: SummarySettings::default(),
            select: Default::default(),
            sections: Sections::None,
            labels: BTreeMap::new(),
            editions: Vec::new(),
            bilingual: false,
            formats: Vec::new(),
            locale: crate::locale::Locale::default(),
            columns: BTreeMap::new(),
            cy: Translated::default(),
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum PaperSize {
    A4,
    Letter,
}

impl PaperSize {
    /// Width and height in points.
    pub fn points(self) -> (f32, f32) {
        match self {
            PaperSize::A4 => (595.28, 841.89),
            PaperSize::Letter => (612.0, 792.0),
        }
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct PageSettings {
    pub size: PaperSize,
    pub margin_top_mm: f32,
    pub margin_bottom_mm: f32,
    pub margin_inner_mm: f32,
    pub margin_outer_mm: f32,
    /// Printing both sides: each case study starts on a right-hand page and the inner and
    /// outer margins mirror.
    pub duplex: bool,
}

impl Default for PageSettings {
    fn default() -> Self {
        PageSettings {
            size: PaperSize::A4,
            margin_top_mm: 22.0,
            margin_bottom_mm: 24.0,
            margin_inner_mm: 30.0,
            margin_outer_mm: 40.0,
            duplex: false,
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    Serif,
    Sans,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct FontSettings {
    pub body: Family,
    pub headings: Family,
    pub body_size: f32,
    pub leading: f32,
    /// The smallest body size `fit` may shrink to.
    pub fit_floor: f32,
}

impl Default for FontSettings {
    fn default() -> Self {
        FontSettings {
            body: Family::Serif,
            headings: Family::Sans,
            body_size: 10.5,
            leading: 14.5,
            fit_floor: 9.0,
        }
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Colours {
    pub text: String,
    pub accent: String,
}

impl Default for Colours {
    fn default() -> Self {
        Colours {
            text: "#1A1A1A".into(),
            accent: "#1F5F6B".into(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct CoverSettings {
    pub enabled: bool,
    /// A PNG, JPEG or SVG logo for the top left of the cover, relative to report.toml.
    pub logo: Option<String>,
    /// The logo's largest width (it keeps its proportions).
    pub logo_width_mm: f32,
}

impl Default for CoverSettings {
    fn default() -> Self {
        CoverSettings {
            enabled: true,
            logo: None,
            logo_width_mm: 40.0,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct CaseStudySettings {
    /// A tinted panel under each case study's heading with its amount, duration, grantee,
    /// programme and award date (empty ones left out).
    pub key_facts: bool,
    /// The case studies' order: file, award_date, amount, title, grantee or programme.
    pub sort: crate::select::CaseStudySort,
    /// ascending or descending.
    pub order: crate::select::Direction,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ContentsSettings {
    /// A contents page after the cover, listing every case study with its page number.
    pub enabled: bool,
    /// Its heading; unset, the language's word (`[labels] contents`).
    pub title: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SummarySettings {
    /// Its heading; unset, the language's words (`[labels] summary`).
    pub title: Option<String>,
    /// Row order: as in the file, or by amount (largest first), title or grantee.
    pub sort: SortOrder,
    /// Charts above the table, each shown when it has at least two bars.
    pub charts: Vec<ChartKind>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    /// Total awarded per programme (per grantee when there is one programme).
    ByProgramme,
    /// Number of grants per duration band.
    ByDuration,
}

impl Default for SummarySettings {
    fn default() -> Self {
        SummarySettings {
            title: None,
            sort: SortOrder::File,
            charts: vec![ChartKind::ByProgramme, ChartKind::ByDuration],
        }
    }
}

/// How case studies are grouped into sections.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Sections {
    /// One run of case studies.
    #[default]
    None,
    /// A divider page per programme (name, number of grants, total, an optional
    /// introduction from `sections/<programme>.md`), then its case studies.
    Programme,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    File,
    Amount,
    Title,
    Grantee,
}

/// An error (message to fill in) at where `dotted` (`cover.logo`) is written in
/// report.toml's `text`, with the line shown; the file alone when it is not written.
pub fn located(path: &Path, text: &str, dotted: &str) -> Diagnostic {
    read::read::<toml::Table>(path, text).2.at(dotted)
}

/// Parses report.toml text; `path` names it in messages. Every mistake comes back at
/// once, each at its line and column in plain words.
pub fn parse_settings(path: &Path, text: &str) -> Result<Settings, Problems> {
    let (settings, mut problems, source) = read::read::<Settings>(path, text);
    let Some(mut settings) = settings else {
        return Err(Problems { problems });
    };
    let at = |key: &str| source.at(key);
    problems.extend(
        [
            check_currency,
            check_date,
            check_language,
            check_editions,
            check_formats,
            check_colours,
            check_type_sizes,
            check_margins,
            check_columns,
            check_select,
        ]
        .iter()
        .flat_map(|check| check(&settings, &at)),
    );
    if let Some(locale) = crate::locale::Locale::for_tag(&settings.language) {
        match locale.with_labels(&settings.labels) {
            Ok(locale) => settings.locale = locale,
            Err(unknown) => problems.extend(unknown.iter().map(|name| {
                let known = crate::locale::Locale::label_names();
                let hint =
                    match crate::diagnostic::did_you_mean(name, known.iter().map(String::as_str)) {
                        Some(s) => {
                            format!("did you mean {s}? The labels are: {}", known.join(", "))
                        }
                        None => format!("the labels are: {}", known.join(", ")),
                    };
                Diagnostic {
                    message: format!("[labels] has no label \"{name}\""),
                    hint: Some(hint),
                    ..source.at(&format!("labels.{name}"))
                }
            })),
        }
    }
    problems.sort_by_key(|d| (d.line.unwrap_or(usize::MAX), d.col.unwrap_or(0)));
    Problems::or_ok(problems, settings)
}

/// Where a key (dotted: `fonts.leading`) is written in report.toml, as an empty error to
/// fill in.
type At<'a> = dyn Fn(&str) -> Diagnostic + 'a;

/// `name is <what is allowed>, not <value>`, at the value.
fn not(at: &At, key: &str, allowed: &str, value: impl std::fmt::Display) -> Diagnostic {
    let name = key.rsplit('.').next().unwrap_or(key);
    Diagnostic {
        message: format!("{name} is {allowed}, not {value}"),
        ..at(key)
    }
}

fn check_currency(settings: &Settings, at: &At) -> Vec<Diagnostic> {
    if Currency::from_code(&settings.currency).is_some() {
        return Vec::new();
    }
    vec![not(
        at,
        "currency",
        "a three-letter currency code such as GBP",
        format_args!("\"{}\"", settings.currency),
    )
    .with_hint("write the ISO code of the currency: GBP, EUR, USD…")]
}

fn check_colours(settings: &Settings, at: &At) -> Vec<Diagnostic> {
    [
        ("colours.text", &settings.colours.text),
        ("colours.accent", &settings.colours.accent),
    ]
    .into_iter()
    .filter(|(_, value)| parse_colour(value).is_none())
    .map(|(key, value)| {
        not(
            at,
            key,
            "a hex colour such as #1F5F6B",
            format_args!("\"{value}\""),
        )
        .with_hint(
            "write # and six hexadecimal digits (red, green, blue), as design tools show them",
        )
    })
    .collect()
}

fn check_date(settings: &Settings, at: &At) -> Vec<Diagnostic> {
    match &settings.date {
        Some(d) if crate::dates::parse_iso_date(d).is_none() => vec![not(
            at,
            "date",
            "a date written YYYY-MM-DD, such as 2026-11-25",
            format_args!("\"{d}\""),
        )
        .with_hint("or delete the line to use today's date")],
        _ => Vec::new(),
    }
}

/// A BCP 47 language tag: a two- or three-letter language, then subtags of up to eight
/// letters or digits (`en-GB`, `cy`, `en-US`).
fn check_language(settings: &Settings, at: &At) -> Vec<Diagnostic> {
    let tag = &settings.language;
    if crate::locale::Locale::for_tag(tag).is_some() {
        return Vec::new();
    }
    vec![not(
        at,
        "language",
        &crate::words::and_list(&crate::locale::SUPPORTED, "or"),
        format_args!("\"{tag}\""),
    )
    .with_hint("cy is Welsh; a [labels] table can change any word of a built-in language")]
}

fn check_editions(settings: &Settings, at: &At) -> Vec<Diagnostic> {
    let bilingual = (settings.bilingual
        && !settings.editions.is_empty()
        && settings.editions.len() != 2)
        .then(|| Diagnostic {
            message: format!(
                "bilingual = true makes one report in two languages, but editions names {}",
                settings.editions.len()
            ),
            hint: Some("name two, e.g. editions = [\"en-GB\", \"cy\"]".into()),
            ..at("bilingual")
        });
    let editions = settings
        .editions
        .iter()
        .filter(|tag| crate::locale::Locale::for_tag(tag).is_none())
        .map(|tag| Diagnostic {
            message: format!(
                "editions can hold {}, not \"{tag}\"",
                crate::words::and_list(&crate::locale::SUPPORTED, "or")
            ),
            hint: Some(
                "write one edition per language, e.g. editions = [\"en-GB\", \"cy\"]".into(),
            ),
            ..at("editions")
        });
    bilingual.into_iter().chain(editions).collect()
}

fn check_formats(settings: &Settings, at: &At) -> Vec<Diagnostic> {
    settings
        .formats
        .iter()
        .filter(|f| f.parse::<crate::pipeline::Output>().is_err())
        .map(|f| Diagnostic {
            message: format!("formats can hold pdf or html, not \"{f}\""),
            hint: Some("write formats = [\"pdf\"], [\"html\"] or [\"pdf\", \"html\"]".into()),
            ..at("formats")
        })
        .collect()
}

fn check_type_sizes(settings: &Settings, at: &At) -> Vec<Diagnostic> {
    let f = &settings.fonts;
    let mut out = Vec::new();
    if !(6.0..=24.0).contains(&f.body_size) {
        out.push(
            not(
                at,
                "fonts.body_size",
                "a size from 6 to 24 points",
                f.body_size,
            )
            .with_hint("10 to 12 points reads well in print"),
        );
    }
    // Lines closer than the type size collide; more than three times apart do not read as a
    // paragraph.
    if !(f.body_size..=f.body_size * 3.0).contains(&f.leading) {
        out.push(
            not(
                at,
                "fonts.leading",
                &format!(
                    "from the body size to three times it ({} to {} points)",
                    f.body_size,
                    f.body_size * 3.0
                ),
                f.leading,
            )
            .with_hint("about 1.4 times the body size reads well"),
        );
    }
    if !(6.0..=f.body_size).contains(&f.fit_floor) {
        out.push(
            not(
                at,
                "fonts.fit_floor",
                &format!("from 6 points to the body size ({})", f.body_size),
                f.fit_floor,
            )
            .with_hint("it is the smallest size fit may shrink text to"),
        );
    }
    if !(5.0..=150.0).contains(&settings.cover.logo_width_mm) {
        out.push(
            not(
                at,
                "cover.logo_width_mm",
                "from 5 to 150 (millimetres)",
                settings.cover.logo_width_mm,
            )
            .with_hint("the logo keeps its proportions within this width"),
        );
    }
    out
}

fn check_margins(settings: &Settings, at: &At) -> Vec<Diagnostic> {
    let p = &settings.page;
    let (w, h) = p.size.points();
    let mm = 72.0 / 25.4;
    let margins = [
        ("page.margin_top_mm", p.margin_top_mm),
        ("page.margin_bottom_mm", p.margin_bottom_mm),
        ("page.margin_inner_mm", p.margin_inner_mm),
        ("page.margin_outer_mm", p.margin_outer_mm),
    ];
    let mut out: Vec<Diagnostic> = margins
        .iter()
        .filter(|(_, m)| !(0.0..=80.0).contains(m))
        .map(|(key, m)| not(at, key, "from 0 to 80 (millimetres)", m))
        .collect();
    if out.is_empty()
        && ((p.margin_inner_mm + p.margin_outer_mm) * mm > w * 0.6
            || (p.margin_top_mm + p.margin_bottom_mm) * mm > h * 0.6)
    {
        // At the first margin written (the ones left out are the defaults).
        let written = margins
            .iter()
            .map(|(key, _)| at(key))
            .find(|d| d.line.is_some())
            .unwrap_or_else(|| at("page"));
        out.push(Diagnostic {
            message: "the margins leave too little room for text".into(),
            hint: Some(
                "keep the margins of each pair (top and bottom, inner and outer) under 60% of the page"
                    .into(),
            ),
            ..written
        });
    }
    out
}

/// `[columns]` may only map the report's own fields.
fn check_columns(settings: &Settings, at: &At) -> Vec<Diagnostic> {
    let names: Vec<&str> = crate::grants::FIELDS.iter().map(|f| f.name).collect();
    let mut out = Vec::new();
    for field in settings.columns.keys() {
        if crate::grants::field::field(field).is_some() {
            continue;
        }
        let hint = match crate::diagnostic::did_you_mean(field, names.iter().copied()) {
            Some(s) => format!("did you mean {s}? The fields are: {}", names.join(", ")),
            None => format!("the fields are: {}", names.join(", ")),
        };
        out.push(Diagnostic {
            message: format!("[columns] has no field \"{field}\""),
            hint: Some(hint),
            ..at(&format!("columns.{field}"))
        });
    }
    out
}

/// `[select]`'s dates and amounts, read in report.toml's currency.
fn check_select(settings: &Settings, at: &At) -> Vec<Diagnostic> {
    match settings.select.compile(settings.currency()) {
        Ok(_) => Vec::new(),
        Err(problems) => problems
            .iter()
            .map(|p| {
                let said = p.diagnostic();
                Diagnostic {
                    message: said.message,
                    hint: said.hint,
                    ..at(&format!("select.{}", p.key))
                }
            })
            .collect(),
    }
}

/// `#1F5F6B` → `Rgb(0x1F, 0x5F, 0x6B)`.
pub fn parse_colour(text: &str) -> Option<Rgb> {
    let hex = text.trim().strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some(Rgb(byte(0)?, byte(2)?, byte(4)?))
}

impl Settings {
    pub fn currency(&self) -> Currency {
        Currency::from_code(&self.currency).unwrap_or(Currency::GBP)
    }

    pub fn text_colour(&self) -> Rgb {
        parse_colour(&self.colours.text).unwrap_or(Rgb(0x1A, 0x1A, 0x1A))
    }

    pub fn accent_colour(&self) -> Rgb {
        parse_colour(&self.colours.accent).unwrap_or(Rgb(0x1F, 0x5F, 0x6B))
    }

    pub fn author(&self) -> String {
        self.author
            .clone()
            .unwrap_or_else(|| self.organisation.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_file_is_the_defaults_plus_the_sample_title() {
        let s = parse_settings(Path::new("report.toml"), DEFAULT_TOML).unwrap();
        assert_eq!(s.title, "Economic Justice programme case studies");
        assert_eq!(s.page, PageSettings::default());
        assert_eq!(s.fonts, FontSettings::default());
        assert_eq!(s.colours, Colours::default());
    }

    #[test]
    fn unknown_keys_list_the_valid_ones() {
        let err =
            parse_settings(Path::new("r.toml"), "title = \"x\"\ncolour = \"red\"\n").unwrap_err();
        let msg = err.problems[0].to_string();
        assert!(
            msg.starts_with("error: r.toml:2:1: report.toml has no setting \"colour\""),
            "{msg}"
        );
        assert!(
            msg.contains("did you mean \"colours\"? report.toml can have: title, organisation,"),
            "{msg}"
        );
    }

    #[test]
    fn bad_values_are_reported_together() {
        let err = parse_settings(
            Path::new("r.toml"),
            "currency = \"pounds\"\n[colours]\naccent = \"teal\"\n[columns]\nammount = \"Value\"\n",
        )
        .unwrap_err();
        let msgs: Vec<String> = err.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(msgs.len(), 3, "{msgs:?}");
        assert!(
            msgs[0].contains(
                "r.toml:1:12: currency is a three-letter currency code such as GBP, not \"pounds\""
            ),
            "{msgs:?}"
        );
        assert!(
            msgs[1].contains("r.toml:3:10: accent is a hex colour such as #1F5F6B, not \"teal\""),
            "{msgs:?}"
        );
        assert!(msgs[2].contains("did you mean amount?"), "{msgs:?}");
    }

    fn messages(text: &str) -> Vec<String> {
        parse_settings(Path::new("r.toml"), text)
            .map(|_| Vec::new())
            .unwrap_or_else(|e| e.problems.iter().map(|p| p.to_string()).collect())
    }

    #[test]
    fn issue_12_an_unknown_key_gets_a_did_you_mean() {
        let m = messages("[colors]\ntext = \"#000000\"\n");
        assert!(
            m[0].starts_with("error: r.toml:1:2: report.toml has no table [colors]"),
            "{m:?}"
        );
        assert!(m[0].contains("hint: did you mean \"colours\"?"), "{m:?}");
        let m = messages("[fonts]\nbody_sise = 10\n");
        assert!(
            m[0].starts_with("error: r.toml:2:1: [fonts] has no setting \"body_sise\""),
            "{m:?}"
        );
        assert!(m[0].contains("hint: did you mean \"body_size\"?"), "{m:?}");
    }

    #[test]
    fn issue_12_wrong_values_are_errors_at_their_line_and_column() {
        let m = messages(
            "date = \"25/11/2026\"\nlanguage = \"Welsh\"\n[fonts]\nleading =  nan\nfit_floor = 0\n[cover]\nlogo_width_mm = 900\n",
        );
        let starts: Vec<&str> = m
            .iter()
            .map(|l| l.split(" \"").next().unwrap_or(""))
            .collect();
        assert_eq!(m.len(), 5, "{m:?}");
        assert!(
            m[0].starts_with("error: r.toml:1:8: date is a date written YYYY-MM-DD, such as 2026-11-25, not \"25/11/2026\""),
            "{starts:?}"
        );
        assert!(
            m[1].starts_with("error: r.toml:2:12: language is en-GB, en-US or cy, not \"Welsh\""),
            "{m:?}"
        );
        assert!(m[1].contains("cy is Welsh"), "{m:?}");
        assert!(
            m[2].starts_with("error: r.toml:4:12: leading is from the body size to three times it (10.5 to 31.5 points), not NaN"),
            "{m:?}"
        );
        assert!(
            m[3].starts_with(
                "error: r.toml:5:13: fit_floor is from 6 points to the body size (10.5), not 0"
            ),
            "{m:?}"
        );
        assert!(
            m[4].starts_with(
                "error: r.toml:7:17: logo_width_mm is from 5 to 150 (millimetres), not 900"
            ),
            "{m:?}"
        );
        assert_eq!(messages("date = \"9999-99-99\"\n").len(), 1);
        assert_eq!(messages("[fonts]\nleading = 900\n").len(), 1);
        assert_eq!(
            messages("date = \"2026-11-25\"\nlanguage = \"cy\"\n"),
            Vec::<String>::new()
        );
    }
}

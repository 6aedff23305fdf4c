//! Reads report.toml into [`Settings`]: title, organisation, page, fonts, colours, cover,
//! summary and column mapping, rejecting unknown keys with the list of valid ones.

use crate::diagnostic::{Diagnostic, Problems};
pub use crate::document::Rgb;
use crate::grants::Currency;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The built-in report.toml, also written out by `grant-report init`.
pub const DEFAULT_TOML: &str = include_str!("../templates/report.toml");

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
    /// What `build` writes when the command line does not say: `["pdf"]` (the default),
    /// `["html"]`, or both.
    pub formats: Vec<String>,
    /// The words and formats `language` and `[labels]` give (worked out when read).
    #[serde(skip)]
    pub locale: crate::locale::Locale,
    pub columns: BTreeMap<String, String>,
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
            formats: Vec::new(),
            locale: crate::locale::Locale::default(),
            columns: BTreeMap::new(),
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

/// Parses report.toml text; `path` names it in messages.
pub fn parse_settings(path: &Path, text: &str) -> Result<Settings, Problems> {
    let settings: Settings = toml::from_str(text).map_err(|e| {
        let mut d = Diagnostic::error(e.message().trim().to_string())
            .in_file(path)
            .with_hint(syntax_hint(e.message()));
        if let Some(span) = e.span() {
            let before = &text[..span.start.min(text.len())];
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            d = d
                .at_line(before.matches('\n').count() + 1)
                .at_col(before[line_start..].chars().count() + 1);
        }
        Problems { problems: vec![d] }
    })?;
    // Where a key's value is written: its line, and the column after `=`.
    let at = |key: &str| {
        let found = text.lines().enumerate().find(|(_, l)| {
            let l = l.trim_start();
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        });
        match found {
            Some((i, l)) => {
                let col = l.find('=').map_or(1, |e| {
                    let after = &l[e + 1..];
                    l[..e + 1].chars().count() + after.len() - after.trim_start().len() + 1
                });
                Diagnostic::error("")
                    .in_file(path)
                    .at_line(i + 1)
                    .at_col(col)
            }
            None => Diagnostic::error("").in_file(path),
        }
    };
    let problems: Vec<Diagnostic> = [
        check_currency,
        check_date,
        check_language,
        check_editions,
        check_formats,
        check_colours,
        check_type_sizes,
        check_margins,
        check_columns,
    ]
    .iter()
    .flat_map(|check| check(&settings, &at))
    .collect();
    let mut settings = settings;
    let mut problems = problems;
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
                    ..at(name)
                }
            })),
        }
    }
    Problems::or_ok(problems, settings)
}

/// Where a key is written in report.toml, as an empty error to fill in.
type At<'a> = dyn Fn(&str) -> Diagnostic + 'a;

fn check_currency(settings: &Settings, at: &At) -> Vec<Diagnostic> {
    if Currency::from_code(&settings.currency).is_some() {
        return Vec::new();
    }
    vec![Diagnostic {
        message: format!(
            "currency = \"{}\" is not a currency code",
            settings.currency
        ),
        hint: Some("use a three-letter ISO code such as GBP".into()),
        ..at("currency")
    }]
}

fn check_colours(settings: &Settings, at: &At) -> Vec<Diagnostic> {
    [
        ("text", &settings.colours.text),
        ("accent", &settings.colours.accent),
    ]
    .into_iter()
    .filter(|(_, value)| parse_colour(value).is_none())
    .map(|(key, value)| Diagnostic {
        message: format!("{key} = \"{value}\" is not a colour"),
        hint: Some("write it as #RRGGBB, e.g. #1F5F6B".into()),
        ..at(key)
    })
    .collect()
}

/// The hint for a report.toml that does not parse: for an unknown key, the closest known
/// one.
fn syntax_hint(message: &str) -> String {
    const SEE: &str =
        "see the comments in the default report.toml (grant-report init writes it out)";
    let unknown = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split_once('`'));
    let Some((key, rest)) = unknown else {
        return SEE.to_string();
    };
    let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    match crate::diagnostic::did_you_mean(key, expected.iter().copied()) {
        Some(s) => format!("did you mean `{s}`? The comments in the default report.toml list every setting (grant-report init writes it out)"),
        None => SEE.to_string(),
    }
}

fn check_date(settings: &Settings, at: &At) -> Vec<Diagnostic> {
    match &settings.date {
        Some(d) if crate::dates::parse_iso_date(d).is_none() => vec![Diagnostic {
            message: format!("date = \"{d}\" is not a date"),
            hint: Some(
                "write it as YYYY-MM-DD, e.g. 2026-11-25, or delete the line to use today's date"
                    .into(),
            ),
            ..at("date")
        }],
        _ => Vec::new(),
    }
}

/// A BCP 47 language tag: a two- or three-letter language, then subtags of up to eight
/// letters or digits (`en-GB`, `cy`, `en-US`).
fn check_language(settings: &Settings, at: &At) -> Vec<Diagnostic> {
    let tag = &settings.language;
    let mut parts = tag.split('-');
    let language_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()));
    let rest_ok =
        parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if language_ok && rest_ok && crate::locale::Locale::for_tag(tag).is_some() {
        return Vec::new();
    }
    let message = if language_ok && rest_ok {
        format!("language = \"{tag}\" is not a language the report can be written in")
    } else {
        format!("language = \"{tag}\" is not a language tag")
    };
    vec![Diagnostic {
        message,
        hint: Some(format!(
            "the languages built in are: {} (Welsh); a [labels] table can change any word",
            crate::locale::SUPPORTED.join(", ")
        )),
        ..at("language")
    }]
}

fn check_editions(settings: &Settings, at: &At) -> Vec<Diagnostic> {
    settings
        .editions
        .iter()
        .filter(|tag| crate::locale::Locale::for_tag(tag).is_none())
        .map(|tag| Diagnostic {
            message: format!("editions has \"{tag}\", not a language the report can be written in"),
            hint: Some(format!(
                "the languages built in are: {}",
                crate::locale::SUPPORTED.join(", ")
            )),
            ..at("editions")
        })
        .collect()
}

fn check_formats(settings: &Settings, at: &At) -> Vec<Diagnostic> {
    settings
        .formats
        .iter()
        .filter_map(|f| f.parse::<crate::pipeline::Output>().err())
        .map(|message| Diagnostic {
            message: format!("formats: {message}"),
            hint: Some("write formats = [\"pdf\"], [\"html\"] or [\"pdf\", \"html\"]".into()),
            ..at("formats")
        })
        .collect()
}

fn check_type_sizes(settings: &Settings, at: &At) -> Vec<Diagnostic> {
    let f = &settings.fonts;
    let mut out = Vec::new();
    if !(6.0..=24.0).contains(&f.body_size) {
        out.push(Diagnostic {
            message: format!("body_size = {} does not make readable text", f.body_size),
            hint: Some("give body_size between 6 and 24 points".into()),
            ..at("body_size")
        });
    }
    // Lines closer than the type size collide; more than three times apart do not read as a
    // paragraph.
    if !(f.body_size..=f.body_size * 3.0).contains(&f.leading) {
        out.push(Diagnostic {
            message: format!(
                "leading = {} does not suit body text of {} points",
                f.leading, f.body_size
            ),
            hint: Some(format!(
                "give leading between the body size and three times it ({} to {} points)",
                f.body_size,
                f.body_size * 3.0
            )),
            ..at("leading")
        });
    }
    if !(6.0..=f.body_size).contains(&f.fit_floor) {
        out.push(Diagnostic {
            message: format!(
                "fit_floor = {} is not a size text can shrink to",
                f.fit_floor
            ),
            hint: Some(format!(
                "give fit_floor between 6 points and the body size ({})",
                f.body_size
            )),
            ..at("fit_floor")
        });
    }
    if !(5.0..=150.0).contains(&settings.cover.logo_width_mm) {
        out.push(Diagnostic {
            message: format!(
                "logo_width_mm = {} is not a width a cover logo can have",
                settings.cover.logo_width_mm
            ),
            hint: Some("give logo_width_mm between 5 and 150".into()),
            ..at("logo_width_mm")
        });
    }
    out
}

fn check_margins(settings: &Settings, at: &At) -> Vec<Diagnostic> {
    let p = &settings.page;
    let (w, h) = p.size.points();
    let mm = 72.0 / 25.4;
    let margins = [
        p.margin_top_mm,
        p.margin_bottom_mm,
        p.margin_inner_mm,
        p.margin_outer_mm,
    ];
    if margins.iter().any(|m| !(0.0..=80.0).contains(m))
        || (p.margin_inner_mm + p.margin_outer_mm) * mm > w * 0.6
        || (p.margin_top_mm + p.margin_bottom_mm) * mm > h * 0.6
    {
        return vec![Diagnostic {
            message: "the margins leave too little room for text".into(),
            hint: Some("keep each margin between 0 and 80 mm".into()),
            ..at("margin")
        }];
    }
    Vec::new()
}

/// `[columns]` may only map the report's own fields.
fn check_columns(settings: &Settings, at: &At) -> Vec<Diagnostic> {
    let names: Vec<&str> = crate::grants::FIELDS.iter().map(|f| f.name).collect();
    let mut out = Vec::new();
    for field in settings.columns.keys() {
        if crate::grants::field::field(field).is_some() {
            continue;
        }
        let mut d = Diagnostic {
            message: format!(
                "[columns] has no field \"{field}\"; the fields are: {}",
                names.join(", ")
            ),
            ..at(field)
        };
        if let Some(s) = crate::diagnostic::did_you_mean(field, names.iter().copied()) {
            d = d.with_hint(format!("did you mean {s}?"));
        }
        out.push(d);
    }
    out
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
            msg.starts_with("error: r.toml:2:1: unknown field `colour`"),
            "{msg}"
        );
        assert!(msg.contains("expected one of"), "{msg}");
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
            msgs[0].contains("r.toml:1:12: currency = \"pounds\" is not a currency code"),
            "{msgs:?}"
        );
        assert!(
            msgs[1].contains("r.toml:3:10: accent = \"teal\" is not a colour"),
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
            m[0].starts_with("error: r.toml:1:2: unknown field `colors`"),
            "{m:?}"
        );
        assert!(m[0].contains("hint: did you mean `colours`?"), "{m:?}");
        let m = messages("[fonts]\nbody_sise = 10\n");
        assert!(m[0].contains("hint: did you mean `body_size`?"), "{m:?}");
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
            m[0].starts_with("error: r.toml:1:8: date = \"25/11/2026\" is not a date"),
            "{starts:?}"
        );
        assert!(
            m[1].starts_with("error: r.toml:2:12: language = \"Welsh\" is not a language tag"),
            "{m:?}"
        );
        assert!(m[1].contains("cy (Welsh)"), "{m:?}");
        assert!(
            m[2].starts_with("error: r.toml:4:12: leading = NaN does not suit"),
            "{m:?}"
        );
        assert!(
            m[3].starts_with("error: r.toml:5:13: fit_floor = 0 is not a size"),
            "{m:?}"
        );
        assert!(
            m[4].starts_with("error: r.toml:7:17: logo_width_mm = 900"),
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

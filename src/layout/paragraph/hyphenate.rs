//! Turns a word into the places a line may break inside it: after an explicit hyphen, dash or
//! slash, or at the language's hyphenation patterns' points (Knuth–Liang: en-GB, en-US or
//! Welsh), never inside a ligature.

use super::*;

/// Whose hyphenation patterns a paragraph is hyphenated by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Patterns {
    #[default]
    BritishEnglish,
    AmericanEnglish,
    Welsh,
}

impl Patterns {
    /// The patterns for a locale's language tag (British English for any other English).
    pub fn for_tag(tag: &str) -> Patterns {
        match tag {
            "en-US" => Patterns::AmericanEnglish,
            "cy" => Patterns::Welsh,
            _ => Patterns::BritishEnglish,
        }
    }

    fn is_english(self) -> bool {
        self != Patterns::Welsh
    }
}

/// A language's hyphenation patterns, each loaded once.
pub(super) fn hyphenator(patterns: Patterns) -> Option<&'static Standard> {
    static GB: OnceLock<Option<Standard>> = OnceLock::new();
    static US: OnceLock<Option<Standard>> = OnceLock::new();
    static CY: OnceLock<Option<Standard>> = OnceLock::new();
    let (cell, language, bytes): (_, _, &[u8]) = match patterns {
        Patterns::BritishEnglish => (
            &GB,
            Language::EnglishGB,
            include_bytes!("en-gb.standard.bincode"),
        ),
        Patterns::AmericanEnglish => (
            &US,
            Language::EnglishUS,
            include_bytes!("en-us.standard.bincode"),
        ),
        Patterns::Welsh => (&CY, Language::Welsh, include_bytes!("cy.standard.bincode")),
    };
    cell.get_or_init(|| Standard::from_reader(language, &mut &bytes[..]).ok())
        .as_ref()
}

/// Where a line may break inside `word` (shaped as `shaped`) in hyphenated text: after an
/// explicit hyphen, dash or slash, or else at its hyphenation points; only where a glyph
/// boundary falls (never inside a ligature).
pub(super) fn word_parts(word: &str, shaped: &Shaped, patterns: Patterns) -> Box<[WordPart]> {
    let mut cuts: Vec<(usize, bool)> = Vec::new(); // (byte offset, needs a hyphen)
    if !looks_like_address(word) {
        for (i, c) in word.char_indices() {
            let after = i + c.len_utf8();
            if matches!(c, '-' | '–' | '—' | '/') && explicit_break_reads_well(word, i, after) {
                cuts.push((after, false));
            }
        }
        if cuts.is_empty() {
            cuts.extend(
                hyphenation_points_in(word, patterns)
                    .into_iter()
                    .map(|b| (b, true)),
            );
        }
    }
    cuts.retain(|&(at, _)| shaped.glyphs.iter().any(|g| g.range.start == at));
    let mut parts = Vec::with_capacity(cuts.len() + 1);
    let mut g_from = 0;
    for &(at, hyphen) in cuts.iter().chain(std::iter::once(&(word.len(), false))) {
        let g_to = shaped
            .glyphs
            .iter()
            .position(|g| g.range.start >= at)
            .unwrap_or(shaped.glyphs.len());
        parts.push(WordPart {
            end: g_to as u32,
            advance: shaped.glyphs[g_from..g_to.max(g_from)]
                .iter()
                .map(|g| g.advance)
                .sum::<f32>(),
            cut: (at < word.len()).then_some(hyphen),
            cost: if hyphen { hyphen_cost(word, at) } else { 0.0 },
        });
        g_from = g_to;
    }
    parts.into()
}

/// What a hyphen added at byte `at` of `word` costs the line breaker: [`HYPHEN_COST`], and
/// (as Typst does) 15% more for each letter short of five on either side, so that
/// "ex-pand" is a last resort and "organis-ations" a fair choice.
fn hyphen_cost(word: &str, at: usize) -> f32 {
    let letters = |s: &str| s.chars().filter(|c| c.is_alphabetic()).count();
    let short = |n: usize| 5usize.saturating_sub(n) as f32;
    HYPHEN_COST * (1.0 + 0.15 * (short(letters(&word[..at])) + short(letters(&word[at..]))))
}

/// What a hyphen added inside a word costs at best (see [`hyphen_cost`]): more than Typst's
/// 135, which at a 65–80 character measure still hyphenated more often than Typst does at
/// 90 (tuned with benches/typography.py).
pub(crate) const HYPHEN_COST: f32 = 250.0;

/// Whether a line may break after the hyphen, dash or slash at `i..after` of `word`: with
/// three characters or more on each side up to the next such mark, and no number beside it
/// ("Covid-/19", "co-/op", "one-to-/one" and "24-/36" stay whole).
fn explicit_break_reads_well(word: &str, i: usize, after: usize) -> bool {
    let mark = |c: char| matches!(c, '-' | '–' | '—' | '/');
    let before = word[..i].rsplit(mark).next().unwrap_or("");
    let rest = word[after..].split(mark).next().unwrap_or("");
    before.chars().count() >= 3
        && rest.chars().count() >= 3
        && !rest.starts_with(|c: char| c.is_ascii_digit())
        && !before.ends_with(|c: char| c.is_ascii_digit())
}

/// URLs, e-mail addresses and anything with digits are never hyphenated.
pub(super) fn looks_like_address(word: &str) -> bool {
    word.contains("://") || word.contains('@') || word.starts_with("www.")
}

/// Byte offsets where `word` may be hyphenated: words of six or more letters, all lower case
/// (names and acronyms stay whole), leaving at least three letters on each side, at the
/// en-GB patterns' points or, for a word the patterns break badly, at [`EXCEPTIONS`]'.
#[cfg(test)]
pub(super) fn hyphenation_points(word: &str) -> Vec<usize> {
    hyphenation_points_in(word, Patterns::BritishEnglish)
}

/// [`hyphenation_points`] by a language's patterns (the English exceptions and the "-ies"
/// rule only for English).
pub(super) fn hyphenation_points_in(word: &str, patterns: Patterns) -> Vec<usize> {
    let core_start = word.find(|c: char| c.is_alphabetic()).unwrap_or(word.len());
    let core_end = word
        .rfind(|c: char| c.is_alphabetic())
        .map_or(core_start, |i| {
            i + word[i..].chars().next().map_or(1, char::len_utf8)
        });
    if core_start >= core_end {
        return Vec::new();
    }
    let core = &word[core_start..core_end];
    if core.chars().count() < 6 || !core.chars().all(|c| c.is_lowercase()) {
        return Vec::new();
    }
    let chars: Vec<usize> = core.char_indices().map(|(i, _)| i).collect();
    let exception = EXCEPTIONS
        .iter()
        .filter(|_| patterns.is_english())
        .find(|(w, _)| w.replace('-', "") == core);
    let breaks = match exception {
        Some((hyphenated, _)) => hyphenated
            .split('-')
            .scan(0, |at, part| {
                *at += part.len();
                Some(*at)
            })
            .filter(|&at| at < core.len())
            .collect(),
        None => match hyphenator(patterns) {
            Some(dict) => dict.hyphenate(core).breaks,
            None => return Vec::new(),
        },
    };
    breaks
        .into_iter()
        .filter(|&b| {
            let before = chars.iter().filter(|&&i| i < b).count();
            // A plural's "-ies" alone on the next line reads as a stray syllable.
            before >= 3
                && chars.len() - before >= 3
                && !(patterns.is_english() && &core[b..] == "ies")
        })
        .map(|b| b + core_start)
        .collect()
}

/// Words the en-GB patterns break badly ("bey-ond", "protec-ted"), with where they may
/// break instead (none, for a word given whole), and why.
pub(super) const EXCEPTIONS: &[(&str, &str)] = &[
    ("beyond", "the patterns' bey-ond splits its syllable"),
    ("pro-tected", "not protec-ted"),
    ("com-mun-ities", "not communit-ies"),
    ("re-spons-ib-il-ities", "not responsibilit-ies"),
];

//! Turns a word into the places a line may break inside it: after an explicit hyphen, dash or
//! slash, or at the en-GB hyphenation patterns' points (Knuth–Liang), never inside a ligature.

use super::*;

/// The British English hyphenation patterns, loaded once.
pub(super) fn hyphenator() -> Option<&'static Standard> {
    static DICT: OnceLock<Option<Standard>> = OnceLock::new();
    DICT.get_or_init(|| {
        let bytes: &[u8] = include_bytes!("en-gb.standard.bincode");
        Standard::from_reader(Language::EnglishGB, &mut &bytes[..]).ok()
    })
    .as_ref()
}

/// Where a line may break inside `word` (shaped as `shaped`) in hyphenated text: after an
/// explicit hyphen, dash or slash, or else at its hyphenation points; only where a glyph
/// boundary falls (never inside a ligature).
pub(super) fn word_parts(word: &str, shaped: &Shaped) -> Box<[WordPart]> {
    let mut cuts: Vec<(usize, bool)> = Vec::new(); // (byte offset, needs a hyphen)
    if !looks_like_address(word) {
        for (i, c) in word.char_indices() {
            if matches!(c, '-' | '–' | '—' | '/') && i > 0 && i + c.len_utf8() < word.len() {
                cuts.push((i + c.len_utf8(), false));
            }
        }
        if cuts.is_empty() {
            cuts.extend(hyphenation_points(word).into_iter().map(|b| (b, true)));
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
        });
        g_from = g_to;
    }
    parts.into()
}

/// URLs, e-mail addresses and anything with digits are never hyphenated.
pub(super) fn looks_like_address(word: &str) -> bool {
    word.contains("://") || word.contains('@') || word.starts_with("www.")
}

/// Byte offsets where `word` may be hyphenated: words of five or more letters, all lower case
/// (names and acronyms stay whole), leaving at least two letters before and three after.
pub(super) fn hyphenation_points(word: &str) -> Vec<usize> {
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
    if core.chars().count() < 5 || !core.chars().all(|c| c.is_lowercase()) {
        return Vec::new();
    }
    let Some(dict) = hyphenator() else {
        return Vec::new();
    };
    let chars: Vec<usize> = core.char_indices().map(|(i, _)| i).collect();
    dict.hyphenate(core)
        .breaks
        .into_iter()
        .filter(|&b| {
            let before = chars.iter().filter(|&&i| i < b).count();
            before >= 2 && chars.len() - before >= 3
        })
        .map(|b| b + core_start)
        .collect()
}

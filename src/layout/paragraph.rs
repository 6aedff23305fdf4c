//! Sets a paragraph of styled spans into justified (or ragged) lines of positioned glyph runs:
//! shape words, add hyphenation points, choose breaks, then place glyphs on each line.

use super::fonts::{FontId, Shaped, Shaper, WordPart};
use super::linebreak::{self, break_first_fit, break_optimal_fit, ratio, Item, FORCED};
use super::{RunPiece, TextRun, ARTIFACT};
use crate::document::Rgb;
use crate::document::Span;
use hyphenation::{Hyphenator, Language, Load, Standard};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// How a paragraph is set.
#[derive(Debug, Clone, Copy)]
pub struct ParaStyle {
    /// Regular text in the sans family (else serif).
    pub sans: bool,
    /// Bold text in the sans family (run-in labels), whatever the body family.
    pub bold_sans: bool,
    /// Everything bold (headings, header rows).
    pub all_bold: bool,
    pub size: f32,
    pub leading: f32,
    pub colour: Rgb,
    pub link_colour: Rgb,
    pub align: Align,
    pub hyphenate: bool,
    /// Equal-width lining figures (table numbers).
    pub tabular: bool,
    /// Extra space between letters, in em (kickers).
    pub tracking: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Justify,
    Left,
    Right,
    Centre,
}

/// Which line breaker to use (first fit is kept for tests and as a fallback).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breaker {
    OptimalFit,
    FirstFit,
}

/// One set line: runs positioned from the line's left edge, baseline at y = 0.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub runs: Vec<TextRun>,
    /// Link areas on this line: (x0, x1, target).
    pub links: Vec<(f32, f32, Arc<str>)>,
    pub width: f32,
}

/// A shaped piece of a word in one style.
struct Frag {
    font: FontId,
    size: f32,
    colour: Rgb,
    link: Option<Arc<str>>,
    word: Arc<Shaped>,
    glyphs: Range<u32>,
    width: f32,
}

enum Piece {
    Frag(Frag),
    /// A space (drawn with the font of the run it ends).
    Space,
    Hyphen {
        font: FontId,
        size: f32,
        colour: Rgb,
    },
    Break,
}

/// The British English hyphenation patterns, loaded once.
fn hyphenator() -> Option<&'static Standard> {
    static DICT: OnceLock<Option<Standard>> = OnceLock::new();
    DICT.get_or_init(|| {
        let bytes: &[u8] = include_bytes!("en-gb.standard.bincode");
        Standard::from_reader(Language::EnglishGB, &mut &bytes[..]).ok()
    })
    .as_ref()
}

/// Sets `spans` into lines `width` points wide. Returns the lines and any characters the
/// fonts could not draw.
pub fn set_paragraph(
    shaper: &mut Shaper,
    spans: &[Span],
    style: &ParaStyle,
    width: f32,
    breaker: Breaker,
) -> (Vec<Line>, Vec<char>) {
    let mut missing = Vec::new();
    let (pieces, items) = build_items(shaper, spans, style, width, &mut missing);
    if items.is_empty() {
        return (Vec::new(), missing);
    }
    let breaks = match (breaker, style.align) {
        (Breaker::OptimalFit, Align::Justify) => break_optimal_fit(&items, width),
        _ => break_first_fit(&items, width),
    };
    let mut lines = Vec::with_capacity(breaks.len());
    let mut start = 0;
    for (n, &end) in breaks.iter().enumerate() {
        let last = n + 1 == breaks.len() || matches!(pieces.get(end), Some(Piece::Break));
        lines.push(place_line(
            shaper, &pieces, &items, start, end, width, style, last,
        ));
        start = end + 1;
        // Skip the glue and penalties a break swallows.
        while start < items.len() && !matches!(items[start], Item::Box { .. }) {
            if matches!(pieces.get(start), Some(Piece::Break)) && start == end + 1 {
                break;
            }
            start += 1;
        }
    }
    (lines, missing)
}

fn font_for(style: &ParaStyle, span: &Span) -> FontId {
    let bold = span.bold || style.all_bold;
    let sans = if bold {
        style.sans || style.bold_sans
    } else {
        style.sans
    };
    FontId::select(sans, bold, span.italic)
}

/// Turns spans into pieces (what to draw) and items (what the breaker sees), index for index.
fn build_items(
    shaper: &mut Shaper,
    spans: &[Span],
    style: &ParaStyle,
    measure: f32,
    missing: &mut Vec<char>,
) -> (Vec<Piece>, Vec<Item>) {
    // A box and a glue per word, and a box and a penalty per hyphenation point: about one
    // item per two bytes of text, reserved up front rather than grown a word at a time.
    let estimate = spans.iter().map(|s| s.text.len()).sum::<usize>() / 2 + 8;
    let mut pieces = Vec::with_capacity(estimate);
    let mut items = Vec::with_capacity(estimate);
    for span in spans {
        let font = font_for(style, span);
        let space = shaper.width(font, style.size, " ");
        let mut sink = WordSink {
            measure,
            font,
            size: style.size,
            colour: if span.link.is_some() {
                style.link_colour
            } else {
                style.colour
            },
            link: span.link.as_deref().map(Arc::from),
            style,
            pieces: &mut pieces,
            items: &mut items,
            missing,
        };
        let mut word_start = None;
        let text = span.text.as_str();
        for (i, c) in text.char_indices() {
            let breaking_space = c.is_whitespace() && c != '\u{A0}' && c != '\u{202F}';
            if breaking_space {
                if let Some(s) = word_start.take() {
                    sink.add_word(shaper, &text[s..i]);
                }
                if c == '\n' {
                    sink.pieces.push(Piece::Break);
                    sink.items.push(Item::Penalty {
                        width: 0.0,
                        cost: -FORCED,
                        flagged: false,
                    });
                } else if !matches!(sink.items.last(), Some(Item::Glue { .. }) | None)
                    && !matches!(sink.pieces.last(), Some(Piece::Break))
                {
                    sink.pieces.push(Piece::Space);
                    sink.items.push(Item::Glue {
                        width: space,
                        stretch: space * 0.6,
                        // Only justified lines shrink their spaces; a ragged line that
                        // counted on it would poke into the margin.
                        shrink: if style.align == Align::Justify {
                            space * 0.3
                        } else {
                            0.0
                        },
                    });
                }
            } else if word_start.is_none() {
                word_start = Some(i);
            }
        }
        if let Some(s) = word_start {
            sink.add_word(shaper, &text[s..]);
        }
    }
    // Trailing spaces and breaks would only make empty lines.
    while matches!(items.last(), Some(Item::Glue { .. } | Item::Penalty { .. })) {
        items.pop();
        pieces.pop();
    }
    (pieces, items)
}

/// What the words of one span are set in, and where their boxes and problems go.
struct WordSink<'a> {
    /// The line width: a word wider than this may break anywhere.
    measure: f32,
    font: FontId,
    size: f32,
    colour: Rgb,
    link: Option<Arc<str>>,
    style: &'a ParaStyle,
    pieces: &'a mut Vec<Piece>,
    items: &'a mut Vec<Item>,
    missing: &'a mut Vec<char>,
}

impl WordSink<'_> {
    /// Adds glyphs `range` of `word` (set in `font`) as one box.
    fn push_box(&mut self, font: FontId, word: &Arc<Shaped>, range: Range<usize>) {
        let advance = word.glyphs[range.clone()]
            .iter()
            .map(|g| g.advance)
            .sum::<f32>();
        self.push_part(font, word, range, advance);
    }

    /// Adds glyphs `range` of `word`, whose advances sum to `advance` em, as one box.
    fn push_part(&mut self, font: FontId, word: &Arc<Shaped>, range: Range<usize>, advance: f32) {
        let width = advance * self.size + self.style.tracking * self.size * range.len() as f32;
        self.pieces.push(Piece::Frag(Frag {
            font,
            size: self.size,
            colour: self.colour,
            link: self.link.clone(),
            word: word.clone(),
            glyphs: range.start as u32..range.end as u32,
            width,
        }));
        self.items.push(Item::Box { width });
    }

    fn note_missing(&mut self, chars: impl IntoIterator<Item = char>) {
        for c in chars {
            if !self.missing.contains(&c) {
                self.missing.push(c);
            }
        }
    }

    /// Adds one word (no spaces inside) as boxes, with penalties at hyphenation points and
    /// after explicit hyphens and dashes.
    fn add_word(&mut self, shaper: &mut Shaper, word: &str) {
        let (font, size, style) = (self.font, self.size, self.style);
        let shaped = shaper.shape(font, word, style.tabular);
        if !shaped.missing.is_empty() {
            self.add_word_with_fallbacks(shaper, word);
            return;
        }
        let width = shaped.width * size + style.tracking * size * shaped.glyphs.len() as f32;
        if width > self.measure && shaped.glyphs.len() > 1 {
            self.add_overlong_word(font, &shaped);
            return;
        }
        if !(style.hyphenate && style.align == Align::Justify) {
            self.push_box(font, &shaped, 0..shaped.glyphs.len());
            return;
        }
        let parts = shaped.parts.get_or_init(|| word_parts(word, &shaped));
        let mut g_from = 0;
        for part in parts {
            let g_to = part.end as usize;
            self.push_part(font, &shaped, g_from..g_to, part.advance);
            if let Some(hyphen) = part.cut {
                // An explicit hyphen's own glyph is already drawn: its break adds nothing.
                let (width, hyphen_size) = if hyphen {
                    (shaper.book().hyphen_glyph(font).1 * size, size)
                } else {
                    (0.0, 0.0)
                };
                self.pieces.push(Piece::Hyphen {
                    font,
                    size: hyphen_size,
                    colour: self.colour,
                });
                self.items.push(Item::Penalty {
                    width,
                    cost: if hyphen { 50.0 } else { 0.0 },
                    flagged: hyphen,
                });
            }
            g_from = g_to;
        }
    }

    /// Adds a word wider than the line (a long web address, say) so that it can break
    /// between any two characters, preferably after `/ . - ? & = _ #`, with no hyphen drawn:
    /// otherwise it would run off the page.
    fn add_overlong_word(&mut self, font: FontId, shaped: &Arc<Shaped>) {
        let mut from = 0;
        for i in 1..shaped.glyphs.len() {
            let (before, at) = (&shaped.glyphs[i - 1], &shaped.glyphs[i]);
            if at.range.start == before.range.start {
                continue; // inside a cluster (a ligature's glyphs)
            }
            self.push_box(font, shaped, from..i);
            let after = shaped.text[..at.range.start].chars().next_back();
            let preferred = after.is_some_and(|c| "/.-?&=_#".contains(c));
            self.pieces.push(Piece::Hyphen {
                font,
                size: 0.0,
                colour: self.colour,
            });
            self.items.push(Item::Penalty {
                width: 0.0,
                cost: if preferred { 0.0 } else { 500.0 },
                flagged: false,
            });
            from = i;
        }
        self.push_box(font, shaped, from..shaped.glyphs.len());
    }

    /// Adds a word some of whose characters the font lacks: each stretch of characters is set
    /// in the first bundled font that has them (the fallbacks after the text font); characters
    /// no font has are left out (and reported) rather than drawn as empty boxes. Such words
    /// are not hyphenated.
    fn add_word_with_fallbacks(&mut self, shaper: &mut Shaper, word: &str) {
        let book = shaper.book();
        let mut segments: Vec<(FontId, String)> = Vec::new();
        for c in word.chars() {
            match book.font_for(self.font, c) {
                Some(f) => match segments.last_mut() {
                    Some((last, text)) if *last == f => text.push(c),
                    _ => segments.push((f, c.to_string())),
                },
                None => self.note_missing([c]),
            }
        }
        for (f, text) in segments {
            let shaped = shaper.shape(f, &text, self.style.tabular);
            // Anything still unshapeable (e.g. a combining mark alone) is dropped, not boxed.
            self.note_missing(shaped.missing.iter().copied());
            // One box per stretch of drawable glyphs.
            let mut start = 0;
            while start < shaped.glyphs.len() {
                if shaped.glyphs[start].id == 0 {
                    start += 1;
                    continue;
                }
                let end = shaped.glyphs[start..]
                    .iter()
                    .position(|g| g.id == 0)
                    .map_or(shaped.glyphs.len(), |p| start + p);
                self.push_box(f, &shaped, start..end);
                start = end;
            }
        }
    }
}

/// Where a line may break inside `word` (shaped as `shaped`) in hyphenated text: after an
/// explicit hyphen, dash or slash, or else at its hyphenation points; only where a glyph
/// boundary falls (never inside a ligature).
fn word_parts(word: &str, shaped: &Shaped) -> Box<[WordPart]> {
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
fn looks_like_address(word: &str) -> bool {
    word.contains("://") || word.contains('@') || word.starts_with("www.")
}

/// Byte offsets where `word` may be hyphenated: words of five or more letters, all lower case
/// (names and acronyms stay whole), leaving at least two letters before and three after.
fn hyphenation_points(word: &str) -> Vec<usize> {
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

/// Places the items `start..end` on one line, stretching spaces to fill `width` when justified.
#[allow(clippy::too_many_arguments)]
fn place_line(
    shaper: &mut Shaper,
    pieces: &[Piece],
    items: &[Item],
    start: usize,
    end: usize,
    width: f32,
    style: &ParaStyle,
    last: bool,
) -> Line {
    let end = end.min(items.len());
    let end_hyphen = matches!(pieces.get(end), Some(Piece::Hyphen { size, .. }) if *size > 0.0);
    let hyphen_width = match items.get(end) {
        Some(Item::Penalty { width, .. }) if end_hyphen => *width,
        _ => 0.0,
    };
    let (mut natural, stretch, shrink) = linebreak::sum(items, start, end);
    if end_hyphen {
        natural += hyphen_width;
    }
    let r = match style.align {
        Align::Justify if !last || natural > width => {
            ratio(natural, stretch, shrink, width).clamp(-1.0, 3.0)
        }
        _ => 0.0,
    };
    let r = if r.is_finite() { r } else { 0.0 };
    let line_width: f32 = items[start..end]
        .iter()
        .map(|item| set_width(item, r))
        .sum::<f32>()
        + hyphen_width;
    let x = match style.align {
        Align::Right => (width - line_width).max(0.0),
        Align::Centre => ((width - line_width) / 2.0).max(0.0),
        _ => 0.0,
    };
    let mut set = LineSetter {
        line: Line {
            runs: Vec::new(),
            links: Vec::new(),
            width: line_width,
        },
        current: None,
        link_start: None,
        x,
    };
    for i in start..end {
        match &pieces[i] {
            Piece::Frag(f) => set.fragment(f, &pieces[i..end], style.tracking),
            // The space is a real glyph so copy and paste gives back the words.
            Piece::Space => set.space(set_width(&items[i], r)),
            Piece::Hyphen { .. } | Piece::Break => {}
        }
    }
    if end_hyphen {
        if let Some(Piece::Hyphen { font, size, colour }) = pieces.get(end) {
            set.hyphen(shaper, *font, *size, *colour);
        }
    }
    set.finish()
}

/// An item's width on a line whose spaces are stretched (`r` > 0) or shrunk (`r` < 0).
fn set_width(item: &Item, r: f32) -> f32 {
    match *item {
        Item::Glue {
            width,
            stretch,
            shrink,
        } => {
            if r >= 0.0 {
                width + r * stretch
            } else {
                width + r * shrink
            }
        }
        Item::Box { width } => width,
        Item::Penalty { .. } => 0.0,
    }
}

/// A line being set from left to right: its runs (one per font, size, colour and link), its
/// link areas, and where the next piece goes.
struct LineSetter {
    line: Line,
    current: Option<TextRun>,
    link_start: Option<(f32, Arc<str>)>,
    x: f32,
}

impl LineSetter {
    /// Adds a fragment of a word; `rest` is the line's pieces from it on.
    fn fragment(&mut self, f: &Frag, rest: &[Piece], tracking: f32) {
        let same = self.current.as_ref().is_some_and(|c| {
            c.font == f.font && c.size == f.size && c.colour == f.colour && c.link == f.link
        });
        if !same {
            if let Some(run) = self.current.take() {
                self.line.runs.push(run);
            }
            self.current = Some(TextRun {
                font: f.font,
                size: f.size,
                colour: f.colour,
                x: self.x,
                y: 0.0,
                tracking,
                // At most the line's remaining fragments.
                pieces: Vec::with_capacity(
                    rest.iter().filter(|p| matches!(p, Piece::Frag(_))).count(),
                ),
                link: f.link.clone(),
                node: ARTIFACT,
            });
        }
        if self.link_start.as_ref().map(|l| &l.1) != f.link.as_ref() {
            self.finish_link();
            if let Some(uri) = &f.link {
                self.link_start = Some((self.x, uri.clone()));
            }
        }
        if let Some(run) = self.current.as_mut() {
            // The parts of a word between hyphenation points join up again on the line: one
            // piece per word (or per part a line break leaves).
            match run.pieces.last_mut() {
                Some(last)
                    if Arc::ptr_eq(&last.word, &f.word)
                        && last.glyphs.end == f.glyphs.start
                        && last.space_after == 0.0
                        && !last.hyphen =>
                {
                    last.glyphs.end = f.glyphs.end;
                }
                _ => run.pieces.push(RunPiece {
                    word: f.word.clone(),
                    glyphs: f.glyphs.clone(),
                    space_after: 0.0,
                    hyphen: false,
                }),
            }
        }
        self.x += f.width;
    }

    /// Adds a space of width `w` after the last word.
    fn space(&mut self, w: f32) {
        if let Some(last) = self.current.as_mut().and_then(|r| r.pieces.last_mut()) {
            last.space_after += w;
        }
        self.x += w;
    }

    /// Ends the line with a hyphen after its last word (when that word's run has the
    /// hyphen's font and colour).
    fn hyphen(&mut self, shaper: &Shaper, font: FontId, size: f32, colour: Rgb) {
        if let Some(run) = self.current.as_mut() {
            if run.font == font && run.colour == colour {
                if let Some(last) = run.pieces.last_mut() {
                    last.hyphen = true;
                    self.x += shaper.book().hyphen_glyph(font).1 * size;
                }
            }
        }
    }

    /// Closes an open link area at the current position.
    fn finish_link(&mut self) {
        if let Some((x0, uri)) = self.link_start.take() {
            self.line.links.push((x0, self.x, uri));
        }
    }

    fn finish(mut self) -> Line {
        self.finish_link();
        if let Some(run) = self.current.take() {
            self.line.runs.push(run);
        }
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::super::fonts::FontBook;
    use super::*;

    fn style(align: Align) -> ParaStyle {
        ParaStyle {
            sans: false,
            bold_sans: true,
            all_bold: false,
            size: 10.0,
            leading: 14.0,
            colour: Rgb(0, 0, 0),
            link_colour: Rgb(0, 0, 255),
            align,
            hyphenate: true,
            tabular: false,
            tracking: 0.0,
        }
    }

    /// Sets plain `text` in the test style with optimal fit.
    fn set_plain(
        shaper: &mut Shaper,
        text: &str,
        align: Align,
        width: f32,
    ) -> (Vec<Line>, Vec<char>) {
        set_paragraph(
            shaper,
            &[Span::plain(text)],
            &style(align),
            width,
            Breaker::OptimalFit,
        )
    }

    fn text_of(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.runs.iter().map(|r| r.text()).collect::<String>())
            .collect()
    }

    #[test]
    fn justified_lines_fill_the_measure_and_keep_every_word() {
        let book = FontBook::bundled();
        let mut shaper = Shaper::new(&book);
        let text = "Anchor institutions are one of the mainstays of the local economy. They employ a lot of people, they have large premises and their services reach every corner of the community.";
        let (lines, missing) = set_plain(&mut shaper, text, Align::Justify, 200.0);
        assert!(missing.is_empty());
        assert!(lines.len() >= 4);
        for l in &lines[..lines.len() - 1] {
            assert!((l.width - 200.0).abs() < 0.5, "line width {}", l.width);
        }
        let joined = text_of(&lines).join(" ").replace("- ", "");
        let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        assert_eq!(words(&joined), words(text));
    }

    #[test]
    fn words_split_into_parts_at_hyphenation_points_and_explicit_hyphens() {
        let book = FontBook::bundled();
        let mut shaper = Shaper::new(&book);
        let serif = FontId::select(false, false, false);
        let parts_of = |shaper: &mut Shaper, w: &str| {
            let shaped = shaper.shape(serif, w, false);
            let parts = word_parts(w, &shaped).to_vec();
            // The parts cover the word, and their advances add up to its width.
            assert_eq!(
                parts.last().map(|p| p.end),
                Some(shaped.glyphs.len() as u32)
            );
            let sum: f32 = parts.iter().map(|p| p.advance).sum();
            assert!(
                (sum - shaped.width).abs() < 1e-4,
                "{w}: {sum} vs {}",
                shaped.width
            );
            parts.iter().map(|p| p.cut).collect::<Vec<_>>()
        };
        let hyphenated = parts_of(&mut shaper, "organisations");
        assert!(hyphenated.len() > 1);
        assert!(hyphenated[..hyphenated.len() - 1]
            .iter()
            .all(|c| *c == Some(true)));
        assert_eq!(parts_of(&mut shaper, "and/or"), [Some(false), None]);
        assert_eq!(parts_of(&mut shaper, "well-being"), [Some(false), None]);
        assert_eq!(parts_of(&mut shaper, "https://example.org/a-b"), [None]);
        assert_eq!(parts_of(&mut shaper, "Birmingham"), [None]);
    }

    #[test]
    fn a_word_wider_than_the_line_breaks_rather_than_running_off_it() {
        let book = FontBook::bundled();
        let mut shaper = Shaper::new(&book);
        let url = "https://www.example.org.uk/funding/programmes/community-wealth-building/reports/2024/final-evaluation.pdf";
        let text = format!("The evaluation is published at {url} and will be read.");
        for align in [Align::Justify, Align::Left] {
            let (lines, _) = set_plain(&mut shaper, &text, align, 200.0);
            for l in &lines {
                assert!(l.width <= 200.5, "{align:?}: line {} wide", l.width);
            }
            // Every character is still there, in order, with no hyphen added.
            let joined: String = text_of(&lines).concat();
            let squeeze = |s: &str| s.split_whitespace().collect::<String>();
            assert_eq!(squeeze(&joined), squeeze(&text), "{align:?}");
            // It broke after a slash or a hyphen somewhere, as addresses do.
            assert!(
                text_of(&lines)
                    .iter()
                    .any(|l| l.trim_end().ends_with('/') || l.trim_end().ends_with('-')),
                "{align:?}: {:?}",
                text_of(&lines)
            );
        }
    }

    #[test]
    fn a_word_not_broken_at_a_line_end_is_one_piece() {
        let book = FontBook::bundled();
        let mut shaper = Shaper::new(&book);
        let text = "organisations and communities";
        let (lines, _) = set_plain(&mut shaper, text, Align::Justify, 500.0);
        assert!(!hyphenation_points("organisations").is_empty());
        let pieces = &lines[0].runs[0].pieces;
        assert_eq!(pieces.len(), 3, "one piece per word");
        for p in pieces {
            assert_eq!(p.glyphs, 0..p.word.glyphs.len() as u32, "{:?}", p.word.text);
        }
    }

    #[test]
    fn hyphenation_skips_capitals_short_words_and_addresses() {
        assert!(!hyphenation_points("organisations").is_empty());
        assert!(hyphenation_points("Birmingham").is_empty());
        assert!(hyphenation_points("four").is_empty());
        assert!(hyphenation_points("COVID").is_empty());
        let p = hyphenation_points("(communities),");
        assert!(
            p.iter().all(|&b| b >= 3 && b <= "(communities),".len() - 5),
            "{p:?}"
        );
        assert!(looks_like_address("https://example.org/longpath"));
    }

    #[test]
    fn links_and_styles_become_runs_and_areas() {
        let book = FontBook::bundled();
        let mut shaper = Shaper::new(&book);
        let spans = [
            Span::bold("Why?"),
            Span::plain(" see "),
            Span {
                link: Some("https://a.example".into()),
                ..Span::plain("the site")
            },
            Span::plain("."),
        ];
        let (lines, _) = set_paragraph(
            &mut shaper,
            &spans,
            &style(Align::Left),
            400.0,
            Breaker::OptimalFit,
        );
        assert_eq!(lines.len(), 1);
        assert_eq!(text_of(&lines), ["Why? see the site."]);
        assert_eq!(lines[0].links.len(), 1);
        let (x0, x1, uri) = &lines[0].links[0];
        assert!(x1 > x0 && &**uri == "https://a.example");
        assert_eq!(lines[0].runs[0].font, FontId::select(true, true, false));
    }

    #[test]
    fn right_to_left_letters_do_not_break_the_line_breaker() {
        let book = FontBook::bundled();
        let mut shaper = Shaper::new(&book);
        let text = "a-\u{61D}\t\u{FFFD}1/\u{7D0}ne ok";
        let (lines, missing) = set_plain(&mut shaper, text, Align::Justify, 300.0);
        // Characters no bundled font has are left out (and reported), never drawn as boxes.
        assert_eq!(text_of(&lines).join(" "), "a- \u{FFFD}1/ne ok");
        assert!(missing.contains(&'\u{7D0}') && missing.contains(&'\u{61D}'));
        let glyph_ids = lines
            .iter()
            .flat_map(|l| &l.runs)
            .flat_map(|r| &r.pieces)
            .flat_map(|p| &p.word.glyphs[p.glyphs.start as usize..p.glyphs.end as usize]);
        assert!(glyph_ids.into_iter().all(|g| g.id != 0));
    }

    #[test]
    fn hard_breaks_end_lines() {
        let book = FontBook::bundled();
        let mut shaper = Shaper::new(&book);
        let (lines, _) = set_plain(&mut shaper, "one\ntwo three", Align::Justify, 400.0);
        assert_eq!(text_of(&lines), ["one", "two three"]);
    }
}

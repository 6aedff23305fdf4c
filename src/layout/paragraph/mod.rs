//! Sets a paragraph of styled spans into justified (or ragged) lines of positioned glyph runs,
//! in the stages typst-layout's inline layout has: collect (spans into items, words shaped),
//! hyphenate (where words may break), line-break ([`linebreak`]), finalize (each line's
//! glyphs placed).

mod collect;
mod finalize;
mod hyphenate;
mod linebreak;

use collect::build_items;
use finalize::place_line;
use hyphenate::word_parts;
pub use hyphenate::Patterns;

use super::fonts::{FontId, Shaped, Shaper, WordPart};
use super::{RunPiece, TextRun, ARTIFACT};
use crate::document::Rgb;
use crate::document::{Link, Span};
use hyphenation::{Hyphenator, Language, Load, Standard};
use linebreak::{break_first_fit, break_optimal_fit, ratio, Item, FORCED};
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
    /// Whose patterns it is hyphenated by.
    pub patterns: Patterns,
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
    pub links: Vec<(f32, f32, Link)>,
    pub width: f32,
}

/// A shaped piece of a word in one style.
struct Frag {
    font: FontId,
    size: f32,
    colour: Rgb,
    link: Option<Link>,
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

#[cfg(test)]
mod tests {
    use super::super::fonts::FontBook;
    use super::hyphenate::{hyphenation_points, looks_like_address};
    use super::*;

    /// A word with its hyphenation points marked.
    fn hyphenated(word: &str) -> String {
        let points = hyphenation_points(word);
        let mut out = String::new();
        for (i, c) in word.char_indices() {
            if points.contains(&i) {
                out.push('-');
            }
            out.push(c);
        }
        out
    }

    #[test]
    fn issue_15_hyphens_leave_three_letters_each_side_and_bad_patterns_are_overruled() {
        assert_eq!(hyphenated("beyond"), "beyond");
        // Welsh words by the Welsh patterns; English exceptions are English only.
        let welsh = super::hyphenate::hyphenation_points_in("cymunedau", Patterns::Welsh);
        assert!(!welsh.is_empty());
        assert!(welsh.iter().all(|&b| b >= 3 && "cymunedau".len() - b >= 3));
        assert_eq!(hyphenated("protected"), "pro-tected");
        for word in [
            "expand",
            "deprived",
            "services",
            "sustainability",
            "organisations",
        ] {
            let h = hyphenated(word);
            let parts: Vec<&str> = h.split('-').collect();
            assert!(parts[0].chars().count() >= 3, "{h}");
            assert!(parts[parts.len() - 1].chars().count() >= 3, "{h}");
        }
        assert_eq!(hyphenated("communities"), "com-mun-ities");
        assert!(!hyphenated("activities").ends_with("-ies"));
    }

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
            patterns: Patterns::default(),
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
            let parts = word_parts(w, &shaped, Patterns::default()).to_vec();
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
        assert_eq!(parts_of(&mut shaper, "well-being"), [Some(false), None]);
        assert_eq!(parts_of(&mut shaper, "grants/loans"), [Some(false), None]);
        assert_eq!(
            parts_of(&mut shaper, "test-and-learn"),
            [Some(false), Some(false), None]
        );
        // Never two characters or fewer on a side of a real hyphen, nor a number after it.
        for whole in ["and/or", "co-op", "one-to-one", "Covid-19", "2024-25"] {
            assert_eq!(parts_of(&mut shaper, whole), [None], "{whole}");
        }
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
                link: Link::url("https://a.example"),
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
        assert!(x1 > x0 && *uri == Link::Url("https://a.example".into()));
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

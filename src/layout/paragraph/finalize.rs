//! Turns a chosen line (items `start..end`) into a set line: spaces stretched or shrunk to
//! justify it, word fragments joined into runs per style and link, a hyphen at its end.

use super::*;

/// Places the items `start..end` on one line, stretching spaces to fill `width` when justified.
#[allow(clippy::too_many_arguments)]
pub(super) fn place_line(
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
    link_start: Option<(f32, Link)>,
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

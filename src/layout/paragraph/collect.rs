//! Turns a paragraph's styled spans into what the line breaker sees (boxes, glue, penalties)
//! and, index for index, what the lines will draw (shaped word fragments, spaces, hyphens).

use super::*;

/// Turns spans into pieces (what to draw) and items (what the breaker sees), index for index.
pub(super) fn build_items(
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
            link: span.link.clone(),
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
    link: Option<Link>,
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
        let parts = shaped
            .parts
            .get_or_init(|| word_parts(word, &shaped, style.patterns));
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
                // A break after a hyphen the word has is flagged too: two hyphens ending
                // lines in a row read the same whichever made them.
                self.items.push(Item::Penalty {
                    width,
                    cost: part.cost,
                    flagged: true,
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

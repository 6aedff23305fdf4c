//! Turns one laid-out [`Page`] into its compressed PDF content stream, with what the rest of
//! the file needs to know about it: the glyphs it used, the structure element of each marked
//! content sequence, its links and pictures. Pure, so pages are encoded in parallel.

use super::fonts::{resource_name, Advances};
use super::{compress, digits_before, push_int, CONTENT_LEVEL};
use crate::document::Logo;
use crate::document::Rgb;
use crate::layout::fonts::{Code, Shaped};
use crate::layout::{
    FontBook, FontId, GlyphSink, LinkArea, Page, PageItem, RunGlyph, TextRun, ARTIFACT,
};
use rustc_hash::FxHashSet as HashSet;
use std::sync::Arc;

/// A page ready to be written.
pub(super) struct Encoded {
    pub width: f32,
    pub height: f32,
    /// The content stream: deflated when `deflated`, else as it is (a footer's few words
    /// would not get smaller, and compressing them costs more than writing the page).
    pub content: Vec<u8>,
    pub deflated: bool,
    /// Each glyph the page draws, once, with its text (`None` for the second and later
    /// glyphs of a cluster).
    pub glyphs: Vec<(FontId, u16, Option<Box<str>>)>,
    /// The structure element of each marked-content id (MCID), in order.
    pub marks: Vec<u32>,
    pub links: Vec<LinkArea>,
}

/// Content streams shorter than this are written uncompressed.
const STORED: usize = 256;

/// The pictures a report draws (the cover logo, photos), each numbered once in the order
/// first drawn, by the address of its shared data: page content calls the n-th `/Im<n>`.
pub(super) type Pictures = rustc_hash::FxHashMap<usize, usize>;

/// A picture's key in [`Pictures`].
pub(super) fn picture_key(logo: &Arc<Logo>) -> usize {
    Arc::as_ptr(logo) as usize
}

/// The resource name of picture `n`.
pub(super) fn picture_name(n: usize) -> Vec<u8> {
    format!("Im{n}").into_bytes()
}

pub(super) fn encode(
    page: &Page,
    book: &FontBook,
    advances: &Advances,
    tagged: bool,
    pictures: &Pictures,
) -> Encoded {
    encode_with(page, book, advances, (tagged, pictures), true)
}

/// [`encode`], drawing whole words from their kept codes or (for the tests) glyph by glyph.
fn encode_with(
    page: &Page,
    book: &FontBook,
    advances: &Advances,
    (tagged, pictures): (bool, &Pictures),
    whole_words: bool,
) -> Encoded {
    let mut w = PageWriter {
        whole_words,
        c: Ops(Vec::with_capacity(16 * 1024)),
        book,
        advances,
        tagged,
        height: page.height,
        marks: Vec::new(),
        seen: Seen::new(book),
        glyphs: Vec::new(),
        fill: None,
        words: HashSet::default(),
        bytes: Vec::with_capacity(256),
        pieces: Vec::with_capacity(64),
        pictures,
        open: None,
        text: None,
    };
    for item in &page.items {
        w.item(item);
    }
    w.close();
    let raw = w.c.0;
    Encoded {
        width: page.width,
        height: page.height,
        deflated: raw.len() >= STORED,
        content: if raw.len() >= STORED {
            compress(&raw, CONTENT_LEVEL)
        } else {
            // Kept until the end (footers): not with the page-sized buffer it was written in.
            raw.as_slice().to_vec()
        },
        glyphs: w.glyphs,
        marks: w.marks,
        links: page.links.clone(),
    }
}

struct PageWriter<'a> {
    whole_words: bool,
    c: Ops,
    book: &'a FontBook,
    advances: &'a Advances,
    tagged: bool,
    height: f32,
    marks: Vec<u32>,
    seen: Seen,
    glyphs: Vec<(FontId, u16, Option<Box<str>>)>,
    fill: Option<Rgb>,
    /// The words whose glyphs the page has recorded (the page holds them, so their
    /// addresses are theirs while it is encoded).
    words: HashSet<*const Shaped>,
    /// A text run's glyph codes and `TJ` pieces, kept between runs.
    bytes: Vec<u8>,
    pieces: Vec<Piece>,
    pictures: &'a Pictures,
    /// The open marked-content sequence: its structure element, or [`ARTIFACT`].
    open: Option<u32>,
    /// The open text object: its font and size and where its current line starts.
    text: Option<(FontId, f32, f32, f32)>,
}

/// Takes a text run's glyphs ([`TextRun::glyphs`]): records each glyph the page uses the
/// first time, and writes the glyph codes and `TJ` pieces.
struct Glyphs<'w> {
    /// Whether whole words are drawn from their kept codes.
    whole_words: bool,
    font: FontId,
    size: f32,
    advances: &'w Advances,
    seen: &'w mut Seen,
    words: &'w mut HashSet<*const Shaped>,
    glyphs: &'w mut Vec<(FontId, u16, Option<Box<str>>)>,
    bytes: Vec<u8>,
    pieces: Vec<Piece>,
    /// Where the glyph codes not yet in `pieces` start.
    start: usize,
    /// The text rise in force.
    rise: f32,
}

impl Glyphs<'_> {
    /// A `TJ` adjustment of `a` thousandths of an em (rounded to tenths), after the glyphs so
    /// far; none when it rounds to nothing.
    fn adjust(&mut self, a: f32) {
        let tenths = tenths(a);
        if tenths != 0 {
            self.adjust_after(self.bytes.len(), tenths);
        }
    }

    /// A `TJ` adjustment (in tenths of a thousandth of an em) after the glyph codes up to
    /// `upto`.
    fn adjust_after(&mut self, upto: usize, a: i32) {
        self.cut(upto);
        self.pieces.push(Piece::Adjust(a));
    }

    /// Ends a piece of glyph codes at `upto` (if any are waiting before it).
    fn cut(&mut self, upto: usize) {
        if self.start < upto {
            self.pieces.push(Piece::Glyphs(self.start..upto));
            self.start = upto;
        }
    }

    /// Records a glyph (and the text it shows) the first time the page uses it.
    fn record(&mut self, id: u16, text: impl FnOnce() -> Option<Box<str>>) {
        if self.seen.insert(self.font, id) {
            self.glyphs.push((self.font, id, text()));
        }
    }
}

impl<'r> GlyphSink<'r> for Glyphs<'_> {
    fn word(&mut self, word: &'r Shaped, new: bool) -> bool {
        if !self.whole_words || self.rise != 0.0 {
            return false;
        }
        let (advances, font) = (self.advances, self.font);
        // Worked out once per word: its codes, and the adjustments `glyph` would make.
        let Some(Code { ids, kerns }) = word.code.get_or_init(|| {
            // Offset glyphs, clusters of several glyphs (each glyph's text is worked out
            // then) and words too long to index kerning by u16 go glyph by glyph.
            if word.glyphs.len() > usize::from(u16::MAX)
                || word
                    .glyphs
                    .iter()
                    .any(|g| g.x_offset != 0.0 || g.y_offset != 0.0)
                || word
                    .glyphs
                    .windows(2)
                    .any(|w| w[0].range.start == w[1].range.start)
            {
                return None;
            }
            let mut kerns = Vec::new();
            for (i, g) in word.glyphs.iter().enumerate() {
                let a = tenths((0.0 + advances.get(font, g.id)) - g.advance * 1000.0);
                if a != 0 {
                    kerns.push((i as u16, a));
                }
            }
            let ids = word
                .glyphs
                .iter()
                .flat_map(|g| g.id.to_be_bytes())
                .collect();
            Some(Code {
                ids,
                kerns: kerns.into(),
            })
        }) else {
            return false;
        };
        // The first time on the page, its glyphs are recorded (the first of each cluster
        // with its text).
        if self.words.insert(word) {
            let mut previous = None;
            for (i, g) in word.glyphs.iter().enumerate() {
                let starts = if i == 0 {
                    new
                } else {
                    previous != Some(g.range.start)
                };
                previous = Some(g.range.start);
                self.record(g.id, || {
                    starts.then(|| word.text.get(g.range.clone()).unwrap_or("").into())
                });
            }
        }
        let base = self.bytes.len();
        self.bytes.extend_from_slice(ids);
        for &(i, a) in kerns.iter() {
            self.adjust_after(base + 2 * (usize::from(i) + 1), a);
        }
        true
    }

    fn glyph(&mut self, g: RunGlyph<'r>) {
        self.record(g.id, || g.text().map(Box::from));
        let y = g.y_offset * self.size;
        if y != self.rise {
            self.cut(self.bytes.len());
            self.pieces.push(Piece::Rise(y));
            self.rise = y;
        }
        let font_advance = self.advances.get(self.font, g.id);
        if g.x_offset != 0.0 {
            self.adjust(-g.x_offset * 1000.0);
        }
        self.bytes.extend(g.id.to_be_bytes());
        self.adjust((g.x_offset * 1000.0 + font_advance) - g.advance * 1000.0);
    }

    fn actual_text(&mut self, text: Option<&'r str>) {
        self.cut(self.bytes.len());
        self.pieces.push(Piece::Actual(text.map(Box::from)));
    }
}

/// The glyphs a page has used: a bit per glyph id, per font.
struct Seen(Vec<Vec<u64>>);

impl Seen {
    fn new(book: &FontBook) -> Seen {
        let words = |i: usize| usize::from(book.face(FontId(i as u8)).number_of_glyphs()) / 64 + 1;
        Seen((0..book.len()).map(|i| vec![0; words(i)]).collect())
    }

    /// Marks a glyph used; true the first time (and for a glyph id the font does not have).
    fn insert(&mut self, font: FontId, id: u16) -> bool {
        let (word, bit) = (usize::from(id / 64), 1u64 << (id % 64));
        let Some(bits) = self
            .0
            .get_mut(usize::from(font.0))
            .and_then(|f| f.get_mut(word))
        else {
            return true;
        };
        let first = *bits & bit == 0;
        *bits |= bit;
        first
    }
}

/// `a` rounded to tenths, as a whole number of tenths.
fn tenths(a: f32) -> i32 {
    round_half_away(a * 10.0) as i32
}

/// `v.round()` as an integer, without a call into the maths library: exact for the page
/// coordinates and adjustments written here (well under 2^40 in magnitude).
fn round_half_away(v: impl Into<f64>) -> i64 {
    let v = v.into();
    (v + 0.5f64.copysign(v)) as i64
}

/// A colour as PDF's 0–1 components.
fn rgb(c: Rgb) -> [f32; 3] {
    [c.0, c.1, c.2].map(|v| f32::from(v) / 255.0)
}

/// One piece of a `TJ` array, or a change of text rise between arrays.
enum Piece {
    Glyphs(std::ops::Range<usize>),
    /// In tenths of a thousandth of an em.
    Adjust(i32),
    Rise(f32),
    /// The start of glyphs that stand for this text (`/ActualText`), or (`None`) their end.
    Actual(Option<Box<str>>),
}

impl PageWriter<'_> {
    /// Puts what follows in structure element `node`'s marked content (or an artifact),
    /// continuing the open sequence when it is the same element: a paragraph's lines on a
    /// page are one sequence.
    fn mark(&mut self, node: u32) {
        if !self.tagged || self.open == Some(node) {
            return;
        }
        self.end_text();
        if self.open.is_some() {
            self.c.raw(b"EMC\n");
        }
        if node == ARTIFACT {
            self.c.raw(b"/Artifact BMC\n");
        } else {
            let mcid = self.marks.len();
            self.marks.push(node);
            self.c.raw(b"/P<</MCID ");
            self.c.int(mcid as i64);
            self.c.raw(b">>BDC\n");
        }
        self.open = Some(node);
    }

    /// Ends the open text object, if any.
    fn end_text(&mut self) {
        if self.text.take().is_some() {
            self.c.raw(b"ET\n");
        }
    }

    /// Ends the page's open text object and marked content.
    fn close(&mut self) {
        self.end_text();
        if self.open.take().is_some() {
            self.c.raw(b"EMC\n");
        }
    }

    fn set_fill(&mut self, colour: Rgb) {
        if self.fill != Some(colour) {
            self.c.rgb(colour);
            self.c.raw(b"rg\n");
            self.fill = Some(colour);
        }
    }

    fn item(&mut self, item: &PageItem) {
        match item {
            PageItem::Text(run) => {
                self.mark(run.node);
                self.text(run);
            }
            PageItem::Rule(rule) => {
                self.mark(ARTIFACT);
                self.end_text();
                let h = self.height;
                self.c.nums(&[rule.width]);
                self.c.raw(b"w ");
                self.c.rgb(rule.colour);
                self.c.raw(b"RG ");
                self.c.nums(&[rule.x0, h - rule.y0]);
                self.c.raw(b"m ");
                self.c.nums(&[rule.x1, h - rule.y1]);
                self.c.raw(b"l S\n");
            }
            PageItem::Fill(fill) => {
                self.mark(ARTIFACT);
                self.end_text();
                self.set_fill(fill.colour);
                let y = self.height - fill.y - fill.height;
                self.c.nums(&[fill.x, y, fill.width, fill.height]);
                self.c.raw(b"re f\n");
            }
            PageItem::Image(picture) => {
                self.mark(picture.node);
                self.end_text();
                let top = self.height - picture.y;
                let matrix = if picture.logo.kind == crate::document::LogoKind::Svg {
                    // The SVG form draws in the SVG's own units, y downwards.
                    let sx = picture.width / picture.logo.width;
                    let sy = picture.height / picture.logo.height;
                    [sx, 0.0, 0.0, -sy, picture.x, top]
                } else {
                    let (w, h) = (picture.width, picture.height);
                    [w, 0.0, 0.0, h, picture.x, top - h]
                };
                self.c.raw(b"q ");
                self.c.nums(&matrix);
                self.c.raw(b"cm /");
                let n = self
                    .pictures
                    .get(&picture_key(&picture.logo))
                    .copied()
                    .unwrap_or(0);
                self.c.raw(&picture_name(n));
                self.c.raw(b" Do Q\n");
                self.fill = None;
            }
        }
    }

    fn text(&mut self, run: &TextRun) {
        self.set_fill(run.colour);
        // The glyphs as big-endian CIDs, and where the layout's advances differ from the
        // font's (kerning, justified spaces, letter-spacing), TJ adjustments. Each glyph is
        // recorded (with the text it shows) the first time the page uses it.
        let mut g = Glyphs {
            whole_words: self.whole_words,
            font: run.font,
            size: run.size,
            advances: self.advances,
            seen: &mut self.seen,
            words: &mut self.words,
            glyphs: &mut self.glyphs,
            bytes: std::mem::take(&mut self.bytes),
            pieces: std::mem::take(&mut self.pieces),
            start: 0,
            rise: 0.0,
        };
        g.bytes.clear();
        g.pieces.clear();
        run.glyphs(self.book, &mut g);
        g.cut(g.bytes.len());
        let (bytes, pieces, rise) = (g.bytes, g.pieces, g.rise);
        self.move_to(run);
        self.show(&bytes, &pieces, rise);
        self.bytes = bytes;
        self.pieces = pieces;
    }

    /// Starts the run's line: runs share a text object, the font is set when it changes, and
    /// each run's line starts relative to the last.
    fn move_to(&mut self, run: &TextRun) {
        let y = self.height - run.y;
        let (mut x0, mut y0) = (0.0, 0.0);
        match self.text {
            Some((font, size, x, y)) => {
                (x0, y0) = (x, y);
                if (font, size) != (run.font, run.size) {
                    self.set_font(run.font, run.size);
                }
            }
            None => {
                self.c.raw(b"BT ");
                self.set_font(run.font, run.size);
            }
        }
        // Track where the rounded moves land, so rounding never accumulates.
        let round = |v: f32| round_half_away(v * 1000.0) as f32 / 1000.0;
        let (dx, dy) = (round(run.x - x0), round(y - y0));
        self.c.nums(&[dx, dy]);
        self.c.raw(b"Td");
        self.text = Some((run.font, run.size, x0 + dx, y0 + dy));
    }

    /// Shows a run's glyph codes (`bytes`) as `TJ` arrays of its pieces, with text rises.
    fn show(&mut self, bytes: &[u8], pieces: &[Piece], rise: f32) {
        let mut open = false;
        for piece in pieces {
            match piece {
                Piece::Rise(r) => {
                    if open {
                        self.c.raw(b"]TJ");
                        open = false;
                    }
                    self.c.raw(b" ");
                    self.c.nums(&[*r]);
                    self.c.raw(b"Ts");
                }
                Piece::Glyphs(range) => {
                    if !open {
                        self.c.raw(b"[");
                        open = true;
                    }
                    self.c.string(&bytes[range.clone()]);
                }
                Piece::Adjust(a) => {
                    if !open {
                        self.c.raw(b"[");
                        open = true;
                    }
                    self.c.tenths(*a);
                }
                Piece::Actual(text) => {
                    if open {
                        self.c.raw(b"]TJ");
                        open = false;
                    }
                    match text {
                        Some(text) => {
                            self.c.raw(b" /Span<</ActualText<FEFF");
                            for unit in text.encode_utf16() {
                                self.c.hex(unit);
                            }
                            self.c.raw(b">>>BDC");
                        }
                        None => self.c.raw(b" EMC"),
                    }
                }
            }
        }
        if open {
            self.c.raw(b"]TJ");
        }
        if rise != 0.0 {
            self.c.raw(b" 0 Ts");
        }
        self.c.raw(b"\n");
    }

    fn set_font(&mut self, font: FontId, size: f32) {
        self.c.raw(b"/");
        self.c.raw(resource_name(font).0);
        self.c.raw(b" ");
        self.c.nums(&[size]);
        self.c.raw(b"Tf ");
    }
}

/// A content stream being written: operators and operands, compactly.
struct Ops(Vec<u8>);

impl Ops {
    fn raw(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }

    fn int(&mut self, v: i64) {
        push_int(&mut self.0, v);
    }

    /// Numbers rounded to thousandths, each followed by a space ("12.5 0 "). Each is put
    /// together right to left in a small buffer and appended at once.
    fn nums(&mut self, values: &[f32]) {
        for &v in values {
            let milli = round_half_away(f64::from(v) * 1000.0);
            let m = milli.unsigned_abs();
            let mut buf = [0u8; 32];
            let mut at = buf.len() - 1;
            buf[at] = b' ';
            let mut frac = m % 1000;
            if frac != 0 {
                // Trailing zeros of the fraction are left out.
                let mut digits = 3;
                while frac.is_multiple_of(10) {
                    frac /= 10;
                    digits -= 1;
                }
                for _ in 0..digits {
                    at -= 1;
                    buf[at] = b'0' + (frac % 10) as u8;
                    frac /= 10;
                }
                at -= 1;
                buf[at] = b'.';
            }
            at = digits_before(&mut buf, at, m / 1000);
            if milli < 0 {
                at -= 1;
                buf[at] = b'-';
            }
            self.0.extend_from_slice(&buf[at..]);
        }
    }

    /// A number of tenths as a decimal, followed by a space ("-37.1 ", "20 ").
    fn tenths(&mut self, t: i32) {
        if t < 0 {
            self.0.push(b'-');
        }
        let t = t.unsigned_abs();
        push_int(&mut self.0, i64::from(t / 10));
        if !t.is_multiple_of(10) {
            self.0.push(b'.');
            self.0.push(b'0' + (t % 10) as u8);
        }
        self.0.push(b' ');
    }

    fn rgb(&mut self, c: Rgb) {
        self.nums(&rgb(c));
    }

    /// A literal string of raw bytes; only the delimiters, the escape character and carriage
    /// returns (which readers would turn into line feeds) are escaped.
    /// A UTF-16 code unit as four hexadecimal digits.
    fn hex(&mut self, unit: u16) {
        const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
        for shift in [12, 8, 4, 0] {
            self.0.push(DIGITS[usize::from((unit >> shift) & 0xF)]);
        }
    }

    fn string(&mut self, bytes: &[u8]) {
        self.0.push(b'(');
        for &b in bytes {
            match b {
                b'(' | b')' | b'\\' => {
                    self.0.push(b'\\');
                    self.0.push(b);
                }
                b'\r' => self.0.extend_from_slice(b"\\r"),
                _ => self.0.push(b),
            }
        }
        self.0.push(b')');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(f: impl FnOnce(&mut Ops)) -> String {
        let mut ops = Ops(Vec::new());
        f(&mut ops);
        String::from_utf8(ops.0).unwrap_or_default()
    }

    #[test]
    fn numbers_are_written_compactly_to_thousandths() {
        assert_eq!(
            written(|o| o.nums(&[0.0, 12.5, -0.25, 62.362, 795.5279, -1.0006, -1e-4])),
            "0 12.5 -0.25 62.362 795.528 -1.001 0 "
        );
        assert_eq!(
            written(|o| {
                o.int(0);
                o.raw(b" ");
                o.int(-907);
                o.raw(b" ");
                o.int(i64::MIN + 1);
            }),
            format!("0 -907 {}", i64::MIN + 1)
        );
    }

    #[test]
    fn tenths_are_written_as_the_number_writer_would() {
        for t in [-371, -5, 5, 200, 0, -10, -1, 9, 12345, -99999] {
            assert_eq!(
                written(|o| o.tenths(t)),
                written(|o| o.nums(&[t as f32 / 10.0])),
                "{t}"
            );
        }
    }

    #[test]
    fn rounding_matches_the_standard_library() {
        for v in [
            0.0f32,
            0.5,
            -0.5,
            1.5,
            2.5,
            -2.5,
            0.499_999_97,
            -0.499_999_97,
            123.456,
            -66.3,
        ] {
            assert_eq!(round_half_away(v), v.round() as i64, "{v}");
            let milli = f64::from(v) * 1000.0;
            assert_eq!(round_half_away(milli), milli.round() as i64, "{v}");
        }
    }

    #[test]
    fn whole_words_are_drawn_as_glyph_by_glyph() {
        use crate::layout::fonts::Shaper;
        use crate::layout::{RunPiece, ARTIFACT};
        let book = FontBook::bundled();
        let advances = Advances::new(&book);
        let mut shaper = Shaper::new(&book);
        let serif = FontId::select(false, false, false);
        // Kerning ("AVAWAY"), a ligature ("office"), a word shown in part (hyphenated) and
        // the same word twice, so the second is drawn from the kept code.
        let words = ["AVAWAY", "office", "Typography", "office", "AVAWAY"];
        let pieces = words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let word = shaper.shape(serif, w, false);
                let n = word.glyphs.len() as u32;
                RunPiece {
                    word,
                    glyphs: if i == 2 { 0..4 } else { 0..n },
                    space_after: if i == 2 { 0.0 } else { 3.5 },
                    hyphen: i == 2,
                }
            })
            .collect();
        let run = TextRun {
            font: serif,
            size: 11.0,
            colour: Rgb(0, 0, 0),
            x: 50.0,
            y: 100.0,
            tracking: 0.0,
            pieces,
            link: None,
            node: ARTIFACT,
        };
        let page = Page {
            width: 595.0,
            height: 842.0,
            items: vec![PageItem::Text(run.clone()), PageItem::Text(run)],
            links: Vec::new(),
        };
        let none = Pictures::default();
        let by_word = encode_with(&page, &book, &advances, (true, &none), true);
        let by_glyph = encode_with(&page, &book, &advances, (true, &none), false);
        assert_eq!(by_word.content, by_glyph.content);
        assert_eq!(by_word.glyphs, by_glyph.glyphs);
        // And again, now the words' codes are kept.
        assert_eq!(
            encode(&page, &book, &advances, true, &none).content,
            by_glyph.content
        );
        assert!(!by_word.glyphs.is_empty());
    }

    #[test]
    fn string_delimiters_are_escaped() {
        assert_eq!(
            written(|o| o.string(b"a(b)c\\d\re")),
            "(a\\(b\\)c\\\\d\\re)"
        );
    }
}

//! Turns one laid-out [`Page`] into its compressed PDF content stream, with what the rest of
//! the file needs to know about it: the glyphs it used, the structure element of each marked
//! content sequence, its links and pictures. Pure, so pages are encoded in parallel.

use super::fonts::{resource_name, Advances};
use super::{compress, push_int, CONTENT_LEVEL};
use crate::layout::{FontBook, FontId, LinkArea, Page, PageItem, TextRun, ARTIFACT};
use crate::logo::Logo;
use crate::settings::Rgb;
use pdf_writer::Name;
use std::sync::Arc;

/// A page ready to be written.
pub(super) struct Encoded {
    pub width: f32,
    pub height: f32,
    /// The content stream, deflated.
    pub content: Vec<u8>,
    /// Each glyph the page draws, once, with its text (`None` for the second and later
    /// glyphs of a cluster).
    pub glyphs: Vec<(FontId, u16, Option<Box<str>>)>,
    /// The structure element of each marked-content id (MCID), in order.
    pub marks: Vec<u32>,
    pub links: Vec<LinkArea>,
    /// The picture the page draws (as `/Im0`), if any.
    pub picture: Option<Arc<Logo>>,
}

/// The name page content calls the report's one picture (the cover logo).
pub(super) const PICTURE: Name<'static> = Name(b"Im0");

pub(super) fn encode(page: &Page, book: &FontBook, advances: &Advances, tagged: bool) -> Encoded {
    let mut w = PageWriter {
        c: Ops(Vec::with_capacity(16 * 1024)),
        book,
        advances,
        tagged,
        height: page.height,
        marks: Vec::new(),
        seen: Seen::new(book),
        glyphs: Vec::new(),
        fill: None,
        bytes: Vec::with_capacity(256),
        pieces: Vec::with_capacity(64),
        picture: None,
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
        content: compress(&raw, CONTENT_LEVEL),
        glyphs: w.glyphs,
        marks: w.marks,
        links: page.links.clone(),
        picture: w.picture,
    }
}

struct PageWriter<'a> {
    c: Ops,
    book: &'a FontBook,
    advances: &'a Advances,
    tagged: bool,
    height: f32,
    marks: Vec<u32>,
    seen: Seen,
    glyphs: Vec<(FontId, u16, Option<Box<str>>)>,
    fill: Option<Rgb>,
    /// A text run's glyph codes and `TJ` pieces, kept between runs.
    bytes: Vec<u8>,
    pieces: Vec<Piece>,
    picture: Option<Arc<Logo>>,
    /// The open marked-content sequence: its structure element, or [`ARTIFACT`].
    open: Option<u32>,
    /// The open text object: its font and size and where its current line starts.
    text: Option<(FontId, f32, f32, f32)>,
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
    Adjust(f32),
    Rise(f32),
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
                let matrix = if picture.logo.kind == crate::logo::LogoKind::Svg {
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
                self.c.raw(PICTURE.0);
                self.c.raw(b" Do Q\n");
                self.picture = Some(picture.logo.clone());
                self.fill = None;
            }
        }
    }

    fn text(&mut self, run: &TextRun) {
        self.set_fill(run.colour);
        // The glyphs as big-endian CIDs, and where the layout's advances differ from the
        // font's (kerning, justified spaces, letter-spacing), TJ adjustments. Each glyph is
        // recorded (with the text it shows) the first time the page uses it.
        let mut bytes = std::mem::take(&mut self.bytes);
        let mut pieces = std::mem::take(&mut self.pieces);
        bytes.clear();
        pieces.clear();
        let mut start = 0;
        let mut rise = 0.0;
        let adjust = |pieces: &mut Vec<Piece>, bytes: &Vec<u8>, start: &mut usize, a: f32| {
            let a = round_half_away(a * 10.0) as f32 / 10.0;
            if a != 0.0 {
                if *start < bytes.len() {
                    pieces.push(Piece::Glyphs(*start..bytes.len()));
                    *start = bytes.len();
                }
                pieces.push(Piece::Adjust(a));
            }
        };
        let (advances, seen, glyphs) = (self.advances, &mut self.seen, &mut self.glyphs);
        let font = run.font;
        run.glyphs(self.book, |g| {
            if seen.insert(font, g.id) {
                glyphs.push((font, g.id, g.text().map(Box::from)));
            }
            let y = g.y_offset * run.size;
            if y != rise {
                if start < bytes.len() {
                    pieces.push(Piece::Glyphs(start..bytes.len()));
                    start = bytes.len();
                }
                pieces.push(Piece::Rise(y));
                rise = y;
            }
            let font_advance = advances.get(font, g.id);
            if g.x_offset != 0.0 {
                adjust(&mut pieces, &bytes, &mut start, -g.x_offset * 1000.0);
            }
            bytes.extend(g.id.to_be_bytes());
            adjust(
                &mut pieces,
                &bytes,
                &mut start,
                (g.x_offset * 1000.0 + font_advance) - g.advance * 1000.0,
            );
        });
        if start < bytes.len() {
            pieces.push(Piece::Glyphs(start..bytes.len()));
        }
        // Runs share a text object: the font is set when it changes, and each run's line
        // starts relative to the last.
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
        let mut open = false;
        for piece in &pieces {
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
                    self.c.nums(&[*a]);
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
        self.bytes = bytes;
        self.pieces = pieces;
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
            let mut m = milli.unsigned_abs();
            let mut buf = [0u8; 32];
            let mut at = buf.len() - 1;
            buf[at] = b' ';
            let mut frac = m % 1000;
            if frac != 0 {
                // Trailing zeros of the fraction are left out.
                let mut digits = 3;
                while frac % 10 == 0 {
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
            m /= 1000;
            loop {
                at -= 1;
                buf[at] = b'0' + (m % 10) as u8;
                m /= 10;
                if m == 0 {
                    break;
                }
            }
            if milli < 0 {
                at -= 1;
                buf[at] = b'-';
            }
            self.0.extend_from_slice(&buf[at..]);
        }
    }

    fn rgb(&mut self, c: Rgb) {
        self.nums(&rgb(c));
    }

    /// A literal string of raw bytes; only the delimiters, the escape character and carriage
    /// returns (which readers would turn into line feeds) are escaped.
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
    fn string_delimiters_are_escaped() {
        assert_eq!(
            written(|o| o.string(b"a(b)c\\d\re")),
            "(a\\(b\\)c\\\\d\\re)"
        );
    }
}

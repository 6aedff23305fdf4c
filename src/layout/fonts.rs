//! Turns text in one of the bundled fonts into shaped glyphs (rustybuzz: kerning, ligatures),
//! caching each distinct word so a run shapes it once.

use rustc_hash::FxHashMap as HashMap;
use rustybuzz::{Face, Feature, Script, ShapePlan, UnicodeBuffer};
use std::ops::Range;
use std::sync::Arc;

/// The bundled fonts (Noto Serif and Noto Sans, OFL), compiled into the binary.
pub(crate) const FONT_FILES: [(&str, &[u8]); 12] = [
    (
        "Noto Serif",
        include_bytes!("../../fonts/NotoSerif-Regular.ttf"),
    ),
    (
        "Noto Serif Bold",
        include_bytes!("../../fonts/NotoSerif-Bold.ttf"),
    ),
    (
        "Noto Serif Italic",
        include_bytes!("../../fonts/NotoSerif-Italic.ttf"),
    ),
    (
        "Noto Serif Bold Italic",
        include_bytes!("../../fonts/NotoSerif-BoldItalic.ttf"),
    ),
    (
        "Noto Sans",
        include_bytes!("../../fonts/NotoSans-Regular.ttf"),
    ),
    (
        "Noto Sans Bold",
        include_bytes!("../../fonts/NotoSans-Bold.ttf"),
    ),
    (
        "Noto Sans Italic",
        include_bytes!("../../fonts/NotoSans-Italic.ttf"),
    ),
    (
        "Noto Sans Bold Italic",
        include_bytes!("../../fonts/NotoSans-BoldItalic.ttf"),
    ),
    // Fallbacks for characters the text fonts lack (symbols, arrows, pictographs, maths).
    (
        "Noto Sans Symbols 2",
        include_bytes!("../../fonts/NotoSansSymbols2-Regular.ttf"),
    ),
    (
        "Noto Sans Symbols",
        include_bytes!("../../fonts/NotoSansSymbols-Regular.ttf"),
    ),
    (
        "Noto Sans Math",
        include_bytes!("../../fonts/NotoSansMath-Regular.ttf"),
    ),
    // Monochrome emoji (PDF/A forbids the colour formats).
    (
        "Noto Emoji",
        include_bytes!("../../fonts/NotoEmoji-Regular.ttf"),
    ),
];

/// The fallback fonts, in the order they are tried.
pub const FALLBACKS: [FontId; 4] = [FontId(8), FontId(9), FontId(10), FontId(11)];

/// Index of a font in the [`FontBook`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FontId(pub u8);

impl FontId {
    /// The bundled face for a family and style.
    pub fn select(sans: bool, bold: bool, italic: bool) -> FontId {
        FontId(u8::from(sans) * 4 + u8::from(italic) * 2 + u8::from(bold))
    }

    /// The font file's bytes, as bundled (the HTML edition embeds them whole with
    /// `--embed-fonts`).
    pub fn file(self) -> &'static [u8] {
        FONT_FILES[usize::from(self.0)].1
    }
}

/// The fonts a report is set in.
pub struct FontBook {
    faces: Vec<Face<'static>>,
    /// Per font: the space glyph, and the hyphen glyph with its advance in em.
    marks: Vec<(u16, u16, f32)>,
}

impl FontBook {
    /// The bundled fonts.
    pub fn bundled() -> FontBook {
        let faces: Vec<Face<'static>> = FONT_FILES
            .iter()
            .filter_map(|(_, data)| Face::from_slice(data, 0))
            .collect();
        assert_eq!(
            faces.len(),
            FONT_FILES.len(),
            "a bundled font failed to parse"
        );
        let marks = faces
            .iter()
            .map(|f| {
                let upem = f.units_per_em() as f32;
                let id = |c| f.glyph_index(c).map_or(0, |g| g.0);
                let hyphen = id('-');
                let advance = f
                    .glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(hyphen))
                    .map_or(0.0, |a| f32::from(a) / upem);
                (id(' '), hyphen, advance)
            })
            .collect();
        FontBook { faces, marks }
    }

    /// The bundled fonts, parsed once per process.
    pub fn shared() -> &'static FontBook {
        static BOOK: std::sync::OnceLock<FontBook> = std::sync::OnceLock::new();
        BOOK.get_or_init(FontBook::bundled)
    }

    /// The space glyph of a font.
    pub fn space_glyph(&self, id: FontId) -> u16 {
        self.marks[usize::from(id.0)].0
    }

    /// The hyphen glyph of a font and its advance in em.
    pub fn hyphen_glyph(&self, id: FontId) -> (u16, f32) {
        let m = self.marks[usize::from(id.0)];
        (m.1, m.2)
    }

    /// The font file's bytes, for embedding.
    pub fn data(&self, id: FontId) -> &'static [u8] {
        FONT_FILES[usize::from(id.0)].1
    }

    /// The parsed face, for the metrics a PDF font dictionary needs.
    pub fn face(&self, id: FontId) -> &Face<'static> {
        &self.faces[usize::from(id.0)]
    }

    pub fn name(&self, id: FontId) -> &'static str {
        FONT_FILES[usize::from(id.0)].0
    }

    /// Whether the body font or a fallback has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        self.font_for(FontId(0), c).is_some()
    }

    /// The font to draw `c` with: `preferred` when it has the character, else the first
    /// fallback that does; `None` when no bundled font has it.
    pub fn font_for(&self, preferred: FontId, c: char) -> Option<FontId> {
        std::iter::once(preferred)
            .chain(FALLBACKS)
            .find(|id| self.faces[usize::from(id.0)].glyph_index(c).is_some())
    }

    pub fn len(&self) -> usize {
        self.faces.len()
    }

    pub fn is_empty(&self) -> bool {
        self.faces.is_empty()
    }
}

/// One shaped glyph; advances and offsets in em (multiply by the font size for points).
#[derive(Debug, Clone, PartialEq)]
pub struct ShapedGlyph {
    pub id: u16,
    pub advance: f32,
    pub x_offset: f32,
    pub y_offset: f32,
    /// The bytes of the shaped text this glyph stands for (several for a ligature).
    pub range: Range<usize>,
}

/// A shaped piece of text: its glyphs and total advance in em.
#[derive(Debug, Clone, PartialEq)]
pub struct Shaped {
    /// The shaped text; glyph ranges index into it.
    pub text: Box<str>,
    pub glyphs: Vec<ShapedGlyph>,
    pub width: f32,
    /// Characters the font has no glyph for.
    pub missing: Vec<char>,
    /// The word as a PDF content stream draws it, worked out by the PDF writer the first
    /// time it draws the word (most words are drawn many times); `None` when it cannot be
    /// drawn that way (its glyphs are offset).
    pub code: Kept<Option<Code>>,
    /// Where the word may break in hyphenated text, worked out by paragraph setting the
    /// first time.
    pub parts: Kept<Box<[WordPart]>>,
}

/// Something worked out about a shaped word the first time it is needed and kept with it.
/// Ignored when words are compared.
#[derive(Debug, Clone, Default)]
pub struct Kept<T>(std::sync::OnceLock<T>);

impl<T> Kept<T> {
    /// The value, worked out by `make` the first time.
    pub fn get_or_init(&self, make: impl FnOnce() -> T) -> &T {
        self.0.get_or_init(make)
    }
}

impl<T> PartialEq for Kept<T> {
    fn eq(&self, _: &Kept<T>) -> bool {
        true
    }
}

/// A part of a word: the glyph it ends before, the sum of its glyphs' advances (em), and
/// what may follow it: a break that needs a hyphen (`Some(true)`), one after a hyphen or
/// dash the word already has (`Some(false)`), or the end of the word (`None`); and what a
/// break there costs the line breaker.
#[derive(Debug, Clone, Copy)]
pub struct WordPart {
    pub end: u32,
    pub advance: f32,
    pub cut: Option<bool>,
    pub cost: f32,
}

/// A word's glyph ids as big-endian bytes, and after which glyphs its shaped advances differ
/// from the font's (kerning): the glyph's index and a `TJ` adjustment in tenths of a
/// thousandth of an em.
#[derive(Debug, Clone)]
pub struct Code {
    pub ids: Box<[u8]>,
    pub kerns: Box<[(u16, i32)]>,
}

/// A shaped buffer's glyphs (each with the text it stands for), the characters the font has
/// no glyph for, and the total advance in em.
fn glyphs_of(
    out: &rustybuzz::GlyphBuffer,
    text: &str,
    upem: f32,
) -> (Vec<ShapedGlyph>, Vec<char>, f32) {
    let infos = out.glyph_infos();
    let positions = out.glyph_positions();
    let mut glyphs = Vec::with_capacity(infos.len());
    let mut missing = Vec::new();
    let mut width = 0.0;
    for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
        let start = info.cluster as usize;
        // Clusters rise through left-to-right text; a glyph's text runs to the next cluster
        // that differs (ligatures share one cluster).
        let end = infos[i + 1..]
            .iter()
            .map(|g| g.cluster as usize)
            .find(|&c| c != start)
            .unwrap_or(text.len());
        let id = u16::try_from(info.glyph_id).unwrap_or(0);
        if id == 0 {
            missing.extend(text.get(start..end).unwrap_or("").chars());
        }
        let advance = pos.x_advance as f32 / upem;
        width += advance;
        glyphs.push(ShapedGlyph {
            id,
            advance,
            x_offset: pos.x_offset as f32 / upem,
            y_offset: pos.y_offset as f32 / upem,
            range: start..end.max(start),
        });
    }
    (glyphs, missing, width)
}

/// Shapers kept between parallel jobs, so their caches of shaped words last the whole run
/// rather than one batch of sections.
pub struct ShaperPool<'a> {
    book: &'a FontBook,
    idle: std::sync::Mutex<Vec<Shaper<'a>>>,
}

impl<'a> ShaperPool<'a> {
    pub fn new(book: &'a FontBook) -> ShaperPool<'a> {
        ShaperPool {
            book,
            idle: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// An idle shaper (or a new one), returned to the pool when the lease is dropped.
    pub fn lease(&self) -> Lease<'_, 'a> {
        let shaper = self
            .idle
            .lock()
            .ok()
            .and_then(|mut idle| idle.pop())
            .unwrap_or_else(|| Shaper::new(self.book));
        Lease {
            shaper: Some(shaper),
            pool: self,
        }
    }
}

/// A shaper on loan from a [`ShaperPool`].
pub struct Lease<'p, 'a> {
    shaper: Option<Shaper<'a>>,
    pool: &'p ShaperPool<'a>,
}

impl<'a> std::ops::Deref for Lease<'_, 'a> {
    type Target = Shaper<'a>;
    fn deref(&self) -> &Shaper<'a> {
        self.shaper
            .as_ref()
            .expect("a lease holds its shaper until dropped")
    }
}

impl<'a> std::ops::DerefMut for Lease<'_, 'a> {
    fn deref_mut(&mut self) -> &mut Shaper<'a> {
        self.shaper
            .as_mut()
            .expect("a lease holds its shaper until dropped")
    }
}

impl Drop for Lease<'_, '_> {
    fn drop(&mut self) {
        if let (Some(shaper), Ok(mut idle)) = (self.shaper.take(), self.pool.idle.lock()) {
            idle.push(shaper);
        }
    }
}

/// How many shaped words a [`Shaper`] keeps: far more than the distinct words of any real
/// report's prose (the sample has about 2,000), few enough to hold in a few megabytes.
const MAX_CACHED_WORDS: usize = 20_000;

/// Shapes text with a cache keyed by (font, features, text): real reports repeat most words.
pub struct Shaper<'a> {
    book: &'a FontBook,
    /// One map per (font, tabular figures), keyed by text, so a lookup needs no allocation.
    cache: HashMap<(FontId, bool), HashMap<Box<str>, Arc<Shaped>>>,
    /// How many words `cache` holds: at [`MAX_CACHED_WORDS`] it is emptied, so a report of a
    /// million grants, each naming its own grantee, keeps its memory (shaping is
    /// deterministic: what is shaped again is the same).
    cached: usize,
    buffer: Option<UnicodeBuffer>,
    /// Shaping plans by (font, tabular figures, script): making one costs more than shaping
    /// a word with it.
    plans: HashMap<(FontId, bool, Script), ShapePlan>,
}

impl<'a> Shaper<'a> {
    pub fn new(book: &'a FontBook) -> Shaper<'a> {
        Shaper {
            book,
            cache: HashMap::default(),
            cached: 0,
            buffer: Some(UnicodeBuffer::new()),
            plans: HashMap::default(),
        }
    }

    pub fn book(&self) -> &'a FontBook {
        self.book
    }

    /// Shapes `text` in `font`; `tabular` asks for equal-width lining figures.
    pub fn shape(&mut self, font: FontId, text: &str, tabular: bool) -> Arc<Shaped> {
        if let Some(s) = self.cache.get(&(font, tabular)).and_then(|m| m.get(text)) {
            return s.clone();
        }
        let face = &self.book.faces[usize::from(font.0)];
        let mut buffer = self.buffer.take().unwrap_or_default();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        // Always left to right: the layout has no bidi support, and right-to-left shaping
        // reverses the clusters that line breaking relies on (found by fuzzing). Scripts the
        // bundled fonts lack are reported as undrawable anyway.
        buffer.set_direction(rustybuzz::Direction::LeftToRight);
        let features: &[Feature] = if tabular {
            &[
                Feature::new(rustybuzz::ttf_parser::Tag::from_bytes(b"tnum"), 1, ..),
                Feature::new(rustybuzz::ttf_parser::Tag::from_bytes(b"lnum"), 1, ..),
            ]
        } else {
            &[]
        };
        // The plan `rustybuzz::shape` would make for this buffer (the guess leaves the
        // language unset, and the script unset or known), made once.
        let script = buffer.script();
        let plan = self
            .plans
            .entry((font, tabular, script))
            .or_insert_with(|| {
                let known = (script != rustybuzz::script::UNKNOWN).then_some(script);
                ShapePlan::new(
                    face,
                    rustybuzz::Direction::LeftToRight,
                    known,
                    None,
                    features,
                )
            });
        let out = rustybuzz::shape_with_plan(face, plan, buffer);
        let (glyphs, missing, width) = glyphs_of(&out, text, face.units_per_em() as f32);
        self.buffer = Some(out.clear());
        let shaped = Arc::new(Shaped {
            text: text.into(),
            glyphs,
            width,
            missing,
            code: Kept::default(),
            parts: Kept::default(),
        });
        if self.cached >= MAX_CACHED_WORDS {
            self.cache.clear();
            self.cached = 0;
        }
        self.cached += 1;
        self.cache
            .entry((font, tabular))
            .or_default()
            .insert(text.into(), shaped.clone());
        shaped
    }

    /// Width of `text` in points.
    pub fn width(&mut self, font: FontId, size: f32, text: &str) -> f32 {
        self.shape(font, text, false).width * size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ligatures_keep_their_text_and_kerning_applies() {
        let book = FontBook::bundled();
        let mut shaper = Shaper::new(&book);
        let serif = FontId::select(false, false, false);
        let s = shaper.shape(serif, "office", false);
        // "ffi" or "fi" becomes fewer glyphs than letters, each glyph mapping back to its text.
        assert!(s.glyphs.len() < 6, "{:?}", s.glyphs);
        let covered: String = s
            .glyphs
            .iter()
            .map(|g| &"office"[g.range.clone()])
            .collect();
        assert_eq!(covered, "office");
        let av = shaper.width(serif, 10.0, "AV");
        let a_v = shaper.width(serif, 10.0, "A") + shaper.width(serif, 10.0, "V");
        assert!(av < a_v, "kerning: {av} vs {a_v}");
    }

    #[test]
    fn missing_glyphs_are_reported() {
        let book = FontBook::bundled();
        let mut shaper = Shaper::new(&book);
        let s = shaper.shape(FontId::select(false, false, false), "a\u{1F600}b", false);
        assert_eq!(s.missing, ['\u{1F600}']);
    }

    #[test]
    fn coverage_of_the_body_font() {
        let book = FontBook::bundled();
        assert!("£€“”’–—éçŵ".chars().all(|c| book.covers(c)));
        assert!(book.covers('\u{1F600}'), "emoji come from Noto Emoji");
        assert!(
            !book.covers('\u{E000}'),
            "private-use characters are in no font"
        );
        // Symbols come from the fallbacks.
        assert!(book.covers('\u{2603}') && book.covers('\u{2192}') && book.covers('\u{221E}'));
        assert_eq!(book.font_for(FontId(0), 'a'), Some(FontId(0)));
        assert!(book
            .font_for(FontId(0), '\u{2603}')
            .is_some_and(|f| FALLBACKS.contains(&f)));
    }

    #[test]
    fn tabular_figures_have_equal_widths() {
        let book = FontBook::bundled();
        let mut shaper = Shaper::new(&book);
        let sans = FontId::select(true, false, false);
        let one = shaper.shape(sans, "1", true).width;
        let eight = shaper.shape(sans, "8", true).width;
        assert!((one - eight).abs() < 1e-6, "{one} vs {eight}");
    }
}

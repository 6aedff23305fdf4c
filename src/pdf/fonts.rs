//! Turns the glyphs a report used into embedded font subsets: one Type 0 (CID) font per
//! bundled face that was drawn with, with its widths and a ToUnicode map for copy and paste.
//!
//! Page content addresses glyphs by their id in the full font (CID = original glyph id), so
//! pages can be written in parallel and before the subset is known; a CIDToGIDMap maps each
//! CID to its glyph in the subset.

use super::{compress, Refs, WriteError, LEVEL};
use crate::layout::{FontBook, FontId};
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Chunk, Filter, Name, Rect, Ref, Str};

/// The glyphs used of one font, and the text each stands for (the first seen wins).
#[derive(Default)]
pub(super) struct FontUse {
    /// Indexed by glyph id: `None` unused, `Some(text)` used (text may be empty).
    glyphs: Vec<Option<Box<str>>>,
}

impl FontUse {
    pub(super) fn record(&mut self, gid: u16, text: Option<&str>) {
        let i = usize::from(gid);
        if self.glyphs.len() <= i {
            self.glyphs.resize(i + 1, None);
        }
        match (&mut self.glyphs[i], text) {
            (slot @ None, t) => *slot = Some(t.unwrap_or("").into()),
            (Some(existing), Some(t)) if existing.is_empty() && !t.is_empty() => {
                *existing = t.into()
            }
            _ => {}
        }
    }

    pub(super) fn is_used(&self) -> bool {
        !self.glyphs.is_empty()
    }
}

/// The PDF name a font goes by in page resources.
pub(super) fn resource_name(font: FontId) -> Name<'static> {
    const NAMES: [&[u8]; 16] = [
        b"F0", b"F1", b"F2", b"F3", b"F4", b"F5", b"F6", b"F7", b"F8", b"F9", b"F10", b"F11",
        b"F12", b"F13", b"F14", b"F15",
    ];
    Name(NAMES[usize::from(font.0) % NAMES.len()])
}

/// A font's glyph advances in thousandths of an em, as the PDF's widths say them.
pub(super) struct Advances {
    per_font: Vec<Vec<f32>>,
}

impl Advances {
    pub(super) fn new(book: &FontBook) -> Advances {
        let per_font = (0..book.len())
            .map(|i| {
                let face = book.face(FontId(i as u8));
                let upem = face.units_per_em() as f32;
                (0..face.number_of_glyphs())
                    .map(|g| {
                        face.glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(g))
                            .map_or(0.0, |a| f32::from(a) * 1000.0 / upem)
                    })
                    .collect()
            })
            .collect();
        Advances { per_font }
    }

    /// The advance of glyph `gid` of `font`, in thousandths of an em.
    pub(super) fn get(&self, font: FontId, gid: u16) -> f32 {
        self.per_font
            .get(usize::from(font.0))
            .and_then(|f| f.get(usize::from(gid)))
            .copied()
            .unwrap_or(0.0)
    }
}

/// Writes the font dictionaries for `font` (already given `type0` as its reference): the
/// Type 0 font, its CID font with widths, the descriptor, and the subset font file, CID to
/// glyph map and ToUnicode map as streams.
pub(super) fn write_font(
    chunk: &mut Chunk,
    refs: &mut Refs,
    type0: Ref,
    book: &FontBook,
    advances: &Advances,
    font: FontId,
    used: &FontUse,
) -> Result<(), WriteError> {
    let gids: Vec<u16> = std::iter::once(0)
        .chain(
            used.glyphs
                .iter()
                .enumerate()
                .skip(1)
                .filter(|(_, g)| g.is_some())
                .map(|(i, _)| i as u16),
        )
        .collect();
    let remapper = subsetter::GlyphRemapper::new_from_glyphs_sorted(&gids);
    let subset = subsetter::subset(book.data(font), 0, &remapper)
        .map_err(|e| WriteError(format!("cannot subset {}: {e:?}", book.name(font))))?;
    let base_font = format!(
        "{}+{}",
        subset_tag(font, &gids),
        postscript_name(book, font)
    );

    let cid = refs.next();
    let descriptor = refs.next();
    let to_unicode = refs.next();
    let file = refs.next();
    let cid_to_gid = refs.next();

    chunk
        .type0_font(type0)
        .base_font(Name(base_font.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(to_unicode);
    {
        let mut cid_font = chunk.cid_font(cid);
        cid_font
            .subtype(CidFontType::Type2)
            .base_font(Name(base_font.as_bytes()))
            .system_info(SYSTEM_INFO)
            .font_descriptor(descriptor)
            .default_width(0.0)
            .cid_to_gid_map_stream(cid_to_gid);
        write_widths(&mut cid_font.widths(), &gids, |g| advances.get(font, g));
    }
    write_descriptor(chunk, descriptor, book, font, &base_font, file);

    let packed = compress(&subset, LEVEL);
    chunk
        .stream(file, &packed)
        .filter(Filter::FlateDecode)
        .pair(Name(b"Length1"), subset.len() as i32);

    write_maps(chunk, (cid_to_gid, to_unicode), &gids, &remapper, used);
    Ok(())
}

/// The CID-to-glyph map (CIDs are the original glyph ids; the subset renumbers them) and the
/// ToUnicode map (each glyph's text, for copy and paste), as deflated streams.
fn write_maps(
    chunk: &mut Chunk,
    (cid_to_gid, to_unicode): (Ref, Ref),
    gids: &[u16],
    remapper: &subsetter::GlyphRemapper,
    used: &FontUse,
) {
    let max_cid = gids.last().copied().unwrap_or(0);
    let mut map = Vec::with_capacity((usize::from(max_cid) + 1) * 2);
    for cid in 0..=max_cid {
        map.extend(remapper.get(cid).unwrap_or(0).to_be_bytes());
    }
    chunk
        .stream(cid_to_gid, &compress(&map, LEVEL))
        .filter(Filter::FlateDecode);
    let mut cmap = UnicodeCmap::new(Name(b"Custom"), SYSTEM_INFO);
    for &gid in gids {
        if let Some(Some(text)) = used.glyphs.get(usize::from(gid)) {
            if !text.is_empty() {
                cmap.pair_with_multiple(gid, text.chars());
            }
        }
    }
    chunk
        .cmap(to_unicode, &compress(&cmap.finish(), LEVEL))
        .filter(Filter::FlateDecode);
}

/// A subset's name starts with a tag derived from its glyphs, so equal subsets share it.
fn subset_tag(font: FontId, gids: &[u16]) -> String {
    let mut hash = super::hash::StableHash::new();
    hash.bytes(&[font.0]);
    for g in gids {
        hash.bytes(&g.to_le_bytes());
    }
    let mut h = hash.value();
    (0..6)
        .map(|_| {
            let c = (b'A' + (h % 26) as u8) as char;
            h /= 26;
            c
        })
        .collect()
}

/// The font's PostScript name (its name with hyphens for spaces when it has none).
fn postscript_name(book: &FontBook, font: FontId) -> String {
    book.face(font)
        .names()
        .into_iter()
        .find(|n| n.name_id == rustybuzz::ttf_parser::name_id::POST_SCRIPT_NAME)
        .and_then(|n| n.to_string())
        .unwrap_or_else(|| book.name(font).replace(' ', "-"))
}

/// The widths of the glyphs `gids` (sorted); runs of consecutive CIDs share one entry.
fn write_widths(
    widths: &mut pdf_writer::writers::Widths,
    gids: &[u16],
    advance: impl Fn(u16) -> f32,
) {
    let mut i = 0;
    while i < gids.len() {
        let start = gids[i];
        let mut end = i;
        while end + 1 < gids.len() && gids[end + 1] == gids[end] + 1 {
            end += 1;
        }
        widths.consecutive(start, gids[i..=end].iter().map(|&g| advance(g)));
        i = end + 1;
    }
}

/// The font descriptor: flags, bounding box and metrics in thousandths of an em.
fn write_descriptor(
    chunk: &mut Chunk,
    descriptor: Ref,
    book: &FontBook,
    font: FontId,
    base_font: &str,
    file: Ref,
) {
    let face = book.face(font);
    let upem = face.units_per_em() as f32;
    let scale = |v: i16| f32::from(v) * 1000.0 / upem;
    let bbox = face.global_bounding_box();
    let mut flags = FontFlags::SYMBOLIC;
    if face.is_italic() {
        flags |= FontFlags::ITALIC;
    }
    if book.name(font).contains("Serif") {
        flags |= FontFlags::SERIF;
    }
    let weight = f32::from(face.weight().to_number());
    chunk
        .font_descriptor(descriptor)
        .name(Name(base_font.as_bytes()))
        .flags(flags)
        .bbox(Rect::new(
            scale(bbox.x_min),
            scale(bbox.y_min),
            scale(bbox.x_max),
            scale(bbox.y_max),
        ))
        .italic_angle(face.italic_angle())
        .ascent(scale(face.ascender()))
        .descent(scale(face.descender()))
        .cap_height(scale(face.capital_height().unwrap_or(face.ascender())))
        .stem_v(10.0 + 0.244 * (weight - 50.0))
        .font_file2(file);
}

const SYSTEM_INFO: SystemInfo = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"Identity"),
    supplement: 0,
};

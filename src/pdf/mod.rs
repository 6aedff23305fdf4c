//! Writes laid-out [`Page`]s to PDF bytes with `pdf-writer`: pages are encoded and deflated in
//! parallel and appended as they come, then the subset fonts (with ToUnicode maps for copy and
//! paste), link annotations, the outline, the structure tree (tagged PDF/UA-1, PDF/A-2a),
//! metadata and fixed dates. The only module that knows PDF.
//!
//! DESIGN.md chose krilla and named `pdf-writer` + `subsetter` as the fallback; measured here,
//! krilla's serial page writing took 4.1 s of a 6.8 s build of 10,000 grants, more than the
//! whole time budget, so this module writes with its fallback: pages encode in parallel and
//! go out in order as they finish. krilla's PDF/UA and PDF/A validators went with it; the
//! tests check the tagging instead (every painted thing marked, every MCID owned).

mod content;
mod deflate;
mod file;
mod fonts;
mod hash;
mod picture;
pub use picture::approximations;
mod tags;

use crate::document::{Link, Logo};
use crate::layout::{FontBook, FontId, OutlineEntry, Page, PageItem, PageSink, Streamed, ARTIFACT};
pub(crate) use deflate::compress;
use pdf_writer::types::{
    ActionType, AnnotationFlags, AnnotationType, OutputIntentSubtype, PageMode, TabOrder,
};
use pdf_writer::{Chunk, Date, Filter, Finish, Name, Rect, Ref, Str, TextStr};
use rayon::prelude::*;
use std::sync::Arc;

/// What the PDF says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfInfo {
    pub title: String,
    pub author: String,
    pub language: String,
    /// Creation date (UTC): year, month, day, hour, minute, second. Fixed by the caller so
    /// the same input gives the same bytes.
    pub date: (u16, u8, u8, u8, u8, u8),
    /// Write a tagged PDF (structure tree, artifacts) that claims PDF/UA-1 and PDF/A-2a.
    pub tagged: bool,
    /// What a link to a page of the report says it does ("Go to page {n}").
    pub go_to_page: String,
}

/// Why the PDF could not be written (a bug or a resource limit, never the user's data).
#[derive(Debug, thiserror::Error)]
#[error("could not write the PDF: {0}")]
pub struct WriteError(String);

/// Objects written without pretty-printing whitespace.
pub(crate) const COMPACT: pdf_writer::Settings = pdf_writer::Settings { pretty: false };

/// Hands out object numbers.
pub(crate) struct Refs(i32);

impl Refs {
    pub(crate) fn next(&mut self) -> Ref {
        let r = Ref::new(self.0);
        self.0 += 1;
        r
    }

    /// Sets `n` numbers aside (to be handed out elsewhere); returns the first.
    pub(crate) fn reserve(&mut self, n: i32) -> i32 {
        let first = self.0;
        self.0 += n;
        first
    }
}

/// Appends `v` in decimal (what `write!` does, without the formatting machinery).
pub(crate) fn push_int(buf: &mut Vec<u8>, v: i64) {
    if v < 0 {
        buf.push(b'-');
    }
    let mut digits = [0u8; 20];
    let at = digits_before(&mut digits, 20, v.unsigned_abs());
    buf.extend_from_slice(&digits[at..]);
}

/// Writes `n` in decimal into `buf` so that it ends just before `at`; returns where it
/// starts.
pub(crate) fn digits_before(buf: &mut [u8], mut at: usize, mut n: u64) -> usize {
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return at;
        }
    }
}

/// Deflate level for fonts, pictures and the cross-reference stream: libdeflate's default
/// balance.
pub(crate) const LEVEL: u8 = 6;

/// Deflate level for page content, most of the work: measured at 1,000 grants, libdeflate's
/// level 1 writes 3.32 KB a page, level 2 3.21 KB for about 6% more processor time, level 3
/// 3.17 KB (zlib-rs at level 2, used before: 3.44 KB, slower than libdeflate at 1).
pub(crate) const CONTENT_LEVEL: u8 = 1;

/// The name of the destination a link to page `page` (0-based) goes to.
fn destination_name(page: usize) -> String {
    format!("page{}", page + 1)
}

/// A page's place in the file: its object, body content and annotations; the page dictionary
/// itself is written at the end, when the footer (which needs the page count) is known.
struct Slot {
    page: Ref,
    content: Option<Ref>,
    annotations: Vec<Ref>,
    struct_parents: Option<i32>,
    size: (f32, f32),
}

/// A PDF being written: pages go in as they are laid out (it is the layout's [`PageSink`]);
/// [`PdfWriter::finish`] adds what needs all of them (footers, fonts, outline, structure
/// tree) and returns the bytes.
pub struct PdfWriter<'a> {
    file: file::File,
    /// Objects to append as they are (streams, catalog), moved to `file` by `drain`.
    pdf: Chunk,
    /// Dictionaries to pack into object streams, moved to `file` by `drain`.
    small: Chunk,
    refs: Refs,
    book: &'a FontBook,
    advances: fonts::Advances,
    info: PdfInfo,
    page_tree: Ref,
    resources: Ref,
    pages: Vec<Slot>,
    fonts: Vec<fonts::FontUse>,
    tree: tags::Tree,
    /// Every picture drawn (cover logo, photos), in the order first drawn, with its object;
    /// and each one's number by its address.
    pictures: Vec<(Ref, Arc<Logo>)>,
    picture_index: content::Pictures,
    /// The first page's size, which the page tree gives every page of that size.
    size: Option<(f32, f32)>,
    /// The pages links inside the report go to (0-based), named in the catalog's `/Dests`.
    destinations: std::collections::BTreeSet<usize>,
}

impl PageSink for PdfWriter<'_> {
    fn pages(&mut self, pages: Vec<Page>) {
        let first = self.pages.len();
        self.reserve(pages.len());
        self.fill(first, pages);
    }

    fn reserve(&mut self, count: usize) {
        for _ in 0..count {
            let page = self.refs.next();
            self.pages.push(Slot {
                page,
                content: None,
                annotations: Vec::new(),
                struct_parents: None,
                size: (0.0, 0.0),
            });
        }
    }

    fn fill(&mut self, first: usize, pages: Vec<Page>) {
        // Pictures are numbered in the order first drawn, before the pages are encoded in
        // parallel (so the numbers, and the file, are the same on every run).
        for page in &pages {
            for item in &page.items {
                if let PageItem::Image(p) = item {
                    let key = content::picture_key(&p.logo);
                    if !self.picture_index.contains_key(&key) {
                        self.picture_index.insert(key, self.pictures.len());
                        self.pictures.push((self.refs.next(), p.logo.clone()));
                    }
                }
            }
        }
        let (book, advances, tagged) = (self.book, &self.advances, self.info.tagged);
        let pictures = &self.picture_index;
        let encoded: Vec<content::Encoded> = pages
            .par_iter()
            .map(|p| content::encode(p, book, advances, tagged, pictures))
            .collect();
        drop(pages);
        for (k, page) in encoded.into_iter().enumerate() {
            self.body(first + k, page);
        }
    }
}

impl<'a> PdfWriter<'a> {
    pub fn new(book: &'a FontBook, info: &PdfInfo) -> PdfWriter<'a> {
        let mut refs = Refs(1);
        let page_tree = refs.next();
        let resources = refs.next();
        PdfWriter {
            file: file::File::new(),
            pdf: Chunk::with_settings(COMPACT),
            small: Chunk::with_settings(COMPACT),
            refs,
            book,
            advances: fonts::Advances::new(book),
            info: info.clone(),
            page_tree,
            resources,
            pages: Vec::new(),
            fonts: (0..book.len()).map(|_| fonts::FontUse::default()).collect(),
            tree: tags::Tree::default(),
            pictures: Vec::new(),
            picture_index: Default::default(),
            size: None,
            destinations: Default::default(),
        }
    }

    /// Writes page `index`'s body content and annotations.
    fn body(&mut self, index: usize, page: content::Encoded) {
        let Some(page_ref) = self.pages.get(index).map(|s| s.page) else {
            return;
        };
        let content_ref = self.refs.next();
        let mut stream = self.pdf.stream(content_ref, &page.content);
        if page.deflated {
            stream.filter(Filter::FlateDecode);
        }
        drop(stream);
        self.record_glyphs(&page.glyphs);
        // The page's marked content first, so elements join the tree in reading order (a
        // link element by its text, not by its annotation).
        let key = (self.info.tagged && !page.marks.is_empty())
            .then(|| self.tree.page(index as u32, page.marks));
        let mut annotations = Vec::with_capacity(page.links.len());
        for link in &page.links {
            let id = self.refs.next();
            let mut a = self.small.annotation(id);
            a.subtype(AnnotationType::Link)
                .rect(Rect::new(
                    link.x0,
                    page.height - link.y1,
                    link.x1,
                    page.height - link.y0,
                ))
                .flags(AnnotationFlags::PRINT)
                .border(0.0, 0.0, 0.0, None);
            if self.info.tagged && link.node != ARTIFACT {
                a.struct_parent(self.tree.annotation(link.node, index as u32, id));
            }
            match &link.uri {
                Link::Page(target) => {
                    let target = *target;
                    let page = (target + 1).to_string();
                    let says = crate::locale::Locale::fill(&self.info.go_to_page, &[("n", &page)]);
                    a.contents(TextStr(&says));
                    let name = destination_name(target);
                    a.action()
                        .action_type(ActionType::GoTo)
                        .destination_named(Name(name.as_bytes()));
                    self.destinations.insert(target);
                }
                Link::Url(url) => {
                    a.contents(TextStr(&format!("Link to {url}")));
                    a.action()
                        .action_type(ActionType::Uri)
                        .uri(Str(url.as_bytes()));
                }
            }
            a.finish();
            annotations.push(id);
        }
        self.size.get_or_insert((page.width, page.height));
        self.pages[index] = Slot {
            page: page_ref,
            content: Some(content_ref),
            annotations,
            struct_parents: key,
            size: (page.width, page.height),
        };
        self.drain();
    }

    /// Moves what has been written into the file.
    fn drain(&mut self) {
        drain(
            &mut self.file,
            &mut self.pdf,
            &mut self.small,
            &mut self.refs,
        );
    }

    fn record_glyphs(&mut self, glyphs: &[(FontId, u16, Option<Box<str>>)]) {
        for (font, gid, text) in glyphs {
            if let Some(used) = self.fonts.get_mut(usize::from(font.0)) {
                used.record(*gid, text.as_deref());
            }
        }
    }

    /// Writes what needs every page (footers, page dictionaries, fonts, resources, outline,
    /// structure tree) and the metadata; returns the PDF, as parts to be written one after
    /// another.
    pub fn finish(
        mut self,
        mut streamed: Streamed,
        progress: &dyn crate::progress::Progress,
    ) -> Result<Vec<Vec<u8>>, WriteError> {
        let (footers, structure_root) = self.footers_and_structure(&mut streamed);
        let font_refs = self.pages_and_fonts(footers)?;
        progress.stage("footers, page dictionaries, fonts and structure tree written");
        self.write_resources(&font_refs)?;
        let outline_ref = self.write_outline(&streamed.outline);
        let info_ref = self.write_info();
        progress.stage("outline written");
        let id = self.file_id();
        let meta_ref = self.write_xmp(&id);
        let catalog_ref = self.write_catalog(meta_ref, outline_ref, structure_root);
        self.drain();
        Ok(self
            .file
            .finish(&mut self.refs, catalog_ref, info_ref, id.as_bytes()))
    }

    /// Encodes the footers while the structure tree is worked out and written (with object
    /// numbers set aside for it); returns the footers and the tree's root.
    fn footers_and_structure(
        &mut self,
        streamed: &mut Streamed,
    ) -> (Vec<Option<content::Encoded>>, Option<Ref>) {
        let structure = &streamed.structure;
        let plan = self
            .info
            .tagged
            .then(|| std::mem::take(&mut self.tree).plan(structure));
        let tree_first = plan.as_ref().map_or(0, |p| self.refs.reserve(p.objects()));
        let page_refs: Vec<Ref> = self.pages.iter().map(|s| s.page).collect();
        let (file, refs) = (&mut self.file, &mut self.refs);
        let (footers, structure_root) = rayon::join(
            || {
                footers(
                    &self.pages,
                    self.book,
                    &self.advances,
                    self.info.tagged,
                    std::mem::take(&mut streamed.footers),
                )
            },
            || {
                plan.as_ref().map(|p| {
                    p.write(tree_first, structure, &page_refs, |chunk| {
                        file.pack(&chunk, refs)
                    })
                })
            },
        );
        for footer in footers.iter().flatten() {
            self.record_glyphs(&footer.glyphs);
        }
        (footers, structure_root)
    }

    /// Writes the fonts (object numbers set aside, each written in parallel) while the
    /// footers and page dictionaries are written; returns each font's object.
    fn pages_and_fonts(
        &mut self,
        footers: Vec<Option<content::Encoded>>,
    ) -> Result<Vec<(FontId, Ref)>, WriteError> {
        let used: Vec<(FontId, Ref, i32)> = (0..self.fonts.len())
            .filter(|&i| self.fonts[i].is_used())
            .map(|i| (FontId(i as u8), self.refs.next(), self.refs.reserve(5)))
            .collect();
        let (book, advances, font_uses) = (self.book, &self.advances, &self.fonts);
        let mut pages = Pages {
            file: &mut self.file,
            pdf: &mut self.pdf,
            small: &mut self.small,
            refs: &mut self.refs,
        };
        let size = self.size.unwrap_or(DEFAULT_SIZE);
        let (slots, page_tree) = (&self.pages, self.page_tree);
        let (font_chunks, ()) = rayon::join(
            || {
                used.par_iter()
                    .map(|&(font, id, first)| {
                        let mut chunk = Chunk::with_settings(COMPACT);
                        let used = &font_uses[usize::from(font.0)];
                        let mut refs = Refs(first);
                        fonts::write_font(&mut chunk, &mut refs, id, book, advances, font, used)?;
                        debug_assert_eq!(refs.0, first + 5, "object numbers set aside for a font");
                        Ok(chunk)
                    })
                    .collect::<Result<Vec<Chunk>, WriteError>>()
            },
            || pages.write(slots, page_tree, size, footers),
        );
        for chunk in font_chunks? {
            self.pdf.extend(&chunk);
        }
        Ok(used.iter().map(|&(f, id, _)| (f, id)).collect())
    }

    /// Writes the pictures (cover logo, photos), the shared resources and the page tree.
    fn write_resources(&mut self, font_refs: &[(FontId, Ref)]) -> Result<(), WriteError> {
        for (id, logo) in &self.pictures {
            picture::write_picture(&mut self.pdf, &mut self.refs, *id, logo)?;
        }
        {
            let mut resources = self.small.indirect(self.resources).dict();
            let mut f = resources.insert(Name(b"Font")).dict();
            for (font, id) in font_refs {
                f.pair(fonts::resource_name(*font), *id);
            }
            f.finish();
            if !self.pictures.is_empty() {
                let mut x = resources.insert(Name(b"XObject")).dict();
                for (n, (id, _)) in self.pictures.iter().enumerate() {
                    x.pair(Name(&content::picture_name(n)), *id);
                }
            }
        }
        let (width, height) = self.size.unwrap_or(DEFAULT_SIZE);
        self.small
            .pages(self.page_tree)
            .kids(self.pages.iter().map(|s| s.page))
            .count(self.pages.len() as i32)
            .media_box(Rect::new(0.0, 0.0, width, height))
            .pair(Name(b"Resources"), self.resources);
        Ok(())
    }

    /// The creation date as the information dictionary writes it.
    fn date(&self) -> Date {
        let (y, mo, d, h, mi, s) = self.info.date;
        Date::new(y)
            .month(mo)
            .day(d)
            .hour(h)
            .minute(mi)
            .second(s)
            .utc_offset_hour(0)
            .utc_offset_minute(0)
    }

    /// Writes the information dictionary (which says what the XMP says); returns its object.
    fn write_info(&mut self) -> Ref {
        let info_ref = self.refs.next();
        self.drain();
        let date = self.date();
        let mut doc_info = self
            .pdf
            .indirect(info_ref)
            .start::<pdf_writer::writers::DocumentInfo>();
        doc_info
            .title(TextStr(&self.info.title))
            .creator(TextStr(&creator()))
            .producer(TextStr(PRODUCER))
            .creation_date(date)
            .modified_date(date);
        if !self.info.author.is_empty() {
            doc_info.author(TextStr(&self.info.author));
        }
        doc_info.finish();
        info_ref
    }

    /// Writes the XMP metadata (with the PDF/UA and PDF/A claims when tagged); returns its
    /// object.
    fn write_xmp(&mut self, id: &str) -> Ref {
        let (y, mo, d, h, mi, s) = self.info.date;
        let creator = creator();
        let mut xmp = xmp_writer::XmpWriter::new();
        xmp.title([(None, self.info.title.as_str())]);
        if !self.info.author.is_empty() {
            xmp.creator([self.info.author.as_str()]);
        }
        xmp.language([xmp_writer::LangId(&self.info.language)]);
        let xmp_date = xmp_writer::DateTime {
            year: y,
            month: Some(mo),
            day: Some(d),
            hour: Some(h),
            minute: Some(mi),
            second: Some(s),
            timezone: Some(xmp_writer::Timezone::Utc),
        };
        xmp.create_date(xmp_date);
        xmp.modify_date(xmp_date);
        xmp.creator_tool(&creator);
        xmp.producer(PRODUCER);
        xmp.format("application/pdf");
        xmp.document_id(id);
        xmp.instance_id(id);
        if self.info.tagged {
            xmp.extension_schemas()
                .pdfua_id()
                .properties()
                .describe_part();
            xmp.pdfa_part(2);
            xmp.pdfa_conformance("A");
            xmp.pdfua_part(1);
        }
        let xmp = xmp.finish(None);
        let meta_ref = self.refs.next();
        self.pdf.metadata(meta_ref, xmp.as_bytes());
        meta_ref
    }

    /// Writes the output intent's colour profile (tagged PDFs) and the catalog; returns the
    /// catalog's object.
    fn write_catalog(
        &mut self,
        meta_ref: Ref,
        outline_ref: Option<Ref>,
        structure_root: Option<Ref>,
    ) -> Ref {
        let icc_ref = self.info.tagged.then(|| {
            let r = self.refs.next();
            self.pdf
                .icc_profile(r, ICC_SRGB)
                .n(3)
                .range([0.0, 1.0, 0.0, 1.0, 0.0, 1.0]);
            r
        });
        let catalog_ref = self.refs.next();
        let mut catalog = self
            .pdf
            .indirect(catalog_ref)
            .start::<pdf_writer::writers::Catalog>();
        catalog.pages(self.page_tree);
        catalog.lang(TextStr(&self.info.language));
        catalog.metadata(meta_ref);
        catalog.viewer_preferences().display_doc_title(true);
        if !self.destinations.is_empty() {
            let mut dests = catalog.insert(Name(b"Dests")).dict();
            for &page in &self.destinations {
                if let Some(slot) = self.pages.get(page) {
                    let name = destination_name(page);
                    dests
                        .insert(Name(name.as_bytes()))
                        .start::<pdf_writer::writers::Destination>()
                        .page(slot.page)
                        .xyz(0.0, slot.size.1, None);
                }
            }
        }
        if let Some(o) = outline_ref {
            catalog.outlines(o);
            catalog.page_mode(PageMode::UseOutlines);
        }
        if let Some(root) = structure_root {
            catalog.pair(Name(b"StructTreeRoot"), root);
            catalog.mark_info().marked(true).suspects(false);
        }
        if let Some(icc) = icc_ref {
            catalog
                .output_intents()
                .push()
                .subtype(OutputIntentSubtype::PDFA)
                .output_condition_identifier(TextStr("sRGB"))
                .info(TextStr("sRGB IEC61966-2.1"))
                .dest_output_profile(icc);
        }
        catalog.finish();
        catalog_ref
    }

    fn write_outline(&mut self, outline: &[OutlineEntry]) -> Option<Ref> {
        if outline.is_empty() {
            return None;
        }
        let root = self.refs.next();
        let items: Vec<Ref> = outline.iter().map(|_| self.refs.next()).collect();
        self.small
            .outline(root)
            .first(items[0])
            .last(items[items.len() - 1])
            .count(items.len() as i32);
        for (i, entry) in outline.iter().enumerate() {
            let mut item = self.small.outline_item(items[i]);
            item.title(TextStr(&entry.title)).parent(root);
            if i > 0 {
                item.prev(items[i - 1]);
            }
            if let Some(next) = items.get(i + 1) {
                item.next(*next);
            }
            if let Some(slot) = self.pages.get(entry.page) {
                item.dest()
                    .page(slot.page)
                    .xyz(0.0, slot.size.1 - entry.y, None);
            }
        }
        Some(root)
    }

    /// A file identifier derived from what the document says, so it is the same for the
    /// same input (on any platform, with any Rust release).
    fn file_id(&self) -> String {
        let info = &self.info;
        let (y, mo, d, h, mi, s) = info.date;
        let mut hash = hash::StableHash::new();
        hash.text(&info.title)
            .text(&info.author)
            .text(&info.language)
            .bytes(&y.to_le_bytes())
            .bytes(&[mo, d, h, mi, s, u8::from(info.tagged)])
            .number(self.pages.len() as u64)
            .number(self.file.len() as u64);
        let a = hash.value();
        let b = hash.text(&info.title).value();
        format!("{a:016x}{b:016x}")
    }
}

/// Encodes each page's footer (in parallel); `None` for pages without one.
fn footers(
    slots: &[Slot],
    book: &FontBook,
    advances: &fonts::Advances,
    tagged: bool,
    mut footers: Vec<Vec<PageItem>>,
) -> Vec<Option<content::Encoded>> {
    // One entry per page, so every page dictionary is written.
    footers.resize_with(slots.len(), Vec::new);
    footers
        .into_par_iter()
        .zip(slots)
        .map(|(items, slot)| {
            if items.is_empty() {
                return None;
            }
            let (width, height) = slot.size;
            let page = Page {
                width,
                height,
                items,
                links: Vec::new(),
            };
            Some(content::encode(
                &page,
                book,
                advances,
                tagged,
                &content::Pictures::default(),
            ))
        })
        .collect()
}

/// Moves what has been written into the file: streams as they are, dictionaries into object
/// streams.
fn drain(file: &mut file::File, pdf: &mut Chunk, small: &mut Chunk, refs: &mut Refs) {
    if !pdf.as_bytes().is_empty() {
        file.direct(pdf);
        *pdf = Chunk::with_settings(COMPACT);
    }
    if !small.as_bytes().is_empty() {
        file.pack(small, refs);
        *small = Chunk::with_settings(COMPACT);
    }
}

/// What writing the page dictionaries needs of the writer, borrowed apart from the fonts
/// (written meanwhile).
struct Pages<'w> {
    file: &'w mut file::File,
    pdf: &'w mut Chunk,
    small: &'w mut Chunk,
    refs: &'w mut Refs,
}

impl Pages<'_> {
    /// Writes each page's footer (a second content stream) and the page dictionaries.
    fn write(
        &mut self,
        slots: &[Slot],
        page_tree: Ref,
        size: (f32, f32),
        footers: Vec<Option<content::Encoded>>,
    ) {
        for (i, footer) in footers.into_iter().enumerate() {
            let footer_ref = footer.map(|f| {
                let r = self.refs.next();
                let mut stream = self.pdf.stream(r, &f.content);
                if f.deflated {
                    stream.filter(Filter::FlateDecode);
                }
                r
            });
            let slot = &slots[i];
            let mut p = self.small.page(slot.page);
            p.parent(page_tree);
            match (slot.content, footer_ref) {
                (Some(body), Some(foot)) => {
                    p.insert(Name(b"Contents")).array().items([body, foot]);
                }
                (Some(only), None) | (None, Some(only)) => {
                    p.contents(only);
                }
                (None, None) => {}
            }
            // Size and resources are inherited from the page tree (the first page's size).
            if slot.size != size && slot.size != (0.0, 0.0) {
                p.media_box(Rect::new(0.0, 0.0, slot.size.0, slot.size.1));
            }
            if let Some(key) = slot.struct_parents {
                p.struct_parents(key);
            }
            if !slot.annotations.is_empty() {
                p.annotations(slot.annotations.iter().copied());
                p.tab_order(TabOrder::StructureOrder);
            }
            p.finish();
            if i % 256 == 255 {
                drain(self.file, self.pdf, self.small, self.refs);
            }
        }
        drain(self.file, self.pdf, self.small, self.refs);
    }
}

/// The page size when no page was written (A4, in points).
const DEFAULT_SIZE: (f32, f32) = (595.0, 842.0);

/// Who wrote the PDF, as its metadata says.
const PRODUCER: &str = "grant-report (pdf-writer)";

/// The creating tool, as its metadata says.
fn creator() -> String {
    format!("grant-report {}", env!("CARGO_PKG_VERSION"))
}

/// The sRGB colour profile the PDF/A output intent names (CC0, from
/// github.com/saucecontrol/Compact-ICC-Profiles; see sRGB-v2-magic.LICENSE.txt).
const ICC_SRGB: &[u8] = include_bytes!("sRGB-v2-magic.icc");

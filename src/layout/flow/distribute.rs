//! Turns a document's sections into the report's run of pages: sections laid out in parallel
//! batches, joined in order (duplex blanks, structure renumbered), decorated with running heads
//! and handed on; the contents set again once every page number is known; footers last.

use super::heads::{decorate, footer};
use super::look::MIN_PICTURE_SCALE;
use super::*;

/// Sections laid out at a time: enough to keep every core busy, few enough that a batch's
/// pages take little memory before they go to the sink.
const BATCH: usize = 64;

/// Pages a streamed section (the summary) gathers before they are decorated and handed on:
/// a few megabytes, and more than a usual report's whole summary (whose pages then go with
/// the batch before them, as any section's).
const STREAMED_PAGES: usize = 256;

/// Lays out every section, a batch at a time (in parallel within a batch: each section starts
/// a new page, so they are independent), joins them, adds running heads, and hands the
/// finished pages to `sink` in order. The contents, whose page numbers need every section's
/// length, is reserved and given at the end; "Page X of Y" footers need the total, so they
/// are set last, in parallel ([`footers`]).
pub(in crate::layout) fn run(
    mut doc: Document,
    style: &Style,
    fonts: &FontBook,
    progress: &dyn Progress,
    sink: &mut dyn PageSink,
) -> Streamed {
    let look = Look::new(style);
    let shapers = ShaperPool::new(fonts);
    let mut join = Join {
        look: &look,
        shapers: &shapers,
        pages: 0,
        states: Vec::new(),
        outline: Vec::new(),
        warnings: Vec::new(),
        structure: Vec::new(),
        footed: Vec::new(),
        sizes: Vec::new(),
        contents: None,
    };
    let mut start = 0;
    while start < doc.sections.len() {
        let end = (start + BATCH).min(doc.sections.len());
        lay_out_batch(&mut join, &doc, start..end, progress, sink);
        join.flush(sink);
        // Laid out for good (only the contents is set again): free the blocks.
        for section in &mut doc.sections[start..end] {
            if section.kind != SectionKind::Contents {
                section.blocks = Vec::new();
            }
        }
        start = end;
    }
    // The contents again, with the real page numbers.
    if let Some(contents) = join.contents.take() {
        let starts = section_starts(&look, &join.sizes);
        let mut shaper = shapers.lease();
        let (first, pages) = relayout_contents(&mut join, &mut shaper, contents, &doc, &starts);
        sink.fill(first, pages);
    }
    let footers = match sink.wants_footers() {
        true => footers(&look, &shapers, &join.footed),
        false => Vec::new(),
    };
    Streamed {
        total: join.pages,
        outline: join.outline,
        warnings: join.warnings,
        structure: join.structure,
        footers,
    }
}

/// Lays out sections `range` (in parallel, a summary on its own with its pages streamed)
/// and joins them.
fn lay_out_batch(
    join: &mut Join,
    doc: &Document,
    range: std::ops::Range<usize>,
    progress: &dyn Progress,
    sink: &mut dyn PageSink,
) {
    let (start, end) = (range.start, range.end);
    // A summary, whose table is as long as the report, is laid out on its own after the
    // sections before it, its pages handed on as they are made: a million grants'
    // table is never held.
    let mut at = start;
    while at < end {
        let summary = (at..end).find(|&k| doc.sections[k].kind == SectionKind::Summary);
        let parallel = summary.unwrap_or(end);
        let parts: Vec<Part> = doc.sections[at..parallel]
            .par_iter()
            .enumerate()
            .map_init(
                || join.shapers.lease(),
                |shaper, (j, section)| {
                    let part = layout_fitted(join.look, shaper, at + j, section);
                    progress.step();
                    part
                },
            )
            .collect();
        for (j, part) in parts.into_iter().enumerate() {
            join.add(at + j, part, sink);
        }
        at = parallel;
        if let Some(k) = summary {
            let mut shaper = join.shapers.lease();
            join.add_streamed(k, &mut shaper, &doc.sections[k], sink);
            progress.step();
            at = k + 1;
        }
    }
}

/// The contents laid out again with the real page numbers (its placeholder layout when
/// that would change its length): its structure elements put in place; its first page and
/// its pages, decorated.
fn relayout_contents(
    join: &mut Join,
    shaper: &mut Shaper,
    (c, first, base, placeholder): (usize, usize, u32, Part),
    doc: &Document,
    starts: &[usize],
) -> (usize, Vec<Page>) {
    let look = join.look;
    let again = layout_part(look, shaper, c, &doc.sections[c], starts);
    // Real numbers are no wider than the placeholders, so the length stays the same.
    let part = if again.pages.len() == placeholder.pages.len()
        && again.nodes.len() == placeholder.nodes.len()
    {
        again
    } else {
        placeholder
    };
    for (k, node) in part.nodes.into_iter().enumerate() {
        join.structure[base as usize + k] = shift_node(node, base);
    }
    let pages = part
        .pages
        .into_iter()
        .enumerate()
        .map(|(k, mut state)| {
            shift_state(&mut state, base);
            decorate(look, shaper, state, first + k + 1)
        })
        .collect();
    (first, pages)
}

/// Each page's "Page X of Y" footer (artifacts), set in parallel once the page count is
/// known; empty for pages without one (covers, duplex blanks).
fn footers(look: &Look, shapers: &ShaperPool, footed: &[Footed]) -> Vec<Vec<PageItem>> {
    use rayon::prelude::*;
    let total = footed.len();
    footed
        .par_iter()
        .enumerate()
        .map_init(
            || shapers.lease(),
            |shaper, (i, on)| match on {
                Some(words) => footer(look, words.as_deref(), shaper, i + 1, total),
                None => Vec::new(),
            },
        )
        .collect()
}

/// Lays out a section. A case study that runs past its page has its pictures drawn smaller,
/// down to [`MIN_PICTURE_SCALE`], to keep it on one; with `--fit`, then its body text in steps
/// too (pictures at their smallest) until it fits, or (when it does not fit even at the
/// floor) it is set at full size, continued.
fn layout_fitted(look: &Look, shaper: &mut Shaper, i: usize, section: &Section) -> Part {
    let part = layout_part(look, shaper, i, section, &[]);
    if section.kind != SectionKind::CaseStudy || part.pages.len() <= 1 {
        return part;
    }
    let pictures = has_pictures(&section.blocks);
    if pictures {
        if let Some(fitted) = pictures_fitted(look, shaper, i, section) {
            return fitted;
        }
    }
    let Some(floor) = look.fit_floor else {
        return part;
    };
    let smallest = look.with_picture_scale(if pictures { MIN_PICTURE_SCALE } else { 1.0 });
    let mut size = look.body.size;
    let mut fitted = None;
    while size - 0.25 >= floor - 1e-3 {
        size -= 0.25;
        let again = layout_part(&smallest.with_body_size(size), shaper, i, section, &[]);
        if again.pages.len() <= 1 {
            fitted = Some(again);
            break;
        }
    }
    // Small text that still runs over helps nobody: full size, continued.
    let mut part = match fitted {
        Some(mut part) => {
            part.warnings.push(LayoutWarning::Shrunk {
                section: i,
                title: section.outline.clone().unwrap_or_default(),
                size,
            });
            part
        }
        None => part,
    };
    for w in &mut part.warnings {
        if let LayoutWarning::Overflow { at_size, .. } = w {
            *at_size = Some(size);
        }
    }
    part
}

/// The case study laid out with its pictures at the largest scale, in steps of 5% down to
/// [`MIN_PICTURE_SCALE`], that keeps it on one page; `None` when even the smallest does not.
/// Smaller pictures never take more pages, so the steps are searched by halving (four or
/// five layouts, only for a case study that runs over).
fn pictures_fitted(look: &Look, shaper: &mut Shaper, i: usize, section: &Section) -> Option<Part> {
    const STEP: f32 = 0.05;
    let steps = ((1.0 - MIN_PICTURE_SCALE) / STEP).round() as u32;
    let scale = |k: u32| 1.0 - STEP * k as f32;
    let mut layout =
        |k: u32| layout_part(&look.with_picture_scale(scale(k)), shaper, i, section, &[]);
    let smallest = layout(steps);
    if smallest.pages.len() > 1 {
        return None;
    }
    // Step `fits` fits; step `over` (full size) does not.
    let (mut fits, mut over, mut best) = (steps, 0, smallest);
    while fits - over > 1 {
        let mid = (fits + over) / 2;
        let part = layout(mid);
        if part.pages.len() <= 1 {
            (fits, best) = (mid, part);
        } else {
            over = mid;
        }
    }
    Some(best)
}

/// Whether blocks show a picture (in a list item too).
fn has_pictures(blocks: &[Block]) -> bool {
    blocks.iter().any(|b| match b {
        Block::Image { picture, .. } => picture.is_some(),
        Block::List { items, .. } => items.iter().any(|item| has_pictures(item)),
        _ => false,
    })
}

/// Joins parts into one run of pages as they come.
struct Join<'l, 'f> {
    look: &'l Look,
    shapers: &'l ShaperPool<'f>,
    /// Pages so far, including reserved ones.
    pages: usize,
    /// Pages joined but not yet decorated and handed on, with their page numbers.
    states: Vec<(PageState, usize)>,
    outline: Vec<OutlineEntry>,
    warnings: Vec<LayoutWarning>,
    structure: Vec<StructNode>,
    footed: Vec<Footed>,
    /// Each part's kind and length, for the contents' page numbers.
    sizes: Vec<(SectionKind, usize)>,
    /// The contents: its section, first page, first structure element, placeholder layout.
    contents: Option<(usize, usize, u32, Part)>,
}

impl Join<'_, '_> {
    fn add(&mut self, section: usize, part: Part, sink: &mut dyn PageSink) {
        self.begin(part.kind);
        self.add_rest(section, part, 0, sink);
    }

    /// Starts a part of `kind`. Duplex: a case study starts on a right-hand (odd-numbered)
    /// page.
    fn begin(&mut self, kind: SectionKind) {
        if self.look.duplex && starts_right(kind) && self.pages % 2 == 1 {
            self.push(PageState::blank(self.look));
        }
    }

    /// Lays out section `i` with each page joined (and handed on, a batch at a time) as the
    /// next one starts, then joins the rest.
    fn add_streamed(
        &mut self,
        i: usize,
        shaper: &mut Shaper,
        section: &Section,
        sink: &mut dyn PageSink,
    ) {
        self.begin(section.kind);
        let base = self.structure.len() as u32;
        let page_of = section.words.as_ref().map(|w| w.page_of.clone());
        let look = self.look;
        let mut spill = |mut state: PageState| {
            shift_state(&mut state, base);
            self.push_in(state, &page_of);
            if self.states.len() >= STREAMED_PAGES {
                self.flush(sink);
            }
        };
        let (part, spilled) = layout_part_spilling(look, shaper, i, section, &mut spill);
        self.add_rest(i, part, spilled, sink);
    }

    /// Joins a begun part, `spilled` of whose pages were joined already.
    fn add_rest(
        &mut self,
        section: usize,
        mut part: Part,
        spilled: usize,
        sink: &mut dyn PageSink,
    ) {
        self.sizes.push((part.kind, spilled + part.pages.len()));
        let offset = self.pages - spilled;
        self.outline.extend(
            std::mem::take(&mut part.outline)
                .into_iter()
                .map(|e| OutlineEntry {
                    page: e.page + offset,
                    ..e
                }),
        );
        // Renumber the part's structure elements after those of the parts before it.
        // (The contents keeps its own, to be compared with its layout again.)
        let base = self.structure.len() as u32;
        let contents = part.kind == SectionKind::Contents && self.contents.is_none();
        if contents {
            (self.structure).extend(part.nodes.iter().cloned().map(|n| shift_node(n, base)));
        } else {
            (self.structure).extend(part.nodes.drain(..).map(|n| shift_node(n, base)));
        }
        self.warnings.append(&mut part.warnings);
        if contents {
            // Kept back until every section's first page is known.
            self.flush(sink);
            for state in &part.pages {
                self.footed.push(footed(state, &part.page_of));
            }
            self.pages += part.pages.len();
            sink.reserve(part.pages.len());
            self.contents = Some((section, offset, base, part));
            return;
        }
        for mut state in std::mem::take(&mut part.pages) {
            shift_state(&mut state, base);
            self.push_in(state, &part.page_of);
        }
    }

    fn push(&mut self, state: PageState) {
        self.push_in(state, &None);
    }

    /// Adds a page whose footer (if it has one) is in `page_of`'s words.
    fn push_in(&mut self, state: PageState, page_of: &Option<String>) {
        self.footed.push(footed(&state, page_of));
        self.pages += 1;
        self.states.push((state, self.pages));
    }

    /// Adds running heads to the joined pages (in parallel) and hands them on.
    fn flush(&mut self, sink: &mut dyn PageSink) {
        if self.states.is_empty() {
            return;
        }
        let (look, shapers) = (self.look, self.shapers);
        let pages: Vec<Page> = std::mem::take(&mut self.states)
            .into_par_iter()
            .map_init(
                || shapers.lease(),
                |shaper, (state, number)| decorate(look, shaper, state, number),
            )
            .collect();
        sink.pages(pages);
    }
}

fn shift_node(n: StructNode, base: u32) -> StructNode {
    StructNode {
        parent: n.parent.map(|p| p + base),
        ..n
    }
}

/// Renumbers the structure elements a page's content names by `base`.
fn shift_state(state: &mut PageState, base: u32) {
    let shift = |n: u32| if n == ARTIFACT { n } else { n + base };
    for item in &mut state.page.items {
        match item {
            PageItem::Text(run) => run.node = shift(run.node),
            PageItem::Image(image) => image.node = shift(image.node),
            _ => {}
        }
    }
    for link in &mut state.page.links {
        link.node = shift(link.node);
    }
}

/// Whether a section starts on a right-hand page when printing both sides: case studies,
/// the contents, programme dividers and the summary.
fn starts_right(kind: SectionKind) -> bool {
    matches!(
        kind,
        SectionKind::CaseStudy
            | SectionKind::Contents
            | SectionKind::Summary
            | SectionKind::Divider
    )
}

/// The page index each part will start on once joined (with duplex blanks).
fn section_starts(look: &Look, parts: &[(SectionKind, usize)]) -> Vec<usize> {
    let mut at = 0;
    parts
        .iter()
        .map(|&(kind, len)| {
            if look.duplex && starts_right(kind) && at % 2 == 1 {
                at += 1;
            }
            let start = at;
            at += len;
            start
        })
        .collect()
}

/// Lays out one section on its own pages.
fn layout_part(
    look: &Look,
    shaper: &mut Shaper,
    i: usize,
    section: &Section,
    starts: &[usize],
) -> Part {
    let mut flow = flow(look, shaper, i, starts);
    flow.layout_section(section);
    finish_part(flow, i, section)
}

/// [`layout_part`] handing each finished page to `spill` as the next one starts: the part
/// (with the pages not yet handed on) and how many were.
fn layout_part_spilling<'s>(
    look: &Look,
    shaper: &'s mut Shaper,
    i: usize,
    section: &Section,
    spill: &'s mut (dyn FnMut(PageState) + 's),
) -> (Part, usize) {
    let mut flow = flow(look, shaper, i, &[]);
    flow.spill = Some(spill);
    flow.layout_section(section);
    let spilled = flow.spilled;
    (finish_part(flow, i, section), spilled)
}

/// A flow for section `i`, on no page yet.
fn flow<'l, 's, 'f>(
    look: &'l Look,
    shaper: &'s mut Shaper<'f>,
    i: usize,
    starts: &'l [usize],
) -> Flow<'l, 's, 'f> {
    Flow {
        look,
        starts,
        shaper,
        pages: Vec::new(),
        y: 0.0,
        warnings: Vec::new(),
        outline: Vec::new(),
        section: i,
        missing: Vec::new(),
        nodes: Vec::new(),
        links: Vec::new(),
        continuation: None,
        page_title: None,
        spill: None,
        spilled: 0,
    }
}

/// A laid-out flow's part: its pages, outline, warnings (with the characters no font had) and
/// structure elements.
fn finish_part(mut flow: Flow, i: usize, section: &Section) -> Part {
    if !flow.missing.is_empty() {
        let chars: String = std::mem::take(&mut flow.missing).into_iter().collect();
        flow.warnings
            .push(LayoutWarning::MissingGlyphs { section: i, chars });
    }
    Part {
        pages: flow.pages,
        outline: flow.outline,
        warnings: flow.warnings,
        nodes: flow.nodes,
        kind: section.kind,
        page_of: section.words.as_ref().map(|w| w.page_of.clone()),
    }
}

/// One section's pages, outline entries (page indices from the section's first page) and
/// warnings.
/// A page's footer: none (the cover, a blank page), else in the document's words or these.
type Footed = Option<Option<String>>;

fn footed(state: &PageState, page_of: &Option<String>) -> Footed {
    (!(state.kind == SectionKind::Cover || state.blank)).then(|| page_of.clone())
}

struct Part {
    pages: Vec<PageState>,
    outline: Vec<OutlineEntry>,
    warnings: Vec<LayoutWarning>,
    nodes: Vec<StructNode>,
    kind: SectionKind,
    /// The footer's words when the section's language is not the document's.
    page_of: Option<String>,
}

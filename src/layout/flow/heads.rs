//! Turns finished pages into decorated ones: the running heads (report title left, programme
//! right, hairline beneath), "Page X of Y" footers, and the duplex shift of left-hand pages.

use super::*;

/// The most characters of a running head worth setting: more than fit its line.
const RUNNING_HEAD_CHARS: usize = 200;

/// Adds the running heads and "Page X of Y" to a page (not to the cover).
pub(super) fn decorate(
    look: &Look,
    shaper: &mut Shaper,
    mut state: PageState,
    number: usize,
) -> Page {
    if state.kind == SectionKind::Cover || state.blank {
        return state.page;
    }
    let head = look.sans(8.0, 10.0, false, look.grey);
    let (left, measure, top) = (look.left, look.measure, look.top);
    let mut items = Vec::new();
    let head_base = top - 16.0;
    let title = state.title.as_deref().unwrap_or(&look.title);
    let t = set_line(shaper, title, &head, measure * 0.6);
    items.extend(place(&t, left, head_base));
    if !state.running_head.is_empty() {
        // Only its first line is shown: set no more than fits one (a title of a million
        // characters would otherwise be set again on each of its pages).
        let shown: String = state
            .running_head
            .chars()
            .take(RUNNING_HEAD_CHARS)
            .collect();
        state.running_head = shown;
        let right = ParaStyle {
            align: Align::Right,
            ..head
        };
        let r = set_line(shaper, &state.running_head, &right, measure * 0.4);
        items.extend(place(&r, left + measure * 0.6, head_base));
    }
    items.push(PageItem::Rule(Rule {
        x0: left,
        y0: top - 10.0,
        x1: left + measure,
        y1: top - 10.0,
        width: HAIRLINE.0,
        colour: HAIRLINE.1,
    }));
    // Running heads are drawn first so the page's reading order starts with them.
    items.append(&mut state.page.items);
    state.page.items = items;
    // Duplex: left-hand (even) pages mirror the margins.
    if number.is_multiple_of(2) && look.mirror_dx != 0.0 {
        shift(&mut state.page, look.mirror_dx);
    }
    state.page
}

/// The "Page X of Y" footer of page `number` (1-based) of `total`.
pub(super) fn footer(
    look: &Look,
    words: Option<&str>,
    shaper: &mut Shaper,
    number: usize,
    total: usize,
) -> Vec<PageItem> {
    let centre = ParaStyle {
        align: Align::Centre,
        ..look.sans(8.0, 10.0, false, look.grey)
    };
    let f = set_line(
        shaper,
        &crate::locale::Locale::fill(
            words.unwrap_or(&look.page_of),
            &[("n", &number.to_string()), ("total", &total.to_string())],
        ),
        &centre,
        look.measure,
    );
    let mut page = Page {
        width: look.width,
        height: look.height,
        items: place(&f, look.left, look.bottom + 28.0),
        links: Vec::new(),
    };
    if number.is_multiple_of(2) && look.mirror_dx != 0.0 {
        shift(&mut page, look.mirror_dx);
    }
    page.items
}

/// Moves everything on a page `dx` points to the right.
fn shift(page: &mut Page, dx: f32) {
    for item in &mut page.items {
        match item {
            PageItem::Text(t) => t.x += dx,
            PageItem::Rule(r) => {
                r.x0 += dx;
                r.x1 += dx;
            }
            PageItem::Fill(f) => f.x += dx,
            PageItem::Image(i) => i.x += dx,
        }
    }
    for link in &mut page.links {
        link.x0 += dx;
        link.x1 += dx;
    }
}

fn set_line(shaper: &mut Shaper, text: &str, style: &ParaStyle, width: f32) -> Vec<Line> {
    set_paragraph(
        shaper,
        &[Span::plain(text)],
        style,
        width,
        Breaker::FirstFit,
    )
    .0
}

fn place(lines: &[Line], x: f32, baseline: f32) -> Vec<PageItem> {
    lines
        .iter()
        .take(1)
        .flat_map(|l| l.runs.iter())
        .map(|r| {
            PageItem::Text(TextRun {
                x: r.x + x,
                y: baseline,
                ..r.clone()
            })
        })
        .collect()
}

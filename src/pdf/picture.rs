//! Turns the cover logo into a PDF XObject: PNG as deflated pixels (with a soft mask for
//! transparency), JPEG passed through as it is (a CMYK one comes as RGB pixels, converted
//! when it was read), SVG as vector paths in a form.

use super::{compress, Refs, WriteError, LEVEL};
use crate::document::{Logo, LogoKind};
use pdf_writer::{Chunk, Content, Filter, Finish, Rect, Ref};
use usvg::tiny_skia_path::PathSegment;

/// Writes `logo` as XObject `id`.
pub(super) fn write_picture(
    chunk: &mut Chunk,
    refs: &mut Refs,
    id: Ref,
    logo: &Logo,
) -> Result<(), WriteError> {
    match logo.kind {
        LogoKind::Jpeg { grey } => {
            jpeg(chunk, id, logo, grey);
            Ok(())
        }
        LogoKind::Png => png(chunk, refs, id, logo),
        LogoKind::Svg => svg(chunk, id, logo),
        LogoKind::Rgb => {
            let packed = compress(&logo.data, LEVEL);
            let mut image = chunk.image_xobject(id, &packed);
            image.filter(Filter::FlateDecode);
            image
                .width(logo.width as i32)
                .height(logo.height as i32)
                .bits_per_component(8);
            image.color_space().device_rgb();
            Ok(())
        }
    }
}

fn jpeg(chunk: &mut Chunk, id: Ref, logo: &Logo, grey: bool) {
    let mut image = chunk.image_xobject(id, &logo.data);
    image.filter(Filter::DctDecode);
    image
        .width(logo.width as i32)
        .height(logo.height as i32)
        .bits_per_component(8);
    // (A CMYK JPEG was converted to RGB pixels when it was read.)
    if grey {
        image.color_space().device_gray();
    } else {
        image.color_space().device_rgb();
    }
}

/// What of a picture the PDF draws only approximately, if it is an SVG, each with how it is
/// drawn instead ("gradients (drawn in their first colour)"); empty when it is drawn
/// exactly. Text is drawn as outlines in the bundled fonts.
pub fn approximations(logo: &Logo) -> Vec<String> {
    if logo.kind != LogoKind::Svg {
        return Vec::new();
    }
    let Ok(tree) = usvg::Tree::from_data(&logo.data, crate::layout::svg::options()) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    group_approximations(tree.root(), &mut found);
    let mut out: Vec<String> = found.iter().map(|s| s.to_string()).collect();
    out.extend(
        crate::layout::svg::substituted_fonts(&tree)
            .into_iter()
            .map(|f| format!("text in {f} (drawn in Noto Sans, which the report has)")),
    );
    out
}

/// Adds to `found` what of an SVG group the PDF draws only approximately, and how.
fn group_approximations(group: &usvg::Group, found: &mut Vec<&'static str>) {
    fn note(found: &mut Vec<&'static str>, what: &'static str) {
        if !found.contains(&what) {
            found.push(what);
        }
    }
    if group.opacity().get() < 1.0 {
        note(found, TRANSPARENCY);
    }
    if group.clip_path().is_some() || group.mask().is_some() {
        note(
            found,
            "clipping or masks (ignored: the shapes are drawn whole)",
        );
    }
    if !group.filters().is_empty() {
        note(found, "filters such as blur or shadow (left out)");
    }
    for node in group.children() {
        match node {
            usvg::Node::Group(g) => group_approximations(g, found),
            usvg::Node::Text(t) if t.flattened().children().is_empty() => {
                note(found, "text in characters no bundled font has (left out)")
            }
            usvg::Node::Text(t) => group_approximations(t.flattened(), found),
            usvg::Node::Image(_) => note(
                found,
                "pictures inside the SVG or linked from it (left out; linked files are never read)",
            ),
            usvg::Node::Path(p) => {
                let paints = p
                    .fill()
                    .map(|f| (f.paint(), f.opacity().get()))
                    .into_iter()
                    .chain(p.stroke().map(|s| (s.paint(), s.opacity().get())));
                for (paint, opacity) in paints {
                    match paint {
                        usvg::Paint::Color(_) if opacity < 1.0 => note(found, TRANSPARENCY),
                        usvg::Paint::Color(_) => {}
                        usvg::Paint::LinearGradient(_) | usvg::Paint::RadialGradient(_) => {
                            note(found, "gradients (drawn in their first colour)")
                        }
                        usvg::Paint::Pattern(_) => note(found, "patterns (drawn grey)"),
                    }
                }
            }
        }
    }
}

const TRANSPARENCY: &str = "transparency (drawn opaque)";

fn png(chunk: &mut Chunk, refs: &mut Refs, id: Ref, logo: &Logo) -> Result<(), WriteError> {
    let bad = |e: String| WriteError(format!("the PNG logo cannot be decoded: {e}"));
    let mut decoder = png::Decoder::new(std::io::Cursor::new(logo.data.as_slice()));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(|e| bad(e.to_string()))?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| bad("too large".into()))?;
    let mut buf = vec![0; size];
    let frame = reader
        .next_frame(&mut buf)
        .map_err(|e| bad(e.to_string()))?;
    buf.truncate(frame.buffer_size());
    let (colour, alpha) = match frame.color_type {
        png::ColorType::Grayscale => (1, false),
        png::ColorType::GrayscaleAlpha => (1, true),
        png::ColorType::Rgb => (3, false),
        png::ColorType::Rgba => (3, true),
        png::ColorType::Indexed => return Err(bad("palette not expanded".into())),
    };
    let stride = colour + usize::from(alpha);
    let mut pixels = Vec::with_capacity(buf.len());
    let mut mask = Vec::new();
    for px in buf.chunks_exact(stride) {
        pixels.extend(&px[..colour]);
        if alpha {
            mask.push(px[colour]);
        }
    }
    let (w, h) = (frame.width as i32, frame.height as i32);
    let mask_ref = (alpha && mask.iter().any(|&a| a != 255)).then(|| refs.next());
    let packed = compress(&pixels, LEVEL);
    let mut image = chunk.image_xobject(id, &packed);
    image.filter(Filter::FlateDecode);
    image.width(w).height(h).bits_per_component(8);
    if colour == 1 {
        image.color_space().device_gray();
    } else {
        image.color_space().device_rgb();
    }
    if let Some(m) = mask_ref {
        image.s_mask(m);
    }
    image.finish();
    if let Some(m) = mask_ref {
        let packed = compress(&mask, LEVEL);
        let mut smask = chunk.image_xobject(m, &packed);
        smask.filter(Filter::FlateDecode);
        smask.width(w).height(h).bits_per_component(8);
        smask.color_space().device_gray();
    }
    Ok(())
}

/// The SVG's shapes as a form in its own units (y downwards; the page flips it).
fn svg(chunk: &mut Chunk, id: Ref, logo: &Logo) -> Result<(), WriteError> {
    let tree = usvg::Tree::from_data(&logo.data, crate::layout::svg::options())
        .map_err(|e| WriteError(format!("the SVG logo: {e}")))?;
    let mut c = Content::with_settings(super::COMPACT);
    group(&mut c, tree.root());
    let packed = compress(&c.finish(), LEVEL);
    let size = tree.size();
    chunk
        .form_xobject(id, &packed)
        .bbox(Rect::new(0.0, 0.0, size.width(), size.height()))
        .filter(Filter::FlateDecode);
    Ok(())
}

fn group(c: &mut Content, g: &usvg::Group) {
    for node in g.children() {
        match node {
            usvg::Node::Group(inner) => group(c, inner),
            usvg::Node::Path(p) => path(c, p),
            usvg::Node::Text(t) => group(c, t.flattened()),
            // Bitmaps inside an SVG logo are not drawn.
            usvg::Node::Image(_) => {}
        }
    }
}

/// A paint as one colour: gradients are drawn in their first stop's colour, patterns grey.
fn paint_colour(paint: &usvg::Paint) -> (f32, f32, f32) {
    let c = match paint {
        usvg::Paint::Color(c) => *c,
        usvg::Paint::LinearGradient(g) => g
            .stops()
            .first()
            .map_or(usvg::Color::black(), |s| s.color()),
        usvg::Paint::RadialGradient(g) => g
            .stops()
            .first()
            .map_or(usvg::Color::black(), |s| s.color()),
        usvg::Paint::Pattern(_) => usvg::Color::new_rgb(128, 128, 128),
    };
    let f = |v: u8| f32::from(v) / 255.0;
    (f(c.red), f(c.green), f(c.blue))
}

fn path(c: &mut Content, p: &usvg::Path) {
    if !p.is_visible() || (p.fill().is_none() && p.stroke().is_none()) {
        return;
    }
    let t = p.abs_transform();
    c.save_state();
    c.transform([t.sx, t.ky, t.kx, t.sy, t.tx, t.ty]);
    // The current point, and where the subpath started (for quadratic curves and close).
    let (mut cur, mut start) = ((0.0f32, 0.0f32), (0.0f32, 0.0f32));
    for segment in p.data().segments() {
        match segment {
            PathSegment::MoveTo(a) => {
                c.move_to(a.x, a.y);
                cur = (a.x, a.y);
                start = cur;
            }
            PathSegment::LineTo(a) => {
                c.line_to(a.x, a.y);
                cur = (a.x, a.y);
            }
            PathSegment::QuadTo(q, e) => {
                // A quadratic curve raised to a cubic one.
                c.cubic_to(
                    cur.0 + 2.0 / 3.0 * (q.x - cur.0),
                    cur.1 + 2.0 / 3.0 * (q.y - cur.1),
                    e.x + 2.0 / 3.0 * (q.x - e.x),
                    e.y + 2.0 / 3.0 * (q.y - e.y),
                    e.x,
                    e.y,
                );
                cur = (e.x, e.y);
            }
            PathSegment::CubicTo(a, b, e) => {
                c.cubic_to(a.x, a.y, b.x, b.y, e.x, e.y);
                cur = (e.x, e.y);
            }
            PathSegment::Close => {
                c.close_path();
                cur = start;
            }
        }
    }
    if let Some(fill) = p.fill() {
        let (r, g, b) = paint_colour(fill.paint());
        c.set_fill_rgb(r, g, b);
    }
    if let Some(stroke) = p.stroke() {
        let (r, g, b) = paint_colour(stroke.paint());
        c.set_stroke_rgb(r, g, b);
        c.set_line_width(stroke.width().get());
        c.set_line_cap(match stroke.linecap() {
            usvg::LineCap::Butt => pdf_writer::types::LineCapStyle::ButtCap,
            usvg::LineCap::Round => pdf_writer::types::LineCapStyle::RoundCap,
            usvg::LineCap::Square => pdf_writer::types::LineCapStyle::ProjectingSquareCap,
        });
        c.set_line_join(match stroke.linejoin() {
            usvg::LineJoin::Round => pdf_writer::types::LineJoinStyle::RoundJoin,
            usvg::LineJoin::Bevel => pdf_writer::types::LineJoinStyle::BevelJoin,
            _ => pdf_writer::types::LineJoinStyle::MiterJoin,
        });
        c.set_miter_limit(stroke.miterlimit().get());
    }
    let even_odd = p
        .fill()
        .is_some_and(|f| f.rule() == usvg::FillRule::EvenOdd);
    match (p.fill().is_some(), p.stroke().is_some(), even_odd) {
        (true, true, false) => c.fill_nonzero_and_stroke(),
        (true, true, true) => c.fill_even_odd_and_stroke(),
        (true, false, false) => c.fill_nonzero(),
        (true, false, true) => c.fill_even_odd(),
        _ => c.stroke(),
    };
    c.restore_state();
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn svg(text: &str) -> Logo {
        Logo {
            kind: LogoKind::Svg,
            data: Arc::new(text.as_bytes().to_vec()),
            width: 120.0,
            height: 40.0,
        }
    }

    #[test]
    fn names_what_an_svg_loses() {
        let flat = svg(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#1F5F6B"/></svg>"##,
        );
        assert!(approximations(&flat).is_empty());
        let shaded = svg(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><linearGradient id="g"><stop offset="0" stop-color="#000"/><stop offset="1" stop-color="#fff"/></linearGradient><rect width="120" height="40" fill="url(#g)" opacity="0.5"/></svg>"##,
        );
        assert_eq!(
            approximations(&shaded),
            [
                "transparency (drawn opaque)",
                "gradients (drawn in their first colour)"
            ]
        );
        // Text is drawn as outlines; a font the report lacks is named with its stand-in.
        let text = svg(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><text x="2" y="30" font-family="Noto Sans" font-size="20">Trust</text></svg>"##,
        );
        assert!(
            approximations(&text).is_empty(),
            "{:?}",
            approximations(&text)
        );
        let arial = svg(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><text x="2" y="30" font-family="Arial" font-size="20">Trust</text></svg>"##,
        );
        assert_eq!(
            approximations(&arial),
            ["text in Arial (drawn in Noto Sans, which the report has)"]
        );
    }

    #[test]
    fn an_svgs_text_is_drawn_as_outlines() {
        let logo = svg(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><text x="2" y="30" font-size="20">Trust</text></svg>"##,
        );
        let tree = usvg::Tree::from_data(&logo.data, crate::layout::svg::options()).expect("SVG");
        let mut c = Content::new();
        group(&mut c, tree.root());
        let ops = String::from_utf8_lossy(&c.finish()).into_owned();
        // Five letters of curves, filled.
        assert!(ops.matches(" c\n").count() > 20, "{ops}");
        assert!(
            ops.contains("\nf\n") || ops.contains(" f\n") || ops.contains("f*"),
            "{ops}"
        );
    }
}

//! Turns the bundled fonts into the options usvg reads an SVG (a logo, a photo) with, so the
//! SVG's text is set in them and drawn as outlines, and names the fonts it asks for that the
//! report does not have. Pictures an SVG links to are never read.

/// How SVGs are read: their text set in the bundled fonts, so it is drawn as outlines (a
/// font the report does not have becomes Noto Sans; see [`substituted_fonts`]).
pub fn options() -> &'static usvg::Options<'static> {
    static OPTIONS: std::sync::OnceLock<usvg::Options<'static>> = std::sync::OnceLock::new();
    OPTIONS.get_or_init(|| {
        use usvg::fontdb;
        let mut db = fontdb::Database::new();
        for (_, bytes) in super::fonts::FONT_FILES {
            db.load_font_source(fontdb::Source::Binary(std::sync::Arc::new(bytes)));
        }
        db.set_serif_family("Noto Serif");
        db.set_sans_serif_family("Noto Sans");
        let mut options = usvg::Options {
            font_family: "Noto Sans".into(),
            fontdb: std::sync::Arc::new(db),
            ..usvg::Options::default()
        };
        options.font_resolver.select_font = Box::new(|font, db| {
            let mut families: Vec<fontdb::Family> = font
                .families()
                .iter()
                .map(|f| match f {
                    usvg::FontFamily::Serif => fontdb::Family::Serif,
                    usvg::FontFamily::SansSerif => fontdb::Family::SansSerif,
                    usvg::FontFamily::Cursive => fontdb::Family::Cursive,
                    usvg::FontFamily::Fantasy => fontdb::Family::Fantasy,
                    usvg::FontFamily::Monospace => fontdb::Family::Monospace,
                    usvg::FontFamily::Named(n) => fontdb::Family::Name(n),
                })
                .collect();
            // A logo's own typeface is most often a sans: Noto Sans stands in for it.
            families.push(fontdb::Family::SansSerif);
            let style = match font.style() {
                usvg::FontStyle::Normal => fontdb::Style::Normal,
                usvg::FontStyle::Italic => fontdb::Style::Italic,
                usvg::FontStyle::Oblique => fontdb::Style::Oblique,
            };
            db.query(&fontdb::Query {
                families: &families,
                weight: fontdb::Weight(font.weight()),
                stretch: fontdb::Stretch::Normal,
                style,
            })
        });
        // Never read a file an SVG links to (`<image href="/etc/passwd">`, `/dev/zero`, a
        // picture outside the project): the PDF leaves pictures inside an SVG out anyway.
        // A placeholder keeps the image in the tree, so the warning that pictures inside the
        // SVG are left out names it (a resolver answering nothing would drop it silently).
        options.image_href_resolver.resolve_string = Box::new(|_, _| {
            Some(usvg::ImageKind::PNG(std::sync::Arc::new(
                LINKED_PICTURE.to_vec(),
            )))
        });
        options
    })
}

/// A 1 × 1 grey PNG standing in for a picture an SVG links to (never read).
const LINKED_PICTURE: [u8; 67] = [
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0,
    0, 0, 58, 126, 155, 85, 0, 0, 0, 10, 73, 68, 65, 84, 120, 156, 99, 96, 0, 0, 0, 2, 0, 1, 72,
    175, 164, 113, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

/// The fonts an SVG's text names that the report does not have (Noto Sans is drawn in
/// their place), each once, in the order first named.
pub fn substituted_fonts(tree: &usvg::Tree) -> Vec<String> {
    fn walk(g: &usvg::Group, db: &usvg::fontdb::Database, out: &mut Vec<String>) {
        for node in g.children() {
            match node {
                usvg::Node::Group(inner) => walk(inner, db, out),
                usvg::Node::Text(t) => {
                    let spans = t.chunks().iter().flat_map(|c| c.spans());
                    for span in spans {
                        let named = span.font().families().iter().find_map(|f| match f {
                            usvg::FontFamily::Named(n) => Some(n),
                            _ => None,
                        });
                        let Some(name) = named else { continue };
                        let known = db.faces().any(|face| {
                            face.families
                                .iter()
                                .any(|(f, _)| f.eq_ignore_ascii_case(name))
                        });
                        if !known && !out.contains(name) {
                            out.push(name.clone());
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(tree.root(), &options().fontdb, &mut out);
    out
}

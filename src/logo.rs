//! Reads a cover logo file (PNG, JPEG or SVG) into a [`Logo`]: its bytes, kind and intrinsic
//! size, checked here so that a bad file is reported before anything is laid out.

use crate::diagnostic::Diagnostic;
pub use crate::document::{Logo, LogoKind};
use std::path::Path;
use std::sync::Arc;

/// A problem with the logo at `path`, reported in `setting` (report.toml).
fn logo_problem(path: &Path, setting: &Path, message: String) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error(message)
            .in_file(setting)
            .with_value(path.display().to_string())
            .with_hint("give [cover] logo a PNG, JPEG or SVG file, relative to report.toml"),
    )
}

/// A logo or picture as read, with warnings about what reading it changed (a CMYK JPEG's
/// colours converted to RGB).
#[derive(Debug)]
pub struct Read {
    pub logo: Logo,
    pub warnings: Vec<Diagnostic>,
}

/// Reads and checks the logo at `path`; `setting` names where it was configured.
pub fn read_logo(
    files: &crate::files::Files,
    path: &Path,
    setting: &Path,
) -> Result<Read, Box<Diagnostic>> {
    let problem = |message: String| logo_problem(path, setting, message);
    let data = files.read(path, crate::files::IMAGE_LIMIT).map_err(|e| {
        problem(match e.kind() {
            // Our own refusals read as "is a folder; …".
            std::io::ErrorKind::InvalidInput => format!("the logo {e}"),
            _ => format!("the logo cannot be read: {e}"),
        })
    })?;
    parse_logo(data, path, setting)
}

/// Reads and checks a logo's bytes; `path` and `setting` name it in messages.
pub fn parse_logo(data: Vec<u8>, path: &Path, setting: &Path) -> Result<Read, Box<Diagnostic>> {
    let problem = |message: String| logo_problem(path, setting, message);
    let mut warnings = Vec::new();
    let (kind, size) = if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        (LogoKind::Png, png_size(&data))
    } else if data.starts_with(&[0xFF, 0xD8]) {
        let frame = jpeg_frame(&data);
        let grey = frame.is_some_and(|(_, _, components)| components == 1);
        let size = frame.map(|(w, h, _)| (f32::from(w), f32::from(h)));
        (LogoKind::Jpeg { grey }, size)
    } else if std::str::from_utf8(&data).is_ok_and(|t| t.contains("<svg")) {
        let tree = usvg::Tree::from_data(&data, crate::layout::svg::options()).map_err(|e| {
            problem(format!(
                "the logo is not a readable SVG: {}",
                svg_problem(&e)
            ))
            .with_fix("export the logo again from your design program, as plain SVG")
        })?;
        (
            LogoKind::Svg,
            Some((tree.size().width(), tree.size().height())),
        )
    } else {
        return Err(problem("the logo is not a PNG, JPEG or SVG file".into()));
    };
    let (width, height) = size
        .filter(|(w, h)| *w > 0.0 && *h > 0.0)
        .ok_or_else(|| problem("the logo's size cannot be read".into()))?;
    if kind != LogoKind::Svg {
        // Checked before any pixel is decoded: a small file can declare a huge image.
        if f64::from(width) * f64::from(height) > MAX_PIXELS as f64 {
            return Err(problem(format!(
                "the logo is {width} × {height} pixels, more than the {} million a logo may have",
                MAX_PIXELS / 1_000_000
            ))
            .with_fix("make it smaller: a cover logo needs at most about 2,000 pixels across"));
        }
        let sound = match kind {
            LogoKind::Png => png_decodes(&data),
            _ => jpeg_is_whole(&data),
        };
        sound.map_err(|why| {
            problem(why).with_fix("export the logo again from your design program")
        })?;
    }
    let (kind, data) = match kind {
        LogoKind::Jpeg { .. } if jpeg_frame(&data).is_some_and(|f| f.2 == 4) => {
            let pixels = cmyk_jpeg_to_rgb(&data).map_err(|why| {
                problem(why).with_fix("export the logo again from your design program, as RGB")
            })?;
            warnings.push(
                Diagnostic::warning("the logo is a CMYK JPEG: it is converted to RGB, as PDF/A asks of a report for screens, so its printed colours may shift slightly")
                    .in_file(setting)
                    .with_value(path.display().to_string())
                    .with_hint("export the logo as an RGB JPEG or a PNG to choose its colours yourself"),
            );
            (LogoKind::Rgb, pixels)
        }
        other => (other, data),
    };
    let logo = Logo {
        kind,
        data: Arc::new(data),
        width,
        height,
    };
    Ok(Read { logo, warnings })
}

/// A CMYK (or YCCK) JPEG's pixels converted to 8-bit RGB.
/// What is wrong with an SVG usvg cannot read, in plain words.
fn svg_problem(e: &usvg::Error) -> String {
    use usvg::roxmltree::Error as Xml;
    match e {
        usvg::Error::NotAnUtf8Str => "it is not UTF-8 text".into(),
        usvg::Error::MalformedGZip => "it is compressed, but not with gzip".into(),
        usvg::Error::ElementsLimitReached => {
            "it has more than a million elements, more than a picture may have".into()
        }
        usvg::Error::InvalidSize => {
            "it has no size (its <svg> element needs a width and height, or a viewBox)".into()
        }
        usvg::Error::ParsingFailed(Xml::EntityReferenceLoop(at)) => format!(
            "its entities (<!ENTITY>) expand without end or past what a picture may hold (line {}, column {})",
            at.row, at.col
        ),
        usvg::Error::ParsingFailed(
            Xml::NodesLimitReached | Xml::AttributesLimitReached | Xml::NamespacesLimitReached,
        ) => "it nests or holds more elements than a picture may have".into(),
        usvg::Error::ParsingFailed(xml) => format!("it is not well-formed XML: {xml}"),
    }
}

fn cmyk_jpeg_to_rgb(data: &[u8]) -> Result<Vec<u8>, String> {
    use zune_jpeg::zune_core::{bytestream::ZCursor, colorspace::ColorSpace, options};
    let options = options::DecoderOptions::default()
        .jpeg_set_out_colorspace(ColorSpace::RGB)
        .set_max_width(usize::MAX)
        .set_max_height(usize::MAX);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(data), options);
    decoder
        .decode()
        .map_err(|e| format!("the CMYK JPEG logo cannot be decoded to convert it to RGB: {e}"))
}

/// The most pixels a PNG or JPEG logo may have (a 40-megapixel image takes 160 MB decoded).
pub const MAX_PIXELS: u64 = 40_000_000;

trait Fix {
    fn with_fix(self, hint: &str) -> Self;
}

impl Fix for Box<Diagnostic> {
    fn with_fix(self, hint: &str) -> Self {
        Box::new((*self).with_hint(hint))
    }
}

/// Decodes a PNG through (as the PDF writer will), so a damaged one is found by `check`.
fn png_decodes(data: &[u8]) -> Result<(), String> {
    let bad = |e: String| format!("the PNG logo is damaged: {e}");
    let mut decoder = png::Decoder::new(std::io::Cursor::new(data));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(|e| bad(e.to_string()))?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| bad("it is too large".into()))?;
    let mut buf = vec![0; size];
    reader
        .next_frame(&mut buf)
        .map(|_| ())
        .map_err(|e| bad(e.to_string()))
}

/// Whether a JPEG has its scan and its end marker (one cut short after its header has
/// neither, and would draw as a broken image).
fn jpeg_is_whole(data: &[u8]) -> Result<(), String> {
    let has_scan = data.windows(2).any(|w| w == [0xFF, 0xDA]);
    let trimmed = data
        .iter()
        .rposition(|&b| b != 0)
        .map_or(&data[..0], |end| &data[..=end]);
    if has_scan && trimmed.ends_with(&[0xFF, 0xD9]) {
        Ok(())
    } else {
        Err("the JPEG logo is cut short (its image data or end marker is missing)".into())
    }
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(data: &[u8]) -> Option<(f32, f32)> {
    let w = u32::from_be_bytes(data.get(16..20)?.try_into().ok()?);
    let h = u32::from_be_bytes(data.get(20..24)?.try_into().ok()?);
    Some((w as f32, h as f32))
}

/// Width, height and number of colour components from a JPEG's first start-of-frame marker.
fn jpeg_frame(data: &[u8]) -> Option<(u16, u16, u8)> {
    let mut i = 2;
    while i + 9 < data.len() {
        if data[i] != 0xFF {
            i += 1;
            continue;
        }
        let marker = data[i + 1];
        let len = usize::from(u16::from_be_bytes([data[i + 2], data[i + 3]]));
        // SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC).
        if (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            let h = u16::from_be_bytes([data[i + 5], data[i + 6]]);
            let w = u16::from_be_bytes([data[i + 7], data[i + 8]]);
            return Some((w, h, data[i + 9]));
        }
        i += 2 + len;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sizes_and_rejects_other_files() {
        let dir = tempfile::tempdir().unwrap();
        let svg = dir.path().join("logo.svg");
        std::fs::write(&svg, r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#1F5F6B"/></svg>"##).unwrap();
        let read = read_logo(&Default::default(), &svg, Path::new("report.toml")).unwrap();
        let logo = read.logo;
        assert_eq!(
            (logo.kind, logo.width, logo.height),
            (LogoKind::Svg, 120.0, 40.0)
        );
        assert!(read.warnings.is_empty());
        let txt = dir.path().join("logo.txt");
        std::fs::write(&txt, "not an image").unwrap();
        let err = read_logo(&Default::default(), &txt, Path::new("report.toml")).unwrap_err();
        assert!(
            err.to_string().contains("is not a PNG, JPEG or SVG file"),
            "{err}"
        );
        // A 3×2 PNG header.
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend(3u32.to_be_bytes());
        png.extend(2u32.to_be_bytes());
        assert_eq!(png_size(&png), Some((3.0, 2.0)));
    }
}

//! Turns the report's look (colours, font families) into the HTML edition's one inline style
//! sheet: readable from 320 px wide to a desktop, colours dark enough to read on white, the
//! bundled fonts embedded on request, and a print style with one case study per page.

use super::escape;
use crate::document::Rgb;
use crate::layout::FontId;
use std::fmt::Write;

/// What the HTML edition looks like: report.toml's colours and families, and whether the
/// bundled fonts travel inside the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Look {
    pub text: Rgb,
    pub accent: Rgb,
    pub body_sans: bool,
    pub headings_sans: bool,
    /// Embed the bundled Noto fonts (a larger file that looks the same everywhere); else the
    /// reader's system fonts.
    pub embed_fonts: bool,
    /// The skip link's words ("Skip to the report").
    pub skip: String,
    /// The contents' heading ("Contents").
    pub contents: String,
    /// The words that open a chart's figures as a table ("The figures as a table").
    pub figures: String,
}

/// Minimum contrast of text on white (WCAG 2.2 AA, 1.4.3).
const TEXT_CONTRAST: f64 = 4.5;

/// `colour`, darkened in small steps until text in it has at least 4.5:1 contrast on white.
pub fn readable_on_white(colour: Rgb) -> Rgb {
    let mut c = colour;
    while contrast_on_white(c) < TEXT_CONTRAST {
        let darker = |v: u8| (f64::from(v) * 0.92).floor() as u8;
        c = Rgb(darker(c.0), darker(c.1), darker(c.2));
    }
    c
}

/// The contrast ratio of `c` against white.
pub fn contrast_on_white(c: Rgb) -> f64 {
    let channel = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2);
    1.05 / (l + 0.05)
}

fn hex(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

const SERIF: &str = "Georgia, \"Noto Serif\", \"Times New Roman\", serif";
const SANS: &str = "\"Noto Sans\", \"Segoe UI\", Helvetica, Arial, sans-serif";

/// The style sheet, without the `<style>` element.
pub fn css(look: &Look) -> String {
    let (serif, sans) = if look.embed_fonts {
        (
            format!("\"Report Serif\", {SERIF}"),
            format!("\"Report Sans\", {SANS}"),
        )
    } else {
        (SERIF.to_string(), SANS.to_string())
    };
    let body = if look.body_sans { &sans } else { &serif };
    let headings = if look.headings_sans { &sans } else { &serif };
    let mut out = String::new();
    if look.embed_fonts {
        out.push_str(&font_faces(look));
    }
    let text = hex(readable_on_white(look.text));
    let accent = hex(readable_on_white(look.accent));
    let _ = write!(
        out,
        ":root{{--text:{text};--accent:{accent};--sans:{sans};}}\
         body{{font-family:{body};}}\
         h1,h2,h3,h4,h5,h6,.cover .organisation{{font-family:{headings};}}"
    );
    out.push_str(BASE);
    out
}

/// `@font-face` rules holding the bundled fonts of the families the report uses.
fn font_faces(look: &Look) -> String {
    let mut out = String::new();
    for (sans, family) in [(false, "Report Serif"), (true, "Report Sans")] {
        // The sans face sets tables, charts and facts; the serif only what asks for it.
        if !sans && look.body_sans && look.headings_sans {
            continue;
        }
        for (bold, italic) in [(false, false), (true, false), (false, true), (true, true)] {
            let file = FontId::select(sans, bold, italic).file();
            let _ = write!(
                out,
                "@font-face{{font-family:\"{family}\";font-weight:{};font-style:{};\
                 src:url(\"{}\") format(\"truetype\");}}",
                if bold { 700 } else { 400 },
                if italic { "italic" } else { "normal" },
                escape::data_uri("font/ttf", file)
            );
        }
    }
    out
}

/// The rules that do not change with the look.
const BASE: &str = "\
*,*::before,*::after{box-sizing:border-box;}\
html{-webkit-text-size-adjust:100%;text-size-adjust:100%;}\
body{margin:0;color:var(--text);background:#fff;line-height:1.55;font-size:1.0625rem;\
overflow-wrap:break-word;}\
header,nav,main{max-width:44rem;margin:0 auto;padding:0 1rem;}\
a{color:var(--accent);text-decoration-thickness:1px;text-underline-offset:2px;}\
a:focus-visible,[tabindex]:focus-visible{outline:3px solid var(--accent);outline-offset:2px;}\
.skip{position:absolute;left:-10000px;top:0;background:#fff;padding:.5rem 1rem;z-index:1;}\
.skip:focus{left:1rem;}\
h1,h2,h3,h4,h5,h6{line-height:1.25;margin:1.6em 0 .5em;}\
h1{font-size:2rem;color:var(--accent);margin-top:1.2em;}\
h2{font-size:1.5rem;color:var(--accent);}\
h3{font-size:1.25rem;}h4,h5,h6{font-size:1.0625rem;}\
.cover{padding:2rem 1rem 1rem;border-bottom:2px solid var(--accent);}\
.cover img{display:block;max-width:12rem;max-height:6rem;width:auto;height:auto;}\
.cover .organisation{font-size:1.25rem;font-weight:700;margin:.5rem 0;}\
.cover .date{margin:.25rem 0 1rem;}\
.figures{display:flex;flex-wrap:wrap;gap:.5rem 2rem;list-style:none;padding:0;margin:1rem 0;}\
.figures strong{display:block;font-family:var(--sans);font-size:1.75rem;color:var(--accent);}\
nav ul{list-style:none;padding:0;}nav li{margin:.25rem 0;}\
nav li.apart{margin-top:1rem;}nav li.strong{font-weight:700;}\
nav li ul{padding-left:1.5rem;margin-top:.25rem;}nav li.strong li{font-weight:400;}\
nav .n{display:inline-block;min-width:2.5em;font-variant-numeric:tabular-nums;}\
section{border-top:1px solid #ccc;padding-top:.5rem;margin-top:2.5rem;}\
dl.facts{background:#f3f5f5;border-left:4px solid var(--accent);padding:.75rem 1rem;\
margin:1rem 0;display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));\
gap:.5rem 1.5rem;font-family:var(--sans);font-size:.95rem;}\
dl.facts dt{font-weight:700;}dl.facts dd{margin:0;}\
figure{margin:1.25rem 0;}figure img{width:100%;height:auto;display:block;}\
.table{overflow-x:auto;margin:1rem 0;}\
table{border-collapse:collapse;font-family:var(--sans);font-size:.9rem;}\
caption{text-align:left;font-weight:700;padding:.25rem 0;}\
th,td{padding:.35rem .5rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top;}\
thead th{border-bottom:2px solid var(--text);}\
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap;}\
tbody th[scope=row]{font-weight:400;}tbody th[scope=rowgroup]{background:#f3f5f5;}\
tr.total th,tr.total td,tfoot th,tfoot td{font-weight:700;border-top:1px solid var(--text);}\
.chart svg{display:block;width:100%;overflow:visible;font-family:var(--sans);}\
.chart .bar{fill:var(--accent);}.chart .aside{fill:#6b6b6b;}.chart .grid{stroke:#d0d0d0;}\
.chart text{fill:var(--text);font-size:13px;}.chart .value{font-weight:700;}\
.chart .tick{font-size:12px;}\
details{margin:.5rem 0 1.5rem;font-family:var(--sans);font-size:.95rem;}\
summary{cursor:pointer;color:var(--accent);}\
@media print{\
.skip,nav{display:none;}\
body{font-size:11pt;}header,main{max-width:none;padding:0;}\
section{border:0;margin:0;padding:0;break-before:page;}\
figure,.chart,dl.facts,tr{break-inside:avoid;}\
h2,h3{break-after:avoid;}\
a{color:inherit;}\
details{display:none;}\
.table{overflow:visible;}\
}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_darkened_until_they_read_on_white() {
        // A pale accent (2:1) is darkened to at least 4.5:1; a dark one is kept.
        let pale = Rgb(0x7F, 0xC8, 0xD0);
        assert!(contrast_on_white(pale) < 4.5);
        let dark = readable_on_white(pale);
        assert!(contrast_on_white(dark) >= 4.5, "{dark:?}");
        assert_eq!(
            readable_on_white(Rgb(0x1F, 0x5F, 0x6B)),
            Rgb(0x1F, 0x5F, 0x6B)
        );
        assert!(contrast_on_white(readable_on_white(Rgb(255, 255, 255))) >= 4.5);
    }
}

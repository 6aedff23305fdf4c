//! PDF/UA-1 and PDF/A-2a: each fault an audit found, built for and checked by reading the PDF
//! back; and the conformance checker every test runs (tests/common/conformance.rs) shown to
//! catch each fault in a damaged PDF.

use crate::common::conformance::{self, elements, internal_links, tables};
use crate::common::{Pdf, Scratch};
use lopdf::{dictionary, Document, Object};

/// Grants in two programmes (so the summary groups them), with real hyphens, long words
/// that hyphenate and a combining mark.
const GRANTS: &str = "title,grantee,grantee_url,amount,duration,programme,summary\n\
    Anchor network,Centre for Local Economic Studies,https://cles.org.uk,103000,24,Economic Justice,\"A test-and-learn approach to community wealth building: institutionalisation, internationalisation and intergenerational responsibilities across neighbourhoods. Characterisations of interdisciplinary environmentalism; decentralisation, professionalisation and counterproductive overcomplications.\"\n\
    Food network,Harbourside Food Network,,88000,18,Climate Action,\"Volunteers will run drop-in sessions; Z\u{305} marks the spot.\"\n\
    Youth voice,Young Voices,,12000,12,Economic Justice,Young people shape the work.\n";

fn project() -> Scratch {
    let s = Scratch::with_sample();
    s.write("input/grants.csv", GRANTS);
    s
}

fn turn_on(s: &Scratch, setting: &str) {
    let (from, to) = match setting {
        "contents" => (
            "enabled = false        # true: a contents page",
            "enabled = true        # true: a contents page",
        ),
        "key_facts" => ("key_facts = false", "key_facts = true"),
        other => panic!("no such setting {other}"),
    };
    s.edit("templates/report.toml", from, to);
}

#[test]
fn issue_14_every_row_of_the_summary_table_accounts_for_every_column() {
    let s = project();
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    let pdf = Pdf::open(&s.path("report.pdf"));
    let tables = tables(&pdf);
    assert_eq!(tables.len(), 1, "{tables:?}");
    let rows = &tables[0];
    let header = ["TH:Column"; 4].map(String::from).to_vec();
    assert_eq!(rows[0], header);
    // A programme is one cell across the table, each grant four cells, a subtotal's label a
    // row header across grantee and project with its amount under Amount.
    let programme = vec!["TD*4".to_string()];
    let grant = vec!["TD".to_string(); 4];
    let total = ["TH:Row*2", "TD", "TD"].map(String::from).to_vec();
    assert_eq!(
        rows[1..],
        [
            programme.clone(),
            grant.clone(),
            grant.clone(),
            total.clone(),
            programme.clone(),
            grant.clone(),
            total.clone(),
            total.clone(),
        ],
        "{rows:?}"
    );
}

/// A CMYK JPEG (cyan, from a design agency's print files) as the cover logo.
fn cmyk_logo(s: &Scratch) {
    let (w, h) = (16u16, 8u16);
    // Cyan at full strength, no other ink (the encoder stores it inverted, as Adobe's do).
    let pixels: Vec<u8> = (0..usize::from(w) * usize::from(h))
        .flat_map(|_| [255u8, 0, 0, 0])
        .collect();
    let mut jpeg = Vec::new();
    jpeg_encoder::Encoder::new(&mut jpeg, 90)
        .encode(&pixels, w, h, jpeg_encoder::ColorType::Cmyk)
        .expect("encode a CMYK JPEG");
    s.write_bytes("templates/logo.jpg", &jpeg);
    s.edit(
        "templates/report.toml",
        "# logo = \"logo.svg\"    # PNG, JPEG or SVG, relative to this file",
        "logo = \"logo.jpg\"",
    );
}

#[test]
fn issue_14_a_cmyk_jpeg_logo_is_converted_to_rgb_and_said_so() {
    let s = project();
    cmyk_logo(&s);
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains!(
        run.stderr,
        "the logo is a CMYK JPEG: it is converted to RGB"
    );
    let pdf = Pdf::open(&s.path("report.pdf"));
    let images = pdf.images();
    let image = images.first().expect("the logo image");
    assert_eq!(
        image.dict.get(b"ColorSpace").and_then(|c| c.as_name()).ok(),
        Some(b"DeviceRGB".as_slice())
    );
    let pixels = image.decompressed_content().expect("inflate");
    assert_eq!(pixels.len(), 16 * 8 * 3);
    let (r, g, b) = (pixels[0], pixels[1], pixels[2]);
    assert!(r < 60 && g > 190 && b > 190, "cyan, not ({r}, {g}, {b})");
    // `check` decodes it too: a damaged CMYK JPEG is refused before a build.
    let mut bytes = std::fs::read(s.path("templates/logo.jpg")).expect("read");
    let scan = bytes
        .windows(2)
        .position(|w| w == [0xFF, 0xDA])
        .expect("scan");
    bytes.truncate(scan + 12);
    bytes.extend([0xFF, 0xD9]);
    s.write_bytes("templates/logo.jpg", &bytes);
    let run = s.run(&["check"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains!(run.stderr, "the CMYK JPEG logo cannot be decoded");
}

#[test]
fn issue_14_headings_nest_whatever_levels_the_template_and_introduction_skip() {
    let s = project();
    s.write(
        "templates/case-study.hbs",
        "# {{title}}\n\n{{summary}}\n\n### Why it matters\n\nBecause.\n\n## Results\n\nGood.\n",
    );
    s.write(
        "templates/introduction.md",
        "## About\n\nThis report.\n\n#### How we chose\n\nWith care.\n",
    );
    s.edit(
        "templates/report.toml",
        "# introduction = \"introduction.md\"",
        "introduction = \"introduction.md\"",
    );
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    let pdf = Pdf::open(&s.path("report.pdf"));
    let headings: Vec<(String, String)> = elements(&pdf)
        .into_iter()
        .filter(|(role, _)| role.starts_with('H'))
        .map(|(role, d)| {
            let title = d
                .get(b"T")
                .map(crate::common::decode_text)
                .unwrap_or_default();
            (role, title)
        })
        .collect();
    let expected = [
        ("H1", "Economic Justice programme case studies"),
        ("H2", "About"),
        ("H3", "How we chose"),
        ("H2", "Anchor network"),
        ("H3", "Why it matters"),
        ("H3", "Results"),
    ];
    for (i, (role, title)) in expected.iter().enumerate() {
        assert_eq!(
            (headings[i].0.as_str(), headings[i].1.as_str()),
            (*role, *title),
            "{headings:?}"
        );
    }
    assert_eq!(
        headings.last().map(|h| h.0.as_str()),
        Some("H2"),
        "the summary"
    );
}

/// The page text as pdftotext -raw gives it, with lines joined as a reader's copy would:
/// a line ending in a soft hyphen joins without it, one ending in a real hyphen keeps it.
fn joined_text(pdf: &Pdf) -> (String, usize) {
    let out = std::process::Command::new("pdftotext")
        .args(["-q", "-raw"])
        .arg(&pdf.path)
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut joined = String::new();
    let mut soft = 0;
    for line in text.lines() {
        if let Some(part) = line.strip_suffix('\u{AD}') {
            joined.push_str(part);
            soft += 1;
        } else if line.ends_with('-') {
            joined.push_str(line);
        } else {
            joined.push_str(line);
            joined.push(' ');
        }
    }
    (joined, soft)
}

#[test]
fn issue_14_break_hyphens_are_soft_so_words_and_real_hyphens_extract_whole() {
    let s = project();
    // A narrow page makes the long words break.
    s.edit(
        "templates/report.toml",
        "margin_outer_mm = 40.0",
        "margin_outer_mm = 75.0",
    );
    s.edit(
        "templates/report.toml",
        "margin_inner_mm = 30.0",
        "margin_inner_mm = 50.0",
    );
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    let pdf = Pdf::open(&s.path("report.pdf"));
    let (text, soft) = joined_text(&pdf);
    assert!(soft >= 2, "expected words broken at soft hyphens: {text}");
    for phrase in [
        "A test-and-learn approach to community wealth building:",
        "institutionalisation, internationalisation and intergenerational responsibilities across neighbourhoods.",
        "Characterisations of interdisciplinary environmentalism; decentralisation, professionalisation and counterproductive overcomplications.",
    ] {
        assert_contains!(text, phrase);
    }
    // On a page this narrow the cover's total is set smaller, never cut short.
    assert_contains!(text, "£203,000 AWARDED");
    // The hyphen drawn at a break is marked as standing for U+00AD.
    assert_contains!(pdf.content_of_page(2), "/ActualText<FEFF00AD>");
}

#[test]
fn issue_14_every_glyph_of_a_cluster_maps_to_its_text() {
    let s = project();
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    // The checker Pdf::open runs finds no glyph without a Unicode mapping.
    let pdf = Pdf::open(&s.path("report.pdf"));
    let (text, _) = joined_text(&pdf);
    assert_contains!(text, "Z\u{305} marks the spot");
}

#[test]
fn issue_14_the_contents_is_a_toc_whose_entries_link_to_their_pages() {
    let s = project();
    turn_on(&s, "contents");
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    let pdf = Pdf::open(&s.path("report.pdf"));
    let roles: Vec<String> = elements(&pdf).into_iter().map(|(r, _)| r).collect();
    assert_eq!(roles.iter().filter(|r| *r == "TOC").count(), 1, "{roles:?}");
    assert_eq!(
        roles.iter().filter(|r| *r == "TOCI").count(),
        4,
        "{roles:?}"
    );
    // Each entry's title and page number link from the contents page (2) to the page the
    // outline gives for it.
    let outline = pdf.outline();
    let mut links = internal_links(&pdf);
    links.dedup();
    let expected: Vec<(u32, u32)> = outline
        .iter()
        .filter(|(title, _)| title != "Contents")
        .map(|(_, page)| (2, *page as u32))
        .collect();
    assert_eq!(links, expected, "{outline:?}");
    let texts = pdf.page_texts();
    for (_, page) in &expected {
        assert!(texts[1].contains(&page.to_string()), "{}", texts[1]);
    }
}

#[test]
fn issue_14_a_full_featured_report_keeps_both_standards() {
    let s = project();
    turn_on(&s, "contents");
    turn_on(&s, "key_facts");
    cmyk_logo(&s);
    s.edit(
        "templates/report.toml",
        "# introduction = \"introduction.md\"",
        "introduction = \"introduction.md\"",
    );
    s.write(
        "templates/introduction.md",
        "# About\n\nSee [our site](https://example.org).\n\n- one\n- two\n",
    );
    let run = s.run(&["build", "--duplex", "--fit"]);
    assert_eq!(run.code, 0, "{run:?}");
    let pdf = Pdf::open(&s.path("report.pdf"));
    assert_eq!(conformance::problems(&pdf), Vec::<String>::new());
}

/// The sample with a link, built once per damage test, and the document to damage.
fn damaged(edit: impl FnOnce(&mut Document)) -> Vec<String> {
    let s = Scratch::with_sample();
    s.link_first_grantee();
    turn_on(&s, "contents");
    assert_eq!(s.run(&["build"]).code, 0);
    let sound = Pdf::open(&s.path("report.pdf"));
    assert_eq!(conformance::problems(&sound), Vec::<String>::new());
    let mut doc = sound.doc;
    edit(&mut doc);
    doc.save(s.path("damaged.pdf")).expect("save");
    conformance::problems(&Pdf::open_unchecked(&s.path("damaged.pdf")))
}

/// The first structure element with role `role`.
fn element_with_role<'d>(doc: &'d mut Document, role: &[u8]) -> &'d mut lopdf::Dictionary {
    let id = doc
        .objects
        .iter()
        .find(|(_, o)| {
            o.as_dict()
                .ok()
                .and_then(|d| d.get(b"S").ok())
                .and_then(|s| s.as_name().ok())
                == Some(role)
        })
        .map(|(id, _)| *id)
        .expect("an element with that role");
    doc.get_dictionary_mut(id).expect("dictionary")
}

fn catalog(doc: &mut Document) -> &mut lopdf::Dictionary {
    let root = doc
        .trailer
        .get(b"Root")
        .and_then(|r| r.as_reference())
        .expect("root");
    doc.get_dictionary_mut(root).expect("catalog")
}

fn first_page_content(doc: &mut Document, prefix: &[u8]) {
    let page = *doc.get_pages().get(&3).expect("page 3");
    let mut content = prefix.to_vec();
    content.extend(doc.get_page_content(page).expect("content"));
    doc.change_page_content(page, content).expect("change");
}

/// A change that breaks a sound PDF.
type Damage = Box<dyn FnOnce(&mut Document)>;

#[test]
fn issue_14_the_conformance_checker_catches_each_fault() {
    let cases: Vec<(&str, Damage)> = vec![
        (
            "a Figure has no /Alt text",
            Box::new(|d| {
                element_with_role(d, b"Figure").remove(b"Alt");
            }),
        ),
        (
            "a TH has no /Scope",
            Box::new(|d| {
                element_with_role(d, b"TH").remove(b"A");
            }),
        ),
        (
            "a Table is not regular",
            Box::new(|d| {
                let th = element_with_role(d, b"TH");
                th.set(
                    "A",
                    dictionary! { "O" => "Table", "Scope" => "Column", "ColSpan" => 3 },
                );
            }),
        ),
        (
            "heading levels skip: H1 then H3",
            Box::new(|d| {
                element_with_role(d, b"H2").set("S", Object::Name(b"H3".to_vec()));
            }),
        ),
        (
            "an empty heading H2",
            Box::new(|d| {
                element_with_role(d, b"H2").set("K", Object::Array(Vec::new()));
            }),
        ),
        (
            "a TOCI outside a TOC",
            Box::new(|d| {
                element_with_role(d, b"P").set("S", Object::Name(b"TOCI".to_vec()));
            }),
        ),
        (
            "catalog: no /Lang",
            Box::new(|d| {
                catalog(d).remove(b"Lang");
            }),
        ),
        (
            "catalog: /MarkInfo /Marked is not true",
            Box::new(|d| {
                catalog(d).remove(b"MarkInfo");
            }),
        ),
        (
            "catalog: /ViewerPreferences /DisplayDocTitle is not true",
            Box::new(|d| {
                catalog(d).remove(b"ViewerPreferences");
            }),
        ),
        (
            "catalog: no GTS_PDFA1 output intent",
            Box::new(|d| {
                catalog(d).remove(b"OutputIntents");
            }),
        ),
        (
            "metadata: Info /Title",
            Box::new(|d| {
                let info = d
                    .trailer
                    .get(b"Info")
                    .and_then(|i| i.as_reference())
                    .expect("info");
                d.get_dictionary_mut(info)
                    .expect("info")
                    .set("Title", Object::string_literal("Another title"));
            }),
        ),
        (
            "a link annotation has no /Contents",
            Box::new(|d| {
                for o in d.objects.values_mut() {
                    if let Ok(a) = o.as_dict_mut() {
                        if a.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"Link") {
                            a.remove(b"Contents");
                        }
                    }
                }
            }),
        ),
        (
            "has annotations but no /Tabs /S",
            Box::new(|d| {
                for (_, page) in d.get_pages() {
                    d.get_dictionary_mut(page).expect("page").remove(b"Tabs");
                }
            }),
        ),
        (
            "is not in the structure tree",
            Box::new(|d| {
                // Link elements keep their text but lose their annotations.
                for o in d.objects.values_mut() {
                    let Ok(e) = o.as_dict_mut() else { continue };
                    if e.get(b"S").and_then(|s| s.as_name()).ok() != Some(b"Link") {
                        continue;
                    }
                    if let Ok(Object::Array(kids)) = e.get_mut(b"K") {
                        kids.retain(|k| k.as_dict().is_err());
                    }
                }
            }),
        ),
        (
            "has no ToUnicode map",
            Box::new(|d| {
                for o in d.objects.values_mut() {
                    if let Ok(f) = o.as_dict_mut() {
                        f.remove(b"ToUnicode");
                    }
                }
            }),
        ),
        (
            "has no Unicode mapping",
            Box::new(|d| {
                for o in d.objects.values_mut() {
                    if let Ok(s) = o.as_stream_mut() {
                        let text = s.decompressed_content().unwrap_or_default();
                        if text.windows(11).any(|w| w == b"beginbfchar") {
                            s.dict.remove(b"Filter");
                            s.set_content(
                                b"/CIDInit /ProcSet findresource begin\nendcmap".to_vec(),
                            );
                        }
                    }
                }
            }),
        ),
        (
            "draws .notdef",
            Box::new(|d| first_page_content(d, b"/Artifact BMC BT /F0 10 Tf <0000> Tj ET EMC\n")),
        ),
        (
            "TJ outside marked content",
            Box::new(|d| first_page_content(d, b"BT /F0 10 Tf [<0003>] TJ ET\n")),
        ),
        (
            "paints in DeviceCMYK (k)",
            Box::new(|d| first_page_content(d, b"/Artifact BMC 0 0 0 1 k EMC\n")),
        ),
        (
            "is DeviceCMYK",
            Box::new(|d| {
                let image = lopdf::Stream::new(
                    dictionary! {
                        "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1,
                        "BitsPerComponent" => 8, "ColorSpace" => "DeviceCMYK",
                    },
                    vec![0, 0, 0, 0],
                );
                d.add_object(image);
            }),
        ),
    ];
    for (fault, damage) in cases {
        let problems = damaged(damage);
        assert!(
            problems.iter().any(|p| p.contains(fault)),
            "the checker missed \"{fault}\": {problems:?}"
        );
    }
}

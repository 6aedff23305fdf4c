//! Real data in, chosen content out (issue 16): 360Giving JSON in each of its shapes, read
//! back from the PDF.

use crate::common::{Pdf, Scratch};

/// Two grants as the 360Giving standard's examples write them (a data package), with a
/// beneficiary location beyond the fields the report maps.
fn package() -> serde_json::Value {
    serde_json::json!({
        "grants": [
            {
                "id": "360G-EXAMPLE-001",
                "title": "Community kitchen",
                "description": "Hot meals for families in Leeds.",
                "currency": "GBP",
                "amountAwarded": 152505.5,
                "awardDate": "2024-07-24",
                "plannedDates": [{"startDate": "2024-09-01", "duration": 30}],
                "recipientOrganization": [{"id": "GB-CHC-1", "name": "Leeds Kitchen Trust", "url": "https://kitchen.example.org"}],
                "fundingOrganization": [{"id": "GB-CHC-9", "name": "Funding Providers UK"}],
                "grantProgramme": [{"code": "AAC", "title": "Awards for All"}],
                "beneficiaryLocation": [{"name": "Leeds", "geoCode": "E08000035"}]
            },
            {
                "id": "360G-EXAMPLE-002",
                "title": "Youth theatre",
                "description": "A season of plays made by young people.",
                "currency": "GBP",
                "amountAwarded": 178990,
                "awardDate": "2025-01-15",
                "plannedDates": [{"duration": 12}],
                "recipientOrganization": [{"id": "GB-COH-2", "name": "Stage Door CIC"}],
                "fundingOrganization": [{"id": "GB-CHC-9", "name": "Funding Providers UK"}],
                "grantProgramme": [{"title": "Main Fund"}],
                "beneficiaryLocation": [{"name": "York"}]
            }
        ]
    })
}

/// A project of a JSON data file and the built-in settings (no report.toml).
fn json_project(name: &str, text: &str) -> Scratch {
    let s = Scratch::empty();
    s.write(name, text);
    s
}

#[test]
fn issue_16_every_360giving_json_shape_builds_with_exact_totals() {
    let p = package();
    let grants = p["grants"].as_array().expect("grants").clone();
    let lines: String = grants.iter().map(|g| format!("{g}\n")).collect();
    for (name, text) in [
        (
            "package.json",
            serde_json::to_string_pretty(&p).expect("json"),
        ),
        ("minified.json", p.to_string()),
        (
            "array.json",
            serde_json::to_string_pretty(&grants).expect("json"),
        ),
        ("grants.jsonl", lines.clone()),
        // Detected by content, whatever the extension says.
        (
            "export.txt",
            serde_json::to_string_pretty(&p).expect("json"),
        ),
    ] {
        let s = json_project(name, &text);
        let run = s.run_capped(&["build", name]);
        assert_eq!(run.code, 0, "{name}: {run:?}");
        assert_contains!(run.stdout, "2 grants, £331,495.50 awarded");
        let pages = Pdf::open(&s.path("report.pdf")).page_texts();
        // The funder the data names is the organisation on the cover.
        assert_contains!(pages[0], "Funding Providers UK");
        assert_contains!(
            pages[1],
            "Community kitchen: £152,505.50 over 30 months to Leeds Kitchen Trust. Hot meals for families in Leeds."
        );
        assert_contains!(pages[2], "Main Fund");
        assert_contains!(
            pages.last().expect("summary"),
            "Total (2 grants) £331,495.50"
        );
    }
}

#[test]
fn issue_16_templates_reach_every_json_value_by_path_or_spreadsheet_title() {
    let s = json_project(
        "grants.json",
        &serde_json::to_string_pretty(&package()).expect("json"),
    );
    s.write(
        "templates/case-study.hbs",
        "# {{title}}\n\nIn {{beneficiaryLocation.0.name}} ({{beneficiary_location_0_name}}, {{[Beneficiary Location:0:Name]}}), by {{[Recipient Org:Name]}}; code {{grantProgramme.0.code}}.\n",
    );
    // A report.toml that names no organisation still gets the funder on the cover.
    s.write("templates/report.toml", "title = \"Our grants\"\n");
    let run = s.run_capped(&["build", "grants.json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let pages = Pdf::open(&s.path("report.pdf")).page_texts();
    assert_contains!(pages[0], "Our grants Funding Providers UK");
    assert_contains!(
        pages[1],
        "In Leeds (Leeds, Leeds), by Leeds Kitchen Trust; code AAC."
    );
    // A path the data does not have is named as a template problem.
    s.write(
        "templates/case-study.hbs",
        "# {{title}}\n\n{{beneficiaryLocaton.0.name}}\n",
    );
    let run = s.run_capped(&["check", "grants.json"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains!(run.stderr, "the template uses {{beneficiaryLocaton}}");
    assert_contains!(run.stderr, "did you mean {{beneficiaryLocation}}");
}

#[test]
fn issue_16_json_problems_point_into_the_json() {
    let mut p = package();
    p["grants"][1]["amountAwarded"] = serde_json::json!("ten thousand");
    p["grants"][0]["awardDate"] = serde_json::json!("yesterday");
    let pretty = serde_json::to_string_pretty(&p).expect("json");
    // Grant 1 starts on the line after `"grants": [` and grant 2 where its `{` is.
    let second = pretty
        .lines()
        .position(|l| l.trim() == "},")
        .map(|i| i + 2)
        .expect("second grant");
    for (name, text, line) in [
        ("pretty.json", pretty.clone(), second),
        ("minified.json", p.to_string(), 1),
    ] {
        let s = json_project(name, &text);
        let run = s.run_capped(&["check", name]);
        assert_eq!(run.code, 1, "{run:?}");
        assert_contains!(
            run.stderr,
            &format!("error: {name}:{line}: grants[1] (360G-EXAMPLE-002): amountAwarded: \"ten thousand\" is not an amount")
        );
        assert_contains!(
            run.stderr,
            "grants[0] (360G-EXAMPLE-001): awardDate: \"yesterday\""
        );
    }
    // A syntax error gives its line and column, and shows the line.
    let s = json_project(
        "broken.json",
        "{\"grants\": [\n  {\"id\": \"a\", \"title\": \"T\" \"amountAwarded\": 5}\n]}\n",
    );
    let run = s.run_capped(&["check", "broken.json"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains!(
        run.stderr,
        "error: broken.json:2:28: the JSON cannot be read: expected `,` or `}`"
    );
    assert_contains!(
        run.stderr,
        "2 |   {\"id\": \"a\", \"title\": \"T\" \"amountAwarded\": 5}"
    );
    // Not grants at all, and a grant that is not an object.
    let s = json_project("other.json", "{\"data\": []}");
    let run = s.run_capped(&["check", "other.json"]);
    assert_contains!(run.stderr, "the JSON has no \"grants\" list");
    let s = json_project("odd.json", "[{\"id\": \"x\", \"title\": \"T\", \"recipientOrganization\": [{\"name\": \"O\"}], \"amountAwarded\": 5}, 7]");
    let run = s.run_capped(&["check", "odd.json"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains!(run.stderr, "grants[1] is not a grant");
}

#[test]
fn issue_16_hostile_json_is_refused_within_bounds() {
    // Nesting deeper than the parser allows, and a grant with more fields than a table may
    // have, are refused by name, under the memory and time cap.
    let deep = format!(
        "{{\"grants\": [{}1{}]}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let s = json_project("deep.json", &deep);
    let run = s.run_capped(&["check", "deep.json"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains!(run.stderr, "more than 128 deep");
    let fields: Vec<String> = (0..20_000).map(|i| format!("\"f{i}\": 1")).collect();
    let wide = format!("[{{\"id\": \"w\", {}}}]", fields.join(", "));
    let s = json_project("wide.json", &wide);
    let run = s.run_capped(&["check", "wide.json"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains!(run.stderr, "more than 16384 different fields");
}

/// Six grants over two financial years and three programmes, with pence and a repeat
/// grantee, as a data package.
fn six() -> String {
    let grant = |id: &str, title: &str, amount: f64, date: &str, programme: &str, grantee: &str| {
        serde_json::json!({
            "id": id, "title": title, "currency": "GBP", "amountAwarded": amount,
            "awardDate": date,
            "recipientOrganization": [{"name": grantee}],
            "fundingOrganization": [{"name": "Funding Providers UK"}],
            "grantProgramme": [{"title": programme}]
        })
    };
    serde_json::json!({"grants": [
        grant("G-1", "Alpha", 1000.10, "2024-03-31", "Main Fund", "Org A"),
        grant("G-2", "Bravo", 2500.00, "2024-04-01", "Youth", "Org B"),
        grant("G-3", "Charlie", 300.45, "2024-11-20", "Main Fund", "Org A"),
        grant("G-4", "Delta", 9000.00, "2025-03-31", "Arts", "Org C"),
        grant("G-5", "Echo", 4000.00, "2025-04-01", "Youth", "Org D"),
        grant("G-6", "Foxtrot", 50.50, "2024-06-30", "youth ", "Org B"),
    ]})
    .to_string()
}

#[test]
fn issue_16_grants_are_chosen_by_programme_year_amount_and_id_with_exact_totals() {
    let s = json_project("grants.json", &six());
    // One financial year, one programme (case and spaces aside), from the command line.
    let run = s.run_capped(&[
        "build",
        "grants.json",
        "--programme",
        "Youth",
        "--awarded-from",
        "2024-04-01",
        "--awarded-to",
        "2025-03-31",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains!(run.stdout, "2 of 6 grants selected, £2,550.50 awarded");
    let pdf = Pdf::open(&s.path("report.pdf"));
    let pages = pdf.page_texts();
    // Cover, two case studies, summary: the left-out grants are nowhere.
    assert_eq!(pages.len(), 4);
    assert_contains!(pages[0], "2 £2,551 GRANTS AWARDED");
    let all = pages.join(" ");
    for gone in ["Alpha", "Charlie", "Delta", "Echo"] {
        assert!(!all.contains(gone), "{gone} should be left out: {all}");
    }
    assert_contains!(pages[3], "Total (2 grants) £2,550.50");
    // From report.toml: an amount range and identifiers.
    s.write(
        "templates/report.toml",
        "[select]\nmin_amount = \"£1,000\"\nmax_amount = \"5000\"\n",
    );
    let run = s.run_capped(&["build", "grants.json"]);
    assert_contains!(run.stdout, "3 of 6 grants selected, £7,500.10 awarded");
    s.write(
        "templates/report.toml",
        "[select]\nids = [\"G-4\", \"G-6\"]\n",
    );
    let run = s.run_capped(&["build", "grants.json"]);
    assert_contains!(run.stdout, "2 of 6 grants selected, £9,050.50 awarded");
    // The command line wins over report.toml.
    let run = s.run_capped(&["build", "grants.json", "--id", "G-1"]);
    assert_contains!(run.stdout, "1 of 6 grants selected, £1,000.10 awarded");
}

#[test]
fn issue_16_a_choice_that_selects_nothing_says_what_exists() {
    let s = json_project("grants.json", &six());
    let run = s.run_capped(&["check", "grants.json", "--programme", "Sport"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains!(
        run.stderr,
        "error: grants.json: no grant is in the programmes chosen"
    );
    assert_contains!(
        run.stderr,
        "the programmes are: \"Main Fund\", \"Youth\", \"Arts\""
    );
    let run = s.run_capped(&["check", "grants.json", "--awarded-from", "2030-01-01"]);
    assert_contains!(run.stderr, "no grant was awarded in the dates chosen");
    assert_contains!(
        run.stderr,
        "the grants were awarded from 31 March 2024 to 1 April 2025"
    );
    let run = s.run_capped(&["check", "grants.json", "--min-amount", "1000000"]);
    assert_contains!(run.stderr, "the amounts run from £50.50 to £9,000");
    // A date that is not one is refused before anything is read.
    let run = s.run_capped(&["check", "grants.json", "--awarded-to", "31/03/2025"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains!(
        run.stderr,
        "--awarded-to is a date written YYYY-MM-DD, such as 2024-04-01, not \"31/03/2025\""
    );
    s.write("templates/report.toml", "[select]\nmin_amount = \"lots\"\n");
    let run = s.run_capped(&["check", "grants.json"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains!(
        run.stderr,
        "templates/report.toml:2:14: min_amount is an amount such as 10000 or £10,000, not \"lots\""
    );
}

#[test]
fn issue_16_case_studies_are_ordered_independently_of_the_summary() {
    let s = json_project("grants.json", &six());
    s.write(
        "templates/report.toml",
        "[case_study]\nsort = \"award_date\"\norder = \"descending\"\n\n[summary]\nsort = \"file\"\ncharts = []\n",
    );
    let run = s.run_capped(&["build", "grants.json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let pages = Pdf::open(&s.path("report.pdf")).page_texts();
    let order: Vec<&str> = pages[1..7]
        .iter()
        .map(|p| {
            ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"]
                .into_iter()
                .find(|t| p.contains(&format!("{t}:")))
                .expect("a case study")
        })
        .collect();
    assert_eq!(
        order,
        ["Echo", "Delta", "Charlie", "Foxtrot", "Bravo", "Alpha"]
    );
    // Numbered in the order they come; the summary keeps the file's order.
    assert_contains!(pages[1], "Case study 1 Echo:");
    let summary = pages.last().expect("summary");
    let at = |t: &str| summary.find(t).expect(t);
    assert!(
        at("Alpha") < at("Charlie") && at("Bravo") < at("Echo"),
        "{summary}"
    );
    // By amount, ascending.
    s.edit(
        "templates/report.toml",
        "sort = \"award_date\"\norder = \"descending\"",
        "sort = \"amount\"",
    );
    assert_eq!(s.run_capped(&["build", "grants.json"]).code, 0);
    let pages = Pdf::open(&s.path("report.pdf")).page_texts();
    assert_contains!(pages[1], "Foxtrot:");
    assert_contains!(pages[6], "Delta:");
}

#[test]
fn issue_16_a_board_pack_has_a_section_per_programme() {
    let s = json_project("grants.json", &six());
    s.write(
        "templates/report.toml",
        "sections = \"programme\"\n\n[contents]\nenabled = true\n\n[summary]\ncharts = []\n",
    );
    s.write(
        "templates/sections/youth.md",
        "Young people **lead** this programme.\n",
    );
    let run = s.run_capped(&["build", "grants.json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let pdf = Pdf::open(&s.path("report.pdf"));
    let pages = pdf.page_texts();
    // Cover, contents, then per programme (in the order their first grant comes) a divider
    // and its case studies, numbered as printed; then the summary.
    let divider = |name: &str| {
        pages
            .iter()
            .position(|p| p.contains(name) && p.contains(" awarded") && !p.contains("Case study"))
            .unwrap_or_else(|| panic!("no divider for {name}: {pages:?}"))
    };
    let (main, youth, arts) = (divider("Main Fund"), divider("Youth"), divider("Arts"));
    assert!(main < youth && youth < arts, "{main} {youth} {arts}");
    assert_contains!(pages[main], "Main Fund 2 grants, £1,300.55 awarded");
    assert_contains!(
        pages[youth],
        "Youth 3 grants, £6,550.50 awarded Young people lead this programme."
    );
    assert_contains!(pages[main + 1], "Case study 1 Alpha:");
    assert_contains!(pages[main + 2], "Case study 2 Charlie:");
    assert_contains!(pages[youth + 1], "Case study 3 Bravo:");
    // "youth " is the same programme as "Youth": one divider, each case study once.
    assert_eq!(
        pages.iter().filter(|p| p.contains("Foxtrot:")).count(),
        1,
        "{pages:?}"
    );
    assert_eq!(pages.len(), 1 + 1 + 3 + 6 + 1, "{pages:?}");
    // The contents groups the case studies under their programmes.
    assert_eq!(
        pdf.contents_entries()[..5],
        [
            "Main Fund 3",
            "1 Alpha 4",
            "2 Charlie 5",
            "Youth 6",
            "3 Bravo 7"
        ]
    );
    assert!(pdf.outline().iter().any(|(t, _)| t == "Arts"));
    // Each programme at the margin, its case studies set in under it, their numbers hanging
    // between.
    let lines = pdf.contents_lines();
    let starts = |first: &str| {
        let line = lines
            .iter()
            .find(|l| l.iter().any(|w| w.0 == first))
            .unwrap_or_else(|| panic!("{first}: {lines:?}"));
        (line[0].1, line[1].1)
    };
    let (group, _) = starts("Main");
    let (number, title) = starts("Alpha");
    let (summary, _) = starts("Summary");
    assert!(
        group + 10.0 < number && number < title && title - group > 30.0,
        "{lines:?}"
    );
    assert_eq!(group, summary, "{lines:?}");
    assert_eq!(starts("Youth").0, group);
    assert_eq!(starts("Bravo"), (number, title));
}

/// A project whose case studies show a photo from the data's `photo` column.
fn photo_project() -> Scratch {
    let s = Scratch::with_sample();
    let (w, h) = (64u16, 48u16);
    let pixels: Vec<u8> = (0..usize::from(w) * usize::from(h))
        .flat_map(|i| [(i % 256) as u8, 120, 40])
        .collect();
    let mut jpeg = Vec::new();
    jpeg_encoder::Encoder::new(&mut jpeg, 85)
        .encode(&pixels, w, h, jpeg_encoder::ColorType::Rgb)
        .expect("encode a JPEG");
    s.write_bytes("input/photos/kitchen.jpg", &jpeg);
    s.write(
        "input/grants.csv",
        "title,grantee,amount,photo,photo_alt,summary\n\
         Kitchen,Org A,1000,photos/kitchen.jpg,Volunteers serving lunch,Hot meals.\n\
         Theatre,Org B,2000,photos/kitchen.jpg,,Plays.\n",
    );
    s.write(
        "templates/case-study.hbs",
        "# Case study {{number}}\n\n**{{label title}}** {{summary}}\n\n![{{photo_alt}}]({{photo}})\n\nAfter the photo.\n",
    );
    s
}

/// Three case studies with the same landscape photo after their text, of `sentences`
/// sentences each: the tests use a short one, one whose text leaves room for the photo
/// smaller but not whole, and one that leaves too little even for its smallest.
fn photos_and_text(sentences: [usize; 3], fit: bool) -> (Scratch, Pdf, String) {
    let s = photo_project();
    let sentence = "The project trains volunteers to run weekly sessions for families nearby. ";
    let mut csv = String::from("title,grantee,amount,photo,photo_alt,summary\n");
    for (i, n) in sentences.iter().enumerate() {
        let text = sentence.repeat(*n);
        csv += &format!("T{i},Org {i},1000,photos/kitchen.jpg,A kitchen,{text}\n");
    }
    s.write("input/grants.csv", &csv);
    s.write(
        "templates/case-study.hbs",
        "# Case study {{number}}\n\n{{summary}}\n\n![{{photo_alt}}]({{photo}})\n",
    );
    let args: &[&str] = if fit { &["build", "--fit"] } else { &["build"] };
    let run = s.run_capped(args);
    assert_eq!(run.code, 0, "{run:?}");
    let pdf = Pdf::open(&s.path("report.pdf"));
    (s, pdf, run.stderr)
}

#[test]
fn issue_29_a_photo_is_drawn_smaller_to_keep_its_case_study_on_one_page() {
    let (_s, pdf, said) = photos_and_text([3, 30, 44], false);
    let texts = pdf.page_texts();
    let page_of = |title: &str| {
        1 + texts
            .iter()
            .position(|t| t.contains(title))
            .unwrap_or_else(|| panic!("{title}: {texts:#?}"))
    };
    let pictures = |title: &str| pdf.pictures_on_page(page_of(title) as u32);
    // The short case study shows its photo at its natural size (the text's width, at most
    // 40% of the page's text height).
    let [(natural_w, natural_h)] = pictures("Case study 1")[..] else {
        panic!(
            "one photo with the short case study: {:?}",
            pictures("Case study 1")
        );
    };
    // The middle one fits its page with the photo smaller (same shape), not below 35%.
    let [(w, h)] = pictures("Case study 2")[..] else {
        panic!(
            "the middle case study's photo: {:?}",
            pictures("Case study 2")
        );
    };
    assert!(
        h < natural_h - 1.0 && h >= 0.35 * natural_h - 0.5,
        "{h} of {natural_h}"
    );
    assert!((w / h - natural_w / natural_h).abs() < 0.01, "{w}x{h}");
    // (`texts[page_of(..)]` is the page after.)
    assert!(texts[page_of("Case study 2")].contains("Case study 3"));
    // The long one cannot fit even with its photo at the smallest: it runs on, photo whole.
    let later = &texts[page_of("Case study 3")];
    assert!(later.contains("(continued)"), "{later}");
    let all: Vec<(f32, f32)> = (page_of("Case study 3")..=pdf.page_count())
        .flat_map(|n| pdf.pictures_on_page(n as u32))
        .collect();
    assert_eq!(all, vec![(natural_w, natural_h)]);
    assert!(said.contains("\"T2\" does not fit on one page"), "{said}");
    assert!(
        !said.contains("\"T1\""),
        "the middle case study fits: {said}"
    );
}

#[test]
fn issue_29_fit_shrinks_photos_before_type() {
    // The long case study: with --fit its photo goes to its smallest, then its type shrinks.
    let (_s, pdf, said) = photos_and_text([3, 30, 44], true);
    let texts = pdf.page_texts();
    assert!(
        !texts.iter().any(|t| t.contains("(continued)")),
        "{texts:?}"
    );
    let natural_h = pdf.pictures_on_page(
        1 + texts
            .iter()
            .position(|t| t.contains("Case study 1"))
            .unwrap() as u32,
    )[0]
    .1;
    let last = 1 + texts
        .iter()
        .position(|t| t.contains("Case study 3"))
        .unwrap();
    let [(_, h)] = pdf.pictures_on_page(last as u32)[..] else {
        panic!("the long case study's photo on its page");
    };
    assert!((h - 0.35 * natural_h).abs() < 0.5, "{h} of {natural_h}");
    assert!(
        said.contains("\"T2\" is set in") && said.contains("pt type"),
        "{said}"
    );
}

#[test]
fn issue_16_a_photo_per_grant_is_a_tagged_figure_and_a_jpeg_is_passed_through() {
    let s = photo_project();
    let run = s.run_capped(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    // The second grant's photo has no description: a warning naming its row and column.
    assert_contains!(
        run.stderr,
        "warning: input/grants.csv:3: column \"photo\": \"photos/kitchen.jpg\" this picture has no description"
    );
    let pdf = Pdf::open(&s.path("report.pdf"));
    let alts = pdf.figure_alts();
    assert!(
        alts.contains(&"Volunteers serving lunch".to_string()),
        "{alts:?}"
    );
    assert!(alts.contains(&"Picture: Theatre".to_string()), "{alts:?}");
    // One image object for the file both case studies show, its JPEG bytes as they are.
    let jpeg = std::fs::read(s.path("input/photos/kitchen.jpg")).expect("read");
    let images: Vec<&lopdf::Stream> = pdf
        .doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|st| st.dict.get(b"Subtype").and_then(|t| t.as_name()).ok() == Some(b"Image"))
        .collect();
    assert_eq!(images.len(), 1);
    assert_eq!(images[0].content, jpeg);
    let pages = pdf.page_texts();
    assert_contains!(pages[1], "Kitchen: Hot meals. After the photo.");
    for n in [2, 3] {
        assert_contains!(pdf.content_of_page(n), "/Im0 Do");
    }
}

#[test]
fn issue_16_a_photo_that_cannot_be_had_names_its_row_and_column() {
    let s = photo_project();
    s.edit(
        "input/grants.csv",
        "Theatre,Org B,2000,photos/kitchen.jpg",
        "Theatre,Org B,2000,photos/stage.jpg",
    );
    let run = s.run_capped(&["check"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains!(
        run.stderr,
        "error: input/grants.csv:3: column \"photo\": \"photos/stage.jpg\" the picture input/photos/stage.jpg does not exist"
    );
    // Outside the data's folder, or not a picture at all.
    let outside = tempfile::tempdir().expect("temp");
    let elsewhere = outside.path().join("x.jpg");
    std::fs::copy(s.path("input/photos/kitchen.jpg"), &elsewhere).expect("copy");
    s.edit(
        "input/grants.csv",
        "photos/stage.jpg",
        elsewhere.to_str().expect("utf-8"),
    );
    let run = s.run_capped(&["check"]);
    assert_contains!(run.stderr, "is outside the project folder, ");
    assert_contains!(run.stderr, "or allow its folder with --allow-folder ");
    // Climbing out with `..`, or through a symbolic link inside the project that leads out
    // (issue 28): refused the same way, the picture never read.
    let climb = format!(
        "photos/{}{}",
        "../".repeat(40),
        elsewhere.to_str().expect("utf-8").trim_start_matches('/')
    );
    s.edit(
        "input/grants.csv",
        elsewhere.to_str().expect("utf-8"),
        &climb,
    );
    let run = s.run_capped(&["check"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains!(run.stderr, "is outside the project folder, ");
    std::os::unix::fs::symlink(&elsewhere, s.path("input/photos/link.jpg")).expect("symlink");
    s.edit("input/grants.csv", &climb, "photos/link.jpg");
    let run = s.run_capped(&["check"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains!(
        run.stderr,
        "\"photos/link.jpg\" the picture input/photos/link.jpg is outside the project folder, "
    );
    s.write("input/photos/notes.jpg", "not a picture");
    s.edit("input/grants.csv", "photos/link.jpg", "photos/notes.jpg");
    let run = s.run_capped(&["check"]);
    assert_contains!(
        run.stderr,
        "\"photos/notes.jpg\" the picture is not a PNG, JPEG or SVG file"
    );
}

#[test]
fn issue_16_a_real_publishers_json_file_builds() {
    // The 360Giving standard's own example file (tests/fixtures, from ../shared/samples):
    // day-first award dates, durations as text, extra publisher fields.
    let s = Scratch::empty();
    let fixture =
        crate::common::repo().join("tests/fixtures/fundingproviders-grants_fixed_2_grants.json");
    s.write_bytes("grants.json", &std::fs::read(fixture).expect("fixture"));
    s.write(
        "templates/case-study.hbs",
        "# {{title}}\n\n{{amount}} to {{grantee}} over {{duration}}, awarded {{award_date}}; {{[Grant type]}}.\n",
    );
    let run = s.run_capped(&["build", "grants.json"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains!(run.stdout, "2 grants, £331,495 awarded");
    let pages = Pdf::open(&s.path("report.pdf")).page_texts();
    assert_contains!(pages[0], "Funding Providers UK");
    assert_contains!(
        pages[1],
        "£152,505 to Company Name Limited over 30 months, awarded 24 July 2014; Large Awards."
    );
}

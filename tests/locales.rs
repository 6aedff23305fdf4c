//! Every word the report itself prints from the locale (issue 17, first part): en-GB as
//! before, en-US, Welsh, and `[labels]` over any word.

use crate::common::{Pdf, Scratch};

/// A small report in Welsh: Welsh data and template, so any English left on its pages is
/// the report's own.
fn welsh_project() -> Scratch {
    let s = Scratch::empty();
    s.write(
        "input/grants.csv",
        "title,grantee,amount,duration,programme,award_date,summary\n\
         Cegin gymunedol,Ymddiriedolaeth Cegin,12000,24,Cymunedau,2025-11-03,Prydau poeth i deuluoedd.\n\
         Theatr ieuenctid,Drws y Llwyfan,8000.50,18,Celfyddydau,2025-06-14,Tymor o ddramâu.\n\
         Gardd,Tir Glas,500,,Cymunedau,,Gardd i bawb.\n",
    );
    s.write(
        "templates/case-study.hbs",
        "# Astudiaeth achos {{number}}\n\n**{{title}}:** {{summary}}\n",
    );
    s.write(
        "templates/report.toml",
        "title = \"Ein grantiau\"\norganisation = \"Cronfa Cymru\"\nlanguage = \"cy\"\ndate = \"2026-11-29\"\n\n[contents]\nenabled = true\n\n[case_study]\nkey_facts = true\n",
    );
    s
}

#[test]
fn issue_17_a_welsh_report_has_no_english_word_of_its_own() {
    let s = welsh_project();
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    let pdf = Pdf::open(&s.path("report.pdf"));
    assert_eq!(pdf.lang().as_deref(), Some("cy"));
    let text = pdf.page_texts().join(" ");
    // Every English label and month, as whole words.
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .collect();
    for english in [
        "page",
        "of",
        "contents",
        "summary",
        "grants",
        "grantee",
        "project",
        "amount",
        "duration",
        "programme",
        "awarded",
        "total",
        "subtotal",
        "months",
        "years",
        "given",
        "november",
        "june",
        "continued",
        "under",
        "chart",
        "by",
    ] {
        assert!(
            !words.iter().any(|w| w == english),
            "\"{english}\" in: {text}"
        );
    }
    for welsh in [
        "Tudalen 2 o 6",
        "Cynnwys",
        "Crynodeb o grantiau",
        "29 Tachwedd 2026",
        "GRANT DYFARNWYD",
        "dwy flynedd",
        "3 Tachwedd 2025",
        "Is-gyfanswm (2 grant)",
        "Cyfanswm (3 grant) £20,500.50",
        "Grantiau yn ôl hyd (misoedd)",
        "Heb ei nodi",
    ] {
        assert!(text.contains(welsh), "no \"{welsh}\" in: {text}");
    }
}

#[test]
fn issue_17_us_english_writes_dates_and_program_its_way() {
    let s = welsh_project();
    s.edit(
        "templates/report.toml",
        "language = \"cy\"",
        "language = \"en-US\"",
    );
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    let text = Pdf::open(&s.path("report.pdf")).page_texts().join(" ");
    for us in [
        "November 29, 2026",
        "PROGRAM",
        "Total awarded by program",
        "GRANTS AWARDED",
    ] {
        assert!(text.contains(us), "no \"{us}\" in: {text}");
    }
    assert!(!text.contains("Programme"), "{text}");
}

#[test]
fn issue_17_labels_change_any_word_and_unknown_ones_are_named() {
    let s = welsh_project();
    s.edit(
        "templates/report.toml",
        "language = \"cy\"",
        "language = \"en-GB\"",
    );
    let toml = std::fs::read_to_string(s.path("templates/report.toml")).expect("read");
    s.write(
        "templates/report.toml",
        &format!("{toml}\n[labels]\ngrantee = \"Organisation\"\npage_of = \"{{n}}/{{total}}\"\n"),
    );
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    let text = Pdf::open(&s.path("report.pdf")).page_texts().join(" ");
    assert!(
        text.contains("ORGANISATION") && text.contains("Organisation"),
        "{text}"
    );
    assert!(
        !text.contains("Grantee") && !text.contains("GRANTEE"),
        "{text}"
    );
    assert!(text.contains("2/6"), "{text}");
    s.edit(
        "templates/report.toml",
        "grantee = \"Organisation\"",
        "granttee = \"Organisation\"",
    );
    let run = s.run(&["check"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains!(run.stderr, "[labels] has no label \"granttee\"");
    assert_contains!(run.stderr, "did you mean grantee?");
    // A language not built in is an error that lists those that are.
    s.write("templates/report.toml", "language = \"fr\"\n");
    let run = s.run(&["check"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains!(
        run.stderr,
        "templates/report.toml:1:12: language is en-GB, en-US or cy, not \"fr\""
    );
    assert_contains!(run.stderr, "hint: cy is Welsh");
}

#[test]
fn issue_17_init_writes_every_label_out_commented() {
    let s = Scratch::empty();
    assert_eq!(s.run(&["init"]).code, 0);
    let toml = std::fs::read_to_string(s.path("templates/report.toml")).expect("report.toml");
    for name in grant_report::locale::Locale::label_names() {
        assert!(
            toml.contains(&format!("# {name} = ")),
            "{name} missing from init's report.toml"
        );
    }
}

#[test]
fn issue_17_template_fields_and_helpers_follow_the_locale() {
    let s = welsh_project();
    s.write(
        "templates/case-study.hbs",
        "# Astudiaeth achos {{number}}\n\n**{{title}}:** {{duration}}; {{award_date}}; {{date award_date \"short\"}}; {{date \"2024-04-01\"}}; {{duration \"36\"}}.\n",
    );
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    let text = Pdf::open(&s.path("report.pdf")).page_texts().join(" ");
    assert!(
        text.contains("Cegin gymunedol: dwy flynedd; 3 Tachwedd 2025; 03/11/2025; 1 Ebrill 2024; tair blynedd."),
        "{text}"
    );
    s.edit(
        "templates/report.toml",
        "language = \"cy\"",
        "language = \"en-US\"",
    );
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    let text = Pdf::open(&s.path("report.pdf")).page_texts().join(" ");
    assert!(
        text.contains(
            "Cegin gymunedol: two years; November 3, 2025; 11/03/2025; April 1, 2024; three years."
        ),
        "{text}"
    );
    // A format the helper does not know is a template problem at its line.
    s.write(
        "templates/case-study.hbs",
        "# {{title}}\n\n{{date award_date \"fancy\"}}\n",
    );
    let run = s.run(&["check"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains!(
        run.stderr,
        "{{date}} has no format \"fancy\" (long, short or iso)"
    );
}

#[test]
fn issue_17_one_run_builds_an_edition_per_language() {
    let s = Scratch::empty();
    s.write(
        "input/grants.csv",
        "title,title_cy,grantee,amount,duration,summary,Summary (Welsh)\n\
         Community kitchen,Cegin gymunedol,Org A,12000,24,Hot meals for families.,Prydau poeth i deuluoedd.\n\
         Youth theatre,,Org B,8000,18,A season of plays.,\n",
    );
    s.write(
        "templates/case-study.hbs",
        "# Case study {{number}}\n\n**{{label title}}** {{summary}} Over {{duration}}.\n",
    );
    s.write(
        "templates/case-study.cy.hbs",
        "# Astudiaeth achos {{number}}\n\n**{{label title}}** {{summary}} Dros {{duration}}.\n",
    );
    s.write(
        "templates/report.toml",
        "title = \"Grants\"\norganisation = \"Fund\"\n",
    );
    let run = s.run(&["build", "--language", "en-GB,cy"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains!(run.stdout, "wrote report.en-GB.pdf and report.cy.pdf");
    // Rows with no Welsh text are named; they keep their English.
    assert_contains!(
        run.stderr,
        "warning: input/grants.csv: 1 row has no text in \"title_cy\" for the cy edition, so it keeps the \"title\" text: line 3"
    );
    assert_contains!(run.stderr, "no text in \"Summary (Welsh)\"");
    let english = Pdf::open(&s.path("report.en-GB.pdf"));
    let welsh = Pdf::open(&s.path("report.cy.pdf"));
    assert_eq!(english.lang().as_deref(), Some("en-GB"));
    assert_eq!(welsh.lang().as_deref(), Some("cy"));
    let en = english.page_texts();
    let cy = welsh.page_texts();
    assert_contains!(
        en[1],
        "Case study 1 Community kitchen: Hot meals for families. Over two years."
    );
    assert_contains!(
        cy[1],
        "Astudiaeth achos 1 Cegin gymunedol: Prydau poeth i deuluoedd. Dros dwy flynedd."
    );
    assert_contains!(cy[1], "Tudalen 2 o 4");
    assert_contains!(cy[2], "Youth theatre: A season of plays.");
    // One language asked for: one file, in that language, named as asked.
    let run = s.run(&["build", "--language", "cy", "-o", "cymraeg.pdf"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        Pdf::open(&s.path("cymraeg.pdf")).lang().as_deref(),
        Some("cy")
    );
    let run = s.run(&["build", "--language", "fr"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains!(run.stderr, "the languages built in are en-GB, en-US, cy");
}

#[test]
fn issue_17_the_sample_in_welsh_keeps_no_english_word_of_the_report_or_its_template() {
    let s = Scratch::with_welsh_sample();
    s.edit(
        "templates/report.toml",
        "enabled = false        # true: a contents page",
        "enabled = true        # true: a contents page",
    );
    let run = s.run(&["build", "--language", "cy"]);
    assert_eq!(run.code, 0, "{run:?}");
    let pdf = Pdf::open(&s.path("report.pdf"));
    assert_eq!(pdf.lang().as_deref(), Some("cy"));
    let text = pdf.page_texts().join(" ");
    // The data's own words are the data's (the sample's grants are written in English);
    // every phrase the report or its template adds is Welsh.
    for english in [
        "Case study",
        "Why did we fund it?",
        "Impact:",
        "Links to our priorities:",
        "Page ",
        "Contents",
        "Summary of grants",
        "Grantee",
        "Project",
        "Amount",
        "Duration",
        "Total (",
        "Subtotal",
        "GRANTS",
        "AWARDED",
        "Not given",
        "two years",
        "three years",
        "November",
        "Grants by duration",
        "Total awarded",
    ] {
        assert!(!text.contains(english), "\"{english}\" in: {text}");
    }
    for welsh in [
        "Astudiaeth achos 1",
        "£103,000 (dwy flynedd) i Centre for Local Economic Studies",
        "Pam wnaethon ni ei ariannu?",
        "Effaith:",
        "Cynnwys",
        "Tudalen 2 o",
    ] {
        assert!(text.contains(welsh), "no \"{welsh}\" in: {text}");
    }
    // Without any template on disk, a Welsh report gets the built-in Welsh one.
    std::fs::remove_dir_all(s.path("templates")).expect("remove");
    let run = s.run(&["build", "--language", "cy", "-o", "builtin.pdf"]);
    assert_eq!(run.code, 0, "{run:?}");
    let text = Pdf::open(&s.path("builtin.pdf")).page_texts().join(" ");
    assert!(text.contains("Astudiaeth achos 1"), "{text}");
}

#[test]
fn issue_17_report_toml_can_ask_for_the_editions() {
    let s = welsh_project();
    s.edit(
        "templates/report.toml",
        "language = \"cy\"",
        "editions = [\"en-GB\", \"cy\"]",
    );
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains!(run.stdout, "wrote report.en-GB.pdf and report.cy.pdf");
    assert_eq!(
        Pdf::open(&s.path("report.cy.pdf")).lang().as_deref(),
        Some("cy")
    );
    s.edit(
        "templates/report.toml",
        "editions = [\"en-GB\", \"cy\"]",
        "editions = [\"de\"]",
    );
    let run = s.run(&["check"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains!(
        run.stderr,
        "templates/report.toml:3:12: editions can hold en-GB, en-US or cy, not \"de\""
    );
}

#[test]
fn issue_17_a_bilingual_report_tags_each_passage_with_its_language() {
    let s = Scratch::empty();
    s.write(
        "input/grants.csv",
        "title,title_cy,grantee,amount,summary,summary_cy\n\
         Community kitchen,Cegin gymunedol,Org A,12000,Hot meals.,Prydau poeth.\n\
         Youth theatre,Theatr ieuenctid,Org B,8000,Plays.,Dramâu.\n",
    );
    s.write(
        "templates/case-study.hbs",
        "# Case study {{number}}\n\n**{{label title}}** {{summary}}\n",
    );
    s.write(
        "templates/case-study.cy.hbs",
        "# Astudiaeth achos {{number}}\n\n**{{label title}}** {{summary}}\n",
    );
    s.write(
        "templates/report.toml",
        "title = \"Grants\"\n\n[contents]\nenabled = true\n\n[cy]\ntitle = \"Grantiau\"\n",
    );
    let run = s.run(&["build", "--language", "en-GB,cy", "--bilingual"]);
    assert_eq!(run.code, 0, "{run:?}");
    let pdf = Pdf::open(&s.path("report.pdf"));
    let pages = pdf.page_texts();
    // Cover, contents, each case study then its Welsh counterpart, the summary then its own.
    assert_eq!(pages.len(), 8, "{pages:?}");
    assert_contains!(pages[2], "Case study 1 Community kitchen: Hot meals.");
    assert_contains!(
        pages[3],
        "Astudiaeth achos 1 Cegin gymunedol: Prydau poeth."
    );
    assert_contains!(pages[5], "Astudiaeth achos 2 Theatr ieuenctid: Dramâu.");
    assert_contains!(pages[7], "Crynodeb o grantiau");
    // Issue 26: every printed word of a page in its language, the footer too.
    assert_contains!(pages[2], "Page 3 of 8");
    assert_contains!(pages[3], "Tudalen 4 o 8");
    assert!(!pages[3].contains("Page"), "{}", pages[3]);
    // The running head's title too: [cy]'s on the Welsh pages, the English one elsewhere.
    assert_starts_with!(pages[2].trim_start(), "Grants");
    assert_starts_with!(pages[3].trim_start(), "Grantiau");
    assert_starts_with!(pages[7].trim_start(), "Grantiau");
    assert_contains!(pages[7], "Tudalen 8 o 8");
    // The contents points at the English pages; the Welsh passages declare their language.
    assert_eq!(
        pdf.contents_entries(),
        [
            "1 Community kitchen 3",
            "2 Youth theatre 5",
            "Summary of grants 7"
        ]
    );
    assert_eq!(pdf.lang().as_deref(), Some("en-GB"));
    let welsh_sections = crate::common::conformance::elements(&pdf)
        .into_iter()
        .filter(|(role, d)| {
            role == "Sect"
                && d.get(b"Lang")
                    .map(crate::common::decode_text)
                    .ok()
                    .as_deref()
                    == Some("cy")
        })
        .count();
    assert_eq!(welsh_sections, 3);
    // Two languages are needed.
    let run = s.run(&["build", "--language", "cy", "--bilingual"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains!(
        run.stderr,
        "a bilingual report needs two languages: --language en-GB,cy"
    );
    // report.toml can ask for the same report (what the web page's controls write).
    let bytes = std::fs::read(s.path("report.pdf")).expect("read");
    std::fs::remove_file(s.path("report.pdf")).expect("remove");
    s.write(
        "templates/report.toml",
        "title = \"Grants\"\neditions = [\"en-GB\", \"cy\"]\nbilingual = true\n\n[contents]\nenabled = true\n\n[cy]\ntitle = \"Grantiau\"\n",
    );
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(Pdf::open(&s.path("report.pdf")).page_texts(), pages);
    assert!(std::fs::read(s.path("report.pdf")).expect("read") == bytes);
    s.write(
        "templates/report.toml",
        "editions = [\"en-GB\", \"cy\", \"en-US\"]\nbilingual = true\n",
    );
    let run = s.run(&["check"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains!(
        run.stderr,
        "bilingual = true makes one report in two languages, but editions names 3"
    );
}

#[test]
fn issue_17_the_default_templates_words_are_labels_too() {
    let s = Scratch::with_sample();
    let toml = std::fs::read_to_string(s.path("templates/report.toml")).expect("read");
    s.write(
        "templates/report.toml",
        &toml.replace(
            "[labels]\n",
            "[labels]\ncase_study = \"Project\"\nimpact = \"What changed:\"\n",
        ),
    );
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    let pages = Pdf::open(&s.path("report.pdf")).page_texts();
    assert_contains!(
        pages[1],
        "Project 1 The Birmingham Anchor Institution Network:"
    );
    assert_contains!(pages[1], "What changed: By helping each network member");
    assert!(!pages[1].contains("Case study"), "{}", pages[1]);
}

#[test]
fn the_contents_and_summary_titles_follow_the_language_unless_report_toml_sets_them() {
    let s = welsh_project();
    let run = s.run(&["build", "-o", "unset.pdf"]);
    assert_eq!(run.code, 0, "{run:?}");
    let headings = Pdf::open(&s.path("unset.pdf")).headings_in_reading_order();
    for welsh in ["Cynnwys", "Crynodeb o grantiau"] {
        assert!(headings.iter().any(|h| h == welsh), "{welsh}: {headings:?}");
    }
    // Written out, even as the English words, they are the report's titles in any language.
    s.edit(
        "templates/report.toml",
        "[contents]\nenabled = true\n",
        "[contents]\nenabled = true\ntitle = \"Contents\"\n\n[summary]\ntitle = \"Summary of grants\"\n",
    );
    let run = s.run(&["build", "-o", "set.pdf"]);
    assert_eq!(run.code, 0, "{run:?}");
    let headings = Pdf::open(&s.path("set.pdf")).headings_in_reading_order();
    for english in ["Contents", "Summary of grants"] {
        assert!(
            headings.iter().any(|h| h == english),
            "{english}: {headings:?}"
        );
    }
}

/// Issue 26: a Welsh edition gets its title from report.toml's `[cy]` table, and is warned
/// when its cover would keep the English title, when the template has no Welsh version, and
/// when the Welsh version leaves out fields the English one always shows.
#[test]
fn issue_26_welsh_editions_are_finished_or_said_not_to_be() {
    let s = Scratch::with_welsh_sample();
    s.write(
        "templates/report.toml",
        "title = \"Our grants\"\norganisation = \"The Trust\"\n",
    );
    let run = s.run(&["build", "--language", "cy", "-o", "cy.pdf"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains!(
        run.stderr,
        "warning: templates/report.toml: the Welsh edition's cover keeps the title \"Our grants\" in English\nhint: give the Welsh title in report.toml: a [cy] table"
    );
    s.write(
        "templates/report.toml",
        "title = \"Our grants\"\norganisation = \"The Trust\"\n\n[cy]\ntitle = \"Ein grantiau\"\norganisation = \"Yr Ymddiriedolaeth\"\n",
    );
    let run = s.run(&["build", "--language", "cy", "-o", "cy.pdf"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{run:?}");
    let cover = &Pdf::open(&s.path("cy.pdf")).page_texts()[0];
    assert_contains!(cover, "Ein grantiau");
    assert_contains!(cover, "Yr Ymddiriedolaeth");
    assert!(!cover.contains("Our grants"), "{cover}");
    // The English edition keeps the English words.
    let run = s.run(&["build", "-o", "en.pdf"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains!(Pdf::open(&s.path("en.pdf")).page_texts()[0], "Our grants");
    // A Welsh template that leaves out fields, then none at all.
    let welsh = std::fs::read_to_string(s.path("templates/case-study.cy.hbs")).expect("Welsh");
    s.write(
        "templates/case-study.cy.hbs",
        &welsh.replace("{{amount}}", "").replace("{{grantee}}", ""),
    );
    let run = s.run(&["check", "--language", "cy"]);
    assert_contains!(
        run.stderr,
        "warning: templates/case-study.cy.hbs: this Welsh template does not use {{amount}} or {{grantee}}, which templates/case-study.hbs uses"
    );
    std::fs::remove_file(s.path("templates/case-study.cy.hbs")).expect("remove");
    let run = s.run(&["check", "--language", "cy"]);
    assert_contains!(
        run.stderr,
        "warning: the Welsh edition uses templates/case-study.hbs, which has no Welsh version, so the template's own words stay in English\nhint: write templates/case-study.cy.hbs beside it"
    );
}

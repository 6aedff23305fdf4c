//! The HTML edition from the command line: which files `--format`, `-o` and report.toml's
//! `formats` write; the page's text and totals against the PDF's; its structure (one h1,
//! languages, landmarks, nothing fetched); and hostile cells and templates escaped.
//! (web/test/html.mjs checks the same pages with axe-core, the Nu validator and Chromium.)

use crate::common::{self, Pdf, Scratch};

fn read(s: &Scratch, name: &str) -> String {
    std::fs::read_to_string(s.path(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The page's text as a reader gets it: tags dropped, the escapes decoded, whitespace
/// collapsed. (The writer's own markup is regular; this is not a general HTML parser.)
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The parts of `html` between `open` (the start of an element) and `close`.
fn elements<'h>(html: &'h str, open: &str, close: &str) -> Vec<&'h str> {
    html.match_indices(open)
        .map(|(at, _)| {
            let rest = &html[at..];
            &rest[..rest.find(close).map_or(rest.len(), |e| e + close.len())]
        })
        .collect()
}

/// Every value of attribute `name` in `html`.
fn attributes<'h>(html: &'h str, name: &str) -> Vec<&'h str> {
    let key = format!(" {name}=\"");
    html.match_indices(&key)
        .map(|(at, _)| {
            let rest = &html[at + key.len()..];
            &rest[..rest.find('"').unwrap_or(rest.len())]
        })
        .collect()
}

/// What the page asks a browser to fetch or follow must be inside it, or a web or mail
/// address the data gives: no other file, no script address.
fn assert_self_contained(html: &str) {
    assert!(!html.contains("<script"), "a script element");
    assert!(!html.contains("<iframe") && !html.contains("<object") && !html.contains("<link"));
    for src in attributes(html, "src") {
        assert!(src.starts_with("data:image/"), "src {src}");
    }
    for href in attributes(html, "href") {
        assert!(
            href.starts_with('#')
                || href.starts_with("https://")
                || href.starts_with("http://")
                || href.starts_with("mailto:"),
            "href {href}"
        );
    }
    // One style sheet, ours: addresses in it only the embedded fonts'.
    let styles = elements(html, "<style>", "</style>");
    assert_eq!(styles.len(), 1);
    let style = styles[0];
    assert_eq!(
        style.matches("url(").count(),
        style.matches("url(\"data:font/ttf;base64,").count()
    );
}

#[test]
fn dash_o_html_writes_one_self_contained_page_with_the_pdfs_words_and_totals() {
    let s = Scratch::with_sample();
    s.link_first_grantee();
    let html_run = s.run(&["build", "-o", "report.html"]);
    assert_eq!(html_run.code, 0, "{}", html_run.stderr);
    assert_contains!(html_run.stdout, "wrote report.html: a web page, 3 grants");
    let pdf_run = s.run(&["build", "-o", "report.pdf"]);
    assert_eq!(pdf_run.code, 0, "{}", pdf_run.stderr);
    let html = read(&s, "report.html");
    assert_starts_with!(html, "<!DOCTYPE html>\n<html lang=\"en-GB\">");
    assert_self_contained(&html);
    assert_eq!(html.matches("<h1>").count(), 1);
    for landmark in ["<header", "<nav", "<main id=\"main\"", "href=\"#main\""] {
        assert_contains!(html, landmark);
    }
    assert_contains!(
        html,
        "<a href=\"https://cles.org.uk\">Centre for Local Economic Studies</a>"
    );
    let pdf = Pdf::open(&s.path("report.pdf")).page_texts().join(" ");
    // Every paragraph of every case study reads the same as in the PDF.
    let studies = elements(&html, "<section id=\"s", "</section>");
    let paragraphs: Vec<String> = studies
        .iter()
        .filter(|s| s.contains("class=\"case-study\""))
        .flat_map(|s| elements(s, "<p>", "</p>"))
        .map(text_of)
        .collect();
    assert_eq!(
        paragraphs.len(),
        12,
        "four paragraphs in each of three case studies"
    );
    for p in &paragraphs {
        assert!(pdf.contains(p.as_str()), "not in the PDF: {p}");
    }
    // The summary's rows and totals, cell by cell, are the PDF's.
    let table = elements(&html, "<table><caption>Summary of grants", "</table>");
    assert_eq!(table.len(), 1);
    let foot = text_of(elements(table[0], "<tfoot>", "</tfoot>")[0]);
    assert_eq!(foot, "Total (3 grants) £161,575");
    assert_contains!(pdf, "Total (3 grants) £161,575");
    for amount in ["£103,000", "£42,200", "£16,375"] {
        assert_contains!(text_of(table[0]), amount);
        assert_contains!(pdf, amount);
    }
    assert_contains!(html, "<th scope=\"col\" class=\"num\">Amount</th>");
}

#[test]
fn format_and_report_toml_formats_choose_the_files_and_a_mismatch_is_a_usage_error() {
    let s = Scratch::with_sample();
    let both = s.run(&["build", "--format", "pdf,html", "-o", "out/annual.pdf"]);
    assert_eq!(both.code, 1 + 1, "out/ does not exist yet: {}", both.stderr);
    std::fs::create_dir(s.path("out")).unwrap();
    let both = s.run(&["build", "--format", "pdf,html", "-o", "out/annual.pdf"]);
    assert_eq!(both.code, 0, "{}", both.stderr);
    assert_contains!(both.stdout, "wrote out/annual.pdf and out/annual.html: ");
    assert_contains!(both.stdout, " pages and a web page, 3 grants");
    assert!(s.path("out/annual.html").exists() && s.path("out/annual.pdf").exists());

    let clash = s.run(&["build", "--format", "html", "-o", "x.pdf"]);
    assert_eq!(clash.code, 2);
    assert_contains!(clash.stderr, "-o x.pdf names a PDF, but --format html asks for a web page: name the file x.html, or leave out --format");
    assert!(!s.path("x.pdf").exists() && !s.path("x.html").exists());

    s.edit(
        "templates/report.toml",
        "# formats = [\"pdf\", \"html\"]",
        "formats = [\"html\", \"pdf\"]",
    );
    let toml = s.run(&["build"]);
    assert_eq!(toml.code, 0, "{}", toml.stderr);
    assert_contains!(
        toml.stdout,
        "wrote report.html and report.pdf: a web page and "
    );
    // -o's extension overrides report.toml's formats.
    let one = s.run(&["build", "-o", "only.html"]);
    assert_contains!(one.stdout, "wrote only.html: a web page,");
    assert!(!s.path("only.pdf").exists());

    s.edit(
        "templates/report.toml",
        "formats = [\"html\", \"pdf\"]",
        "formats = [\"docx\"]",
    );
    let bad = s.run(&["check"]);
    assert_eq!(bad.code, 1);
    assert_contains!(
        bad.stderr,
        "templates/report.toml:10:11: formats can hold pdf or html, not \"docx\""
    );
    s.edit(
        "templates/report.toml",
        "formats = [\"docx\"]",
        "formats = [\"html\", \"pdf\"]",
    );
    // Options for printed pages are said to be unused when only a web page is made.
    let unused = s.run(&["build", "--fit", "--duplex", "-o", "web.html"]);
    assert_eq!(unused.code, 0, "{}", unused.stderr);
    assert_contains!(
        unused.stderr,
        "warning: --fit and --duplex shape the PDF's pages; a web page has none, so they were not used"
    );
    let flag = s.run(&["build", "--format", "word"]);
    assert_eq!(flag.code, 2);
    assert_contains!(flag.stderr, "the format is pdf or html, not \"word\"");
}

#[test]
fn editions_split_bilingual_and_embedded_fonts_make_their_pages() {
    let s = Scratch::with_sample();
    let split = s.run(&[
        "build",
        "--format",
        "html",
        "--split-by",
        "grant",
        "--out-dir",
        "each",
    ]);
    assert_eq!(split.code, 0, "{}", split.stderr);
    let mut files = s.files();
    files.retain(|f| f.starts_with("each/"));
    assert_eq!(files.len(), 3, "{files:?}");
    assert!(files.iter().all(|f| f.ends_with(".html")), "{files:?}");
    let one = read(&s, &files[0]);
    assert_eq!(
        elements(&one, "<section id=\"s", "</section>")
            .iter()
            .filter(|x| x.contains("case-study"))
            .count(),
        1
    );

    let editions = s.run(&["build", "--language", "en-GB,cy", "-o", "r.html"]);
    assert_eq!(editions.code, 0, "{}", editions.stderr);
    let welsh = read(&s, "r.cy.html");
    assert_starts_with!(welsh, "<!DOCTYPE html>\n<html lang=\"cy\">");
    assert_contains!(welsh, "Neidio i’r adroddiad");
    assert_contains!(welsh, ">Crynodeb o grantiau<");
    assert!(s.path("r.en-GB.html").exists());

    let bilingual = s.run(&[
        "build",
        "--language",
        "en-GB,cy",
        "--bilingual",
        "-o",
        "b.html",
    ]);
    assert_eq!(bilingual.code, 0, "{}", bilingual.stderr);
    let both = read(&s, "b.html");
    assert_starts_with!(both, "<!DOCTYPE html>\n<html lang=\"en-GB\">");
    // Each case study and the summary, then its Welsh counterpart, declared as Welsh.
    assert_eq!(both.matches("class=\"case-study\" lang=\"cy\"").count(), 3);
    assert_eq!(both.matches("class=\"summary\" lang=\"cy\"").count(), 1);
    assert_eq!(both.matches("<h1>").count(), 1);

    let plain = s.run(&["build", "-o", "plain.html"]);
    let embedded = s.run(&["build", "--embed-fonts", "-o", "fonts.html"]);
    assert_eq!((plain.code, embedded.code), (0, 0));
    let (plain, embedded) = (read(&s, "plain.html"), read(&s, "fonts.html"));
    assert!(!plain.contains("@font-face"));
    assert_eq!(
        embedded.matches("@font-face").count(),
        8,
        "serif and sans, four faces each"
    );
    assert_self_contained(&embedded);
    // The same inputs give the same bytes.
    s.run(&["build", "-o", "again.html"]);
    assert_eq!(plain, read(&s, "again.html"));
}

#[test]
fn a_board_packs_contents_nests_each_programmes_case_studies_in_its_entry() {
    let s = Scratch::with_sample();
    let toml = "templates/report.toml";
    s.edit(
        toml,
        "# sections = \"programme\"",
        "sections = \"programme\"",
    );
    s.edit(
        toml,
        "enabled = false        # true: a contents",
        "enabled = true        # true: a contents",
    );
    let run = s.run(&["build", "-o", "r.html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = read(&s, "r.html");
    let nav = elements(&html, "<nav", "</nav>")[0];
    let group = nav
        .find(">Economic Justice</a>")
        .expect("the programme's entry");
    let inner = nav[group..].find("<ul>").expect("a list inside it") + group;
    let first = nav.find("Birmingham Anchor").expect("the first case study");
    let summary = nav.find("Summary of grants").expect("the summary");
    assert!(inner < first && first < summary, "{nav}");
    // The programme's entry closes after its case studies, before the summary's.
    let closes = nav[first..summary].find("</ul></li>").map(|i| i + first);
    assert!(closes.is_some(), "{nav}");
    assert_eq!(nav.matches("<ul>").count(), 2, "{nav}");
    assert_eq!(
        nav.matches("<li").count(),
        nav.matches("</li>").count(),
        "{nav}"
    );
}

/// Every element the HTML writer makes.
const WRITER_TAGS: [&str; 48] = [
    "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "a", "header", "nav", "main",
    "section", "h1", "h2", "h3", "h4", "h5", "h6", "p", "strong", "em", "br", "ul", "ol", "li",
    "dl", "dt", "dd", "div", "figure", "img", "table", "caption", "thead", "tbody", "tfoot", "tr",
    "th", "td", "svg", "line", "text", "rect", "desc", "details", "summary", "span", "tspan",
];

#[test]
fn no_cell_or_template_can_add_markup_script_styles_or_links() {
    let s = Scratch::with_sample();
    let attacks = [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(2)>",
        "javascript:alert(3)",
        "data:text/html,<script>alert(4)</script>",
        "</style><style>body{background:url(https://evil.example/x)}</style>",
        "' onmouseover='alert(5)",
    ];
    let mut csv = String::from(
        "id,title,grantee,grantee_url,amount,duration,programme,summary,why,impact,priorities\n",
    );
    for (i, a) in attacks.iter().enumerate() {
        let q = a.replace('"', "\"\"");
        csv.push_str(&format!(
            "\"{q}{i}\",\"{q}\",\"{q}\",\"{q}\",\"£{i},000\",12,\"{q}\",\"{q}\",\"{q}\",\"{q}\",\"{q}\"\n"
        ));
    }
    s.write("input/grants.csv", &csv);
    s.write(
        "templates/case-study.hbs",
        "# {{title}}\n\n{{{summary}}} [click](javascript:alert(6)) [x](data:text/html,hi) <script>alert(7)</script> <b onclick=\"alert(8)\">b</b>\n\n![{{{title}}}](photo.png)\n",
    );
    s.write_bytes("input/photo.png", &common::png_of(4, 3));
    let run = s.run(&["build", "--format", "html", "-o", "hostile.html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = read(&s, "hostile.html");
    assert_self_contained(&html);
    // No tag but the writer's own, and none with an event handler or a script address.
    for tag in elements(&html, "<", ">") {
        let name: String = tag[1..]
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect();
        assert!(
            WRITER_TAGS.contains(&name.as_str()),
            "a <{name}> tag reached the page: {tag:.80}"
        );
        // The attributes' names: what is outside their quoted values.
        let names: String = tag.split('"').step_by(2).collect();
        assert!(
            !names.contains(" on"),
            "an event handler reached the page: {tag:.80}"
        );
        assert!(
            !tag.contains("href=\"javascript") && !tag.contains("href=\"data:"),
            "{tag:.80}"
        );
    }
    assert_eq!(html.matches("<style>").count(), 1);
    assert_contains!(html, "&lt;script&gt;alert(1)&lt;/script&gt;");
    assert_contains!(html, "alt=\"&quot;&gt;&lt;img src=x onerror=alert(2)&gt;\"");
}

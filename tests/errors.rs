//! Bad input: exit code 1, every problem listed with file, line, column, value and hint, and
//! nothing written (an existing report is left untouched).

use crate::common::{Pdf, Scratch};

const HEADER: &str =
    "id,title,grantee,grantee_url,amount,duration,programme,summary,why,impact,priorities";

#[test]
fn every_bad_row_is_reported_and_nothing_is_written() {
    let s = Scratch::with_sample();
    s.write(
        "input/grants.csv",
        &format!(
            "{HEADER}\n\
             1,Good,Org A,,£1000,12,P,,,,\n\
             2,Bad amount,Org B,,\"12,5OO\",12,P,,,,\n\
             3,No grantee,,,£500,12,P,,,,\n\
             4,Bad duration,Org D,,£500,soon,P,,,,\n"
        ),
    );
    s.write("report.pdf", "the user's previous report");
    let run = s.run(&["build"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        run.stderr,
        "error: input/grants.csv:3: column \"amount\": \"12,5OO\" is not an amount\n\
         hint: write digits with optional £ and commas, e.g. £12,500\n\
         error: input/grants.csv:4: column \"grantee\": \"\" the grantee is empty\n\
         hint: every grant needs a grantee; fill it in or delete the row\n\
         error: input/grants.csv:5: column \"duration\": \"soon\" is not a duration\n\
         hint: write months (24, 24 months) or years (2 years, over two years, 1 year 6 months), or leave it blank\n\
         3 errors found; nothing was written\n"
    );
    assert_eq!(run.stdout, "");
    assert_eq!(
        std::fs::read_to_string(s.path("report.pdf")).expect("kept"),
        "the user's previous report"
    );
    assert!(s.temporaries().is_empty(), "{:?}", s.files());
}

#[test]
fn line_numbers_count_multi_line_cells() {
    let s = Scratch::with_sample();
    s.write(
        "input/grants.csv",
        &format!("{HEADER}\n1,A,Org,,£1,,P,\"two\n\nparagraphs\",,,\n2,B,Org,,lots,,P,,,,\n"),
    );
    let run = s.run(&["check"]);
    assert_eq!(run.code, 1);
    assert_starts_with!(
        run.stderr,
        "error: input/grants.csv:5: column \"amount\": \"lots\" is not an amount"
    );
}

#[test]
fn a_missing_required_column_names_the_near_miss() {
    let s = Scratch::with_sample();
    s.write("input/grants.csv", "title,grantee,ammount\nA,B,100\n");
    let run = s.run(&["build"]);
    assert_eq!(run.code, 1);
    assert_starts_with!(run.stderr, "error: input/grants.csv:1: no \"amount\" column; the columns are: title, grantee, ammount\n\
             hint: did you mean the column \"ammount\"? Rename it to \"amount\", or map it in report.toml: [columns] amount = \"ammount\"");
    assert!(!s.path("report.pdf").exists());
}

#[test]
fn a_template_syntax_error_names_its_line_and_column() {
    let s = Scratch::with_sample();
    s.write(
        "templates/case-study.hbs",
        "# {{title}}\n\n{{#if why}}\n**Why?** {{why}}\n",
    );
    let run = s.run(&["build"]);
    assert_eq!(run.code, 1, "{run:?}");
    // Named where the block opened (the parser only notices at the end of the file).
    assert_starts_with!(
        run.stderr,
        "error: templates/case-study.hbs:3:1: {{#if}} opened here is never closed\n  |\n3 | {{#if why}}\n  | ^\nhint: add {{/if}} where the part it governs ends"
    );
    assert!(!s.path("report.pdf").exists());
}

#[test]
fn a_template_field_the_data_lacks_is_an_error_with_a_suggestion() {
    let s = Scratch::with_sample();
    s.write(
        "templates/case-study.hbs",
        "# {{title}}\n\nBy {{grante}}; {{#if colour}}{{colour}}{{/if}}\n",
    );
    let run = s.run(&["build"]);
    assert_eq!(run.code, 1, "{run:?}");
    let first = run.stderr.lines().next().unwrap_or_default();
    assert_eq!(first, "error: templates/case-study.hbs:3:4: the template uses {{grante}}, but the data has no such column");
    assert_contains!(run.stderr, "hint: did you mean {{grantee}}?");
    // `colour` is optional (inside #if), so it is not reported.
    assert_eq!(run.stderr.matches("error: ").count(), 1, "{}", run.stderr);
}

#[test]
fn bad_settings_are_reported_with_the_valid_keys() {
    let s = Scratch::with_sample();
    s.write("templates/report.toml", "title = \"T\"\npaper = \"a4\"\n");
    let run = s.run(&["build"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_starts_with!(
        run.stderr,
        "error: templates/report.toml:2:1: report.toml has no setting \"paper\"\n  |\n2 | paper = \"a4\"\n  | ^\nhint: "
    );
    assert_contains!(run.stderr, "report.toml can have: title, organisation,");
}

/// The first line of each error in `stderr`.
fn error_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect()
}

/// Issue 26: six different mistakes a user makes in report.toml, all named in one `check`,
/// each at its line and column in plain words, as text and as JSON.
#[test]
fn issue_26_every_settings_mistake_comes_at_once_in_plain_words() {
    let s = Scratch::with_sample();
    s.write(
        "templates/report.toml",
        "title = \"Our grants\"\ncolour = \"#112233\"\n\n[page]\nsize = \"a5\"\nduplex = \"yes\"\n\n\
         [summary]\nsort = \"largest\"\n\n[colours]\naccent = \"purple\"\n\n[fonts]\nbody_sise = 11\n",
    );
    let run = s.run(&["check"]);
    assert_eq!(run.code, 1, "{run:?}");
    let firsts = error_lines(&run.stderr);
    assert_eq!(
        firsts,
        [
            "error: templates/report.toml:2:1: report.toml has no setting \"colour\"",
            "error: templates/report.toml:5:8: size is a4 or letter, not \"a5\"",
            "error: templates/report.toml:6:10: duplex is true or false, not \"yes\"",
            "error: templates/report.toml:9:8: sort is file, amount, title or grantee, not \"largest\"",
            "error: templates/report.toml:12:10: accent is a hex colour such as #1F5F6B, not \"purple\"",
            "error: templates/report.toml:15:1: [fonts] has no setting \"body_sise\"",
        ],
        "{}",
        run.stderr
    );
    assert_contains!(run.stderr, "hint: did you mean \"colours\"?");
    assert_contains!(run.stderr, "hint: did you mean \"body_size\"?");
    assert_contains!(run.stderr, "12 | accent = \"purple\"\n   |          ^\n");
    for words in ["unknown", "invalid type", "expected", "variant", "`"] {
        assert!(!run.stderr.contains(words), "{words:?} in {}", run.stderr);
    }
    let json = s.run(&["check", "--format", "json"]);
    assert_eq!(json.code, 1, "{json:?}");
    let problems: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    let problems = problems.as_array().expect("a list");
    assert_eq!(problems.len(), 6, "{problems:#?}");
    let at: Vec<(u64, u64)> = problems
        .iter()
        .map(|p| {
            (
                p["line"].as_u64().unwrap_or(0),
                p["col"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(at, [(2, 1), (5, 8), (6, 10), (9, 8), (12, 10), (15, 1)]);
    assert_eq!(problems[4]["source"], "accent = \"purple\"");
    for p in problems {
        let text = format!("{} {}", p["message"], p["hint"]);
        assert!(
            !text.contains("expected") && !text.contains("unknown"),
            "{text}"
        );
    }
}

/// A syntax mistake does not hide the value mistakes after it.
#[test]
fn issue_26_syntax_and_value_mistakes_come_together() {
    let s = Scratch::with_sample();
    s.write(
        "templates/report.toml",
        "title = Our grants\nfit = tru\n[page]\nsize = \"a5\"\n[select]\nmin_amount = 10000\nmax_amount = \"lots\"\n",
    );
    let run = s.run(&["check"]);
    assert_eq!(run.code, 1, "{run:?}");
    let firsts = error_lines(&run.stderr);
    assert_eq!(
        firsts,
        [
            "error: templates/report.toml:1:9: text must be in quotes",
            "error: templates/report.toml:2:7: this yes-or-no setting is not true or false",
            "error: templates/report.toml:4:8: size is a4 or letter, not \"a5\"",
            "error: templates/report.toml:7:14: max_amount is an amount such as 10000 or £10,000, not \"lots\"",
        ],
        "{}",
        run.stderr
    );
}

#[test]
fn problems_in_several_files_are_listed_together() {
    let s = Scratch::with_sample();
    s.write("templates/report.toml", "currency = \"pounds\"\n");
    s.write("input/grants.csv", "title,grantee,amount\nA,B,x\n");
    let run = s.run(&["check"]);
    assert_eq!(run.code, 1);
    assert_contains!(
        run.stderr,
        "templates/report.toml:1:12: currency is a three-letter currency code such as GBP, not \"pounds\""
    );
    assert_contains!(
        run.stderr,
        "input/grants.csv:2: column \"amount\": \"x\" is not an amount"
    );
}

#[test]
fn usage_and_io_errors_exit_2() {
    let s = Scratch::empty();
    let run = s.run(&["build"]);
    assert_eq!(run.code, 2);
    assert_starts_with!(
        run.stderr,
        "error: no input given and input/grants.csv does not exist"
    );
    let run = s.run(&["build", "missing.csv"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (2, "error: missing.csv does not exist\n")
    );
    let run = s.run(&["build", "--no-such-flag"]);
    assert_eq!(run.code, 2);
}

#[test]
fn an_unwritable_output_leaves_nothing_behind() {
    let s = Scratch::with_sample();
    let run = s.run(&["build", "-o", "no/such/dir/report.pdf"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_starts_with!(run.stderr, "error: the folder no/such/dir does not exist");
    assert!(
        !s.files()
            .iter()
            .any(|f| f.ends_with(".pdf") || f.contains(".tmp")),
        "{:?}",
        s.files()
    );
}

#[test]
fn garbage_bytes_never_panic() {
    let s = Scratch::with_sample();
    for (i, bytes) in [
        &b"\xff\xfe\x00"[..],
        b"\"unterminated,quote\n1,2\n",
        b"\x00\x01\x02\x03,\xff\n\xfe,\x80\n",
        b",,,\n,,,\n",
        b"title\n\"",
    ]
    .iter()
    .enumerate()
    {
        s.write_bytes("input/grants.csv", bytes);
        let run = s.run(&["check"]);
        assert!(run.code == 1, "case {i}: {run:?}");
        assert!(!run.stderr.contains("panicked"), "case {i}: {}", run.stderr);
    }
}

/// Found by `cargo fuzz run markup_and_layout`: right-to-left letters after a slash made the
/// hyphenation split subtract past zero.
#[test]
fn regression_fuzz_right_to_left_letters_after_a_slash() {
    let s = Scratch::with_sample();
    s.write(
        "input/grants.csv",
        "title,grantee,amount,summary\nA,Org,100,\"-a\n-\u{61D}\t\u{FFFD}1/\u{7D0}ne\"\n",
    );
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains!(run.stderr, "U+07D0");
}

#[test]
fn issue_12_check_lists_every_bad_line_even_after_a_quote_never_closed() {
    let s = Scratch::with_sample();
    s.write(
        "g.csv",
        "title,grantee,amount\n\
         Good,Org A,£1000\n\
         Bad amount,Org B,ten pounds\n\
         Fine,Org C,£20\n\
         Bad again,Org D,12.3.4\n\
         ,Org E,£5\n\
         \"Unclosed,Org F,£6\n\
         After,Org G,oops\n",
    );
    let run = s.run(&["check", "g.csv"]);
    assert_eq!(run.code, 1, "{run:?}");
    let located: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .map(|l| l.split(": ").nth(1).unwrap_or_default())
        .collect();
    assert_eq!(
        located,
        ["g.csv:3", "g.csv:5", "g.csv:6", "g.csv:7", "g.csv:8"],
        "{}",
        run.stderr
    );
    assert_contains!(
        run.stderr,
        "error: g.csv:7: \"\"Unclosed,Org F,£6\" a quote opened on this line is never closed; everything after it was read as one cell"
    );
}

#[test]
fn issue_12_a_stray_non_utf8_byte_is_named_and_accents_elsewhere_survive() {
    let s = Scratch::with_sample();
    s.write_bytes(
        "g.csv",
        b"title,grantee,amount\nCaf\xC3\xA9 project,Org A,\xC2\xA31000\nStray \xE9,Org B,\xC2\xA32\n",
    );
    let run = s.run(&["check", "g.csv"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_starts_with!(
        run.stderr,
        "error: g.csv:3: \"Stray \u{FFFD},Org B,£2\" this line has a byte (0xE9) that is not UTF-8"
    );
    assert_eq!(run.stderr.matches("error: ").count(), 1, "{}", run.stderr);
}

#[test]
fn issue_12_a_template_mistake_at_render_time_is_reported_once_not_per_grant() {
    let s = Scratch::with_sample();
    s.write(
        "templates/case-study.hbs",
        "# {{title}}\n\n{{money grantee}}\n",
    );
    let run = s.run(&["check"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(run.stderr.matches("error: ").count(), 1, "{}", run.stderr);
    assert_starts_with!(
        run.stderr,
        "error: templates/case-study.hbs:3:1: {{money}} was given \"Centre for Local Economic Studies\", which is not an amount (for the grant on line 2 of the data, \"The Birmingham Anchor Institution Network\", and 2 more grants)\n  |\n3 | {{money grantee}}\n  | ^\n"
    );
}

#[test]
fn issue_13_only_regular_files_are_read() {
    let s = Scratch::with_sample();
    let fifo = s.path("pipe.csv");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo")
        .success());
    let run = s.run_capped(&["check", "pipe.csv"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_starts_with!(
        run.stderr,
        "error: pipe.csv: is not a regular file (a device, FIFO or socket); give the path of a file"
    );
    std::fs::create_dir(s.path("folder.xlsx")).expect("mkdir");
    let run = s.run_capped(&["check", "folder.xlsx"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains!(run.stderr, "folder.xlsx: is a folder");
    // An introduction that is a FIFO: refused at once, not waited on.
    s.edit(
        "templates/report.toml",
        "# introduction = \"introduction.md\"",
        "introduction = \"intro.md\"",
    );
    assert!(std::process::Command::new("mkfifo")
        .arg(s.path("templates/intro.md"))
        .status()
        .expect("mkfifo")
        .success());
    let run = s.run_capped(&["check"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains!(run.stderr, "intro.md: is not a regular file");
}

#[test]
fn issue_13_files_named_in_report_toml_stay_inside_the_project() {
    let s = Scratch::with_sample();
    let outside = tempfile::tempdir().expect("temp dir");
    let secret = outside.path().join("secret.md");
    std::fs::write(&secret, "the secret").expect("write");
    s.edit(
        "templates/report.toml",
        "# introduction = \"introduction.md\"",
        &format!("introduction = \"{}\"", secret.display()),
    );
    let logo = outside.path().join("logo.png");
    std::fs::write(&logo, b"x").expect("write");
    s.edit(
        "templates/report.toml",
        "# logo = \"logo.svg\"    # PNG, JPEG or SVG, relative to this file",
        &format!("logo = \"{}\"", logo.display()),
    );
    let run = s.run_capped(&["build"]);
    assert_eq!(run.code, 1, "{run:?}");
    let project = std::fs::canonicalize(s.dir.path()).expect("project");
    assert_contains!(
        run.stderr,
        &format!(
            ": introduction is outside the project folder, {} (the folder holding templates/ or report.toml)",
            project.display()
        )
    );
    assert_contains!(
        run.stderr,
        &format!(" | introduction = \"{}\"\n", secret.display())
    );
    assert_contains!(run.stderr, ": logo is outside the project folder, ");
    assert!(!run.stderr.contains("the secret"), "{}", run.stderr);
    assert_contains!(run.stderr, "or allow its folder with --allow-folder");
    assert!(!s.path("report.pdf").exists());
    // Allowed by name on the command line, the introduction is read (the logo, not an
    // image, is then refused as such).
    let folder = outside.path().to_str().expect("utf-8");
    let run = s.run_capped(&["check", "--allow-folder", folder]);
    assert!(!run.stderr.contains("outside the project"), "{run:?}");
    assert_contains!(run.stderr, "logo.png");
    s.edit(
        "templates/report.toml",
        &format!("logo = \"{}\"", logo.display()),
        "",
    );
    let run = s.run_capped(&["build", "--allow-folder", folder]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_contains!(
        Pdf::open(&s.path("report.pdf")).page_texts().join("\n"),
        "the secret"
    );
}

#[test]
fn issue_13_huge_cells_many_columns_and_long_headers_are_refused_briefly() {
    let s = Scratch::empty();
    let words = "community wealth building ".repeat(200_000);
    s.write(
        "cell.csv",
        &format!("title,grantee,amount,summary\nBig,Org,100,\"{words}\"\nSmall,Org,x,ok\n"),
    );
    let run = s.run_capped(&["check", "cell.csv"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_starts_with!(
        run.stderr,
        "error: cell.csv:2: column \"summary\": \"community wealth building community wealth building communit…\" this cell holds 5200000 characters, more than the 100000 a cell may hold"
    );
    // The other rows are still checked.
    assert_contains!(
        run.stderr,
        "error: cell.csv:3: column \"amount\": \"x\" is not an amount"
    );
    assert!(
        run.stderr.len() < 2_000,
        "{} bytes of messages",
        run.stderr.len()
    );

    let header: Vec<String> = (0..50_000).map(|i| format!("c{i}")).collect();
    s.write(
        "wide.csv",
        &format!("title,grantee,amount,{}\nA,B,1\n", header.join(",")),
    );
    let run = s.run_capped(&["check", "wide.csv"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        run.stderr,
        "error: wide.csv:1: this row has 50003 cells, more than the 16384 columns a table may have\n\
         hint: is it the right file, and the right delimiter (--delimiter)?\n"
    );

    // A header row of thousands of long names is not echoed back whole.
    let long: Vec<String> = (0..5_000)
        .map(|i| format!("{}{i}", "h".repeat(400)))
        .collect();
    s.write(
        "names.csv",
        &format!("{}\n{}\n", long.join(","), vec!["x"; 5_000].join(",")),
    );
    let run = s.run_capped(&["check", "names.csv"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains!(run.stderr, "and 4970 more");
    assert!(
        run.stderr.len() < 20_000,
        "{} bytes of messages",
        run.stderr.len()
    );
}

#[test]
fn issue_13_templates_that_would_recurse_without_end_are_refused() {
    let s = Scratch::with_sample();
    let deep = format!(
        "{}x{}",
        "{{#if title}}".repeat(2_000),
        "{{/if}}".repeat(2_000)
    );
    for (template, message) in [
        (
            "# {{title}}\n{{#*inline \"p\"}}{{> p}}{{/inline}}{{> p}}\n".to_string(),
            "error: templates/case-study.hbs:2:1: partials and inline templates ({{> …}}, {{#*inline}}) are not supported",
        ),
        (
            format!("# {{{{title}}}}\n{deep}\n"),
            "error: templates/case-study.hbs:2:417: blocks nest more than 32 deep here",
        ),
    ] {
        s.write("templates/case-study.hbs", &template);
        for command in ["check", "build"] {
            let run = s.run_capped(&[command]);
            assert_eq!(run.code, 1, "{command}: {run:?}");
            assert_starts_with!(run.stderr, message);
        }
    }
    // The same for a split's --name.
    s.write("templates/case-study.hbs", "# {{title}}\n");
    let run = s.run_capped(&["build", "--split-by", "grant", "--name", "{{> p}}"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_starts_with!(
        run.stderr,
        "error: --name:1:1: partials and inline templates"
    );
    // Lists nested a thousand deep in the Markdown a template makes are set flat, not a crash.
    let mut md = String::from("# {{title}}\n\n");
    for depth in 0..1_000 {
        md.push_str(&format!("{}- level {depth}\n", "  ".repeat(depth)));
    }
    s.write("templates/case-study.hbs", &md);
    let run = s.run_capped(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    // Said, not silent: once per case study.
    assert_starts_with!(
        run.stderr,
        "warning: input/grants.csv:2: the case study \"The Birmingham Anchor Institution Network\" nests lists more than 8 deep"
    );
    assert_eq!(
        run.stderr.matches("nests lists more than").count(),
        3,
        "{}",
        run.stderr
    );
}

/// A report.toml of 100,000 wrong keys is read in bounded time and memory: the first 100
/// are named, and a last line says there are more.
#[test]
fn issue_26_a_settings_file_of_endless_mistakes_is_cut_short() {
    let s = Scratch::with_sample();
    let text: String = (0..100_000).map(|i| format!("key{i} = {i}\n")).collect();
    s.write("templates/report.toml", &text);
    let run = s.run_capped(&["check"]);
    assert_eq!(run.code, 1, "{}", &run.stderr[..run.stderr.len().min(400)]);
    assert_eq!(run.stderr.matches("error: ").count(), 101);
    assert_contains!(
        run.stderr,
        "error: templates/report.toml: report.toml has more mistakes than the 100 named"
    );
}

/// Issue 26: an output folder that does not exist is named as such, with no temporary
/// file's name or OS error number, and nothing is left behind.
#[test]
fn issue_26_a_missing_output_folder_is_named_in_plain_words() {
    let s = Scratch::with_sample();
    let run = s.run(&["build", "-o", "nodir/x.pdf"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        run.stderr.trim_end(),
        "error: the folder nodir does not exist: make it first, or name a file in a folder that exists"
    );
    s.write("input/plain.txt", "not a folder");
    let run = s.run(&["build", "-o", "input/plain.txt/x.pdf"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_contains!(
        run.stderr,
        "input/plain.txt/x.pdf: part of this path is a file, not a folder"
    );
    assert!(
        !run.stderr.contains("os error") && !run.stderr.contains(".tmp"),
        "{}",
        run.stderr
    );
}

/// A CSV of `n` grants whose summaries repeat a sentence `reps` times.
fn long_grants(n: usize, reps: usize) -> String {
    let words = "The project brings neighbours together to plan, build and run shared spaces for the whole community, with training and support. ";
    let mut csv = String::from("title,grantee,amount,programme,summary\n");
    for i in 0..n {
        csv.push_str(&format!(
            "Project {i},Grantee {i},{},Fund,\"{}\"\n",
            1000 + i,
            words.repeat(reps)
        ));
    }
    csv
}

/// Issue 26: many case studies over their page are one warning (how many, the first
/// three); `--fit` says which it shrank and to what size; JSON keeps each one, located.
#[test]
fn issue_26_repeated_layout_warnings_fold_and_fit_says_what_it_shrank() {
    let s = Scratch::empty();
    s.write("long.csv", &long_grants(6, 40));
    let run = s.run(&["build", "long.csv", "-o", "long.pdf"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stderr.matches("warning: ").count(), 1, "{}", run.stderr);
    assert_starts_with!(
        run.stderr,
        "warning: long.csv: 6 case studies do not fit on one page, so each runs on to pages headed \"(continued)\": \
         \"Project 0\" (line 2) over 2 pages, \"Project 1\" (line 3) over 2 pages, \"Project 2\" (line 4) over 2 pages and 3 more\n\
         hint: shorten their text, or use --fit"
    );
    let json = s.run(&["check", "long.csv", "--format", "json"]);
    let all: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    let lines: Vec<u64> = all
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| d["line"].as_u64().unwrap_or(0))
        .collect();
    assert_eq!(lines, [2, 3, 4, 5, 6, 7]);

    s.write("mid.csv", &long_grants(6, 32));
    let run = s.run(&["build", "mid.csv", "-o", "mid.pdf", "--fit"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_starts_with!(
        run.stderr,
        "note: mid.csv: 6 case studies are set in smaller type so that each fits its page: \
         \"Project 0\" (line 2) at 9.75 pt, \"Project 1\" (line 3) at 9.75 pt,"
    );
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
}

/// Issue 26: the project is the folder holding templates/ (as `grant-report init` makes
/// it): a logo beside it and photos in a folder beside the data's are inside it.
#[test]
fn issue_26_the_project_is_the_folder_init_made() {
    let s = Scratch::with_sample();
    s.write_bytes("logo.png", &crate::common::png_of(40, 20));
    s.write_bytes("photos/p1.png", &crate::common::png_of(30, 20));
    s.edit(
        "templates/report.toml",
        "# logo = \"logo.svg\"    # PNG, JPEG or SVG, relative to this file",
        "logo = \"../logo.png\"",
    );
    s.write(
        "input/grants.csv",
        "title,grantee,amount,photo\nOne,A,100,../photos/p1.png\n",
    );
    s.write(
        "templates/case-study.hbs",
        "# {{title}}\n\n![A photo of the project]({{photo}})\n",
    );
    let run = s.run_capped(&["build"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stderr.contains("outside"), "{}", run.stderr);
}

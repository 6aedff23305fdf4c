//! Batch runs: one PDF per grant or per programme, names, collisions, --force, partial failure.

use crate::common::{Pdf, Scratch};

fn sample(s: &Scratch, rows: usize) {
    let csv = s
        .run(&["sample", "--rows", &rows.to_string(), "--seed", "2"])
        .stdout;
    s.write("g.csv", &csv);
}

#[test]
fn one_pdf_per_grant_each_with_one_grant() {
    let s = Scratch::empty();
    sample(&s, 6);
    let run = s.run(&[
        "build",
        "g.csv",
        "--split-by",
        "grant",
        "--out-dir",
        "packs",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_starts_with!(run.stdout, "wrote 6 files to packs: ");
    let files: Vec<String> = s
        .files()
        .into_iter()
        .filter(|f| f.starts_with("packs/"))
        .collect();
    assert_eq!(files.len(), 6, "{files:?}");
    assert_eq!(
        files[0],
        "packs/g-00001-investing-in-digital-skills-in-belfast.pdf"
    );
    for f in &files {
        let pages = Pdf::open(&s.path(f)).page_texts();
        let summary = pages.last().expect("summary");
        assert!(summary.contains("Total (1 grant)"), "{f}: {summary}");
        // One case study, keeping its number from the whole report.
        assert_eq!(
            pages
                .iter()
                .map(|p| p.matches("Case study ").count())
                .sum::<usize>(),
            1,
            "{f}"
        );
    }
}

#[test]
fn one_pdf_per_programme_with_its_own_summary() {
    let s = Scratch::empty();
    sample(&s, 12);
    let run = s.run(&["build", "g.csv", "--split-by", "programme"]);
    assert_eq!(run.code, 0, "{run:?}");
    let files: Vec<String> = s
        .files()
        .into_iter()
        .filter(|f| f.starts_with("out/"))
        .collect();
    assert_eq!(
        files,
        [
            "out/economic-justice.pdf",
            "out/place-based-funding.pdf",
            "out/reaching-communities.pdf",
            "out/youth-investment.pdf"
        ]
    );
    // Every grant lands in exactly one file, under its programme.
    let mut reader = csv::Reader::from_path(s.path("g.csv")).expect("csv");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let mut seen = 0;
    for f in &files {
        let pdf = Pdf::open(&s.path(f));
        let text = pdf.page_texts().join(" ");
        let programme = rows
            .iter()
            .map(|r| r[6].to_string())
            .find(|p| f.contains(&p.to_lowercase().replace(' ', "-")))
            .expect("programme");
        let count = rows.iter().filter(|r| r[6] == *programme).count();
        assert!(text.contains(&format!("Total ({count} grant")), "{f}");
        assert!(
            pdf.info("Title")
                .is_some_and(|t| t.ends_with(&format!(": {programme}"))),
            "{f}"
        );
        seen += count;
    }
    assert_eq!(seen, 12);
}

#[test]
fn names_come_from_a_template_and_collisions_are_refused() {
    let s = Scratch::empty();
    sample(&s, 4);
    let run = s.run(&[
        "build",
        "g.csv",
        "--split-by",
        "grant",
        "--name",
        "{{number}}-{{slug grantee}}",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        s.path("out/1-open-door-youth-project.pdf").exists()
            || s.files().iter().any(|f| f.starts_with("out/1-")),
        "{:?}",
        s.files()
    );
    let run = s.run(&[
        "build",
        "g.csv",
        "--split-by",
        "grant",
        "--out-dir",
        "x",
        "--name",
        "{{currency}}.pdf",
    ]);
    assert_eq!(run.code, 1);
    assert_starts_with!(
        run.stderr,
        "error: g.csv: 4 files would all be named \"GBP.pdf\" (the grants on lines 2, 3, 4 and 5), so each would replace the one before\n"
    );
    assert!(!s.path("x").exists());
}

#[test]
fn existing_files_are_kept_unless_forced() {
    let s = Scratch::empty();
    sample(&s, 3);
    assert_eq!(
        s.run(&["build", "g.csv", "--split-by", "programme"]).code,
        0
    );
    let first = s
        .files()
        .into_iter()
        .find(|f| f.starts_with("out/"))
        .expect("a file");
    s.write(&first, "the user's own file");
    let run = s.run(&["build", "g.csv", "--split-by", "programme"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("already exist") && run.stderr.contains("use --force"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(s.path(&first)).expect("kept"),
        "the user's own file"
    );
    let run = s.run(&["build", "g.csv", "--split-by", "programme", "--force"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(std::fs::read(s.path(&first))
        .expect("replaced")
        .starts_with(b"%PDF"));
}

#[test]
fn a_failure_part_way_says_what_was_written_and_leaves_no_partial_file() {
    let s = Scratch::empty();
    sample(&s, 3);
    // A folder where one output should go makes that one write fail.
    std::fs::create_dir_all(s.path("out/g-00002-growing-youth-leadership-in-wrexham.pdf"))
        .expect("dir");
    let run = s.run(&["build", "g.csv", "--split-by", "grant", "--force"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_starts_with!(
        run.stderr,
        "error: out/g-00002-growing-youth-leadership-in-wrexham.pdf:"
    );
    assert_contains!(run.stderr, "2 files were written: out/g-00001-");
    let files = s.files();
    assert!(!files.iter().any(|f| f.contains(".tmp")), "{files:?}");
    assert_eq!(
        files.iter().filter(|f| f.ends_with(".pdf")).count(),
        2,
        "{files:?}"
    );
}

#[test]
fn split_options_need_split_by() {
    let s = Scratch::with_sample();
    let run = s.run(&["build", "--force"]);
    assert_eq!(run.code, 2);
    assert_contains!(run.stderr, "--split-by");
}

#[test]
fn progress_shows_only_on_a_terminal_and_not_when_quiet() {
    let s = Scratch::empty();
    sample(&s, 60);
    // Piped stderr (as here): no bar, just the summary line on stdout.
    let run = s.run(&["build", "g.csv"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stderr, "");
    // On a terminal (a pseudo-terminal from util-linux `script`), the bar appears.
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok()
    {
        let bin = env!("CARGO_BIN_EXE_grant-report");
        let shown = |args: &str| {
            let out = std::process::Command::new("script")
                .args(["-qec", &format!("{bin} build g.csv {args}"), "/dev/null"])
                .current_dir(s.dir.path())
                .output()
                .expect("script");
            String::from_utf8_lossy(&out.stdout).into_owned()
        };
        assert!(shown("").contains("typesetting"));
        assert!(!shown("--quiet").contains("typesetting"));
    }
}

/// Waits up to `limit` for `done` to hold, checking every 50 ms.
fn wait_for(limit: std::time::Duration, mut done: impl FnMut() -> bool) -> bool {
    let start = std::time::Instant::now();
    while start.elapsed() < limit {
        if done() {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    done()
}

#[test]
fn watch_rebuilds_on_template_changes_and_keeps_the_last_good_pdf() {
    use std::time::Duration;
    let s = Scratch::with_sample();
    let log = std::fs::File::create(s.path("watch.log")).expect("log");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_grant-report"))
        .args(["build", "--watch"])
        .current_dir(s.dir.path())
        .env("SOURCE_DATE_EPOCH", "1795564800")
        .stdout(std::process::Stdio::null())
        .stderr(log)
        .spawn()
        .expect("start watch");
    let log = || std::fs::read_to_string(s.path("watch.log")).unwrap_or_default();
    let limit = Duration::from_secs(30);
    assert!(wait_for(limit, || log().contains("watching")), "{}", log());
    // The first build says it wrote the file, as a plain build does.
    assert_contains!(log(), "wrote report.pdf: ");
    let first = std::fs::read(s.path("report.pdf")).expect("first build");

    // An edit to the template is rebuilt.
    s.edit(
        "templates/case-study.hbs",
        "**{{labels.why}}**",
        "**Why we funded it:**",
    );
    assert!(
        wait_for(limit, || log().contains("rebuilt report.pdf")),
        "{}",
        log()
    );
    let second = std::fs::read(s.path("report.pdf")).expect("second build");
    assert_ne!(first, second);
    assert!(Pdf::open(&s.path("report.pdf")).page_texts()[1].contains("Why we funded it:"));

    // A broken template is reported, and the last good PDF stays.
    s.write("templates/case-study.hbs", "{{#if why}}\n");
    assert!(
        wait_for(limit, || log().contains("not rebuilt")),
        "{}",
        log()
    );
    assert_contains!(log(), "templates/case-study.hbs:");
    assert_eq!(std::fs::read(s.path("report.pdf")).expect("kept"), second);

    // Ctrl-C ends it cleanly.
    let _ = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let ended = wait_for(limit, || child.try_wait().ok().flatten().is_some());
    if !ended {
        let _ = child.kill();
    }
    assert!(ended, "watch did not stop on Ctrl-C");
    assert!(child.wait().expect("status").success());
    assert!(s.temporaries().is_empty(), "{:?}", s.files());
}

#[test]
fn issue_13_two_split_runs_into_one_folder_never_both_succeed() {
    let s = Scratch::empty();
    sample(&s, 40);
    let start = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_grant-report"))
            .args([
                "build",
                "g.csv",
                "--split-by",
                "grant",
                "--out-dir",
                "packs",
                "--quiet",
            ])
            .current_dir(s.dir.path())
            .env("SOURCE_DATE_EPOCH", "1795564800")
            .output()
            .expect("run")
    };
    let (a, b) = std::thread::scope(|t| {
        let a = t.spawn(start);
        let b = t.spawn(start);
        (a.join().expect("a"), b.join().expect("b"))
    });
    let codes = (a.status.code(), b.status.code());
    assert_ne!(
        codes,
        (Some(0), Some(0)),
        "both replaced each other's files"
    );
    // Every file there is one run's whole PDF.
    for f in s.files().iter().filter(|f| f.starts_with("packs/")) {
        assert!(f.ends_with(".pdf"), "{f}");
        assert_eq!(Pdf::open(&s.path(f)).page_count(), 3, "{f}");
    }
}

#[test]
fn issue_13_a_split_name_that_cannot_be_a_file_name_is_refused_naming_the_row() {
    let s = Scratch::empty();
    let long = "x".repeat(300);
    for (title, why) in [
        ("\"Two\nlines\"", "the character U+000A"),
        ("Right\u{202E}fdp.exe", "the character U+202E"),
        (long.as_str(), "more than a file system takes (255)"),
    ] {
        s.write(
            "g.csv",
            &format!("title,grantee,amount\nFine,Org,100\n{title},Org,200\n"),
        );
        let run = s.run_capped(&[
            "build",
            "g.csv",
            "--split-by",
            "grant",
            "--name",
            "{{title}}",
            "--out-dir",
            "packs",
        ]);
        assert_eq!(run.code, 1, "{run:?}");
        assert_starts_with!(
            run.stderr,
            "error: g.csv:3: --name \"{{title}}\" cannot name this output: it gives a file name"
        );
        assert_contains!(run.stderr, why);
        assert!(!s.path("packs").exists(), "nothing written");
    }
}

/// Issue 26: 40 grants named by their programme clash in one error: how many files, the
/// first three names with their first lines, and how many more.
#[test]
fn issue_26_name_clashes_are_one_error() {
    let s = Scratch::empty();
    let mut csv = String::from("title,grantee,amount,programme\n");
    for i in 0..40 {
        csv.push_str(&format!(
            "Project {i},Grantee {i},{},Fund {}\n",
            1000 + i,
            i % 5
        ));
    }
    s.write("g.csv", &csv);
    let run = s.run(&[
        "build",
        "g.csv",
        "--split-by",
        "grant",
        "--out-dir",
        "x",
        "--name",
        "{{programme}}.pdf",
    ]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(run.stderr.matches("error: ").count(), 1, "{}", run.stderr);
    assert_starts_with!(
        run.stderr,
        "error: g.csv: 40 files would share 5 names, so each would replace the one before: \
         \"Fund 0.pdf\" (the grants on lines 2, 7, 12 and 5 more), \
         \"Fund 1.pdf\" (the grants on lines 3, 8, 13 and 5 more), \
         \"Fund 2.pdf\" (the grants on lines 4, 9, 14 and 5 more) and 2 more names\n"
    );
    assert!(!s.path("x").exists());
}

//! The other commands: check, sample and init.

use crate::common::Scratch;

#[test]
fn check_reports_the_grant_count_and_writes_nothing() {
    let s = Scratch::with_sample();
    let before = s.files();
    let run = s.run(&["check"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "input/grants.csv: 3 grants, no errors\n", "")
    );
    assert_eq!(s.files(), before);
}

#[test]
fn check_can_list_problems_as_json() {
    let s = Scratch::with_sample();
    s.write("input/grants.csv", "title,grantee,amount\nA,B,x\n");
    let run = s.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let problems: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(problems[0]["severity"], "error");
    assert_eq!(problems[0]["line"], 2);
    assert_eq!(problems[0]["column"], "amount");
    assert_eq!(problems[0]["value"], "x");
    assert_eq!(problems[0]["message"], "is not an amount");
}

#[test]
fn sample_is_deterministic_and_builds() {
    let s = Scratch::empty();
    let a = s.run(&["sample", "--rows", "25", "--seed", "9"]);
    let b = s.run(&["sample", "--rows", "25", "--seed", "9"]);
    assert_eq!(a.code, 0);
    assert_eq!(a.stdout, b.stdout);
    let mut reader = csv::Reader::from_reader(a.stdout.as_bytes());
    assert_eq!(reader.records().count(), 25);
    s.write("g.csv", &a.stdout);
    let run = s.run(&["build", "g.csv", "--quiet"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{run:?}");
}

#[test]
fn init_writes_editable_defaults_and_never_overwrites() {
    let s = Scratch::empty();
    let run = s.run(&["init", "project"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        s.files(),
        [
            "project/input/grants.csv",
            "project/templates/case-study.cy.hbs",
            "project/templates/case-study.hbs",
            "project/templates/report.toml"
        ]
    );
    assert_eq!(
        std::fs::read_to_string(s.path("project/templates/case-study.hbs")).expect("template"),
        grant_report::DEFAULT_TEMPLATE
    );
    let again = s.run(&["init", "project"]);
    assert_eq!(again.code, 2);
    assert!(
        again
            .stderr
            .contains("4 files already exist: project/templates/case-study.hbs, project/templates/case-study.cy.hbs, project/templates/report.toml, project/input/grants.csv; init never overwrites your files"),
        "{}",
        again.stderr
    );
}

#[test]
fn check_also_warns_about_what_the_layout_finds() {
    let s = Scratch::with_sample();
    let long =
        "The network met monthly and shared its learning widely across the city. ".repeat(90);
    s.write(
        "input/grants.csv",
        &format!("id,title,grantee,amount,summary\nL-1,Long,Org,£5,\"{long}\"\n"),
    );
    let before = s.files();
    let run = s.run(&["check"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_starts_with!(
        run.stderr,
        "warning: input/grants.csv:2: the case study \"Long\" (L-1) does not fit on one page"
    );
    assert_eq!(run.stdout, "input/grants.csv: 1 grant, no errors\n");
    assert_eq!(s.files(), before, "check writes nothing");
}

/// Issue 26: `build --help` names every kind of input the reader takes.
#[test]
fn issue_26_build_help_lists_every_input_kind() {
    let s = crate::common::Scratch::empty();
    let run = s.run(&["build", "--help"]);
    assert_eq!(run.code, 0, "{run:?}");
    for kind in [
        "CSV",
        "TSV",
        ".xlsx",
        ".xls",
        ".xlsb",
        ".ods",
        "360Giving JSON",
    ] {
        assert!(run.stdout.contains(kind), "{kind} not in:\n{}", run.stdout);
    }
}

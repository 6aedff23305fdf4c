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
    let run = s.run_capped(&["build", "grants.json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let pages = Pdf::open(&s.path("report.pdf")).page_texts();
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
    assert_contains!(run.stderr, "recursion limit exceeded");
    let fields: Vec<String> = (0..20_000).map(|i| format!("\"f{i}\": 1")).collect();
    let wide = format!("[{{\"id\": \"w\", {}}}]", fields.join(", "));
    let s = json_project("wide.json", &wide);
    let run = s.run_capped(&["check", "wide.json"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_contains!(run.stderr, "more than 16384 different fields");
}

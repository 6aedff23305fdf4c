//! The README and docs/ against the program: every option they name exists in `--help` and
//! every option is documented; every report.toml setting, label, template field and helper
//! they list exists, and every one the program knows is listed; every example report.toml
//! reads without a mistake; every link between the pages leads somewhere.

use crate::common::{repo, Scratch};
use std::collections::BTreeSet;

/// The README and every page of docs/, as (name, text).
fn pages() -> Vec<(String, String)> {
    let mut pages = vec![("README.md".to_string(), read("README.md"))];
    let mut names: Vec<String> = std::fs::read_dir(repo().join("docs"))
        .expect("docs/")
        .map(|e| {
            e.expect("docs entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.ends_with(".md"))
        .collect();
    names.sort();
    assert!(names.len() >= 10, "docs/ has {names:?}");
    for n in names {
        let text = read(&format!("docs/{n}"));
        pages.push((format!("docs/{n}"), text));
    }
    pages
}

fn read(name: &str) -> String {
    std::fs::read_to_string(repo().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The `--long` options in `text`.
fn long_options(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let b = text.as_bytes();
    for (i, _) in text.match_indices("--") {
        let before = i.checked_sub(1).map(|j| b[j]);
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'-') {
            continue;
        }
        let name: String = text[i + 2..]
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || *c == '-')
            .collect();
        let name = name.trim_end_matches('-');
        if name.len() > 1 {
            found.insert(format!("--{name}"));
        }
    }
    found
}

/// What a page says of grant-report's options: inline code spans that start with `--` or
/// `grant-report`, and lines of code blocks that run grant-report (not cargo's or a
/// script's own options).
fn options_named(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut in_block = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_block = !in_block;
            continue;
        }
        if in_block {
            if line.trim_start().starts_with("grant-report ") || line.contains("$ grant-report ") {
                found.extend(long_options(line));
            }
            continue;
        }
        for (k, span) in line.split('`').enumerate() {
            if k % 2 == 1 && (span.starts_with("--") || span.starts_with("grant-report ")) {
                found.extend(long_options(span));
            }
        }
    }
    found
}

fn help(command: &str) -> String {
    let run = Scratch::empty().run(&[command, "--help"]);
    assert_eq!(run.code, 0, "{run:?}");
    run.stdout
}

#[test]
fn every_option_the_docs_name_exists_and_every_option_is_documented() {
    let commands = ["build", "check", "sample", "init"];
    let mut real = BTreeSet::new();
    for c in commands {
        real.extend(long_options(&help(c)));
    }
    assert!(
        real.contains("--split-by") && real.contains("--seed"),
        "{real:?}"
    );
    for (name, text) in pages() {
        let unknown: Vec<_> = options_named(&text).difference(&real).cloned().collect();
        assert!(
            unknown.is_empty(),
            "{name} names options grant-report does not have: {unknown:?}"
        );
    }
    let reference = options_named(&read("docs/04-command-line.md"));
    let missing: Vec<_> = real
        .iter()
        .filter(|o| !["--help", "--version"].contains(&o.as_str()))
        .filter(|o| !reference.contains(*o))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/04-command-line.md does not document {missing:?}"
    );
}

/// The first cells, in backticks, of the table rows under each `### ` heading of the section
/// `## heading` of `text`: (the sub-heading, its keys).
fn tables_under(text: &str, heading: &str) -> Vec<(String, BTreeSet<String>)> {
    let start = text
        .find(&format!("\n## {heading}\n"))
        .unwrap_or_else(|| panic!("no section {heading}"));
    let section = &text[start + 1..];
    let end = section[3..].find("\n## ").map_or(section.len(), |e| e + 3);
    let mut tables: Vec<(String, BTreeSet<String>)> = Vec::new();
    for line in section[..end].lines() {
        if let Some(sub) = line.strip_prefix("### ") {
            tables.push((sub.to_string(), BTreeSet::new()));
        } else if let (Some(first), Some((_, keys))) = (
            line.strip_prefix("| `")
                .and_then(|l| l.split_once('`'))
                .map(|(k, _)| k),
            tables.last_mut(),
        ) {
            keys.insert(first.to_string());
        }
    }
    tables
}

/// What the program says a table of report.toml can have, from its hints for a key
/// nowhere in it: "[page] can have: size, …", "the labels are: …", "the fields are: …".
fn keys_the_program_knows() -> Vec<(String, BTreeSet<String>)> {
    let tables = [
        "page",
        "fonts",
        "colours",
        "cover",
        "contents",
        "case_study",
        "select",
        "summary",
        "cy",
    ];
    let mut toml = "no_such_setting = 1\n".to_string();
    for t in tables {
        toml.push_str(&format!("[{t}]\nno_such_setting = 1\n"));
    }
    toml.push_str("[labels]\nno_such_setting = \"x\"\n[columns]\nno_such_setting = \"x\"\n");
    let s = Scratch::with_sample();
    s.write("r.toml", &toml);
    let run = s.run(&["check", "-c", "r.toml"]);
    assert_eq!(run.code, 1, "{run:?}");
    let hints: Vec<&str> = run
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("hint: "))
        .collect();
    assert_eq!(hints.len(), tables.len() + 3, "{}", run.stderr);
    let list = |hint: &str, after: &str| -> BTreeSet<String> {
        let (_, rest) = hint.split_once(after).unwrap_or_else(|| panic!("{hint}"));
        rest.split(", ").map(|k| k.trim().to_string()).collect()
    };
    let mut known = vec![(String::new(), list(hints[0], "report.toml can have: "))];
    for (t, hint) in tables.iter().zip(&hints[1..]) {
        known.push((t.to_string(), list(hint, &format!("[{t}] can have: "))));
    }
    known.push((
        "labels".into(),
        list(hints[tables.len() + 1], "the labels are: "),
    ));
    known.push((
        "columns".into(),
        list(hints[tables.len() + 2], "the fields are: "),
    ));
    known
}

#[test]
fn every_setting_and_label_is_documented_and_every_one_documented_exists() {
    let doc = read("docs/03-settings.md");
    let documented = tables_under(&doc, "Every setting");
    let table_of = |heading: &str| -> String {
        if heading == "The top level" {
            return String::new();
        }
        heading
            .trim_matches(|c| c == '`' || c == '[' || c == ']')
            .to_string()
    };
    let mut by_table: std::collections::BTreeMap<String, BTreeSet<String>> = documented
        .iter()
        .map(|(h, keys)| (table_of(h), keys.clone()))
        .collect();
    // The tables themselves are keys of the top level.
    let tables: Vec<String> = by_table.keys().filter(|t| !t.is_empty()).cloned().collect();
    by_table.entry(String::new()).or_default().extend(tables);
    // [columns] lists its fields in a sentence: "The fields are `id`, `title`, …".
    let sentence = doc
        .split("The fields are ")
        .nth(1)
        .and_then(|s| s.split(" (see").next())
        .expect("the [columns] fields");
    let fields = sentence.split('`').skip(1).step_by(2).map(String::from);
    by_table.insert("columns".into(), fields.collect());

    for (table, known) in keys_the_program_knows() {
        let shown = if table.is_empty() {
            "the top level".to_string()
        } else {
            format!("[{table}]")
        };
        let written = by_table
            .get(&table)
            .unwrap_or_else(|| panic!("docs/03-settings.md has no section for {shown}"));
        let undocumented: Vec<_> = known.difference(written).collect();
        let invented: Vec<_> = written.difference(&known).collect();
        assert!(
            undocumented.is_empty() && invented.is_empty(),
            "{shown}: not documented {undocumented:?}; documented but unknown {invented:?}"
        );
    }
}

#[test]
fn every_example_report_toml_reads_without_a_mistake() {
    let mut examples = 0;
    for (name, text) in pages() {
        for (k, block) in text.split("```toml\n").skip(1).enumerate() {
            let toml = block.split("```").next().expect("a closed block");
            let read = grant_report::settings::parse_settings(std::path::Path::new("x"), toml);
            assert!(
                read.is_ok(),
                "{name}'s example {} is refused: {read:?}\n{toml}",
                k + 1
            );
            examples += 1;
        }
    }
    assert!(examples >= 5, "only {examples} examples");
    // And the check has teeth: a misspelt setting in an example would fail it.
    assert!(grant_report::settings::parse_settings(
        std::path::Path::new("x"),
        "[page]\nsise = \"a4\"\n"
    )
    .is_err());
}

#[test]
fn every_helper_and_field_the_template_guide_lists_is_the_programs() {
    let doc = read("docs/02-template.md");
    let helpers_section = doc
        .split("\n## Helpers\n")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("a Helpers section");
    let mut documented = BTreeSet::new();
    for line in helpers_section.lines() {
        for span in line.split('`').skip(1).step_by(2) {
            if let Some(call) = span.strip_prefix("{{") {
                documented.insert(call.split([' ', '}']).next().unwrap_or("").to_string());
            }
        }
    }
    let joined = helpers_section.replace('\n', " ");
    let own = joined
        .split("and Handlebars' own ")
        .nth(1)
        .and_then(|s| s.split(". ").next())
        .expect("Handlebars' own helpers");
    documented.extend(own.split('`').skip(1).step_by(2).map(String::from));
    // The program's list, from the hint for a helper it has never heard of.
    let s = Scratch::with_sample();
    s.write("t.hbs", "# {{title}}\n\n{{zzzzzzzzzz title}}\n");
    let run = s.run(&["check", "-t", "t.hbs"]);
    let hint = run
        .stderr
        .lines()
        .find_map(|l| l.strip_prefix("hint: the helpers are "))
        .unwrap_or_else(|| panic!("{}", run.stderr));
    let known: BTreeSet<String> = hint
        .replace(", with ", ", ")
        .replace(" and ", ", ")
        .split(", ")
        .map(String::from)
        .collect();
    assert_eq!(
        documented, known,
        "docs/02-template.md's helpers against the program's"
    );

    // Every field in the table is one a template may use.
    let fields_section = doc
        .split("\n## Fields\n")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("a Fields section");
    let mut template = String::from("# {{title}}\n\n");
    let mut count = 0;
    for line in fields_section.lines().filter(|l| l.starts_with("| `")) {
        let first = line.split('|').nth(1).unwrap_or("");
        for field in first.split('`').skip(1).step_by(2) {
            if field != "labels.…" {
                template.push_str(&format!("{{{{{field}}}}}\n\n"));
                count += 1;
            }
        }
    }
    assert!(count >= 15, "{count} fields");
    template.push_str("{{labels.case_study}}\n");
    s.write(
        "all.csv",
        "id,title,grantee,grantee_url,amount,currency,duration,programme,summary,award_date,start_date,end_date\n\
         G-1,Kitchen,Food Bank,https://example.org,£1000,GBP,12,Food,Meals,2024-01-01,2024-02-01,2025-02-01\n",
    );
    s.write("fields.hbs", &template);
    let run = s.run(&["check", "all.csv", "-t", "fields.hbs"]);
    assert_eq!(
        run.code, 0,
        "a documented field is refused:\n{}",
        run.stderr
    );
}

/// `text` without its code blocks and code spans, where `](` is not a link.
fn prose(text: &str) -> String {
    let mut out = String::new();
    let mut in_block = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_block = !in_block;
        } else if !in_block {
            out.extend(line.split('`').step_by(2));
            out.push('\n');
        }
    }
    out
}

/// GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens.
fn anchor(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

#[test]
fn every_link_between_the_pages_leads_somewhere() {
    let pages = pages();
    let mut links = 0;
    for (name, text) in &pages {
        let folder = std::path::Path::new(name).parent().expect("a folder");
        for piece in prose(text).split("](").skip(1) {
            let target = piece.split(')').next().unwrap_or("");
            if target.starts_with("http") || target.starts_with("mailto:") || target.contains(' ') {
                continue;
            }
            let (file, fragment) = target.split_once('#').unwrap_or((target, ""));
            let path = if file.is_empty() {
                std::path::PathBuf::from(name)
            } else {
                folder.join(file)
            };
            let full = repo().join(&path);
            assert!(
                full.exists(),
                "{name} links to {target}, which does not exist"
            );
            if !fragment.is_empty() {
                let linked = std::fs::read_to_string(&full).expect("linked page");
                let anchors: Vec<String> = linked
                    .lines()
                    .filter(|l| l.starts_with('#'))
                    .map(|l| anchor(l.trim_start_matches('#').trim()))
                    .collect();
                assert!(
                    anchors.iter().any(|a| a == fragment),
                    "{name} links to {target}: no such heading in {}",
                    path.display()
                );
            }
            links += 1;
        }
    }
    assert!(links >= 30, "only {links} links");
}

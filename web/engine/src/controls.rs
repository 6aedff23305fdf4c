//! Turns the page's controls (a title typed, a box ticked, programmes chosen) into edits of
//! report.toml's text, and report.toml's text back into the values the controls show. Every
//! line and note the user wrote is kept: only the setting a control names changes.

use toml_edit::{Array, DocumentMut, Item, Table, Value};

/// `text` with the setting at `path` ("title", "cover.logo", "select.programmes") set to
/// `value`: a JSON string, number, true/false or list of those; `null` takes the setting out
/// (and a table left empty by it). `path` may name a whole table to take out ("select").
/// The error, when `text` is not TOML, says so in the words the settings box shows.
pub fn edit_setting(text: &str, path: &str, value: &serde_json::Value) -> Result<String, String> {
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        format!(
            "the settings could not be read, so the choice was not written into them: {}",
            e.message()
        )
    })?;
    let mut keys: Vec<&str> = path.split('.').collect();
    let Some(last) = keys.pop() else {
        return Ok(text.to_string());
    };
    let mut table: &mut Table = doc.as_table_mut();
    for key in &keys {
        if value.is_null() && !table.contains_table(key) {
            return Ok(doc.to_string());
        }
        let entry = table
            .entry(key)
            .or_insert_with(|| Item::Table(Table::new()));
        table = entry
            .as_table_mut()
            .ok_or_else(|| format!("the settings' \"{key}\" is not a [{key}] table"))?;
    }
    match to_toml(value) {
        None => {
            table.remove(last);
        }
        Some(v) => match table.get_mut(last).and_then(Item::as_value_mut) {
            // Keep the note written after the old value (`fit = false   # true: …`).
            Some(old) => {
                let decor = old.decor().clone();
                *old = v;
                *old.decor_mut() = decor;
            }
            None => {
                table.insert(last, Item::Value(v));
            }
        },
    }
    if value.is_null() && !keys.is_empty() && table.is_empty() {
        let mut parent = doc.as_table_mut();
        for key in &keys[..keys.len() - 1] {
            parent = parent[*key].as_table_mut().expect("walked above");
        }
        parent.remove(keys[keys.len() - 1]);
    }
    Ok(doc.to_string())
}

fn to_toml(value: &serde_json::Value) -> Option<Value> {
    Some(match value {
        serde_json::Value::Null => return None,
        serde_json::Value::Bool(b) => Value::from(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::from(i),
            None => Value::from(n.as_f64().unwrap_or_default()),
        },
        serde_json::Value::String(s) => Value::from(s.as_str()),
        serde_json::Value::Array(items) => {
            Value::Array(items.iter().filter_map(to_toml).collect::<Array>())
        }
        serde_json::Value::Object(_) => Value::from(value.to_string()),
    })
}

/// The values report.toml's text holds, as JSON (tables as objects, dates as their text),
/// for the controls to show; `{"error": "…"}` when the text is not TOML.
pub fn settings_values(text: &str) -> serde_json::Value {
    match text.parse::<DocumentMut>() {
        Ok(doc) => table_json(doc.as_table()),
        Err(e) => serde_json::json!({ "error": e.message() }),
    }
}

fn table_json(table: &Table) -> serde_json::Value {
    table
        .iter()
        .map(|(k, item)| (k.to_string(), item_json(item)))
        .collect::<serde_json::Map<_, _>>()
        .into()
}

fn item_json(item: &Item) -> serde_json::Value {
    match item {
        Item::Value(v) => value_json(v),
        Item::Table(t) => table_json(t),
        Item::ArrayOfTables(a) => a.iter().map(table_json).collect(),
        Item::None => serde_json::Value::Null,
    }
}

fn value_json(value: &Value) -> serde_json::Value {
    match value {
        Value::String(s) => s.value().clone().into(),
        Value::Integer(i) => (*i.value()).into(),
        Value::Float(f) => {
            serde_json::Number::from_f64(*f.value()).map_or(serde_json::Value::Null, Into::into)
        }
        Value::Boolean(b) => (*b.value()).into(),
        Value::Datetime(d) => d.value().to_string().into(),
        Value::Array(a) => a.iter().map(value_json).collect(),
        Value::InlineTable(t) => t
            .iter()
            .map(|(k, v)| (k.to_string(), value_json(v)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TOML: &str = "# The report\n# title = \"Ours\"\nfit = false   # true: shrink\n\n[select]\nprogrammes = [\"A\"]\n\n[cover]\nenabled = true\n";

    #[test]
    fn a_control_changes_its_one_setting_and_keeps_every_note() {
        let t = edit_setting(TOML, "fit", &json!(true)).unwrap();
        assert!(t.contains("fit = true   # true: shrink"), "{t}");
        let t = edit_setting(&t, "title", &json!("A year of \"grants\"")).unwrap();
        assert!(t.starts_with("# The report\n# title = \"Ours\"\n"), "{t}");
        assert!(
            t.contains("title = 'A year of \"grants\"'")
                || t.contains(r#"title = "A year of \"grants\"""#),
            "{t}"
        );
        let t = edit_setting(&t, "cover.logo", &json!("logo.svg")).unwrap();
        let t = edit_setting(&t, "case_study.key_facts", &json!(true)).unwrap();
        let values = settings_values(&t);
        assert_eq!(values["cover"]["logo"], "logo.svg");
        assert_eq!(values["case_study"]["key_facts"], true);
        assert_eq!(values["title"], "A year of \"grants\"");
        // What the page writes is what the library reads.
        let settings =
            grant_report::settings::parse_settings("report.toml".as_ref(), &t).expect("reads");
        assert!(settings.fit && settings.case_study.key_facts);
    }

    #[test]
    fn null_takes_a_setting_out_and_an_emptied_table_with_it() {
        let t = edit_setting(TOML, "select.programmes", &json!(null)).unwrap();
        assert!(!t.contains("[select]"), "{t}");
        let t = edit_setting(TOML, "select", &json!(null)).unwrap();
        assert!(!t.contains("programmes"), "{t}");
        let t = edit_setting(TOML, "summary.charts", &json!(null)).unwrap();
        assert_eq!(t, TOML);
        let t = edit_setting(TOML, "select.programmes", &json!(["B", "C"])).unwrap();
        assert_eq!(
            settings_values(&t)["select"]["programmes"],
            json!(["B", "C"])
        );
    }

    #[test]
    fn settings_that_are_not_toml_are_left_alone_with_a_reason() {
        let e = edit_setting("title = \n", "fit", &json!(true)).unwrap_err();
        assert!(e.starts_with("the settings could not be read"), "{e}");
        assert!(settings_values("[cover\n")["error"].is_string());
        let e = edit_setting("cover = 1\n", "cover.logo", &json!("x.png")).unwrap_err();
        assert!(e.contains("[cover]"), "{e}");
    }
}

//! Turns the report's field names into one list: each field's name (its report.toml
//! `[columns]` key and its template key), the column titles it is found under, and whether a
//! case study needs it. The column mapping, the settings and the template all read it.

/// A field of a grant the report understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Id,
    Title,
    Grantee,
    GranteeUrl,
    Amount,
    Currency,
    Duration,
    Programme,
    Summary,
    AwardDate,
    StartDate,
    EndDate,
}

/// A field: its name, the column titles it is found under and whether it is required.
#[derive(Debug)]
pub struct Field {
    pub key: Key,
    /// The name in report.toml's `[columns]` and in templates (`{{award_date}}`).
    pub name: &'static str,
    /// Column titles after [`super::normalise`], so case, spaces and punctuation do not
    /// matter; the 360Giving standard's spreadsheet titles and JSON paths are included. The
    /// first that matches wins.
    pub aliases: &'static [&'static str],
    /// A case study cannot do without it.
    pub required: bool,
}

/// Every field, in the order the template context and messages list them.
pub const FIELDS: &[Field] = &[
    Field {
        key: Key::Id,
        name: "id",
        aliases: &[
            "id",
            "identifier",
            "grantid",
            "reference",
            "ref",
            "grantreference",
        ],
        required: false,
    },
    Field {
        key: Key::Title,
        name: "title",
        aliases: &[
            "title",
            "projecttitle",
            "granttitle",
            "projectname",
            "project",
        ],
        required: true,
    },
    Field {
        key: Key::Grantee,
        name: "grantee",
        aliases: &[
            "grantee",
            "recipientorgname",
            "recipient",
            "recipientname",
            "recipientorganization0name",
            "organisation",
            "organization",
            "grantholder",
        ],
        required: true,
    },
    Field {
        key: Key::GranteeUrl,
        name: "grantee_url",
        aliases: &[
            "granteeurl",
            "recipientorgwebaddress",
            "recipientorganization0url",
            "website",
            "webaddress",
            "url",
        ],
        required: false,
    },
    Field {
        key: Key::Amount,
        name: "amount",
        aliases: &[
            "amount",
            "amountawarded",
            "grantamount",
            "awardamount",
            "amountgbp",
        ],
        required: true,
    },
    Field {
        key: Key::Currency,
        name: "currency",
        aliases: &["currency"],
        required: false,
    },
    Field {
        key: Key::Duration,
        name: "duration",
        aliases: &[
            "duration",
            "durationmonths",
            "planneddatesdurationmonths",
            "planneddates0duration",
            "months",
            "term",
        ],
        required: false,
    },
    Field {
        key: Key::Programme,
        name: "programme",
        aliases: &[
            "programme",
            "program",
            "grantprogrammetitle",
            "grantprogramme0title",
            "grantprogramme",
            "fund",
        ],
        required: false,
    },
    Field {
        key: Key::Summary,
        name: "summary",
        aliases: &["summary", "description"],
        required: false,
    },
    Field {
        key: Key::AwardDate,
        name: "award_date",
        aliases: &["awarddate", "dateawarded"],
        required: false,
    },
    Field {
        key: Key::StartDate,
        name: "start_date",
        aliases: &[
            "planneddatesstartdate",
            "planneddates0startdate",
            "startdate",
        ],
        required: false,
    },
    Field {
        key: Key::EndDate,
        name: "end_date",
        aliases: &["planneddatesenddate", "planneddates0enddate", "enddate"],
        required: false,
    },
];

/// Template keys that come from no column: the case study's place in the report, the
/// duration as a number of months and the amount as a number (for comparisons).
pub const DERIVED_TEMPLATE_KEYS: &[&str] = &["number", "duration_months", "amount_value"];

/// Every key a case-study template gets whatever the data holds.
pub fn template_keys() -> impl Iterator<Item = &'static str> {
    DERIVED_TEMPLATE_KEYS
        .iter()
        .copied()
        .chain(FIELDS.iter().map(|f| f.name))
}

/// The field called `name`, if any.
pub fn field(name: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_aliases_can_match() {
        for (i, f) in FIELDS.iter().enumerate() {
            assert!(
                FIELDS[..i]
                    .iter()
                    .all(|o| o.name != f.name && o.key != f.key),
                "{} twice",
                f.name
            );
            for a in f.aliases {
                // Headers are compared after normalising, so an alias that is not in that
                // form could never match.
                assert_eq!(super::super::normalise(a), *a, "{}: alias {a}", f.name);
            }
        }
        let keys: Vec<&str> = template_keys().collect();
        assert!(keys.contains(&"number") && keys.contains(&"award_date"));
        assert_eq!(field("grantee").map(|f| f.required), Some(true));
    }
}

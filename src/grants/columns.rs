//! Turns column names into the words messages and templates use: a 360Giving JSON path
//! into its spreadsheet title, a file's headers into a short list for a message.

/// The JSON path of a 360Giving spreadsheet column's value (`Recipient Org:Name` is
/// `recipientOrganization.0.name`), for the standard's commonest fields, so a template
/// written for the spreadsheet reads the JSON too; `None` for others.
pub fn spreadsheet_title(path: &str) -> Option<String> {
    const TITLES: &[(&str, &str)] = &[
        ("id", "Identifier"),
        ("title", "Title"),
        ("description", "Description"),
        ("currency", "Currency"),
        ("amountAwarded", "Amount Awarded"),
        ("amountAppliedFor", "Amount Applied For"),
        ("amountDisbursed", "Amount Disbursed"),
        ("awardDate", "Award Date"),
        ("dateModified", "Last modified"),
        ("dataSource", "Data Source"),
        ("recipientOrganization", "Recipient Org"),
        ("recipientIndividual", "Recipient Ind"),
        ("fundingOrganization", "Funding Org"),
        ("grantProgramme", "Grant Programme"),
        ("plannedDates", "Planned Dates"),
        ("actualDates", "Actual Dates"),
        ("beneficiaryLocation", "Beneficiary Location"),
        ("classifications", "Classifications"),
        ("relatedActivity", "Related Activity"),
        ("name", "Name"),
        ("url", "Web Address"),
        ("charityNumber", "Charity Number"),
        ("companyNumber", "Company Number"),
        ("postalCode", "Postal Code"),
        ("startDate", "Start Date"),
        ("endDate", "End Date"),
        ("duration", "Duration (months)"),
        ("geoCode", "Geographic Code"),
        ("geoCodeType", "Geographic Code Type"),
        ("code", "Code"),
        ("vocabulary", "Vocabulary"),
        ("address", "Address"),
        ("streetAddress", "Street Address"),
        ("addressLocality", "City"),
        ("addressRegion", "County"),
        ("addressCountry", "Country"),
    ];
    let title = |key: &str| TITLES.iter().find(|(k, _)| *k == key).map(|(_, t)| *t);
    // Lists the spreadsheet rolls up into one set of columns (their first item, unnumbered).
    const ROLLED_UP: &[&str] = &[
        "recipientOrganization",
        "recipientIndividual",
        "fundingOrganization",
        "grantProgramme",
        "plannedDates",
        "actualDates",
    ];
    let parts: Vec<&str> = path.split('.').collect();
    let mut out = Vec::with_capacity(parts.len());
    for (i, part) in parts.iter().enumerate() {
        if part.chars().all(|c| c.is_ascii_digit()) {
            let rolled = i > 0 && ROLLED_UP.contains(&parts[i - 1]);
            match (rolled, *part) {
                (true, "0") => {}
                (true, _) => return None,
                _ => out.push(part.to_string()),
            }
        } else {
            out.push(title(part)?.to_string());
        }
    }
    Some(out.join(":"))
}

/// The headers for a message: at most 30, each cut to 40 characters, so a file with
/// thousands of columns (or one enormous header) does not fill the screen.
pub fn describe_headers(headers: &[String]) -> String {
    let cut = |h: &String| match h.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", &h[..at]),
        None => h.clone(),
    };
    let mut list: Vec<String> = headers.iter().take(30).map(cut).collect();
    if headers.len() > 30 {
        list.push(format!("and {} more", headers.len() - 30));
    }
    list.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_paths_read_as_the_spreadsheet_titles() {
        let title = |p: &str| spreadsheet_title(p);
        assert_eq!(
            title("recipientOrganization.0.name").as_deref(),
            Some("Recipient Org:Name")
        );
        assert_eq!(title("recipientOrganization.1.name"), None);
        assert_eq!(
            title("beneficiaryLocation.1.name").as_deref(),
            Some("Beneficiary Location:1:Name")
        );
        assert_eq!(title("someOtherField"), None);
    }

    #[test]
    fn long_header_lists_are_cut() {
        let headers: Vec<String> = (0..35).map(|i| format!("c{i}")).collect();
        let said = describe_headers(&headers);
        assert!(
            said.starts_with("c0, c1,") && said.ends_with("c29, and 5 more"),
            "{said}"
        );
        assert_eq!(
            describe_headers(&["x".repeat(50)]),
            format!("{}…", "x".repeat(40))
        );
    }
}

//! Writes realistic synthetic grant records as CSV (for demos and benchmarks): the same rows
//! and seed always give the same bytes.

use std::io::Write;

/// A small, fast, deterministic generator (SplitMix64); good enough for sample data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const PLACES: &[&str] = &[
    "Leeds",
    "Bristol",
    "Cardiff",
    "Glasgow",
    "Belfast",
    "Norwich",
    "Sheffield",
    "Hull",
    "Plymouth",
    "Dundee",
    "Swansea",
    "Newcastle",
    "Stoke-on-Trent",
    "Inverness",
    "Bradford",
    "Luton",
    "Wrexham",
    "Birmingham",
];
const ORG_HEAD: &[&str] = &[
    "Riverside",
    "Northgate",
    "Hillcrest",
    "Meadowbank",
    "Oakwood",
    "St Mary’s",
    "Café Nour",
    "Brighter Futures",
    "Open Door",
    "Harbourside",
    "Green Lane",
    "Canal Side",
    "Zoë Mitchell",
    "Bridge Street",
    "Fairfield",
];
const ORG_TAIL: &[&str] = &[
    "Community Trust",
    "CIC",
    "Youth Project",
    "Foundation",
    "Arts Collective",
    "Housing Co-operative",
    "Food Network",
    "Advice Centre",
    "Men’s Shed",
    "Carers’ Forum",
    "Development Trust",
    "Women’s Aid",
];
const TITLE_A: &[&str] = &[
    "Growing",
    "Connecting",
    "Supporting",
    "Strengthening",
    "Building",
    "Reimagining",
    "Sustaining",
    "Investing in",
];
const TITLE_B: &[&str] = &[
    "community food spaces",
    "young carers",
    "older people’s networks",
    "local heritage",
    "digital skills",
    "green corridors",
    "refugee families",
    "mental health peer support",
    "youth leadership",
    "debt advice",
    "community-led housing",
];
const PROGRAMMES: &[&str] = &[
    "Economic Justice",
    "Reaching Communities",
    "Climate Action Fund",
    "Place-Based Funding",
    "Youth Investment",
];
const SUBJECTS: &[&str] = &[
    "The project",
    "This grant",
    "The organisation",
    "The partnership",
    "Local volunteers",
    "The steering group",
    "Participants",
    "Residents",
];
const VERBS: &[&str] = &[
    "will deliver",
    "will expand",
    "will co-design",
    "can strengthen",
    "will test",
    "will evaluate",
    "will build",
    "will continue to run",
];
const OBJECTS: &[&str] = &[
    "weekly drop-in sessions",
    "a network of “community champions”",
    "training for 120 volunteers",
    "outreach to isolated households",
    "a café-style hub on the high street",
    "peer mentoring for young people",
    "a shared evaluation framework",
    "advice on benefits, debt and housing",
];
const ENDS: &[&str] = &[
    "across the city",
    "with partners in the statutory sector",
    "over the next two years",
    "in the most deprived wards",
    "alongside people with lived experience",
    "so that the learning is shared widely",
];
const PRIORITIES: &[&str] = &[
    "Inclusive economies",
    "lived experience",
    "working across sectors",
    "place-based change",
    "climate justice",
    "national influence",
    "early intervention",
];

fn sentences(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| {
            format!(
                "{} {} {} {}.",
                rng.pick(SUBJECTS),
                rng.pick(VERBS),
                rng.pick(OBJECTS),
                rng.pick(ENDS)
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Writes `rows` synthetic grants as CSV to `out`.
pub fn write_sample(rows: usize, seed: u64, out: &mut impl Write) -> std::io::Result<()> {
    let mut rng = Rng(seed);
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "id",
        "title",
        "grantee",
        "grantee_url",
        "amount",
        "duration",
        "programme",
        "summary",
        "why",
        "impact",
        "priorities",
    ])?;
    for i in 1..=rows {
        let place = rng.pick(PLACES);
        let grantee = format!("{} {}", rng.pick(ORG_HEAD), rng.pick(ORG_TAIL));
        let slug: String = grantee
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_lowercase();
        let url = if rng.below(4) == 0 {
            String::new()
        } else {
            format!("https://www.{slug}.org.uk")
        };
        // Mostly round thousands, some with pence, as real exports have.
        let pounds = 1_000 + rng.below(250) * 500;
        let amount = if rng.below(10) == 0 {
            format!("{}.{:02}", group(pounds), 1 + rng.below(99))
        } else {
            group(pounds)
        };
        let duration = match rng.below(6) {
            0 => String::new(),
            1 => "12 months".into(),
            2 => "two years".into(),
            3 => "36".into(),
            4 => "18 months".into(),
            _ => "3 years".into(),
        };
        let programme = rng.pick(PROGRAMMES);
        let title = format!("{} {} in {place}", rng.pick(TITLE_A), rng.pick(TITLE_B));
        let n = 3 + rng.below(3);
        let summary = format!("to work with people in {place}. {}", sentences(&mut rng, n));
        let n = 2 + rng.below(3);
        let why = sentences(&mut rng, n);
        let n = 2 + rng.below(4);
        let impact = sentences(&mut rng, n);
        let priorities = (0..3)
            .map(|_| rng.pick(PRIORITIES))
            .collect::<Vec<_>>()
            .join("; ");
        w.write_record([
            format!("G-{i:05}"),
            title,
            grantee,
            url,
            amount,
            duration,
            programme.to_string(),
            summary,
            why,
            impact,
            priorities,
        ])?;
    }
    w.flush()
}

/// `12500` → `£12,500`.
fn group(pounds: usize) -> String {
    let digits = pounds.to_string();
    let mut out = String::from("£");
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_bytes_and_every_row_maps() {
        let mut a = Vec::new();
        let mut b = Vec::new();
        write_sample(50, 7, &mut a).unwrap();
        write_sample(50, 7, &mut b).unwrap();
        assert_eq!(a, b);
        let table =
            crate::source::parse_table(std::path::Path::new("s.csv"), &a, &Default::default())
                .unwrap();
        let mapped = crate::grants::map_grants(&table, &Default::default()).unwrap();
        assert_eq!(mapped.grants.len(), 50);
    }
}

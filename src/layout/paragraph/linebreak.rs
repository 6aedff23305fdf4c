//! Chooses where a paragraph's lines end, from widths alone: Knuth–Plass optimal fit over the
//! whole paragraph (`break_optimal_fit`), with first fit (`break_first_fit`) as the fallback.
//!
//! The paragraph is a list of [`Item`]s in the Knuth–Plass sense: boxes (words or pieces of
//! words), glue (spaces that stretch and shrink) and penalties (hyphenation points, forced
//! breaks). A break may happen at a glue that follows a box, or at a penalty below
//! [`FORCED`]'s opposite. For example, with line width 10 and items
//! `box 4, glue 1, box 4, glue 1, box 4`, first fit puts two words on the first line (4+1+4 = 9)
//! and the third alone; optimal fit does the same here, but on longer paragraphs it avoids a
//! very loose line later by taking a slightly looser one earlier.

/// A paragraph item, reduced to what line breaking needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item {
    Box {
        width: f32,
    },
    Glue {
        width: f32,
        stretch: f32,
        shrink: f32,
    },
    /// `cost` below or at `-FORCED` forces a break; at or above `FORCED` forbids one.
    /// `flagged` marks hyphen breaks, which should not come twice in a row.
    Penalty {
        width: f32,
        cost: f32,
        flagged: bool,
    },
}

/// A penalty this large means "never"; its negative means "always".
pub const FORCED: f32 = 10_000.0;

/// How far a line may stretch before it is rejected (Knuth's tolerance, as a ratio).
const MAX_STRETCH: f32 = 2.5;
/// How much a line's stretch beyond its spaces' natural stretch (ratio over 1) counts in its
/// badness: a line a little looser than natural is preferred to a hyphen, which is what keeps
/// hyphens as rare as Typst's (whose badness measures such stretch in half-ems per space,
/// gentler still). Tuned on the peers' 30 synthetic grants with benches/typography.py.
const BEYOND_NATURAL: f64 = 0.3;

/// The adjustment ratio as badness sees it: as it is up to 1, gentler beyond.
fn effective(r: f32) -> f64 {
    let r = f64::from(r);
    if r > 1.0 {
        1.0 + (r - 1.0) * BEYOND_NATURAL
    } else {
        r
    }
}

/// Added to every line's badness, so that fewer lines win when all else is equal.
const LINE_PENALTY: f64 = 1.0;
/// Added (inside the square, as Typst does) for a hyphen after a hyphenated line, for a
/// hyphen on a paragraph's second-last line (TeX's final-hyphen demerits: the last line is
/// then a fragment), and for a last line that is one word (a runt).
const CONSECUTIVE_HYPHEN_COST: f64 = 135.0;
const FINAL_HYPHEN_COST: f64 = 135.0;
const RUNT_COST: f64 = 250.0;
const TRIPLE_HYPHEN_DEMERITS: f64 = 1.0e12;

fn is_break(items: &[Item], i: usize) -> bool {
    match items[i] {
        Item::Glue { .. } => i > 0 && matches!(items[i - 1], Item::Box { .. }),
        Item::Penalty { cost, .. } => cost < FORCED,
        Item::Box { .. } => false,
    }
}

fn is_forced(item: &Item) -> bool {
    matches!(item, Item::Penalty { cost, .. } if *cost <= -FORCED)
}

/// Where the line after a break at `b` starts: glue and penalties after a break are dropped.
fn line_start(items: &[Item], b: Option<usize>) -> usize {
    let mut i = b.map_or(0, |b| b + 1);
    if b.is_none() {
        return 0;
    }
    while i < items.len() && !matches!(items[i], Item::Box { .. }) && !is_forced(&items[i]) {
        i += 1;
    }
    i
}

/// Natural width, stretch and shrink of a line from `start` up to the break at `end`.
fn measure(items: &[Item], start: usize, end: usize) -> (f32, f32, f32) {
    let (mut w, st, sh) = sum(items, start, end);
    if let Some(Item::Penalty { width, .. }) = items.get(end) {
        w += width;
    }
    (w, st, sh)
}

/// Natural width, stretch and shrink of the items `start..end` (without the break's own
/// width, such as a hyphen's).
pub fn sum(items: &[Item], start: usize, end: usize) -> (f32, f32, f32) {
    let (mut w, mut st, mut sh) = (0.0, 0.0, 0.0);
    for item in &items[start..end] {
        match *item {
            Item::Box { width } => w += width,
            Item::Glue {
                width,
                stretch,
                shrink,
            } => {
                w += width;
                st += stretch;
                sh += shrink;
            }
            Item::Penalty { .. } => {}
        }
    }
    (w, st, sh)
}

/// The adjustment ratio of a line: 0 natural, 1 fully stretched, -1 fully shrunk.
pub fn ratio(natural: f32, stretch: f32, shrink: f32, width: f32) -> f32 {
    if natural < width {
        if stretch > 0.0 {
            (width - natural) / stretch
        } else {
            f32::INFINITY
        }
    } else if natural > width {
        if shrink > 0.0 {
            (width - natural) / shrink
        } else {
            f32::NEG_INFINITY
        }
    } else {
        0.0
    }
}

/// Breaks at the last opportunity before each line overflows. Returns break indices; the
/// last is always `items.len()` (the end of the paragraph).
pub fn break_first_fit(items: &[Item], width: f32) -> Vec<usize> {
    let mut breaks = Vec::new();
    let mut start = 0;
    let mut last_fit: Option<usize> = None;
    let mut i = 0;
    while i < items.len() {
        if is_break(items, i) && i > start {
            let (w, _, shrink) = measure(items, start, i);
            if w - shrink <= width || last_fit.is_none() {
                last_fit = Some(i);
            } else if let Some(b) = last_fit.take() {
                breaks.push(b);
                start = line_start(items, Some(b));
                i = start;
                continue;
            }
            if is_forced(&items[i]) {
                breaks.push(i);
                last_fit = None;
                start = line_start(items, Some(i));
                i = start;
                continue;
            }
        }
        i += 1;
    }
    if start < items.len() {
        let (w, _, shrink) = measure(items, start, items.len());
        if let (true, Some(b)) = (w - shrink > width, last_fit) {
            breaks.push(b);
        }
    }
    breaks.push(items.len());
    breaks.dedup();
    breaks
}

/// A break a line may start after, in [`break_optimal_fit`]: its candidate index (`None` for
/// the paragraph start), where its line starts, the item sums (width, stretch, shrink) up to
/// there, and the demerits and hyphen run of the best breaks ending at it.
struct Active {
    candidate: Option<usize>,
    start: usize,
    sums: (f32, f32, f32),
    demerits: f64,
    hyphens: u8,
}

/// The best way found to end a line at a candidate: (demerits, previous candidate index,
/// hyphen run length).
type Choice = (f64, Option<usize>, u8);

impl Active {
    /// The paragraph's start, where the first line begins at no cost.
    const PARAGRAPH_START: Active = Active {
        candidate: None,
        start: 0,
        sums: (0.0, 0.0, 0.0),
        demerits: 0.0,
        hyphens: 0,
    };
}

/// Knuth–Plass: the breaks minimising the paragraph's total demerits, where a line's demerits
/// grow with the cube of how far its spaces stretch or shrink. The last line is set ragged
/// (its stretch is unlimited). A hyphen costs more the closer it comes to either end of its
/// word; two hyphenated lines in a row cost extra and three are all but forbidden; a hyphen
/// on the second-last line, or a last line of one word, costs extra. When no set of breaks keeps every line within tolerance (a very long word), it
/// falls back to [`break_first_fit`].
pub fn break_optimal_fit(items: &[Item], width: f32) -> Vec<usize> {
    // The feasible-only search is exact only when no penalty rewards a break.
    let rewards = items
        .iter()
        .any(|i| matches!(i, Item::Penalty { cost, .. } if *cost < 0.0 && *cost > -FORCED));
    (!rewards)
        .then(|| optimal_fit(items, width, true))
        .flatten()
        .or_else(|| optimal_fit(items, width, false))
        .unwrap_or_else(|| break_first_fit(items, width))
}

/// The demerits of a line beyond the tolerance, before any penalty: no set of breaks that
/// has one comes under this (every other term is positive: no penalty costs less than 0
/// except forced breaks, which add nothing).
const LOOSE: f64 = (LINE_PENALTY + 1.0e5) * (LINE_PENALTY + 1.0e5);

/// Knuth–Plass proper. With `feasible_only`, lines beyond the tolerance are never considered
/// (much less work: most breaks in the middle of a line have only such lines to them);
/// `None` when that finds no breaks costing under [`LOOSE`], in which case the breaks with
/// last-resort lines are the best and the full search (`feasible_only` false) is needed.
/// When it finds breaks, they are the full search's: any breaks with a loose line cost at
/// least [`LOOSE`], and among the others both searches make the same choices in the same
/// order. `None` also where the full search would give up (it falls back to first fit).
///
/// The search over candidates reads as one loop, as Knuth and Plass wrote it: what a line
/// costs lives in [`LineEnd`]; the prefix sums, the last-resort lines and the walk back are
/// in their own functions.
fn optimal_fit(items: &[Item], width: f32, feasible_only: bool) -> Option<Vec<usize>> {
    let n = items.len();
    // Candidate breaks: every legal break, plus the paragraph end.
    let candidates: Vec<usize> = (0..n).filter(|&i| is_break(items, i)).chain([n]).collect();
    // best[k]: the choice for a break at candidates[k].
    let mut best: Vec<Option<Choice>> = vec![None; candidates.len()];
    let prefix = prefix_sums(items);
    // Starts a line may begin from, oldest first, with what the inner loop needs of each at
    // hand; those before `lo` are done with (a line from them to here is already too long,
    // or a forced break lies between).
    let mut active: Vec<Active> = vec![Active::PARAGRAPH_START];
    let mut lo = 0;
    // The least demerits of any start so far (the paragraph start's are 0).
    let mut cheapest = 0.0f64;
    for (k, &end) in candidates.iter().enumerate() {
        let line = LineEnd::new(items, end, prefix[end], width);
        let mut chosen: Option<Choice> = None;
        let mut alive = false;
        // Active starts run oldest first, so lines from them get shorter and looser: once
        // one is beyond the tolerance, so are all the rest (except at a forced break, where
        // every line that fits is fine).
        let mut loose_at = None;
        let first = lo;
        for (i, from) in active.iter().enumerate().skip(first) {
            let r = line.ratio_from(from);
            if r < -1.0 {
                // Too long from here on: this start can never end a line again (the
                // oldest starts go first, so it is at the front).
                if i == lo {
                    lo += 1;
                }
                continue;
            }
            alive = true;
            if r > MAX_STRETCH && !line.forced {
                loose_at = Some(i);
                break;
            }
            if let Some((total, hyphens)) = line.demerits(from, r) {
                if chosen.is_none_or(|c| total < c.0) {
                    chosen = Some((total, from.candidate, hyphens));
                }
            }
        }
        // Loose lines cost at least this much more than what came before them; skip the
        // ones that cannot beat the best so far (all of them, when even the cheapest start
        // cannot).
        let floor = line.loose_floor();
        if feasible_only {
            chosen = chosen.filter(|c| c.0 < LOOSE);
        } else if let Some(i) = loose_at.filter(|_| chosen.is_none_or(|c| cheapest + floor < c.0)) {
            chosen = with_loose_lines(&line, &active[i..], chosen);
        }
        best[k] = chosen;
        if line.forced {
            // Nothing may span a forced break.
            lo = active.len();
            alive = false;
        }
        if let Some((total, _, hyphens)) = chosen {
            cheapest = cheapest.min(total);
            // Where a line after this break starts.
            let start = line_start(items, Some(end));
            active.push(Active {
                candidate: Some(k),
                start,
                sums: prefix[start.min(n)],
                demerits: total,
                hyphens,
            });
            alive = true;
        }
        if !alive {
            return None;
        }
    }
    walk_back(&best, &candidates)
}

/// The cheaper of `chosen` and the lines beyond the tolerance to `line` from `starts`
/// (the last resort), trying only starts whose lines could beat it.
fn with_loose_lines(
    line: &LineEnd,
    starts: &[Active],
    mut chosen: Option<Choice>,
) -> Option<Choice> {
    let floor = line.loose_floor();
    for from in starts {
        let prev = from.demerits;
        if !prev.is_finite() || chosen.is_some_and(|c| prev + floor >= c.0) {
            continue;
        }
        if let Some((total, hyphens)) = line.demerits(from, line.ratio_from(from)) {
            if chosen.is_none_or(|c| total < c.0) {
                chosen = Some((total, from.candidate, hyphens));
            }
        }
    }
    chosen
}

/// Width, stretch and shrink of the items before each index (and of them all, last): each
/// line's measure is then a subtraction.
fn prefix_sums(items: &[Item]) -> Vec<(f32, f32, f32)> {
    let mut prefix = Vec::with_capacity(items.len() + 1);
    prefix.push((0.0f32, 0.0f32, 0.0f32));
    for item in items {
        let &(w, st, sh) = prefix.last().unwrap_or(&(0.0, 0.0, 0.0));
        prefix.push(match *item {
            Item::Box { width } => (w + width, st, sh),
            Item::Glue {
                width,
                stretch,
                shrink,
            } => (w + width, st + stretch, sh + shrink),
            Item::Penalty { .. } => (w, st, sh),
        });
    }
    prefix
}

/// The breaks of the best way to the paragraph's end, first to last; `None` when there is
/// none.
fn walk_back(
    best: &[Option<(f64, Option<usize>, u8)>],
    candidates: &[usize],
) -> Option<Vec<usize>> {
    let mut k = best.last().and_then(|b| b.map(|_| candidates.len() - 1))?;
    let mut breaks = vec![candidates[k]];
    while let Some((_, Some(prev), _)) = best[k] {
        breaks.push(candidates[prev]);
        k = prev;
    }
    breaks.reverse();
    Some(breaks)
}

/// A candidate break as the end of a line: what a line ending there costs.
struct LineEnd {
    end: usize,
    /// The paragraph's end or a forced break: every line that fits is fine.
    forced: bool,
    cost: f64,
    flagged: bool,
    penalty_width: f32,
    /// The item sums up to the break.
    at_end: (f32, f32, f32),
    width: f32,
}

impl LineEnd {
    fn new(items: &[Item], end: usize, at_end: (f32, f32, f32), width: f32) -> LineEnd {
        let last = end == items.len();
        let (cost, flagged, penalty_width) = match items.get(end) {
            Some(Item::Penalty {
                cost,
                flagged,
                width,
            }) => (*cost, *flagged, *width),
            _ => (0.0, false, 0.0),
        };
        LineEnd {
            end,
            forced: last || is_forced(&items[end]),
            cost: f64::from(cost),
            flagged,
            penalty_width,
            at_end,
            width,
        }
    }

    /// The adjustment ratio of the line from `from` to this break.
    fn ratio_from(&self, from: &Active) -> f32 {
        let (w, st, sh) = if from.start <= self.end {
            (
                self.at_end.0 - from.sums.0 + self.penalty_width,
                self.at_end.1 - from.sums.1,
                self.at_end.2 - from.sums.2,
            )
        } else {
            (self.penalty_width, 0.0, 0.0)
        };
        if self.forced && w <= self.width {
            0.0
        } else {
            ratio(w, st, sh, self.width)
        }
    }

    /// The demerits of the best breaks to here through a line from `from` with adjustment
    /// ratio `r`, and the hyphen run it ends.
    fn demerits(&self, from: &Active, r: f32) -> Option<(f64, u8)> {
        if !from.demerits.is_finite() {
            return None;
        }
        let cost = self.cost;
        // Beyond the tolerance a line is still possible (a lone word cannot stretch), but
        // only as a last resort.
        let badness = if r > MAX_STRETCH {
            1.0e5
        } else {
            100.0 * effective(r).abs().powi(3)
        };
        // Typst's form of Knuth and Plass's demerits: (1 + badness + penalties)², with a
        // reward (a negative cost) taken off after.
        let mut penalty = cost.max(0.0);
        let hyphens = if self.flagged { from.hyphens + 1 } else { 0 };
        if hyphens >= 2 {
            penalty += CONSECUTIVE_HYPHEN_COST;
        }
        if self.forced {
            if from.hyphens > 0 {
                penalty += FINAL_HYPHEN_COST;
            }
            if self.is_runt(from) {
                penalty += RUNT_COST;
            }
        }
        let mut d = (LINE_PENALTY + badness + penalty).powi(2);
        if cost < 0.0 && cost > -f64::from(FORCED) {
            d -= cost * cost;
        }
        if hyphens >= 3 {
            d += TRIPLE_HYPHEN_DEMERITS;
        }
        Some((from.demerits + d, hyphens))
    }

    /// Whether the line from `from` to here is one word, or the end of one (it has no
    /// space: every space stretches).
    fn is_runt(&self, from: &Active) -> bool {
        from.candidate.is_some() && from.start <= self.end && self.at_end.1 - from.sums.1 <= 0.0
    }

    /// What a loose line ending here costs at least, more than the breaks before it.
    fn loose_floor(&self) -> f64 {
        let cost = self.cost;
        (LINE_PENALTY + 1.0e5).powi(2)
            - if cost < 0.0 && cost > -f64::from(FORCED) {
                cost * cost
            } else {
                0.0
            }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words of the given widths separated by spaces of width 1 (stretch 0.5, shrink 0.3).
    fn words(widths: &[f32]) -> Vec<Item> {
        let mut items = Vec::new();
        for (i, &w) in widths.iter().enumerate() {
            if i > 0 {
                items.push(Item::Glue {
                    width: 1.0,
                    stretch: 0.5,
                    shrink: 0.3,
                });
            }
            items.push(Item::Box { width: w });
        }
        items
    }

    fn lines(items: &[Item], breaks: &[usize]) -> Vec<f32> {
        let mut out = Vec::new();
        let mut start = None;
        for &b in breaks {
            let s = line_start(items, start);
            out.push(measure(items, s, b).0);
            start = Some(b);
        }
        out
    }

    #[test]
    fn first_fit_fills_each_line() {
        let items = words(&[4.0, 4.0, 4.0]);
        assert_eq!(break_first_fit(&items, 10.0), [3, 5]);
    }

    /// The quantity optimal fit minimises (line badness), summed over all but the last line.
    fn badness(items: &[Item], breaks: &[usize], width: f32) -> f64 {
        let mut total = 0.0;
        let mut start = None;
        for &b in &breaks[..breaks.len() - 1] {
            let s = line_start(items, start);
            let (w, st, sh) = measure(items, s, b);
            let r = ratio(w, st, sh, width);
            total += if r > MAX_STRETCH {
                1.0e5
            } else {
                100.0 * f64::from(r.abs()).powi(3)
            };
            start = Some(b);
        }
        total
    }

    #[test]
    fn optimal_fit_is_never_worse_than_first_fit() {
        let widths = [
            5.0, 2.0, 4.0, 3.0, 6.0, 2.0, 3.0, 5.0, 4.0, 2.0, 3.0, 7.0, 1.0, 4.0, 4.0, 2.0, 6.0,
        ];
        for width in [12.0, 14.0, 17.0, 20.0] {
            let items = words(&widths);
            let of = break_optimal_fit(&items, width);
            let ff = break_first_fit(&items, width);
            assert!(
                badness(&items, &of, width) <= badness(&items, &ff, width),
                "width {width}: {of:?} vs {ff:?}"
            );
            // Every line fits, shrinking at most fully.
            for w in lines(&items, &of) {
                assert!(w <= width + 0.3 * 6.0, "{w} > {width}");
            }
        }
        // And somewhere it is strictly better.
        let items = words(&widths);
        assert!((12..=24).any(|w| {
            let w = w as f32;
            badness(&items, &break_optimal_fit(&items, w), w)
                < badness(&items, &break_first_fit(&items, w), w)
        }));
    }

    #[test]
    fn the_feasible_only_search_agrees_with_the_full_one() {
        // Pseudo-random paragraphs: words with hyphenation points, some too long for the
        // line (so only loose lines reach them) and forced breaks.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let (mut found, mut fell_back) = (0, 0);
        for _ in 0..400 {
            let mut items = Vec::new();
            for i in 0..(5 + next(60)) {
                if i > 0 {
                    items.push(Item::Glue {
                        width: 1.0,
                        stretch: 0.5,
                        shrink: 0.3,
                    });
                }
                for part in 0..(1 + next(3)) {
                    if part > 0 {
                        let flagged = next(4) > 0;
                        items.push(Item::Penalty {
                            width: if flagged { 0.5 } else { 0.0 },
                            cost: if flagged { 50.0 } else { 0.0 },
                            flagged,
                        });
                    }
                    let long = next(400) == 0;
                    items.push(Item::Box {
                        width: if long { 75.0 } else { 1.0 + next(4) as f32 },
                    });
                }
                if next(30) == 0 {
                    items.push(Item::Penalty {
                        width: 0.0,
                        cost: -FORCED,
                        flagged: false,
                    });
                }
            }
            let width = 40.0 + next(30) as f32;
            let full = optimal_fit(&items, width, false);
            match optimal_fit(&items, width, true) {
                Some(b) => {
                    found += 1;
                    assert_eq!(Some(b), full, "width {width}, items {items:?}");
                }
                None => fell_back += 1,
            }
        }
        // Both kinds of paragraph came up.
        assert!(
            found > 50 && fell_back > 10,
            "{found} found, {fell_back} fell back"
        );
    }

    #[test]
    fn forced_breaks_end_lines() {
        let mut items = words(&[2.0, 2.0]);
        items.insert(
            1,
            Item::Penalty {
                width: 0.0,
                cost: -FORCED,
                flagged: false,
            },
        );
        let b = break_optimal_fit(&items, 100.0);
        assert_eq!(b, [1, 4]);
        assert_eq!(break_first_fit(&items, 100.0), [1, 4]);
    }

    #[test]
    fn an_overlong_word_gets_its_own_line_rather_than_hanging() {
        let items = words(&[2.0, 30.0, 2.0]);
        let b = break_optimal_fit(&items, 10.0);
        assert_eq!(lines(&items, &b), [2.0, 30.0, 2.0]);
    }

    #[test]
    fn hyphen_points_are_used_when_they_help() {
        // "aaaa bbbb-cccc": the hyphen point lets the first line end close to full.
        let items = vec![
            Item::Box { width: 4.0 },
            Item::Glue {
                width: 1.0,
                stretch: 0.5,
                shrink: 0.3,
            },
            Item::Box { width: 4.0 },
            Item::Penalty {
                width: 0.5,
                cost: 50.0,
                flagged: true,
            },
            Item::Box { width: 4.0 },
        ];
        assert_eq!(break_optimal_fit(&items, 9.6), [3, 5]);
    }
}

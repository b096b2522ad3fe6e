//! The seating chart: a plan drawn as an SVG image, one circle per table with its people's names
//! around it, coloured by the interest the table shares most, with mutual wishes to meet and
//! repeated meetings drawn as links and people alone flagged. A pure function from the plan to
//! an SVG document. The meetup page shows it as an image of its own address (the browser keeps
//! it per plan version), so it carries its own style, light and dark ([`STYLE`]): an image
//! sees neither the page's stylesheet nor its theme variables.
//!
//! The chart is a picture for sighted organizers: the page gives it an empty `alt`, and the
//! per-table lists beside it carry the same facts as text. Linear in people and pairs: 600
//! tables of 10 stay well under a megabyte.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::domain::Language;
use crate::i18n::{self, Arg};

/// One table as the chart draws it.
#[derive(Debug, Clone, Default)]
pub struct ChartTable<'a> {
    /// "Table 3" or the organizer's label.
    pub label: &'a str,
    /// The interest the table shares most, if it shares one.
    pub interest: Option<&'a str>,
    /// The names of the people seated there, in seat order.
    pub people: Vec<&'a str>,
    /// Pairs (indices into `people`) who both wanted to meet and sit together.
    pub mutual: Vec<(usize, usize)>,
    /// Pairs (indices into `people`) who meet again after an earlier meetup.
    pub repeats: Vec<(usize, usize)>,
}

/// How many interests get their own colour; the rest share the "other" colour.
pub const COLOURS: usize = 7;
/// Tables a row of the chart holds.
pub const COLUMNS: usize = 3;
const CELL_W: i32 = 380;
const CELL_H: i32 = 230;
const TABLE_R: f64 = 46.0;
const NAME_R: f64 = 62.0;
const NAME_CHARS: usize = 15;
const LABEL_CHARS: usize = 40;
const LEGEND_ROW: i32 = 24;
const LEGEND_COLUMNS: usize = 3;
const LEGEND_W: i32 = CELL_W;

/// The chart's own style: the page's text and background colours, light and dark, and the
/// Okabe–Ito palette, which stays distinct with colour-blindness.
const STYLE: &str = "svg{--fg:#1d1f24;--bg:#fbfaf7;font:13px/1 system-ui,sans-serif;fill:var(--fg)}\
@media (prefers-color-scheme:dark){svg{--fg:#e8e8ea;--bg:#15171c}}\
text.e{text-anchor:end}text.l,text.f{text-anchor:middle;font-weight:600}text.f{font-weight:400}\
.t{stroke:var(--fg);stroke-width:1}.c0{fill:#e69f00}.c1{fill:#56b4e9}.c2{fill:#009e73}\
.c3{fill:#f0e442}.c4{fill:#0072b2}.c5{fill:#d55e00}.c6{fill:#cc79a7}.co{fill:#999999}\
.cn{fill:var(--bg)}line.m,line.r{stroke:var(--fg);stroke-width:2.5}line.r{stroke-dasharray:5 3}";

/// What each colour class means: `(class, text)`, in legend order.
fn legend_entries(
    language: Language,
    palette: &[&str],
    has_other: bool,
    has_none: bool,
) -> Vec<(String, String)> {
    let mut entries: Vec<(String, String)> = palette
        .iter()
        .enumerate()
        .map(|(i, interest)| {
            let text = i18n::text(
                language,
                "chart-mostly",
                &[("interest", Arg::Text((*interest).to_owned()))],
            );
            (format!("c{i}"), text)
        })
        .collect();
    if has_other {
        entries.push(("co".into(), i18n::text(language, "chart-mostly-other", &[])));
    }
    if has_none {
        entries.push(("cn".into(), i18n::text(language, "chart-no-shared", &[])));
    }
    entries
}

/// The interests that get a colour of their own: those most tables share most, ties by name.
fn palette<'a>(tables: &[ChartTable<'a>]) -> Vec<&'a str> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for interest in tables.iter().filter_map(|t| t.interest) {
        *counts.entry(interest).or_default() += 1;
    }
    let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    ranked.into_iter().take(COLOURS).map(|(i, _)| i).collect()
}

/// Text safe inside an SVG element or attribute.
fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
}

/// `text` cut to `max` characters, an ellipsis marking the cut.
fn shortened(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut cut: String = text.chars().take(max - 1).collect();
        cut.push('…');
        cut
    }
}

/// The point at `radius` for seat `i` of `n`; seats start half a step past twelve o'clock so
/// no name sits straight above or below the table (where neighbours' names would collide).
fn seat(i: usize, n: usize, radius: f64) -> (f64, f64) {
    let angle = (i as f64 + 0.5) * std::f64::consts::TAU / n.max(1) as f64;
    (radius * angle.sin(), -radius * angle.cos())
}

/// The chart of `tables` as an SVG document with its own style, at its natural size, its
/// legend in `language`.
pub fn svg(language: Language, tables: &[ChartTable<'_>]) -> String {
    let palette = palette(tables);
    let colour_of: HashMap<&str, usize> =
        palette.iter().enumerate().map(|(i, p)| (*p, i)).collect();
    let has_other = tables
        .iter()
        .any(|t| t.interest.is_some_and(|i| !colour_of.contains_key(i)));
    let has_none = tables.iter().any(|t| t.interest.is_none());
    let mut legend = legend_entries(language, &palette, has_other, has_none);
    let has_mutual = tables.iter().any(|t| !t.mutual.is_empty());
    let has_repeat = tables.iter().any(|t| !t.repeats.is_empty());
    let has_alone = tables.iter().any(|t| t.people.len() == 1);
    if has_mutual {
        legend.push(("lm".into(), i18n::text(language, "chart-mutual", &[])));
    }
    if has_repeat {
        legend.push(("lr".into(), i18n::text(language, "chart-repeat", &[])));
    }
    if has_alone {
        legend.push(("la".into(), i18n::text(language, "chart-alone", &[])));
    }
    let legend_rows = legend.len().div_ceil(LEGEND_COLUMNS) as i32;
    let legend_h = legend_rows * LEGEND_ROW + 16;
    let columns = tables.len().clamp(1, COLUMNS);
    let rows = tables.len().div_ceil(COLUMNS).max(1) as i32;
    let width = columns as i32 * CELL_W;
    let height = legend_h + rows * CELL_H;

    let mut out = String::with_capacity(512 + tables.len() * 900);
    let _ = write!(
        out,
        r#"<svg class="chart cols{columns}" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}"><style>{STYLE}</style>"#
    );
    for (i, (class, text)) in legend.iter().enumerate() {
        let x = (i % LEGEND_COLUMNS) as i32 * LEGEND_W + 8;
        let y = (i / LEGEND_COLUMNS) as i32 * LEGEND_ROW + 8;
        match class.as_str() {
            "lm" => {
                let _ = write!(
                    out,
                    r#"<line class="m" x1="{x}" y1="{}" x2="{}" y2="{}"/>"#,
                    y + 8,
                    x + 16,
                    y + 8
                );
            }
            "lr" => {
                let _ = write!(
                    out,
                    r#"<line class="r" x1="{x}" y1="{}" x2="{}" y2="{}"/>"#,
                    y + 8,
                    x + 16,
                    y + 8
                );
            }
            "la" => {}
            _ => {
                let _ = write!(
                    out,
                    r#"<rect class="t {class}" x="{x}" y="{y}" width="16" height="16"/>"#
                );
            }
        }
        let _ = write!(out, r#"<text class="k" x="{}" y="{}">"#, x + 24, y + 13);
        escape(&mut out, &shortened(text, LABEL_CHARS));
        out.push_str("</text>");
    }
    for (n, table) in tables.iter().enumerate() {
        let cx = (n % COLUMNS) as i32 * CELL_W + CELL_W / 2;
        let cy = legend_h + (n / COLUMNS) as i32 * CELL_H + CELL_H / 2 - 14;
        let class = match table.interest {
            None => "cn".to_owned(),
            Some(i) => colour_of
                .get(i)
                .map_or_else(|| "co".to_owned(), |c| format!("c{c}")),
        };
        let _ = write!(
            out,
            r#"<g transform="translate({cx} {cy})"><circle class="t {class}" r="{TABLE_R}"/>"#
        );
        let count = table.people.len();
        let mut again = vec![false; count];
        for (pairs, line) in [(&table.mutual, "m"), (&table.repeats, "r")] {
            for &(a, b) in pairs.iter().filter(|&&(a, b)| a < count && b < count) {
                let (x1, y1) = seat(a, count, TABLE_R);
                let (x2, y2) = seat(b, count, TABLE_R);
                let _ = write!(
                    out,
                    r#"<line class="{line}" x1="{x1:.0}" y1="{y1:.0}" x2="{x2:.0}" y2="{y2:.0}"/>"#
                );
                if line == "r" {
                    again[a] = true;
                    again[b] = true;
                }
            }
        }
        for (i, name) in table.people.iter().enumerate() {
            let (x, y) = seat(i, count, NAME_R);
            let anchor = if x < -0.5 { r#" class="e""# } else { "" };
            let _ = write!(out, r#"<text{anchor} x="{x:.0}" y="{:.0}">"#, y + 4.0);
            escape(&mut out, &shortened(name, NAME_CHARS));
            if again[i] {
                out.push_str(" ↻");
            }
            out.push_str("</text>");
        }
        let caption = match table.interest {
            Some(i) => format!("{} · {i}", table.label),
            None => format!("{} · no shared interest", table.label),
        };
        let _ = write!(out, r#"<text class="l" y="{}">"#, NAME_R as i32 + 30);
        escape(&mut out, &shortened(&caption, LABEL_CHARS));
        out.push_str("</text>");
        let mut flags = Vec::new();
        if count == 1 {
            flags.push("⚠ alone at this table".to_owned());
        }
        match table.repeats.len() {
            0 => {}
            1 => flags.push("↻ 1 pair meets again".to_owned()),
            n => flags.push(format!("↻ {n} pairs meet again")),
        }
        if !flags.is_empty() {
            let _ = write!(out, r#"<text class="f" y="{}">"#, NAME_R as i32 + 48);
            escape(&mut out, &flags.join(" · "));
            out.push_str("</text>");
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table<'a>(label: &'a str, interest: Option<&'a str>, people: &[&'a str]) -> ChartTable<'a> {
        ChartTable {
            label,
            interest,
            people: people.to_vec(),
            ..ChartTable::default()
        }
    }

    #[test]
    fn each_table_is_a_circle_with_its_names_and_a_caption_naming_its_interest() {
        let chart = svg(
            Language::En,
            &[
                table("Table 1", Some("Rust"), &["Ada", "Grace", "Linus"]),
                table("Table 2", None, &["Ken", "Dennis"]),
            ],
        );
        assert!(chart.starts_with("<svg class=\"chart cols2\""), "{chart}");
        assert!(chart.contains("<style>"), "its own style: {chart}");
        assert!(chart.contains("viewBox=\"0 0 760 "), "two columns: {chart}");
        assert_eq!(chart.matches("<circle").count(), 2, "{chart}");
        for name in ["Ada", "Grace", "Linus", "Ken", "Dennis"] {
            assert!(
                chart.contains(&format!(">{name}</text>")),
                "{name}: {chart}"
            );
        }
        assert!(chart.contains(">Table 1 · Rust</text>"), "{chart}");
        assert!(
            chart.contains(">Table 2 · no shared interest</text>"),
            "{chart}"
        );
        assert!(chart.contains("<circle class=\"t c0\""), "{chart}");
        assert!(chart.contains("<circle class=\"t cn\""), "{chart}");
        assert!(chart.ends_with("</svg>"));
    }

    #[test]
    fn the_legend_maps_each_colour_to_an_interest_most_shared_first() {
        let chart = svg(
            Language::En,
            &[
                table("A", Some("Go"), &["a", "b"]),
                table("B", Some("Rust"), &["c", "d"]),
                table("C", Some("Rust"), &["e", "f"]),
            ],
        );
        assert!(
            chart.contains(r#"<rect class="t c0" x="8" y="8" width="16" height="16"/><text class="k" x="32" y="21">mostly Rust</text>"#),
            "{chart}"
        );
        assert!(chart.contains(">mostly Go</text>"), "{chart}");
        assert!(
            chart.contains("<circle class=\"t c1\""),
            "Go is c1: {chart}"
        );
        assert!(!chart.contains("no shared interest"), "{chart}");
    }

    #[test]
    fn interests_past_the_palette_share_the_other_colour() {
        let names: Vec<String> = (0..COLOURS + 2).map(|i| format!("topic {i}")).collect();
        let tables: Vec<ChartTable> = names
            .iter()
            .map(|n| table("T", Some(n.as_str()), &["a", "b"]))
            .collect();
        let chart = svg(Language::En, &tables);
        assert_eq!(chart.matches(">mostly topic").count(), COLOURS, "{chart}");
        assert!(chart.contains(">mostly another interest</text>"), "{chart}");
        assert_eq!(chart.matches("<circle class=\"t co\"").count(), 2);
        assert!(chart.contains(">T · topic 8</text>"), "{chart}");
    }

    #[test]
    fn mutual_wants_are_links_and_repeats_are_flagged_in_words() {
        let mut t = table("Table 1", Some("Rust"), &["Ada", "Grace", "Linus", "Ken"]);
        t.mutual = vec![(0, 2)];
        t.repeats = vec![(1, 3)];
        let chart = svg(Language::En, &[t]);
        assert_eq!(
            chart.matches("<line class=\"m\"").count(),
            2,
            "legend and link: {chart}"
        );
        assert_eq!(chart.matches("<line class=\"r\"").count(), 2, "{chart}");
        assert!(chart.contains(">Grace ↻</text>"), "{chart}");
        assert!(chart.contains(">Ken ↻</text>"), "{chart}");
        assert!(chart.contains(">Ada</text>"), "{chart}");
        assert!(chart.contains(">↻ 1 pair meets again</text>"), "{chart}");
        assert!(chart.contains(">both wanted to meet</text>"), "{chart}");
    }

    #[test]
    fn someone_alone_is_flagged_and_names_are_escaped_and_shortened() {
        let chart = svg(
            Language::En,
            &[table(
                "Table <1>",
                Some("R&D"),
                &["A very long name indeed, too long"],
            )],
        );
        assert!(chart.contains(">⚠ alone at this table</text>"), "{chart}");
        assert!(
            chart.contains(">⚠ alone at the table</text>"),
            "legend: {chart}"
        );
        assert!(
            chart.contains(">Table &lt;1&gt; · R&amp;D</text>"),
            "{chart}"
        );
        assert!(chart.contains(">A very long na…</text>"), "{chart}");
    }

    #[test]
    fn names_left_of_the_table_end_at_their_seat_so_none_overlap_the_circle() {
        let people: Vec<String> = (0..12).map(|i| format!("P{i}")).collect();
        let refs: Vec<&str> = people.iter().map(String::as_str).collect();
        let chart = svg(Language::En, &[table("T", None, &refs)]);
        assert_eq!(chart.matches("<text class=\"e\"").count(), 6, "{chart}");
        let ys: Vec<i32> = chart
            .split("<text x=\"")
            .skip(1)
            .map(|s| {
                s.split("y=\"")
                    .nth(1)
                    .and_then(|y| y.split('"').next())
                    .unwrap_or("x")
                    .parse()
                    .expect("y")
            })
            .collect();
        assert_eq!(ys.len(), 6, "{chart}");
        assert!(
            ys.windows(2).all(|w| w[1] - w[0] >= 14),
            "names on one side are a line apart: {ys:?}"
        );
    }

    #[test]
    fn six_hundred_tables_of_ten_stay_under_a_megabyte() {
        let names: Vec<String> = (0..6000)
            .map(|i| format!("Attendee number {i:04}"))
            .collect();
        let interests: Vec<String> = (0..40).map(|i| format!("Interest {i}")).collect();
        let tables: Vec<ChartTable> = (0..600)
            .map(|t| ChartTable {
                label: "Table 600",
                interest: Some(interests[t % 40].as_str()),
                people: names[t * 10..t * 10 + 10]
                    .iter()
                    .map(String::as_str)
                    .collect(),
                mutual: vec![(0, 5), (2, 3)],
                repeats: vec![(1, 4)],
            })
            .collect();
        let started = std::time::Instant::now();
        let chart = svg(Language::En, &tables);
        assert!(chart.len() < 1_000_000, "{} bytes", chart.len());
        assert_eq!(chart.matches("<circle").count(), 600);
        assert!(chart.contains(&format!("viewBox=\"0 0 {} ", 3 * CELL_W)));
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }
}

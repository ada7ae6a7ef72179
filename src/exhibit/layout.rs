//! Fitting a table into a width, measured in terminal columns (display width: a CJK
//! character takes two), so the text output and the TUI wrap cells the same way.

use super::{Exhibit, Table};
use unicode_width::UnicodeWidthStr;

/// Columns between two cells.
pub const GAP: usize = 2;

/// How many terminal columns `s` takes.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

fn natural_widths(t: &Table) -> Vec<usize> {
    (0..t.columns.len())
        .map(|i| {
            t.rows
                .iter()
                .filter_map(|r| r.get(i))
                .chain(std::iter::once(&t.columns[i]))
                .map(|c| c.lines().map(width).max().unwrap_or(0))
                .max()
                .unwrap_or(0)
                .max(1)
        })
        .collect()
}

/// The longest piece of `s` that wrapping cannot break (words split after hyphens).
fn longest_word(s: &str) -> usize {
    s.split_whitespace()
        .flat_map(|w| w.split_inclusive('-'))
        .map(width)
        .max()
        .unwrap_or(0)
}

/// Whether `t` fits `max` columns without wrapping a cell.
pub fn fits(t: &Table, max: usize) -> bool {
    let n = t.columns.len();
    natural_widths(t).iter().sum::<usize>() + GAP * n.saturating_sub(1) <= max
}

/// The width of each column so the table fits `max` columns (gaps included) where it can.
/// Each column first gets its longest cell word (so "Connected" is never cut; headers, which
/// are peerlab's own words, may break), then the room left goes to the columns that still
/// wrap, in proportion to what they lack. When even the words do not fit, columns narrower
/// than their fair share keep their width and the rest share equally. Every column gets at
/// least one column, so a very narrow `max` overflows.
pub fn column_widths(t: &Table, max: usize) -> Vec<usize> {
    let n = t.columns.len();
    if n == 0 {
        return Vec::new();
    }
    let natural = natural_widths(t);
    let avail = max.saturating_sub(GAP * (n - 1)).max(n);
    if natural.iter().sum::<usize>() <= avail {
        return natural;
    }
    // The narrowest each column may be, most readable first: whole names (up to 20 columns)
    // (then 12) and whole header words; names split after hyphens; headers cut to four columns.
    let tier = |whole_cap: usize, header_cap: usize| -> Vec<usize> {
        (0..n)
            .map(|i| {
                let cells = t
                    .rows
                    .iter()
                    .filter_map(|r| r.get(i))
                    .map(|c| {
                        let whole = c.split_whitespace().map(width).max().unwrap_or(0);
                        if whole <= whole_cap {
                            whole
                        } else {
                            longest_word(c).max(whole_cap)
                        }
                    })
                    .max()
                    .unwrap_or(0);
                let header = t.columns[i]
                    .split_whitespace()
                    .map(width)
                    .max()
                    .unwrap_or(0)
                    .min(header_cap);
                cells.max(header).clamp(1, natural[i])
            })
            .collect()
    };
    let Some(words) = [
        tier(20, usize::MAX),
        tier(12, usize::MAX),
        tier(0, usize::MAX),
        tier(0, 4),
    ]
    .into_iter()
    .find(|w| w.iter().sum::<usize>() <= avail) else {
        return fair_share(&natural, avail);
    };
    // The room left goes to the columns still short, in proportion to what they lack.
    let spare = avail - words.iter().sum::<usize>();
    let lack: usize = (0..n).map(|i| natural[i] - words[i]).sum();
    let mut out: Vec<usize> = (0..n)
        .map(|i| words[i] + spare * (natural[i] - words[i]) / lack.max(1))
        .collect();
    let mut extra = avail - out.iter().sum::<usize>();
    // What rounding left, one column at a time to those still short.
    while extra > 0 {
        let Some(i) = (0..n)
            .filter(|&i| out[i] < natural[i])
            .max_by_key(|&i| natural[i] - out[i])
        else {
            break;
        };
        out[i] += 1;
        extra -= 1;
    }
    out
}

/// Columns narrower than their fair share keep their width; the rest share what is left.
fn fair_share(natural: &[usize], avail: usize) -> Vec<usize> {
    let n = natural.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| natural[i]);
    let mut out = vec![0; n];
    let mut left = avail;
    for (k, &i) in order.iter().enumerate() {
        let share = left / (n - k);
        out[i] = natural[i].min(share).max(1);
        left = left.saturating_sub(out[i]);
    }
    out
}

/// A table too wide for `max` with its leading columns that hold one value in every row taken out
/// (as `(column, value)` pairs, shown above it: one NSG's name and attachment, one firewall's
/// address), keeping at least two columns. A table that fits comes back whole.
pub fn fold(t: &Table, max: usize) -> (Vec<(String, String)>, Table) {
    if fits(t, max) || t.rows.len() < 2 {
        return (Vec::new(), t.clone());
    }
    let n = t.columns.len();
    // Only the leading columns: they say which resource the rows belong to; a setting that
    // happens to be the same in every row stays in its column, where it is compared.
    let constant: Vec<usize> = (0..n)
        .take_while(|&i| t.rows.iter().all(|r| r.get(i) == t.rows[0].get(i)))
        .take(n.saturating_sub(2))
        .collect();
    let keep: Vec<usize> = (0..n).filter(|i| !constant.contains(i)).collect();
    let pairs = constant
        .iter()
        .map(|&i| (t.columns[i].clone(), t.rows[0][i].clone()))
        .collect();
    let pick = |r: &Vec<String>| keep.iter().map(|&i| r[i].clone()).collect::<Vec<_>>();
    (
        pairs,
        Table {
            title: t.title.clone(),
            selector: t.selector.clone(),
            columns: pick(&t.columns),
            rows: t.rows.iter().map(pick).collect(),
        },
    )
}

/// `s` wrapped into lines of at most `w` columns: between words, and inside a word only
/// when it is longer than the line (after its hyphens first; [`crate::text::wrap`]).
pub fn wrap(s: &str, w: usize) -> Vec<String> {
    crate::text::wrap(s, w)
}

/// The cells of one row wrapped to `widths`: one vector of lines per cell.
pub fn wrap_row(cells: &[String], widths: &[usize]) -> Vec<Vec<String>> {
    widths
        .iter()
        .enumerate()
        .map(|(i, &w)| wrap(cells.get(i).map_or("", String::as_str), w))
        .collect()
}

fn push_row(out: &mut String, cells: &[Vec<String>], widths: &[usize]) {
    let height = cells.iter().map(Vec::len).max().unwrap_or(1);
    for line in 0..height {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            let text = c.get(line).map_or("", String::as_str);
            if i > 0 {
                s.push_str(&" ".repeat(GAP));
            }
            s.push_str(text);
            s.push_str(&" ".repeat(widths[i].saturating_sub(width(text))));
        }
        out.push_str(s.trim_end());
        out.push('\n');
    }
}

/// A table as text no wider than `max` columns (where the columns can shrink that far): its
/// title, the header, a rule, then the rows; `(none)` when it has no rows.
pub fn table_text(t: &Table, max: usize) -> String {
    let (pairs, t) = fold(t, max);
    let t = &t;
    let widths = column_widths(t, max);
    let mut out = String::new();
    for l in wrap(&t.title, max) {
        out.push_str(&l);
        out.push('\n');
    }
    for (k, v) in &pairs {
        for l in wrap(&format!("{k}: {v}"), max) {
            out.push_str(&l);
            out.push('\n');
        }
    }
    push_row(&mut out, &wrap_row(&t.columns, &widths), &widths);
    let rule: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
    out.push_str(&rule.join(&" ".repeat(GAP)));
    out.push('\n');
    if t.rows.is_empty() {
        out.push_str("(none)\n");
    }
    for r in &t.rows {
        push_row(&mut out, &wrap_row(r, &widths), &widths);
    }
    out
}

/// The whole exhibit as text: the diagram, then each table, a blank line between them.
pub fn exhibit_text(e: &Exhibit, max: usize) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !e.diagram.is_empty() {
        parts.push(crate::diagram::to_text(&e.diagram));
    }
    parts.extend(e.tables.iter().map(|t| table_text(t, max)));
    parts.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(columns: &[&str], rows: &[&[&str]]) -> Table {
        Table {
            title: "T".into(),
            selector: "vms".into(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect(),
        }
    }

    #[test]
    fn a_table_that_fits_keeps_its_natural_widths() {
        let x = t(&["VM", "Private IP"], &[&["vm-web", "10.1.1.4"]]);
        assert_eq!(column_widths(&x, 80), vec![6, 10]);
        assert_eq!(
            table_text(&x, 80),
            "T\nVM      Private IP\n------  ----------\nvm-web  10.1.1.4\n"
        );
    }

    #[test]
    fn wide_columns_share_what_narrow_ones_leave() {
        let x = t(
            &["A", "Long", "Longer"],
            &[&["x", &"a".repeat(40), &"b".repeat(60)]],
        );
        // 30 columns: 2 gaps of 2 leave 26; A keeps 1, the other two get 12 and 13.
        assert_eq!(column_widths(&x, 30), vec![1, 12, 13]);
        let y = t(
            &["Status", "Access to remote VNet"],
            &[&["Connected", "Enabled"], &["Initiated", "Disabled"]],
        );
        // 20 columns leave 18: the words (9 and 8) fit, and the header column gets the rest.
        assert_eq!(column_widths(&y, 20), vec![9, 9]);
        for line in table_text(&x, 30).lines() {
            assert!(width(line) <= 30, "{line:?}");
        }
    }

    #[test]
    fn width_counts_terminal_columns_not_chars() {
        assert_eq!(width("東京"), 4);
        let x = t(&["Zone"], &[&["東京東京東京"]]);
        assert_eq!(column_widths(&x, 80), vec![12]);
        let lines = wrap("東京東京東京", 5);
        assert_eq!(lines, vec!["東京", "東京", "東京"]);
    }

    #[test]
    fn only_leading_constant_columns_fold_and_only_when_too_wide() {
        let x = t(
            &["NSG", "Attached to", "Priority", "Name", "Action"],
            &[
                &["nsg-dns", "vm-dns (NIC)", "100", "allow-dns", "Allow"],
                &["nsg-dns", "vm-dns (NIC)", "4000", "deny-all", "Allow"],
            ],
        );
        assert_eq!(fold(&x, 80).0, vec![]);
        let (pairs, rest) = fold(&x, 30);
        assert_eq!(
            pairs,
            vec![
                ("NSG".to_string(), "nsg-dns".to_string()),
                ("Attached to".to_string(), "vm-dns (NIC)".to_string())
            ]
        );
        // Action is the same in both rows but is a setting: it stays a column.
        assert_eq!(rest.columns, ["Priority", "Name", "Action"]);
        assert_eq!(rest.rows[1], ["4000", "deny-all", "Allow"]);
    }

    #[test]
    fn cells_wrap_at_hyphens_and_spaces_first() {
        assert_eq!(
            wrap("hub-to-spoke-web", 8),
            vec!["hub-to-", "spoke-", "web"]
        );
        assert_eq!(
            wrap("Use remote gateways", 10),
            vec!["Use remote", "gateways"]
        );
        assert_eq!(wrap("", 5), vec![""]);
    }
}

//! Yes-no series and case studies: questions that share a scenario (and a network) and are
//! drawn, shown and reviewed as one unit, as on the exam. A bank file keeps a unit's items
//! together, the scenario on its first; here a session finds, for any question, the unit it
//! belongs to, so every statement of a series shows the shared scenario with "Statement 2 of
//! 3", and every question of a case study shows the case.

use super::session::Item;
use crate::bank::{Kind, Question};

/// What kind of unit a question belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// A yes-no series: statements about one scenario.
    Series,
    /// A case study: a longer scenario with its exhibits and three to six questions.
    Case,
}

/// Where a question stands in its unit, and the scenario the unit shares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context<'a> {
    pub kind: UnitKind,
    /// 0-based position in the unit.
    pub index: usize,
    pub count: usize,
    /// The unit's scenario (on its first item in the bank), if any item carries one.
    pub scenario: Option<&'a str>,
}

/// The unit `q` belongs to, by name: its series (yes-no only) or its case study.
fn unit_of(q: &Question) -> Option<(UnitKind, &str)> {
    if let Some(c) = &q.case {
        return Some((UnitKind::Case, c));
    }
    match &q.series {
        Some(s) if q.kind == Kind::YesNo => Some((UnitKind::Series, s)),
        _ => None,
    }
}

/// Whether `b` continues the unit of `a` (the same series or case study).
pub fn same_unit(a: &Question, b: &Question) -> bool {
    unit_of(a).is_some_and(|u| unit_of(b) == Some(u))
}

/// The run of items around `i` that share its unit (the session keeps a unit together).
pub fn unit_range(items: &[Item], i: usize) -> std::ops::Range<usize> {
    run_of(items, i, |it| &it.question)
}

/// The run around `i` of a list that keeps each unit together (a session's items, the bank's
/// questions in file order), each entry's question read by `question`.
pub fn run_of<T>(xs: &[T], i: usize, question: impl Fn(&T) -> &Question) -> std::ops::Range<usize> {
    let Some(q) = xs.get(i).map(&question) else {
        return i..i;
    };
    if unit_of(q).is_none() {
        return i..i + 1;
    }
    let mut start = i;
    while start > 0 && same_unit(question(&xs[start - 1]), q) {
        start -= 1;
    }
    let mut end = i + 1;
    while end < xs.len() && same_unit(question(&xs[end]), q) {
        end += 1;
    }
    start..end
}

/// Whether `q` belongs to a series or a case study at all.
pub fn in_unit(q: &Question) -> bool {
    unit_of(q).is_some()
}

/// Where item `i` of a session stands in its series or case study; `None` for a question
/// on its own.
pub fn context(items: &[Item], i: usize) -> Option<Context<'_>> {
    let kind = unit_of(&items.get(i)?.question)?.0;
    let r = unit_range(items, i);
    let scenario = items[r.clone()]
        .iter()
        .find_map(|it| it.question.scenario.as_deref());
    Some(Context {
        kind,
        index: i - r.start,
        count: r.len(),
        scenario,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(
        id: &str,
        kind: Kind,
        series: Option<&str>,
        case: Option<&str>,
        sc: Option<&str>,
    ) -> Item {
        let b = crate::bank::builtin().expect("bank");
        let mut q = b.questions[0].clone();
        q.id = id.to_string();
        q.kind = kind;
        q.series = series.map(str::to_string);
        q.case = case.map(str::to_string);
        q.scenario = sc.map(str::to_string);
        Item {
            question: q,
            topology: None,
            template: None,
        }
    }

    #[test]
    fn a_statement_finds_its_series_and_the_shared_scenario() {
        let items = vec![
            item("alone", Kind::Single, None, None, None),
            item("s1", Kind::YesNo, Some("s"), None, Some("The scenario.")),
            item("s2", Kind::YesNo, Some("s"), None, None),
            item("s3", Kind::YesNo, Some("s"), None, None),
            item("c1", Kind::Single, None, Some("c"), Some("The case.")),
            item("c2", Kind::Reachability, None, Some("c"), None),
            item("t1", Kind::YesNo, Some("t"), None, Some("Another.")),
        ];
        assert_eq!(context(&items, 0), None);
        let c = context(&items, 2).unwrap();
        assert_eq!(
            (c.kind, c.index, c.count, c.scenario),
            (UnitKind::Series, 1, 3, Some("The scenario."))
        );
        assert_eq!(unit_range(&items, 3), 1..4);
        let c = context(&items, 5).unwrap();
        assert_eq!(
            (c.kind, c.index, c.count, c.scenario),
            (UnitKind::Case, 1, 2, Some("The case."))
        );
        // A series right after another is its own unit.
        assert_eq!(unit_range(&items, 6), 6..7);
        // `series` on a question that is not yes-no makes no series.
        let odd = vec![item("x", Kind::Single, Some("s"), None, None)];
        assert_eq!(context(&odd, 0), None);
    }
}

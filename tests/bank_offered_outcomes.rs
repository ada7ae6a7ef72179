//! The outcomes a bank reachability item offers must each be plausible from its exhibit:
//! the fourth reader found `network-watcher-next-hop-none` offering "Reachable" while its
//! stem reports next hop None, and an NSG rule where its network has no NSG.

use peerlab::bank::{self, Bank, Question};
use peerlab::eval::Reason;

/// Why an offered outcome of `q` cannot be believed from what the learner is shown.
fn implausible(b: &Bank, q: &Question) -> Vec<String> {
    let mut bad = Vec::new();
    let Some(t) = b.topology_of(q) else {
        return bad;
    };
    // A next hop of None drops the packet at the source: the flow cannot be reachable.
    if q.prompt.contains("next hop type None") && q.offered.contains(&Reason::Ok) {
        bad.push(format!("{}: offers Reachable against next hop None", q.id));
    }
    // Next hop is a routing result, so where the network has no NSG either, a denying rule
    // is no cause anyone would weigh. (Five items without a next hop result offer it with no
    // NSG; the fourth reader judged them shippable: issue-10-h10seq.md.)
    if q.prompt.contains("next hop") && q.offered.contains(&Reason::NsgDeny) && t.nsgs.is_empty() {
        bad.push(format!(
            "{}: offers an NSG rule, and its network has no NSG",
            q.id
        ));
    }
    if q.offered.contains(&Reason::UdrDrop) && t.route_tables.is_empty() {
        // A UDR to None is offered only beside a next hop result that names the table the
        // learner checks it against (System Route), so the exhibit settles it.
        if !q.prompt.contains("System Route") {
            bad.push(format!(
                "{}: offers a UDR drop, and its network has no route table",
                q.id
            ));
        }
    }
    bad
}

#[test]
fn every_offered_outcome_of_a_bank_item_is_plausible_from_its_exhibit() {
    let b = bank::builtin().expect("bank");
    let bad: Vec<String> = b
        .questions
        .iter()
        .flat_map(|q| implausible(&b, q))
        .collect();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    let q = b
        .questions
        .iter()
        .find(|q| q.id == "network-watcher-next-hop-none")
        .expect("the item");
    assert_eq!(q.offered.len(), 4);
    assert_eq!(q.rationales.len(), 4, "one rationale per outcome");
}

/// The check catches the item as it was (Reachable and an NSG rule offered).
#[test]
fn the_check_catches_the_old_options() {
    let b = bank::builtin().expect("bank");
    let mut q = b
        .questions
        .iter()
        .find(|q| q.id == "network-watcher-next-hop-none")
        .expect("the item")
        .clone();
    q.offered = vec![
        Reason::Ok,
        Reason::PeeringNotConnected,
        Reason::NotTransitive,
        Reason::NsgDeny,
    ];
    assert_eq!(implausible(&b, &q).len(), 2, "{:?}", implausible(&b, &q));
}

//! The bank teaches resizing a peered VNet with the question change of FORMAT.md §3
//! `{ vnet = "v", add_address_space = "CIDR" }` (issue 11), not only with topologies that were
//! written already resized.

use peerlab::bank;
use peerlab::model::Edit;

#[test]
fn a_fix_question_adds_an_address_space_in_its_key_and_in_a_distractor() {
    let (b, _) = bank::load(&bank::EmbeddedSource).expect("the built-in bank loads");
    let adds = |edits: &[Edit]| {
        edits
            .iter()
            .any(|e| matches!(e, Edit::AddAddressSpace { .. }))
    };
    let q = b
        .questions
        .iter()
        .find(|q| q.id == "peering-sync-add-another-range")
        .expect("the resize question is in the bank");
    // The key as proven by the evaluator: only "sync the stale side, then add the next range"
    // meets both goals (RULES.md §14: an add keeps every peer's old copy; only a sync of the
    // side on the peer refreshes it). Read and agreed from RULES.md before the proof ran.
    assert_eq!(q.answer, vec![0]);
    assert!(adds(&q.changes[0]), "the key grows hub-vnet after the sync");
    assert!(
        q.answer.iter().all(|&i| adds(&q.changes[i]))
            && (0..q.changes.len()).any(|i| !q.answer.contains(&i) && adds(&q.changes[i])),
        "a wrong choice also resizes"
    );
    assert!(q.source.is_some());
}

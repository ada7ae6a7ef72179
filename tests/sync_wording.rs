//! The `peering-not-synced` finding reads as prose (issue 11): it reaches generated rationales,
//! so it names the stale side by its peering and VNet, without quotes or arrows, and keeps the
//! cause in a clause of its own (the unsynced walk's stop is a separate clause, which the
//! generator drops as a symptom).

use peerlab::eval::{FlowSpec, Network, Reason};
use peerlab::generate::{FaultKind, Filter, generate};
use peerlab::model::parse_topology;

#[test]
fn the_finding_names_the_stale_side_in_words() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/content/topologies/peering-sync-broken.toml"
    ))
    .unwrap();
    let t = parse_topology(&text).expect("valid").topology;
    let tr = Network::new(&t)
        .trace(&FlowSpec::new("vm-web", "vm-app"))
        .expect("runs");
    assert_eq!(tr.reason, Reason::PeeringNotSynced);
    let finding = tr.explanation.split(". ").next().unwrap();
    assert_eq!(
        finding,
        "vm-web cannot reach vm-app (10.5.1.4) on tcp/443: peering spoke-web-to-hub still has hub-vnet's old address space (10.0.0.0/16) instead of 10.0.0.0/16 and 10.5.0.0/16 (LocalNotInSync); without the sync, 10.0.0.0/8 -> None (system route) drops the packet; sync the stale peering (az network vnet peering sync)"
    );
}

#[test]
fn generated_items_on_an_unsynced_peering_say_which_side_is_stale() {
    let mut seen = 0;
    for seed in 1..=4 {
        for g in generate(seed, 60, &Filter::default()) {
            if !g.faults.contains(&FaultKind::PeeringNotSynced) {
                continue;
            }
            for q in &g.questions {
                for line in q.rationales.iter().chain([&q.explanation]) {
                    assert!(
                        !line.contains("\" -> \"") && !line.contains(") knows "),
                        "{}: {line}",
                        q.id
                    );
                    // The cause in words; the lines now name it without the advice.
                    // The short form of a cause already told ("still holds the old copy of
                    // hub-vnet's address space") names the stale side too.
                    if line.contains("old address space") || line.contains("the old copy of ") {
                        seen += 1;
                    }
                    if line.contains("sync the stale peering") {
                        assert!(
                            line.contains("old address space"),
                            "{}: the cause is lost: {line}",
                            q.id
                        );
                    }
                }
            }
        }
    }
    assert!(seen >= 3, "{seen} lines on a stale peering");
}

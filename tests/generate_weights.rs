//! How often each fault comes up in the default rotation (issue 11: AccessOff was drawn 51
//! times in ~430 items while GatewayRouterOneWay almost never). Measured on 2,000 questions,
//! seeds 1 to 8 (250 each), the counts printed with `--nocapture`.
//!
//! The property, not one draw: the bars sit several spreads from the counts measured, so a
//! change elsewhere in the generator that shifts the seeds (a new option, a reworded name)
//! does not break it, while a kind that stops coming up does. The three creation kinds
//! (Overlap, SpokeOwnGateway, PermissionMissing) share the creation template's turns, one in
//! thirteen, so they are held to their own mean, and each must come up.

use peerlab::generate::{FaultKind, Filter, generate};
use std::collections::HashMap;

const CREATION: [FaultKind; 3] = [
    FaultKind::Overlap,
    FaultKind::SpokeOwnGateway,
    FaultKind::PermissionMissing,
];

fn counts() -> (HashMap<FaultKind, usize>, usize) {
    let mut counts: HashMap<FaultKind, usize> = FaultKind::ALL.iter().map(|k| (*k, 0)).collect();
    let mut items = 0;
    for seed in 1..=8 {
        for g in generate(seed, 250, &Filter::default()) {
            items += 1;
            for k in g.faults {
                *counts.get_mut(&k).unwrap() += 1;
            }
        }
    }
    (counts, items)
}

/// The kind drawn most and least among `kinds`, with the mean, or the first bar it fails.
fn spread(counts: &HashMap<FaultKind, usize>, kinds: &[FaultKind]) -> Result<(), String> {
    let n: Vec<(FaultKind, usize)> = kinds.iter().map(|k| (*k, counts[k])).collect();
    let mean = n.iter().map(|x| x.1).sum::<usize>() as f64 / n.len() as f64;
    let (top, most) = *n.iter().max_by_key(|x| x.1).unwrap();
    let (bottom, least) = *n.iter().min_by_key(|x| x.1).unwrap();
    if most as f64 > 2.0 * mean {
        return Err(format!(
            "{top:?} drawn {most} times, more than twice the mean {mean:.1}"
        ));
    }
    if (least as f64) < mean / 3.0 {
        return Err(format!(
            "{bottom:?} drawn {least} times, under a third of the mean {mean:.1}"
        ));
    }
    Ok(())
}

#[test]
fn every_fault_comes_up_about_as_often_as_the_others() {
    let (counts, items) = counts();
    let mut by_count: Vec<(&FaultKind, &usize)> = counts.iter().collect();
    by_count.sort_by_key(|(k, n)| (std::cmp::Reverse(**n), format!("{k:?}")));
    for (k, n) in &by_count {
        println!("{n:4} {k:?}");
    }
    println!("{items} items");
    let others: Vec<FaultKind> = FaultKind::ALL
        .into_iter()
        .filter(|k| !CREATION.contains(k))
        .collect();
    spread(&counts, &others).unwrap();
    spread(&counts, &CREATION).unwrap();
    for k in CREATION {
        assert!(counts[&k] >= 5, "{k:?} drawn {} times", counts[&k]);
    }
}

/// The bars fail for a kind that is drawn far too often or hardly at all.
#[test]
fn the_spread_check_finds_a_lopsided_draw() {
    let kinds = [
        FaultKind::AccessOff,
        FaultKind::OneSided,
        FaultKind::Overlap,
    ];
    let even: HashMap<FaultKind, usize> = kinds.iter().map(|k| (*k, 10)).collect();
    assert!(spread(&even, &kinds).is_ok());
    let mut rare = even.clone();
    rare.insert(FaultKind::Overlap, 2);
    assert!(spread(&rare, &kinds).is_err());
    let mut flood = even.clone();
    flood.insert(FaultKind::AccessOff, 60);
    assert!(spread(&flood, &kinds).is_err());
}

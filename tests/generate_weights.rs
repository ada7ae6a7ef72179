//! How often each fault comes up in the default rotation (issue 11: AccessOff was drawn 51
//! times in ~430 items while GatewayRouterOneWay almost never). Measured on 1,000 items, seeds
//! 1 to 4 (250 each), the counts printed with `--nocapture`.

use peerlab::generate::{FaultKind, Filter, generate};
use std::collections::BTreeMap;

#[test]
fn every_fault_comes_up_about_as_often_as_the_others() {
    let mut counts: BTreeMap<String, usize> = FaultKind::ALL
        .iter()
        .map(|k| (format!("{k:?}"), 0))
        .collect();
    let mut items = 0;
    for seed in 1..=4 {
        for g in generate(seed, 250, &Filter::default()) {
            items += 1;
            for k in g.faults {
                *counts.get_mut(&format!("{k:?}")).unwrap() += 1;
            }
        }
    }
    let mut by_count: Vec<(&String, &usize)> = counts.iter().collect();
    by_count.sort_by_key(|(k, n)| (std::cmp::Reverse(**n), (*k).clone()));
    for (k, n) in &by_count {
        println!("{n:4} {k}");
    }
    println!("{items} items");
    let total: usize = counts.values().sum();
    let mean = total as f64 / counts.len() as f64;
    let (top, most) = by_count[0];
    let (bottom, least) = by_count[by_count.len() - 1];
    assert!(
        (*most as f64) <= 2.0 * mean,
        "{top} drawn {most} times, more than twice the mean {mean:.1}"
    );
    assert!(
        (*least as f64) >= mean / 3.0,
        "{bottom} drawn {least} times, under a third of the mean {mean:.1}"
    );
}

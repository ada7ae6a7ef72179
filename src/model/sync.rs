//! Address-space sync of a peering (RULES.md §14). Each side caches the remote VNet's address
//! space as it last synced it (`remote_space_cached`; `None`: the remote's current space). A side
//! is stale while its cache differs from the remote's current space, and its `peeringSyncLevel`
//! follows from its own staleness and the other side's, as Azure's PowerShell test asserts:
//! after VNet A changes, P(A→B) shows `RemoteNotInSync` and P(B→A) `LocalNotInSync`.
//!
//! The model owns this so the evaluator (routes and the `VirtualNetwork` tag by the cached
//! space), the diagram and the labs all read one definition.

use super::{Peering, Topology};
use ipnet::Ipv4Net;

fn sorted(v: &[Ipv4Net]) -> Vec<Ipv4Net> {
    let mut v = v.to_vec();
    v.sort();
    v
}

/// The remote space side `p` knows: its cache, else the remote's current space.
pub fn known_space(t: &Topology, p: &Peering) -> Vec<Ipv4Net> {
    match &p.remote_space_cached {
        Some(c) => c.clone(),
        None => t
            .vnet(&p.remote)
            .map(|v| v.address_space.clone())
            .unwrap_or_default(),
    }
}

/// Whether side `p` still holds an old copy of its remote's space.
pub fn stale(t: &Topology, p: &Peering) -> bool {
    match (&p.remote_space_cached, t.vnet(&p.remote)) {
        (Some(c), Some(r)) => sorted(c) != sorted(&r.address_space),
        _ => false,
    }
}

/// The side's `peeringSyncLevel`.
pub fn level(t: &Topology, p: &Peering) -> &'static str {
    let back = t
        .peerings
        .iter()
        .find(|q| q.vnet == p.remote && q.remote == p.vnet);
    let local = stale(t, p);
    let remote = back.is_some_and(|q| stale(t, q));
    match (local, remote) {
        (true, true) => "LocalAndRemoteNotInSync",
        (true, false) => "LocalNotInSync",
        (false, true) => "RemoteNotInSync",
        (false, false) => "FullyInSync",
    }
}

/// The four levels, as az prints them.
pub const LEVELS: [&str; 4] = [
    "FullyInSync",
    "LocalNotInSync",
    "RemoteNotInSync",
    "LocalAndRemoteNotInSync",
];

/// The indexes of the stale sides, in file order.
pub fn stale_sides(t: &Topology) -> Vec<usize> {
    (0..t.peerings.len())
        .filter(|&i| stale(t, &t.peerings[i]))
        .collect()
}

/// `t` with every peering synced (RULES.md §14: sync sets the cache to the remote's current
/// space), which is what `peering-not-synced` compares a failing flow against.
pub fn all_synced(t: &Topology) -> Topology {
    let mut s = t.clone();
    for p in &mut s.peerings {
        p.remote_space_cached = None;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_topology;

    const TWO: &str = r#"
[[vnet]]
name = "a"
address_space = ["10.0.0.0/16", "10.10.0.0/16"]
[[vnet]]
name = "b"
address_space = ["10.1.0.0/16"]
[[peering]]
name = "a-to-b"
vnet = "a"
remote = "b"
[[peering]]
name = "b-to-a"
vnet = "b"
remote = "a"
remote_space_cached = ["10.0.0.0/16"]
"#;

    #[test]
    fn the_side_that_holds_the_old_copy_is_local_not_in_sync() {
        // RULES.md §14 (PSTEST): A changed; P(A→B) RemoteNotInSync, P(B→A) LocalNotInSync.
        let t = parse_topology(TWO).unwrap().topology;
        assert_eq!(level(&t, &t.peerings[0]), "RemoteNotInSync");
        assert_eq!(level(&t, &t.peerings[1]), "LocalNotInSync");
        assert_eq!(stale_sides(&t), [1]);
        assert_eq!(
            known_space(&t, &t.peerings[1]),
            ["10.0.0.0/16".parse::<Ipv4Net>().unwrap()]
        );
        let synced = all_synced(&t);
        assert_eq!(level(&synced, &synced.peerings[0]), "FullyInSync");
        assert_eq!(level(&synced, &synced.peerings[1]), "FullyInSync");
        assert!(stale_sides(&synced).is_empty());
        // A cache equal to the current space (order aside) is not stale.
        let mut same = t;
        same.peerings[1].remote_space_cached = Some(vec![
            "10.10.0.0/16".parse().unwrap(),
            "10.0.0.0/16".parse().unwrap(),
        ]);
        assert_eq!(level(&same, &same.peerings[1]), "FullyInSync");
    }
}

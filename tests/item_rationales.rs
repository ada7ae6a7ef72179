//! Issue 10, fourth reading (ITEMS.md checklist 4: each rationale names the fact that
//! decides): a wrong fix that adds a peering between two VNets whose route tables already hold
//! a user-defined route for the remote range, of the same or a longer prefix, does not move
//! the traffic onto the peering. On an equal prefix a user-defined route beats a system route;
//! otherwise the longer prefix wins (RULES.md §4, route selection). The second reader found
//! "Peer spoke-data directly with spoke-crm ... it leaves the firewall's rules unchanged"
//! (gen-5353-0003 D, gen-6464-0003 C): true, and silent on why the new peering carries nothing.
//!
//! The check reads the trace with the change applied, apart from the generator's own code: the
//! route the trace chose, its table, and whether the new peering programs a route for the same
//! address in that VNet.

use peerlab::bank::{Kind, Question};
use peerlab::eval::{FlowSpec, Leg, Network};
use peerlab::generate::{self, Filter, Template};
use peerlab::model::{Edit, Protocol, Topology};

fn seeds() -> Vec<u64> {
    let mut s: Vec<u64> = (1..=60).collect();
    s.extend([4242, 5353, 6464]);
    s
}

/// Fix items of the sweep (the fix template, so the sweep holds many of them), and the fix
/// items of the default rotation the reader read.
fn items() -> &'static [(Topology, Question)] {
    static ITEMS: std::sync::OnceLock<Vec<(Topology, Question)>> = std::sync::OnceLock::new();
    ITEMS.get_or_init(|| {
        let fix = Filter {
            template: Some(Template::Fix),
            ..Filter::default()
        };
        let mut out = Vec::new();
        for seed in seeds() {
            for f in [&fix, &Filter::default()] {
                for g in generate::generate(seed, 20, f) {
                    let Some(t) = &g.topology else { continue };
                    for q in g.questions.iter().filter(|q| q.kind == Kind::Fix) {
                        out.push((t.clone(), q.clone()));
                    }
                }
            }
        }
        out
    })
}

/// What a line for a change that adds a peering must name: (route, table, same prefix), when a user-defined
/// route of the same or a longer prefix than the new peering's route decides the trace with
/// the change applied, on the request's way or the reply's.
fn udr_that_decides(t: &Topology, q: &Question, edits: &[Edit]) -> Option<(String, String, bool)> {
    let added: Vec<_> = edits
        .iter()
        .filter_map(|e| match e {
            Edit::AddPeering(p) => Some(p.clone()),
            _ => None,
        })
        .collect();
    if added.is_empty() {
        return None;
    }
    let mut work = t.clone();
    for e in edits {
        e.apply(&mut work).ok()?;
    }
    let g = q.goals.first()?;
    let tr = Network::new(&work)
        .trace(&FlowSpec {
            from: g.flow.from.clone(),
            to: g.flow.to.clone(),
            port: g.flow.port,
            protocol: Protocol::Tcp,
        })
        .ok()?;
    for leg in [Leg::Request, Leg::Reply] {
        let Some(h) = tr.hops.iter().find(|h| h.leg == leg && h.step == "route") else {
            continue;
        };
        let (vnet, _) = h.at.split_once('/')?;
        let addr = if leg == Leg::Request {
            tr.destination_ip?
        } else {
            tr.source_ip
        };
        // The route the trace chose, looked up in the table the subnet holds.
        let Some((_, origin)) = h.detail.split_once("(user route ") else {
            continue;
        };
        let (name, table) = origin.trim_end_matches(')').split_once(" in ")?;
        let route = work
            .route_table(table)?
            .routes
            .iter()
            .find(|r| r.name == name)?;
        let peered = added.iter().filter(|p| p.vnet == vnet).find_map(|p| {
            work.vnet(&p.remote)?
                .address_space
                .iter()
                .find(|s| s.contains(&addr))
                .copied()
        });
        if let Some(space) = peered
            && route.prefix.contains(&addr)
            && route.prefix.prefix_len() >= space.prefix_len()
        {
            return Some((name.to_string(), table.to_string(), route.prefix == space));
        }
    }
    None
}

/// Why `line` fails the rule, or `None`: it names the route and its table, and the selection
/// rule that lets the route win (an equal prefix: the user-defined route; else the longer).
fn misses_udr(line: &str, route: &str, table: &str, same: bool) -> Option<String> {
    let lower = line.to_lowercase();
    let names = lower.contains(&format!("route {route} in {table}"));
    let rule = if same {
        lower.contains("user-defined route beats a system route of the same prefix")
    } else {
        lower.contains("prefix is longer than the new peering's route")
    };
    (!(names && rule)).then(|| format!("does not say route {route} in {table} wins: {line}"))
}

/// Every (item, option) whose change adds a peering that a user-defined route overrules.
fn cases() -> Vec<(String, String, String, String, bool)> {
    let mut out = Vec::new();
    for (t, q) in items() {
        for (i, edits) in q.changes.iter().enumerate() {
            if q.answer.contains(&i) {
                continue;
            }
            if let Some((route, table, same)) = udr_that_decides(t, q, edits) {
                out.push((
                    format!("{} {}", q.id, (b'A' + i as u8) as char),
                    q.rationales[i].clone(),
                    route,
                    table,
                    same,
                ));
            }
        }
    }
    out
}

#[test]
fn an_added_peering_that_a_user_route_overrules_says_so() {
    let cases = cases();
    // The sweep must meet the case (spoke-to-spoke faults behind a hub appliance offer the
    // direct peering), or the test proves nothing.
    assert!(cases.len() >= 20, "only {} cases in the sweep", cases.len());
    let bad: Vec<String> = cases
        .iter()
        .filter_map(|(id, line, route, table, same)| {
            misses_udr(line, route, table, *same).map(|why| format!("{id}: {why}"))
        })
        .collect();
    assert!(
        bad.is_empty(),
        "{} of {} lines:\n{}",
        bad.len(),
        cases.len(),
        bad.join("\n")
    );
}

/// The line the second reader found (gen-5353-0003 D), planted on a real case: caught.
#[test]
fn the_line_without_the_route_is_caught() {
    let cases = cases();
    let (id, _, route, table, same) = cases.first().expect("a case in the sweep");
    let planted = "Incorrect. A direct peering gives spoke-data and spoke-crm a route to each other, but it leaves the firewall's rules unchanged, so the connection still fails.";
    assert!(
        misses_udr(planted, route, table, *same).is_some(),
        "{id}: the planted line passed"
    );
    // Naming the route without the rule that lets it win is not enough either.
    let half = format!("Incorrect. Route {route} in {table} still sends the traffic to the hub.");
    assert!(misses_udr(&half, route, table, *same).is_some());
    // The rule of the other case (a longer prefix where the prefixes are equal) is wrong.
    let other = if *same {
        format!(
            "Route {route} in {table} (10.0.0.0/24) still sends the request there, as its prefix is longer than the new peering's route."
        )
    } else {
        format!(
            "Route {route} in {table} still sends the request there, as a user-defined route beats a system route of the same prefix."
        )
    };
    assert!(misses_udr(&other, route, table, *same).is_some());
}

/// ITEMS.md "Rationales": no wrong fix ends in the template tail the reader found on six items.
#[test]
fn no_wrong_fix_line_ends_in_the_template_tail() {
    let tails = [
        "but the connection still fails",
        "so the connection still fails",
        "but the connection now fails elsewhere",
    ];
    let bad: Vec<String> = items()
        .iter()
        .flat_map(|(_, q)| {
            q.rationales
                .iter()
                .enumerate()
                .filter(|(i, r)| !q.answer.contains(i) && tails.iter().any(|x| r.contains(x)))
                .map(move |(i, r)| format!("{} {}: {r}", q.id, (b'A' + i as u8) as char))
        })
        .collect();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

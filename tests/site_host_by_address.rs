//! A site host is reached by its address in every generated stem. Azure-provided DNS does not
//! resolve on-premises names (RULES.md §6), so a stem that names "dc-app" alone leaves the
//! learner to wonder whether the name is looked up at all, and a "the name does not resolve"
//! option becomes defensible (the fourth reader's dispute on gen-5353-0002, a why item
//! whose health check went "from vm-app-01 to dc-app").

use peerlab::bank::Question;
use peerlab::generate::{self, Filter};
use peerlab::model::Topology;

/// The site hosts an item's stem names without giving their address (a why item carries no
/// flow, so the stem's words are what count).
fn unaddressed(t: &Topology, q: &Question) -> Vec<String> {
    let text = format!("{} {}", q.scenario.clone().unwrap_or_default(), q.prompt);
    t.sites
        .iter()
        .flat_map(|s| &s.hosts)
        .filter(|h| named(&text, &h.name) && !text.contains(&h.ip.to_string()))
        .map(|h| format!("{}: {} without {}", q.id, h.name, h.ip))
        .collect()
}

fn named(text: &str, name: &str) -> bool {
    text.split(|c: char| c.is_whitespace() || ",.;:()?".contains(c))
        .any(|w| w == name)
}

#[test]
fn every_stem_that_names_a_site_host_gives_its_address() {
    let (mut bad, mut hosts) = (Vec::new(), 0);
    for seed in [5353, 4242, 6464, 31337, 1, 2, 3, 4, 5, 6, 7, 8] {
        for g in generate::generate(seed, 60, &Filter::default()) {
            let Some(t) = &g.topology else { continue };
            // A series or case study states its scenario once, with its first question.
            let shared: String = g
                .questions
                .iter()
                .filter_map(|q| q.scenario.clone())
                .collect();
            for q in &g.questions {
                let mut q = q.clone();
                q.scenario = Some(shared.clone());
                let q = &q;
                let text = format!("{} {}", q.scenario.clone().unwrap_or_default(), q.prompt);
                let ends_at_site = t
                    .sites
                    .iter()
                    .flat_map(|s| &s.hosts)
                    .any(|h| named(&text, &h.name));
                hosts += usize::from(ends_at_site);
                bad.extend(unaddressed(t, q));
            }
        }
    }
    println!(
        "{hosts} stems name a site host; {} name it without its address",
        bad.len()
    );
    assert!(hosts >= 50, "{hosts}");
    assert!(bad.is_empty(), "{}\n{}", bad.len(), bad.join("\n"));
}

//! Distractors a learner rules out from the stem alone are give-aways (ITEMS.md: each must be
//! something an administrator might believe). A name-resolution cause where the stem gives
//! the destination by its address is one: no name is looked up (the second reader,
//! gen-5353-0002 D, "The name does not resolve ..." for a health check to 192.168.10.20).

use peerlab::bank::{Question, reason_text};
use peerlab::eval::Reason;
use peerlab::generate::{Filter, generate};

/// The words of a stem, with the punctuation around them trimmed.
fn words(prompt: &str) -> Vec<&str> {
    prompt
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| ",.;:?()'\"".contains(c)))
        .collect()
}

fn is_address(w: &str) -> bool {
    w.parse::<std::net::Ipv4Addr>().is_ok()
}

/// A DNS name: dotted, and not an address ("app.contoso.internal").
fn is_dns_name(w: &str) -> bool {
    w.contains('.') && !is_address(w) && w.chars().any(|c| c.is_ascii_alphabetic())
}

/// `Err` when `q` offers the name-resolution cause while its stem gives the destination by its
/// address and names no DNS name at all.
fn dns_cause_fits(q: &Question) -> Result<(), String> {
    let dns = reason_text(Reason::DnsUnresolved);
    if !q.choices.iter().any(|c| c.ends_with(dns)) {
        return Ok(());
    }
    let w = words(&q.prompt);
    let to_address = match &q.flow {
        Some(f) => {
            is_address(&f.to) || w.iter().any(|x| is_address(x)) && !w.contains(&f.to.as_str())
        }
        None => w.iter().any(|x| is_address(x)),
    };
    if to_address && !w.iter().any(|x| is_dns_name(x)) {
        return Err(format!(
            "{}: a DNS cause, but the stem gives the address: {}",
            q.id, q.prompt
        ));
    }
    Ok(())
}

#[test]
fn no_dns_cause_where_the_stem_gives_the_address() {
    let (mut checked, mut with_dns) = (0, 0);
    for seed in 1..=40 {
        for g in generate(seed, 25, &Filter::default()) {
            for q in &g.questions {
                checked += 1;
                with_dns += usize::from(
                    q.choices
                        .iter()
                        .any(|c| c.ends_with(reason_text(Reason::DnsUnresolved))),
                );
                dns_cause_fits(q).unwrap();
            }
        }
    }
    println!("{checked} questions, {with_dns} offering a DNS cause");
    assert!(
        with_dns > 0,
        "a DNS cause is still offered where a name is looked up"
    );
}

/// The planted case: a why item to an on-premises host's address with the DNS cause added.
#[test]
fn the_check_finds_a_dns_cause_for_an_address() {
    let q = (1..=40)
        .flat_map(|s| generate(s, 25, &Filter::default()))
        .flat_map(|g| g.questions)
        .find(|q| {
            q.flow.is_none()
                && q.choices.len() == 4
                && words(&q.prompt).iter().any(|x| is_address(x))
                && !words(&q.prompt).iter().any(|x| is_dns_name(x))
        })
        .expect("an item whose stem gives an address");
    let mut bad = q.clone();
    bad.choices[3] = reason_text(Reason::DnsUnresolved).to_string();
    assert!(dns_cause_fits(&q).is_ok());
    assert!(dns_cause_fits(&bad).is_err());
}

//! The scenario generator: endless seeded questions whose keys and distractors are all proven
//! by the evaluator. Same seed, same questions, byte for byte, on every machine.
//!
//! A question starts from a working design of some shape (`scenario`), gets zero to two faults
//! from the catalogue (`faults`), and is asked by a template (`questions`) that takes every
//! answer from the evaluator and drops the question if a disputed reading of RULES.md §8 would
//! change it.

mod beyond;
mod case;
mod causes;
pub mod dice;
mod distractors;
mod faults;
mod fidelity;
pub mod labs;
mod listing;
mod path_facts;
mod peering_items;
mod questions;
mod rationale;
mod ruled_out;
mod scenario;
mod sequence;
mod sources;
mod stem;
mod watcher_items;
mod wrong_fix;

pub use case::case_overlap;
pub use causes::bank_outcomes;
pub use faults::FaultKind;
pub use questions::{Template, reason_text};

use crate::bank::{Kind, Question, Topic};
use crate::model::{PeeringVerdict, Topology, create_peerings, to_toml};
use dice::Dice;
pub use faults::Fault;
use questions::Draft;
use scenario::{ApplianceKind, Options, Shape};

/// One generated item: a question, or a yes-no series of statements, and its network.
#[derive(Debug, Clone)]
pub struct Generated {
    pub template: Template,
    /// The seed this item was made from (with the template, it reproduces the item).
    pub seed: u64,
    pub questions: Vec<Question>,
    /// `None` for questions asked without a drawing (peering state tells a story instead).
    pub topology: Option<Topology>,
    pub faults: Vec<FaultKind>,
}

/// What to generate.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub topic: Option<Topic>,
    pub kind: Option<Kind>,
    pub difficulty: Option<u8>,
    pub template: Option<Template>,
}

impl Filter {
    fn admits(&self, g: &Generated) -> bool {
        let q = &g.questions[0];
        self.topic.is_none_or(|t| q.topic == t)
            && self.kind.is_none_or(|k| q.kind == k)
            && self.difficulty.is_none_or(|d| q.difficulty == d)
    }

    fn templates(&self) -> Vec<Template> {
        if let Some(t) = self.template.filter(|t| Template::OPT_IN.contains(t)) {
            return vec![t];
        }
        Template::ALL
            .into_iter()
            .filter(|t| {
                self.template.is_none_or(|x| x == *t) && self.kind.is_none_or(|k| t.kind() == k)
            })
            // A case study mixes topics, kinds and levels: only asked for by name, or when
            // nothing narrows the draw.
            .filter(|t| {
                *t != Template::CaseStudy
                    || self.template == Some(Template::CaseStudy)
                    || (self.topic.is_none() && self.kind.is_none() && self.difficulty.is_none())
            })
            .collect()
    }
}

/// A shape and options that suit `template`.
fn setting(d: &mut Dice, template: Template) -> (Shape, Options) {
    let shape = match template {
        Template::Configure => {
            if d.chance(70) {
                Shape::HubSpoke(2 + d.below(3))
            } else {
                Shape::Pair
            }
        }
        Template::PathOrder | Template::Creation | Template::Sequence => {
            Shape::HubSpoke(2 + d.below(4))
        }
        // A case study is a company's hub network: a few spokes, NSGs, often a gateway.
        Template::CaseStudy => Shape::HubSpoke(3 + d.below(3)),
        _ => scenario::random_shape(d),
    };
    let mut opts = Options::random(d, shape);
    match template {
        Template::Configure => {
            opts.nsgs = true;
            opts.gateway = matches!(shape, Shape::HubSpoke(_));
            opts.appliance = None;
        }
        Template::FlowVerify | Template::CaseStudy => opts.nsgs = true,
        Template::Sequence => opts.gateway = true,
        Template::PathOrder if opts.appliance.is_none() && !opts.gateway => {
            opts.appliance = Some(ApplianceKind::Firewall);
        }
        _ => {}
    }
    (shape, opts)
}

/// How many faults a template asks about.
fn fault_count(d: &mut Dice, template: Template) -> usize {
    match template {
        Template::Why | Template::Fix | Template::Configure | Template::CaseStudy => 1,
        Template::PathOrder | Template::Sequence => 0,
        Template::Reachability | Template::WhichVms => [0, 1, 1, 1, 2][d.below(5)],
        // A series on a network with nothing wrong answers Yes to every statement: one in five
        // series was drawn so, and 18 of 300 answered Yes, Yes, Yes (seed 4242's among them,
        // a fourth reader). A fault gives at least one flow that fails.
        Template::YesNo => [1, 1, 1, 2][d.below(4)],
        _ => d.below(2),
    }
}

fn wanted_faults(template: Template) -> Vec<FaultKind> {
    use FaultKind::*;
    match template {
        // Not TransitHubOff: its repair needs the hub side editable, and a learner who turns the
        // hub's forwarded traffic off there would be right or wrong by a reading of RULES.md §8.
        Template::Configure => vec![TransitSpokeOff, AccessOff],
        Template::PeeringState => vec![OneSided, Disconnected],
        Template::Creation => vec![Overlap, SpokeOwnGateway, PermissionMissing],
        Template::FlowVerify => vec![NsgDenySubnet, NsgDenyNic],
        // Overlapping VNets, a spoke with its own gateway and a request without the rights
        // are states Azure refuses to create: only a creation item (the request that fails)
        // asks about them.
        // TransitHubOff (transit set up on neither side) in a fix item: the rationales of its
        // distractors (the spoke side alone, which Azure refuses while the hub side allows no
        // transit) run past the 50 words tests/item_quality.rs allows; left out there until
        // the rationale wording says a refusal briefly.
        Template::Fix | Template::CaseStudy => FaultKind::ALL
            .into_iter()
            .filter(|k| {
                !matches!(
                    k,
                    Overlap | SpokeOwnGateway | PermissionMissing | TransitHubOff
                )
            })
            .collect(),
        // A series states connections between machines by address: a path that only changes
        // (UdrLessSpecific) or a name that does not resolve (DnsNotLinked, whose flow is to a
        // name) leaves every statement Yes.
        Template::YesNo => FaultKind::ALL
            .into_iter()
            .filter(|k| {
                !matches!(
                    k,
                    Overlap | SpokeOwnGateway | PermissionMissing | UdrLessSpecific | DnsNotLinked
                )
            })
            .collect(),
        _ => FaultKind::ALL
            .into_iter()
            .filter(|k| !matches!(k, Overlap | SpokeOwnGateway | PermissionMissing))
            .collect(),
    }
}

/// Tickets per kind in the draw of [`weighted_order`]. A kind that few scenarios can hold, or
/// whose items the templates often cannot word (their attempts are retried with another draw),
/// gets more; the kinds a template of their own also asks about (access off and transit in
/// configure, the peering states, the NSG denies of flow verify), fewer. Set from the
/// counts of tests/generate_weights.rs (1,000 items, seeds 1 to 4; issue 11 measured AccessOff
/// at 77 and GatewayRouterOneWay at 5 before).
fn tickets(kind: FaultKind) -> usize {
    use FaultKind::*;
    match kind {
        GatewayRouterOneWay => 5,
        StaticSiteMissingPrefix | DnsNotLinked | RoutesNotPropagated => 4,
        // The three creation kinds share one template's turns; a permission item is refused
        // more often than the others (another draw follows), so it gets more tickets: at 4
        // each, 1,000 items drew 8 permission items before the sequence template shifted the
        // seeds and 5 after (tests/generate_weights.rs wants a third of the mean); after the
        // creation items stopped offering gateway refusals where no gateway is involved,
        // Overlap came up 6 times at 5 tickets; at 7 and 8 the three come up 8, 10 and 10.
        // Once the rotation moved back the kinds an exam had just asked (`fresh_first`),
        // SpokeOwnGateway at 4 came up 9 times in 2,000 questions (seeds 1 to 8) against 26
        // for the other two; at 6, 22 against 20 (Overlap) and 18 (PermissionMissing).
        SpokeOwnGateway => 6,
        Overlap => 7,
        PermissionMissing => 8,
        UdrLessSpecific | MissingUdr | TransitHubOff | PeeringNotSynced => 3,
        // Each also has a template of its own (configure, peering state, flow verify).
        AccessOff | TransitSpokeOff | OneSided | Disconnected | NsgDenySubnet | NsgDenyNic => 1,
        _ => 2,
    }
}

/// `kinds` in a random order where each next kind is drawn with probability in proportion to
/// its [`tickets`] among those left.
fn weighted_order(d: &mut Dice, mut kinds: Vec<FaultKind>) -> Vec<FaultKind> {
    let mut out = Vec::with_capacity(kinds.len());
    while !kinds.is_empty() {
        let total: usize = kinds.iter().map(|k| tickets(*k)).sum();
        let mut r = d.below(total);
        let i = kinds
            .iter()
            .position(|k| {
                let t = tickets(*k);
                if r < t {
                    true
                } else {
                    r -= t;
                    false
                }
            })
            .unwrap_or(0);
        out.push(kinds.remove(i));
    }
    out
}

/// Makes the scenario able to hold a fault of `kind`: faults are drawn first, so every trap
/// comes up about as often as every other, whatever its needs.
fn adapt(d: &mut Dice, kind: FaultKind, shape: &mut Shape, opts: &mut Options) {
    use FaultKind::*;
    let hub = |shape: &mut Shape, d: &mut Dice| {
        if !matches!(shape, Shape::HubSpoke(_)) {
            *shape = Shape::HubSpoke(2 + d.below(4));
        }
    };
    match kind {
        ForwardedOff | OneWayUdr | MissingUdr | UdrLessSpecific => {
            hub(shape, d);
            if opts.appliance.is_none() {
                opts.appliance = Some(if d.chance(50) {
                    ApplianceKind::Firewall
                } else {
                    ApplianceKind::Nva
                });
            }
        }
        IpForwardingOff => {
            hub(shape, d);
            opts.appliance = Some(ApplianceKind::Nva);
        }
        FirewallRuleMissing => {
            hub(shape, d);
            opts.appliance = Some(ApplianceKind::Firewall);
        }
        TransitHubOff
        | TransitSpokeOff
        | SpokeOwnGateway
        | RoutesNotPropagated
        | StaticSiteMissingPrefix => {
            hub(shape, d);
            opts.gateway = true;
        }
        GatewayRouterOneWay => {
            hub(shape, d);
            opts.gateway = true;
            opts.appliance = None;
        }
        DnsNotLinked => opts.dns = true,
        AccessOff | NsgDenySubnet | NsgDenyNic | AsgNotMember => opts.nsgs = true,
        OneSided | Disconnected | UdrNone | Overlap | PeeringNotSynced | PermissionMissing => {}
    }
}

/// The items an exam's variety looks back over: about one exam of 20 questions (a series
/// and a case study count as several).
const RECENT_ITEMS: usize = 12;

/// `kinds` with those asked too recently moved back, in the drawn order otherwise: a kind the
/// last items asked twice, or one the template's own last item asked (`own`). The draw alone
/// asked one trap three times in 11 of 50 exams (seed 4242's among them, a fourth reader)
/// while other traps went unused. Only those move: moving back every kind once asked left,
/// for a template of its own (`--template fix`), the kinds it can seldom word at the front,
/// and a run of failed draws ended the set early.
fn fresh_first(kinds: Vec<FaultKind>, recent: &[FaultKind], own: &[FaultKind]) -> Vec<FaultKind> {
    let stale = |k: &FaultKind| own.contains(k) || recent.iter().filter(|r| *r == k).count() >= 2;
    let (back, mut front): (Vec<FaultKind>, Vec<FaultKind>) = kinds.into_iter().partition(stale);
    front.extend(back);
    front
}

/// One item of `template` from `seed`, or `None` when this seed gives nothing worth asking.
pub fn attempt(template: Template, seed: u64, id: &str) -> Option<Generated> {
    attempt_after(template, seed, id, &[], &[])
}

/// [`attempt`] for an exam whose last items asked `recent` (their fault kinds) and whose last
/// item of this template asked `own`: see [`fresh_first`].
fn attempt_after(
    template: Template,
    seed: u64,
    id: &str,
    recent: &[FaultKind],
    own: &[FaultKind],
) -> Option<Generated> {
    if template == Template::Beyond {
        return beyond::attempt(seed, id);
    }
    let mut d = Dice::new(seed);
    let (mut shape, mut opts) = setting(&mut d, template);
    let kinds = fresh_first(weighted_order(&mut d, wanted_faults(template)), recent, own);
    let n = fault_count(&mut d, template);
    if n > 0 {
        adapt(&mut d, kinds[0], &mut shape, &mut opts);
        if template == Template::Configure {
            // Configure questions stay clear of appliances (RULES.md §8's forwarded point).
            opts.appliance = None;
        }
    }
    let mut sc = scenario::build(&mut d, shape, opts);
    let mut faults: Vec<Fault> = Vec::new();
    // The kinds in the order drawn above, so the one the scenario was adapted to is tried
    // first: a fresh order here let the kinds that fit any scenario (access off, a one-sided
    // peering) take the turns of the ones that need a gateway or an appliance.
    for kind in kinds {
        if faults.len() == n || faults.iter().any(|f| f.kind == kind) {
            continue;
        }
        // Inject on a copy: a fault that does not apply leaves nothing behind.
        let mut trial = sc.clone();
        if let Some(mut f) = faults::inject(&mut d, &mut trial, kind) {
            // A configure item asks for access on either side of the pair.
            if template == Template::Configure && kind == FaultKind::AccessOff && d.chance(50) {
                faults::access_off_on_remote_side(&mut trial, &mut f);
            }
            sc = trial;
            faults.push(f);
        }
    }
    if faults.len() < n.min(1) {
        return None;
    }
    // Every peering an item shows exists: one Azure would refuse is a leftover, except for
    // the request a creation item asks about (it shows the network without it).
    let refused = create_peerings(&sc.topology)
        .iter()
        .any(|v| matches!(v, PeeringVerdict::Rejected { .. }));
    if refused && !matches!(template, Template::Creation | Template::PeeringState) {
        return None;
    }
    let draft = Draft {
        sc: &sc,
        faults: &faults,
        id: id.to_string(),
        shown: Default::default(),
        company: stem::company(&mut d),
    };
    let questions = match template {
        Template::Reachability => questions::reachability(&mut d, &draft),
        Template::Why => questions::why(&mut d, &draft),
        Template::Fix => questions::fix(&mut d, &draft),
        Template::Configure => questions::configure(&mut d, &draft),
        Template::NextHop => watcher_items::next_hop(&mut d, &draft),
        Template::PeeringState => peering_items::peering_state(&mut d, &draft),
        Template::Creation => peering_items::creation(&mut d, &draft),
        Template::WhichVms => listing::which_vms(&mut d, &draft),
        Template::YesNo => listing::yes_no(&mut d, &draft),
        Template::PathOrder => listing::path_order(&mut d, &draft),
        Template::Sequence => sequence::sequence(&mut d, &draft),
        Template::FlowVerify => watcher_items::flow_verify(&mut d, &draft),
        Template::CaseStudy => case::case_study(&mut d, &draft),
        // Made above, without a scenario of this module.
        Template::Beyond => None,
    }?;
    // The file's setting names never reach the learner: the portal's words do.
    let mut questions = questions;
    for q in &mut questions {
        for r in &mut q.rationales {
            *r = rationale::plain(r);
        }
    }
    // Every explanation ends on a Microsoft Learn page (ITEMS.md), as the bank's items do.
    let kinds: Vec<FaultKind> = faults.iter().map(|f| f.kind).collect();
    for q in &mut questions {
        if q.source.is_none() {
            q.source = Some(sources::learn_source(template, &kinds, q));
        }
    }
    // Texts are bounded like any question text (the bank's limits).
    let too_long = |t: &str, max: usize| t.chars().count() > max;
    if questions.iter().any(|q| {
        too_long(&q.prompt, 2000)
            || too_long(&q.explanation, 4000)
            || q.scenario.as_deref().is_some_and(|s| too_long(s, 2000))
    }) {
        return None;
    }
    let shown = draft.shown.take().unwrap_or_else(|| sc.topology.clone());
    let topology = questions[0].topology.is_some().then_some(shown);
    Some(Generated {
        template,
        seed,
        questions,
        topology,
        faults: faults.iter().map(|f| f.kind).collect(),
    })
}

/// A fresh item of `template` (and `difficulty`, if given), for the quiz engine. Tries seeds
/// drawn from `seed` until one gives a question.
pub fn fresh(template: Template, difficulty: Option<u8>, seed: u64) -> Option<Generated> {
    let mut d = Dice::new(seed);
    for _ in 0..400 {
        let s = d.fork();
        if let Some(g) = attempt(template, s, &format!("gen-{s:016x}"))
            && difficulty.is_none_or(|x| g.questions[0].difficulty == x)
        {
            return Some(g);
        }
    }
    None
}

/// `count` questions from one seed (a yes-no series counts as its statements): the templates
/// the filter allows take turns, each retried until it gives a question, so each has its share.
pub fn generate(seed: u64, count: usize, filter: &Filter) -> Vec<Generated> {
    let mut out = Vec::new();
    generate_each(seed, count, filter, |g| {
        out.push(g);
        true
    });
    out
}

/// [`generate`] one item at a time, in the same order and with the same ids: `generate --out`
/// writes each as it comes, so a large count never sits in memory whole. Stops early when
/// `each` returns false (a write failed).
pub fn generate_each(
    seed: u64,
    count: usize,
    filter: &Filter,
    mut each: impl FnMut(Generated) -> bool,
) {
    let templates = filter.templates();
    let only_series = templates.iter().all(|t| *t == Template::YesNo);
    let mut d = Dice::new(seed);
    let mut items = 0;
    let mut made = 0;
    // The templates that sat out since the last item: a turn order that changes each round may
    // ask one template twice before another, so a count of idle turns would stop too soon.
    let mut idle: std::collections::HashSet<Template> = Default::default();
    // The fault kinds of the last items, oldest first, and of each template's last item: a
    // template that takes one turn in thirteen would find its own last item out of the window,
    // and its few kinds (configure has two) would repeat by chance.
    let mut recent: std::collections::VecDeque<Vec<FaultKind>> = Default::default();
    let mut last_of: std::collections::HashMap<Template, Vec<FaultKind>> = Default::default();
    let mut turns = Turns::new(seed, templates.clone());
    while made < count && !templates.is_empty() && idle.len() < templates.len() {
        let template = turns.next();
        let id = format!("gen-{seed}-{:04}", items + 1);
        let room = count - made;
        // A yes-no series needs two statements: with room for one, it sits this turn out
        // (no dice are drawn for it, so the seeds after it are the same as before).
        let asked: Vec<FaultKind> = recent.iter().flatten().copied().collect();
        let own: Vec<FaultKind> = last_of.get(&template).cloned().unwrap_or_default();
        // The last draws of a turn forget the exam's traps: a template that can word only the
        // kinds it just asked still gives an item rather than sitting out.
        let found = (template != Template::YesNo || room >= 2)
            .then(|| {
                (0..60).find_map(|n| {
                    let (asked, own) = if n < 40 {
                        (&asked[..], &own[..])
                    } else {
                        (&[][..], &[][..])
                    };
                    attempt_after(template, d.fork(), &id, asked, own).filter(|g| filter.admits(g))
                })
            })
            .flatten();
        match found {
            Some(mut g) => {
                if recent.len() == RECENT_ITEMS {
                    recent.pop_front();
                }
                recent.push_back(g.faults.clone());
                if !g.faults.is_empty() {
                    last_of.insert(template, g.faults.clone());
                }
                // A series or case study counts as its statements: one that does not fit is cut
                // to what fits (each question stands on the shared scenario and exhibit).
                cut(&mut g, room);
                // With only series to draw, one never leaves room for a single statement.
                let left = room - g.questions.len();
                if only_series && left == 1 && g.questions.len() > 2 {
                    g.questions.pop();
                }
                idle.clear();
                made += g.questions.len();
                items += 1;
                if !each(g) {
                    return;
                }
            }
            // A template that cannot satisfy the filter sits out; stop when none can.
            None => {
                idle.insert(template);
            }
        }
    }
}

/// The order in which templates take their turns. Every round gives each template one turn, so
/// each keeps its share; the order of a round is a shuffle of its own stream (not the items'
/// dice, whose forks stay as they were), so seeds differ in what they ask and when: with one
/// fixed order seeds 4242, 5353 and 6464 drew the same sixteen templates in the same order,
/// and about eight of twenty items came back with new names only (a second reader, issue 10).
/// A round never opens with the template that closed the one before.
struct Turns {
    dice: Dice,
    round: Vec<Template>,
    at: usize,
    last: Option<Template>,
}

impl Turns {
    fn new(seed: u64, templates: Vec<Template>) -> Self {
        // Any fixed odd constant: the stream only has to differ from the items' own.
        let dice = Dice::new(seed ^ 0x9E37_79B9_7F4A_7C15);
        let at = templates.len();
        Turns {
            dice,
            round: templates,
            at,
            last: None,
        }
    }

    fn next(&mut self) -> Template {
        if self.at == self.round.len() {
            self.dice.shuffle(&mut self.round);
            if self.round.len() > 1 && self.round.first().copied() == self.last {
                let j = 1 + self.dice.below(self.round.len() - 1);
                self.round.swap(0, j);
            }
            self.at = 0;
        }
        self.at += 1;
        self.last = Some(self.round[self.at - 1]);
        self.round[self.at - 1]
    }
}

/// Cuts a many-question item to `room` questions. The scenario sits on the first question, so
/// the rest can go; a yes-no series keeps at least two (callers leave it out when only one fits).
fn cut(g: &mut Generated, room: usize) {
    if g.questions.len() > room {
        g.questions.truncate(room.max(1));
    }
}

/// A question file stays well under the bank's 1 MiB limit for one file.
const FILE_BUDGET: usize = 768 * 1024;

/// The items as a bank folder: `questions.toml` (and, for a large bank, more question files in
/// `questions/`, each under the size limit) and `topologies/<id>.toml`.
pub fn to_files(items: &[Generated]) -> Vec<(String, String)> {
    let mut bank = BankFiles::default();
    let (mut questions, mut topologies): (Vec<_>, Vec<_>) = (Vec::new(), Vec::new());
    for g in items {
        for file in bank.push(g) {
            if file.0.starts_with("topologies/") {
                topologies.push(file);
            } else {
                questions.push(file);
            }
        }
    }
    // The question files first, as before the bank was written as it is made.
    questions.push(bank.finish());
    questions.extend(topologies);
    questions
}

/// The bank folder [`to_files`] makes, built an item at a time: each `push` gives back the
/// files that item completes (its topology, and a question file once the next item would take
/// it past its budget), so a writer holds at most one question file in memory.
#[derive(Default)]
pub struct BankFiles {
    chunk: String,
    /// The question file being filled: 0 and 1 are `questions.toml`.
    n: usize,
}

impl BankFiles {
    fn file_name(n: usize) -> String {
        if n <= 1 {
            "questions.toml".to_string()
        } else {
            format!("questions/more-{n:03}.toml")
        }
    }

    /// The files `g` completes, as (path in the folder, text).
    pub fn push(&mut self, g: &Generated) -> Vec<(String, String)> {
        let mut done = Vec::new();
        self.n = self.n.max(1);
        // Topology paths are relative to the question file; an item (a yes-no series too)
        // never spans two files.
        let render = |n: usize| {
            crate::bank::to_toml(&g.questions, |q| {
                q.topology
                    .as_ref()
                    .map(|t| if n == 1 { t.clone() } else { format!("../{t}") })
            })
        };
        let mut text = render(self.n);
        if !self.chunk.is_empty() && self.chunk.len() + text.len() > FILE_BUDGET {
            done.push((Self::file_name(self.n), std::mem::take(&mut self.chunk)));
            self.n += 1;
            text = render(self.n);
        }
        self.chunk.push_str(&text);
        if let (Some(t), Some(path)) = (&g.topology, g.questions[0].topology.as_ref()) {
            done.push((path.clone(), to_toml(t)));
        }
        done
    }

    /// The bytes of question text held, not yet given back.
    pub fn pending(&self) -> usize {
        self.chunk.len()
    }

    /// The last question file.
    pub fn finish(self) -> (String, String) {
        (Self::file_name(self.n), self.chunk)
    }
}

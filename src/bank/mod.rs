//! The question bank: files of questions (FORMAT.md §3, docs/QUESTIONS.md), checked for
//! schema and references, and proven against the evaluator: every key of a network question
//! is what the evaluator says, so a wrong answer key cannot ship.

mod parse;
mod prove;
pub mod readings;
mod source;
mod write;

pub use prove::{
    GoalResult, MAX_SETTINGS, Solved, check_goals, flags_of, set_flags, settings_budget,
    solve_configure, solve_within,
};

pub(crate) use source::resolve;
pub use source::{DirSource, EmbeddedSource, MAX_FILES, ReadError, Source, inside, read_text};
pub use write::to_toml;

use crate::eval::{Reason, Verdict};
use crate::model::{Diagnostic, Edit, Pos, Protocol, Topology};
use serde::Serialize;
use std::collections::BTreeMap;

/// More questions than this in one bank is refused (content is untrusted).
pub const MAX_QUESTIONS: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Topic {
    PeeringBasics,
    Transitivity,
    GatewayTransit,
    ForwardedTraffic,
    Routing,
    Nsg,
    Dns,
    Troubleshooting,
    NetworkWatcher,
    PeeringState,
    AddressSpace,
}

impl Topic {
    pub const ALL: [Topic; 11] = [
        Topic::PeeringBasics,
        Topic::Transitivity,
        Topic::GatewayTransit,
        Topic::ForwardedTraffic,
        Topic::Routing,
        Topic::Nsg,
        Topic::Dns,
        Topic::Troubleshooting,
        Topic::NetworkWatcher,
        Topic::PeeringState,
        Topic::AddressSpace,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Topic::PeeringBasics => "peering-basics",
            Topic::Transitivity => "transitivity",
            Topic::GatewayTransit => "gateway-transit",
            Topic::ForwardedTraffic => "forwarded-traffic",
            Topic::Routing => "routing",
            Topic::Nsg => "nsg",
            Topic::Dns => "dns",
            Topic::Troubleshooting => "troubleshooting",
            Topic::NetworkWatcher => "network-watcher",
            Topic::PeeringState => "peering-state",
            Topic::AddressSpace => "address-space",
        }
    }

    pub fn parse(s: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Single,
    Multi,
    YesNo,
    Order,
    Reachability,
    Fix,
    Configure,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Single,
        Kind::Multi,
        Kind::YesNo,
        Kind::Order,
        Kind::Reachability,
        Kind::Fix,
        Kind::Configure,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Single => "single",
            Kind::Multi => "multi",
            Kind::YesNo => "yes-no",
            Kind::Order => "order",
            Kind::Reachability => "reachability",
            Kind::Fix => "fix",
            Kind::Configure => "configure",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Kinds whose key is the evaluator's verdict on a topology.
    pub fn is_evaluated(self) -> bool {
        matches!(self, Kind::Reachability | Kind::Fix | Kind::Configure)
    }
}

/// A flow a question asks about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flow {
    pub from: String,
    pub to: String,
    pub port: u16,
    #[serde(serialize_with = "protocol_str")]
    pub protocol: Protocol,
}

fn protocol_str<S: serde::Serializer>(p: &Protocol, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(p.as_str())
}

/// A flow and whether it must be reachable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Goal {
    pub flow: Flow,
    pub expect: Verdict,
}

/// The evaluator's answer to a reachability question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReachKey {
    pub verdict: Verdict,
    pub reason: Reason,
}

/// One flag setting of a peering in a `configure` answer: access, forwarded, transit, remote.
pub type FlagSet = [bool; 4];

/// A peering's configure flags in words: `name: access, gateway transit` (or `all off`).
pub fn flags_text(name: &str, f: &FlagSet) -> String {
    let on: Vec<&str> = [
        "access",
        "forwarded traffic",
        "gateway transit",
        "use remote gateways",
    ]
    .iter()
    .zip(f)
    .filter(|(_, on)| **on)
    .map(|(x, _)| *x)
    .collect();
    format!(
        "{name}: {}",
        if on.is_empty() {
            "all off".to_string()
        } else {
            on.join(", ")
        }
    )
}

#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub id: String,
    pub topic: Topic,
    pub kind: Kind,
    pub difficulty: u8,
    pub prompt: String,
    pub explanation: String,
    /// What the learner picks from: texts for single/multi/order/fix, `Yes`/`No` for yes-no,
    /// empty for reachability and configure.
    pub choices: Vec<String>,
    /// The correct choice indexes (the correct sequence for `order`); for `fix`, the choices
    /// the evaluator proves correct.
    pub answer: Vec<usize>,
    /// Key into [`Bank::topologies`].
    pub topology: Option<String>,
    pub series: Option<String>,
    pub scenario: Option<String>,
    pub flow: Option<Flow>,
    pub key: Option<ReachKey>,
    pub goals: Vec<Goal>,
    /// For `fix`: the changes of each choice.
    pub changes: Vec<Vec<Edit>>,
    /// For `configure`: the peerings the learner sets, and one setting the evaluator accepts.
    pub editable: Vec<String>,
    pub solution: Vec<(String, FlagSet)>,
    /// The key as the author wrote it (reachability), checked against the evaluator.
    pub authored_verdict: Option<Verdict>,
    pub authored_reason: Option<Reason>,
    /// Reachability: the outcomes the learner picks from, in choice order (`Ok` for
    /// reachable); `choices` holds their labels. Empty: every outcome is offered.
    pub offered: Vec<Reason>,
    /// One line per choice, in choice order: why it is right or why it is wrong (ITEMS.md).
    /// Empty where the author gave none.
    pub rationales: Vec<String>,
    /// The Microsoft Learn page the item rests on, shown under the explanation.
    pub source: Option<LearnRef>,
    /// When a person last checked the item against its source (`YYYY-MM-DD`).
    pub verified: Option<String>,
    /// Which exhibit tables the item shows (`peerings`, `routes`, `nsg:NAME`, ...); `None`
    /// means every table its topology has.
    pub exhibit: Option<Vec<String>>,
    /// The case study this item belongs to: items sharing it share `scenario` and topology and
    /// are drawn, shown and reviewed together.
    pub case: Option<String>,
    pub file: String,
    pub pos: Pos,
}

/// What the learner is told about each reason code, in the words of a troubleshooting guide.
pub fn reason_text(r: Reason) -> &'static str {
    match r {
        Reason::Ok => "Nothing: the connection succeeds",
        Reason::DnsUnresolved => "The name does not resolve to the right private address",
        Reason::PeeringNotConnected => "A peering on the path is not Connected on both sides",
        // As long as the labels beside it: the longer "only connected through another VNet"
        // form was the one long option, and the key of most items that offered it (a length
        // cue, second reader of issue 10).
        Reason::NotTransitive => "The VNets are not directly peered; peering is not transitive",
        Reason::GatewayTransitMissing => {
            "Gateway transit is not set up on both sides of the peering"
        }
        // Next hop None, or no route at all (RULES.md §4, §7), in as few words as the labels
        // beside it: the longer form with a parenthesis was the one long option (a length cue,
        // second reader of issue 10).
        Reason::NoRoute => "No effective route gives the traffic a usable next hop",
        Reason::UdrDrop => "A user-defined route with next hop None drops the traffic",
        Reason::NsgDeny => "A network security group rule denies the traffic",
        // The cause alone: what the default NSG rules then do is the explanation's (the
        // longer label stood out by length beside the others).
        Reason::VnetAccessDisabled => "Access to the remote VNet is turned off on a peering",
        Reason::IpForwardingDisabled => "The network virtual appliance does not forward packets",
        Reason::ForwardedTrafficBlocked => "The peering does not allow forwarded traffic",
        Reason::FirewallDeny => "Azure Firewall has no rule that allows the traffic",
        // Both shapes of the reason (no route back, or a reply that bypasses the stateful
        // appliance the request went through) in words that name no appliance: the label is
        // offered in networks that have none (a fourth reading, gen-4242-0001).
        Reason::NoReturnRoute => "The reply from the destination cannot get back to the source",
        Reason::RoutingLoop => "The routes send the packets in a loop",
        Reason::PeeringNotSynced => "A peering has not synced the remote VNet's new address space",
        Reason::PaasFirewallDeny => "The PaaS resource's firewall rejects the source",
        Reason::PrivateEndpointNotApproved => "The private endpoint's connection is not approved",
        Reason::BastionUnsupportedSku => "The Bastion SKU or its settings cannot reach the target",
        Reason::RbacDenied => "The user lacks a role the operation needs",
        Reason::P2sProfileStale => {
            "The point-to-site client profile predates the last peering change"
        }
    }
}

/// A reachability outcome as a choice reads (the trainer's label for it).
pub fn reach_label(r: Reason) -> String {
    match r {
        // As long as the "Unreachable: ..." labels beside it: a bare "Reachable" stood out as
        // the one short option (a length cue, second reading of issue 10); capitalised like them.
        Reason::Ok => {
            "Reachable: The routes, peerings and NSGs on the path all allow it".to_string()
        }
        r => format!("Unreachable: {}", reason_text(r)),
    }
}

/// A documentation page an item cites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LearnRef {
    pub title: String,
    pub url: String,
}

/// A loaded, proven bank.
#[derive(Debug, Clone, Default)]
pub struct Bank {
    pub questions: Vec<Question>,
    pub topologies: BTreeMap<String, Topology>,
}

impl Question {
    /// The learner picks a set of choices: multiple choice, or a fix item with more than one
    /// correct change ("Which two changes would each fix it?").
    pub fn picks_many(&self) -> bool {
        self.kind == Kind::Multi || (self.kind == Kind::Fix && self.answer.len() > 1)
    }
}

impl Bank {
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    pub fn topology_of(&self, q: &Question) -> Option<&Topology> {
        q.topology.as_ref().and_then(|k| self.topologies.get(k))
    }
}

/// A problem in a named file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub file: String,
    pub diag: Diagnostic,
}

impl Located {
    pub fn render(&self) -> String {
        self.diag.render(&self.file)
    }
}

/// Loads every question file of `src` and proves it. `Err` holds every problem found (errors
/// and warnings); `Ok` holds the bank and its warnings.
pub fn load(src: &dyn Source) -> Result<(Bank, Vec<Located>), Vec<Located>> {
    let (mut bank, mut problems) = parse::read_all(src);
    if !problems.iter().any(|p| p.diag.is_error()) {
        problems.extend(prove::prove_all(&mut bank));
    }
    problems.sort_by(|a, b| (a.file.as_str(), a.diag.pos).cmp(&(b.file.as_str(), b.diag.pos)));
    if problems.iter().any(|p| p.diag.is_error()) {
        Err(problems)
    } else {
        Ok((bank, problems))
    }
}

/// The bank built into the binary (`content/`).
pub fn builtin() -> Result<Bank, Vec<Located>> {
    load(&EmbeddedSource).map(|(b, _)| b)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The outcomes stand side by side as options: one lower-case label beside capitalised ones
    /// reads as a slip and sets the key apart (second reading of issue 10, stop 22).
    #[test]
    fn every_outcome_label_is_capitalised_after_its_colon() {
        for r in Reason::ALL {
            let label = reach_label(r);
            let (_, rest) = label.split_once(": ").expect("Outcome: text");
            assert!(
                rest.chars().next().is_some_and(char::is_uppercase),
                "{label}"
            );
        }
    }
}

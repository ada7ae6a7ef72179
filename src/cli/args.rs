//! The arguments peerlab takes (FORMAT.md §2): clap's derive types and the value parsers
//! that bound every number a user types. Kept apart from `run`, which dispatches them, so
//! the contract the completions and the man page are generated from reads in one place.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "peerlab",
    version,
    about = "A terminal trainer for Azure virtual network peering (AZ-104)",
    long_about = "A terminal trainer for Azure virtual network peering (AZ-104).\n\nThe evaluator commands explain any topology file you write: `check` validates it, `trace` follows a packet hop by hop with its reply, `routes` prints a NIC's effective routes."
)]
pub struct Cli {
    /// Use the question bank in this folder (questions/*.toml, topologies/*.toml) instead of
    /// the built-in one
    #[arg(long, global = true, value_name = "DIR")]
    pub content: Option<PathBuf>,
    /// Keep the history (answers, schedule, exam scores) in this folder instead of the
    /// platform's data folder (also PEERLAB_DATA_DIR)
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Neither read nor write the history (the trainer still works; review and progress
    /// are off)
    #[arg(long, global = true)]
    pub no_history: bool,
    /// Do not capture the mouse in the trainer (the terminal's own selection and scrolling
    /// then work as usual)
    #[arg(long, global = true)]
    pub no_mouse: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Validate topology and question files (and folders of them); print every problem as
    /// file:line:column and prove every network question with the evaluator
    Check {
        /// Files or folders (folders are searched for *.toml)
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Also print the proven answer of each network question (a configure solution, the
        /// correct fix choices, the reachability key)
        #[arg(long)]
        explain: bool,
    },
    /// Generate seeded questions, each proven by the evaluator, as a bank folder or JSON
    Generate {
        /// The seed: the same seed gives the same questions on every machine
        #[arg(long)]
        seed: u64,
        /// How many questions (a yes-no series counts as its statements), 1 to 10000
        #[arg(long, default_value_t = 20, value_parser = count_arg)]
        count: usize,
        /// Write DIR/questions.toml and DIR/topologies/*.toml (a folder `check` proves and
        /// `--content` loads)
        #[arg(long, value_name = "DIR", conflicts_with = "json")]
        out: Option<PathBuf>,
        /// Print the questions as JSON instead
        #[arg(long)]
        json: bool,
        /// Only this topic
        #[arg(long, value_parser = parse_topic)]
        topic: Option<crate::bank::Topic>,
        /// Only this kind
        #[arg(long, value_parser = parse_kind)]
        kind: Option<crate::bank::Kind>,
        /// Only this difficulty (1 to 3)
        #[arg(long, value_parser = clap::value_parser!(u8).range(1..=3))]
        difficulty: Option<u8>,
        /// Only this template (reachability, why, fix, configure, next-hop, peering-state,
        /// creation, which-vms, yes-no, path-order, flow-verify; and, only when named, beyond:
        /// Bastion, private endpoints, service endpoints, P2S)
        #[arg(long, value_parser = parse_template)]
        template: Option<crate::generate::Template>,
    },
    /// Practise one question at a time with feedback (opens the trainer)
    Practice {
        /// Only this topic
        #[arg(long, value_parser = parse_topic)]
        topic: Option<crate::bank::Topic>,
        /// Where questions come from
        #[arg(long, value_enum, default_value_t = SourceArg::Mixed)]
        source: SourceArg,
        /// Only the questions whose latest answer was wrong (generated ones come back as
        /// fresh questions of the same kind and difficulty)
        #[arg(long, conflicts_with_all = ["topic", "source"])]
        missed: bool,
        /// With --missed: how many days back to look, 1 to 3650
        #[arg(long, requires = "missed", default_value_t = 7, value_parser = days_arg)]
        days: u64,
    },
    /// A timed practice exam, AZ-104 style (opens the trainer)
    Exam {
        /// How many questions, 1 to 1000
        #[arg(long, default_value_t = 50, value_parser = questions_arg)]
        questions: usize,
        /// The time limit, 1 to 600 minutes
        #[arg(long, default_value_t = 100, value_parser = minutes_arg)]
        minutes: u64,
        /// The same seed gives the same exam
        #[arg(long)]
        seed: Option<u64>,
    },
    /// A classroom drill: everyone with the same seed gets the same questions; the results go
    /// to a JSON file to hand in
    Drill {
        #[arg(long)]
        seed: u64,
        /// How many questions, 1 to 1000
        #[arg(long, default_value_t = 10, value_parser = questions_arg)]
        questions: usize,
        /// The time limit, 1 to 600 minutes
        #[arg(long, default_value_t = 15, value_parser = minutes_arg)]
        minutes: u64,
        /// Your name, as it appears in the class report
        #[arg(long)]
        name: String,
        /// Where to write the results (default: peerlab-drill-SEED-NAME.json)
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Continue the last exam that was interrupted (closed or killed), with the answers
    /// already given and the time that was left; or close interrupted sessions
    Resume {
        /// Close every interrupted session instead (their answers stay in the history)
        #[arg(long)]
        close: bool,
    },
    /// Review: the questions due for another look (spaced repetition), then new ones (opens
    /// the trainer)
    Review,
    /// Your progress: answers, accuracy per topic with a trend, streak, what is due, past
    /// exam scores and a readiness estimate
    Stats {
        /// Print JSON
        #[arg(long)]
        json: bool,
        /// Fit your own spaced-repetition parameters to your answers (FSRS's optimizer, as
        /// Anki offers; needs 64 reviews), keep them, and reschedule every item with them
        #[arg(long)]
        optimize: bool,
        /// The recall probability reviews aim for, 0.7 to 0.99 (default 0.9): higher means
        /// more reviews, sooner. Kept for later sessions
        #[arg(long, value_parser = retention_arg)]
        retention: Option<f32>,
    },
    /// Print the whole history (every answer, with its session) as CSV or JSON
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// With --format xapi: the learner's name, as their account on the school's platform
        #[arg(long, required_if_eq("format", "xapi"))]
        actor: Option<String>,
        /// With --format xapi: the school's address; activity ids and the account's homePage
        /// start with it
        #[arg(long, value_name = "URL", default_value = XAPI_BASE)]
        xapi_base: String,
    },
    /// Summarise drill results of a class: score per student, right answers per question and
    /// topic
    Report {
        /// Results files written by `peerlab drill`
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print CSV instead
        #[arg(long)]
        csv: bool,
        /// Also write the report as one self-contained web page
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
        /// Also write the counted results as xAPI statements (a JSON array) for a Learning
        /// Record Store
        #[arg(long, value_name = "FILE")]
        xapi: Option<PathBuf>,
        /// With --xapi: the school's address; activity ids and the accounts' homePage start
        /// with it
        #[arg(long, value_name = "URL", default_value = XAPI_BASE, requires = "xapi")]
        xapi_base: String,
    },
    /// Hands-on labs: type Azure CLI commands against a simulated subscription, graded by the
    /// evaluator. Without NAME, list the labs; with --script, run a file of commands and print
    /// each goal (exit 0 when every goal holds, 1 when one does not)
    Lab {
        /// The lab to open (`peerlab lab` lists them; `generated-SEED` is a generated one)
        name: Option<String>,
        /// Run the commands of this file (one per line, `\` continues a line, `#` comments)
        #[arg(long, value_name = "FILE")]
        script: Option<PathBuf>,
        /// A generated lab: a network with one to three faults drawn from SEED, to repair
        #[arg(long, value_name = "SEED", conflicts_with = "name")]
        generate: Option<u64>,
    },
    /// List the question bank, one line per question
    Questions {
        /// Only this topic
        #[arg(long, value_parser = parse_topic)]
        topic: Option<crate::bank::Topic>,
        /// Only this kind
        #[arg(long, value_parser = parse_kind)]
        kind: Option<crate::bank::Kind>,
        /// Print JSON
        #[arg(long)]
        json: bool,
        /// With --json: the whole item (choices, key, rationales, source, its exhibit...)
        #[arg(long, requires = "json")]
        full: bool,
    },
    /// Trace a packet and its reply through a topology, and explain the verdict
    Trace {
        /// The topology file
        file: PathBuf,
        /// A VM, firewall, on-premises host, bastion or point-to-site client of the file
        #[arg(long)]
        from: String,
        /// A machine name, an IPv4 address, a PaaS resource, or a DNS name (resolved as the
        /// source would)
        #[arg(long)]
        to: String,
        /// Destination port
        #[arg(long, default_value_t = 443)]
        port: u16,
        #[arg(long, value_enum, default_value_t = ProtocolArg::Tcp)]
        protocol: ProtocolArg,
        /// Print one JSON object (FORMAT.md §2)
        #[arg(long)]
        json: bool,
        /// Act as this [[user]] of the file: Bastion checks its roles (RULES.md §11)
        #[arg(long = "as", value_name = "USER")]
        as_user: Option<String>,
    },
    /// Network Watcher's next hop: the route a VM's NIC uses towards an address
    NextHop {
        /// The topology file
        file: PathBuf,
        /// The VM or firewall
        #[arg(long)]
        vm: String,
        /// The destination IPv4 address
        #[arg(long)]
        to: std::net::Ipv4Addr,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Network Watcher's IP flow verify: which NSG rule allows or denies a packet at a VM's NIC
    IpFlowVerify {
        /// The topology file
        file: PathBuf,
        /// The VM whose NIC is checked
        #[arg(long)]
        vm: String,
        #[arg(long, value_enum)]
        direction: DirectionArg,
        /// The other end's IPv4 address
        #[arg(long)]
        remote: std::net::Ipv4Addr,
        /// The destination port (the VM's port when inbound, the remote port when outbound)
        #[arg(long, default_value_t = 443)]
        port: u16,
        #[arg(long, value_enum, default_value_t = ProtocolArg::Tcp)]
        protocol: ProtocolArg,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Draw a topology as a text diagram, optionally with a traced flow marked on it
    Diagram {
        /// The topology file
        file: PathBuf,
        /// The widest a line may be, 40 to 1000 columns
        #[arg(long, default_value_t = 80, value_parser = width_arg)]
        width: usize,
        /// Box-drawing characters instead of plain ASCII
        #[arg(long)]
        unicode: bool,
        /// Show subnets, VMs, route tables and NSGs inside each VNet
        #[arg(long)]
        detail: bool,
        /// Mark the path of a flow from this machine (with --to)
        #[arg(long, requires = "to")]
        from: Option<String>,
        /// ... to this machine, address or DNS name
        #[arg(long, requires = "from")]
        to: Option<String>,
        #[arg(long, default_value_t = 443)]
        port: u16,
        #[arg(long, value_enum, default_value_t = ProtocolArg::Tcp)]
        protocol: ProtocolArg,
    },
    /// Print a topology's exhibit: the diagram and the tables an exam item shows (peerings,
    /// route tables, NSG rules, gateways and sites, firewalls, VMs, DNS zones, Bastion hosts,
    /// private endpoints, PaaS networking, service endpoints, point-to-site, role assignments)
    Exhibit {
        /// The topology file
        file: PathBuf,
        /// Only this table (repeatable): vnets, peerings, routes, routes:TABLE, nsgs,
        /// nsg:NAME (either with +defaults), gateways, firewalls, firewall:NAME, vms, dns,
        /// dns:ZONE, bastions, private-endpoints, paas, paas:NAME, service-endpoints, p2s,
        /// roles. Default: every table the topology has
        #[arg(long = "table", value_name = "SELECTOR")]
        tables: Vec<String>,
        /// The widest a line may be, 40 to 1000 columns
        #[arg(long, default_value_t = 80, value_parser = width_arg)]
        width: usize,
        /// Print JSON: { "diagram": [lines], "tables": [{ title, selector, columns, rows }] }
        #[arg(long)]
        json: bool,
    },
    /// Import a network from Azure's own JSON (`az network ... list`, `az graph query`, an ARM
    /// template's resources) as a topology file
    Import {
        /// JSON files, each an array of resources, a Resource Graph result, or a template
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Write the topology here (default: standard output)
        #[arg(long, value_name = "FILE.toml")]
        out: Option<PathBuf>,
    },
    /// All-pairs reachability: every VM and on-premises host traced to every other, as a grid
    /// (row = source) with a summary by reason, or every ordered pair as JSON or CSV
    Matrix {
        /// The topology file
        file: PathBuf,
        /// Destination port
        #[arg(long, default_value_t = 443)]
        port: u16,
        #[arg(long, value_enum, default_value_t = ProtocolArg::Tcp)]
        protocol: ProtocolArg,
        /// Print JSON: { "port", "protocol", "endpoints", "pairs": [{ from, to, verdict, reason }] }
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// Print CSV: from,to,verdict,reason (one row per ordered pair)
        #[arg(long)]
        csv: bool,
    },
    /// Explore a topology in a sandbox (opens the trainer's Explore screen): pick a source and
    /// a destination to see the trace and its path on the diagram, toggle peering flags or turn
    /// user-defined routes off and watch the matrix change; `w` saves the changed network to a
    /// new file
    Explore {
        /// The topology file
        file: PathBuf,
    },
    /// Shell completions (bash, zsh, fish, PowerShell) or the man page, generated from these
    /// commands: printed, or all written to a folder (`--dir assets` refreshes the shipped ones)
    Completions {
        /// What to print
        #[arg(value_enum, required_unless_present = "dir", conflicts_with = "dir")]
        target: Option<super::completions::Target>,
        /// Write every one to this folder instead (peerlab.bash, _peerlab, peerlab.fish,
        /// _peerlab.ps1, peerlab.1)
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Print the effective routes of a VM's NIC (or a firewall's subnet)
    Routes {
        /// The topology file
        file: PathBuf,
        /// The VM or firewall
        #[arg(long)]
        vm: String,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProtocolArg {
    Tcp,
    Udp,
    Icmp,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Json,
    /// xAPI 1.0.3 statements, a JSON array a Learning Record Store takes
    Xapi,
}

/// A placeholder (`.invalid` is reserved, RFC 2606): a school sets its own address.
const XAPI_BASE: &str = "https://peerlab.invalid/xapi/";

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceArg {
    Bank,
    Generated,
    Mixed,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DirectionArg {
    Inbound,
    Outbound,
}

impl From<DirectionArg> for crate::model::Direction {
    fn from(d: DirectionArg) -> Self {
        match d {
            DirectionArg::Inbound => crate::model::Direction::Inbound,
            DirectionArg::Outbound => crate::model::Direction::Outbound,
        }
    }
}

impl From<ProtocolArg> for crate::model::Protocol {
    fn from(p: ProtocolArg) -> Self {
        match p {
            ProtocolArg::Tcp => crate::model::Protocol::Tcp,
            ProtocolArg::Udp => crate::model::Protocol::Udp,
            ProtocolArg::Icmp => crate::model::Protocol::Icmp,
        }
    }
}

/// A whole number in `lo..=hi`, or an error that gives the range (clap adds the flag).
fn bounded(s: &str, lo: u64, hi: u64, unit: &str) -> Result<u64, String> {
    let n: u64 = s
        .trim()
        .parse()
        .map_err(|_| format!("not a whole number; give {lo} to {hi} {unit}"))?;
    if (lo..=hi).contains(&n) {
        Ok(n)
    } else {
        Err(format!("{n} is out of range; give {lo} to {hi} {unit}"))
    }
}

fn width_arg(s: &str) -> Result<usize, String> {
    bounded(s, 40, 1000, "columns").map(|n| n as usize)
}

/// The most questions one `generate` makes: a bank holds at most this many.
pub const MAX_GENERATE: u64 = crate::bank::MAX_QUESTIONS as u64;

fn count_arg(s: &str) -> Result<usize, String> {
    bounded(s, 1, MAX_GENERATE, "questions (the most a bank holds)").map(|n| n as usize)
}

/// The most questions of one exam or drill (the real exam has about 50).
pub const MAX_EXAM_QUESTIONS: u64 = 1000;

fn questions_arg(s: &str) -> Result<usize, String> {
    bounded(s, 1, MAX_EXAM_QUESTIONS, "questions").map(|n| n as usize)
}

/// The longest time limit of an exam or drill: ten hours.
pub const MAX_MINUTES: u64 = 600;

fn minutes_arg(s: &str) -> Result<u64, String> {
    bounded(s, 1, MAX_MINUTES, "minutes")
}

fn retention_arg(s: &str) -> Result<f32, String> {
    let r = crate::store::fsrs::RETENTION_RANGE;
    let (lo, hi) = (r.start(), r.end());
    match s.trim().parse::<f32>() {
        Ok(x) if r.contains(&x) => Ok(x),
        Ok(x) => Err(format!("{x} is out of range; give {lo} to {hi}")),
        Err(_) => Err(format!("not a number; give {lo} to {hi}, for example 0.9")),
    }
}

fn days_arg(s: &str) -> Result<u64, String> {
    bounded(s, 1, 3650, "days")
}

fn parse_topic(s: &str) -> Result<crate::bank::Topic, String> {
    crate::bank::Topic::parse(s).ok_or_else(|| {
        let all: Vec<&str> = crate::bank::Topic::ALL.iter().map(|t| t.as_str()).collect();
        format!("unknown topic; use one of {}", all.join(", "))
    })
}

fn parse_template(s: &str) -> Result<crate::generate::Template, String> {
    crate::generate::Template::parse(s).ok_or_else(|| {
        let all: Vec<&str> = crate::generate::Template::ALL
            .iter()
            .chain(&crate::generate::Template::OPT_IN)
            .map(|t| t.as_str())
            .collect();
        format!("unknown template; use one of {}", all.join(", "))
    })
}

fn parse_kind(s: &str) -> Result<crate::bank::Kind, String> {
    crate::bank::Kind::parse(s).ok_or_else(|| {
        let all: Vec<&str> = crate::bank::Kind::ALL.iter().map(|k| k.as_str()).collect();
        format!("unknown kind; use one of {}", all.join(", "))
    })
}

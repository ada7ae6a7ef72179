//! All-pairs reachability (issue 16): every VM and on-premises host traced to every other, as
//! `peerlab matrix` prints it and the Explore screen shows it.
//!
//! Each cell is one full trace (request and reply), so a cell says exactly what `peerlab trace`
//! would say for that pair. Rows are independent, so they are spread over the machine's cores;
//! the result does not depend on how many there are.

use super::{MachineKind, Network, Reason, Verdict};
use crate::model::Protocol;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

/// One row or column of the matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub name: String,
    /// The VNet a VM sits in, or the site a host belongs to.
    pub network: String,
    pub ip: std::net::Ipv4Addr,
}

/// The outcome of every ordered pair of endpoints.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    pub endpoints: Vec<Endpoint>,
    pub port: u16,
    pub protocol: Protocol,
    /// Row-major, `endpoints.len()` squared; the diagonal holds `Ok` and means nothing.
    cells: Vec<Reason>,
}

/// The pairs that share a reason, grouped by the networks at their two ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReasonGroup {
    pub reason: Reason,
    pub pairs: usize,
    /// Unordered network pairs (`a <= b`) with how many ordered pairs each holds, most first.
    pub networks: Vec<((String, String), usize)>,
}

impl Matrix {
    pub fn len(&self) -> usize {
        self.endpoints.len()
    }

    pub fn is_empty(&self) -> bool {
        self.endpoints.is_empty()
    }

    /// The outcome from endpoint `from` to endpoint `to`; `None` on the diagonal.
    pub fn reason(&self, from: usize, to: usize) -> Option<Reason> {
        (from != to).then(|| self.cells[from * self.len() + to])
    }

    /// A reason and its verdict agree: only `ok` is reachable (FORMAT.md §2).
    pub fn verdict(reason: Reason) -> Verdict {
        if reason == Reason::Ok {
            Verdict::Reachable
        } else {
            Verdict::Unreachable
        }
    }

    /// Every ordered pair, row by row (row = source), without the diagonal.
    pub fn pairs(&self) -> impl Iterator<Item = (usize, usize, Reason)> + '_ {
        let n = self.len();
        (0..n).flat_map(move |i| {
            (0..n)
                .filter(move |&j| j != i)
                .map(move |j| (i, j, self.cells[i * n + j]))
        })
    }

    /// The number of ordered pairs: n (n - 1).
    pub fn pair_count(&self) -> usize {
        self.len() * self.len().saturating_sub(1)
    }

    /// One group per reason that occurs, in the order of [`Reason::ALL`] (`ok` first).
    pub fn summary(&self) -> Vec<ReasonGroup> {
        let mut by: BTreeMap<usize, BTreeMap<(&str, &str), usize>> = BTreeMap::new();
        for (i, j, r) in self.pairs() {
            let (a, b) = (
                self.endpoints[i].network.as_str(),
                self.endpoints[j].network.as_str(),
            );
            let key = if a <= b { (a, b) } else { (b, a) };
            let rank = Reason::ALL.iter().position(|x| *x == r).unwrap_or(0);
            *by.entry(rank).or_default().entry(key).or_default() += 1;
        }
        by.into_iter()
            .map(|(rank, nets)| {
                let mut networks: Vec<((String, String), usize)> = nets
                    .into_iter()
                    .map(|((a, b), c)| ((a.to_string(), b.to_string()), c))
                    .collect();
                // Most pairs first; names break ties, so the order never depends on hashing.
                networks.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
                ReasonGroup {
                    reason: Reason::ALL[rank],
                    pairs: networks.iter().map(|n| n.1).sum(),
                    networks,
                }
            })
            .collect()
    }
}

impl Matrix {
    /// The one-character mark of a reason in the text grid. Fixed per reason (not per run), so two
    /// grids can be compared by eye; `.` is reachable.
    pub fn symbol(r: Reason) -> char {
        match r {
            Reason::Ok => '.',
            Reason::DnsUnresolved => 'D',
            Reason::PeeringNotConnected => 'P',
            Reason::NotTransitive => 'T',
            Reason::GatewayTransitMissing => 'G',
            Reason::NoRoute => 'R',
            Reason::UdrDrop => 'U',
            Reason::NsgDeny => 'N',
            Reason::VnetAccessDisabled => 'V',
            Reason::IpForwardingDisabled => 'I',
            Reason::ForwardedTrafficBlocked => 'F',
            Reason::FirewallDeny => 'W',
            Reason::NoReturnRoute => 'B',
            Reason::RoutingLoop => 'L',
            Reason::PeeringNotSynced => 'S',
            Reason::PaasFirewallDeny => 'Z',
            Reason::PrivateEndpointNotApproved => 'E',
            Reason::BastionUnsupportedSku => 'K',
            Reason::RbacDenied => 'A',
            Reason::P2sProfileStale => 'C',
        }
    }
}

/// The most endpoints the text grid draws (a row is two columns per endpoint).
pub const MAX_GRID: usize = 60;

/// The most network pairs a summary line names before it says how many more there are.
const NAMED_PAIRS: usize = 4;

impl Matrix {
    /// The grid with its legend (row = source), or a note when it has more than [`MAX_GRID`]
    /// endpoints. Names are drawn as the file spells them (validated names are printable).
    pub fn grid_lines(&self) -> Vec<String> {
        let n = self.len();
        if n > MAX_GRID {
            return vec![format!(
                "(the grid is drawn for up to {MAX_GRID} endpoints; this network has {n}: --json or --csv list every pair)"
            )];
        }
        let digits = n.to_string().len();
        let label = self
            .endpoints
            .iter()
            .map(|e| e.name.chars().count().min(24))
            .max()
            .unwrap_or(0);
        let lead = digits + 2 + label + 1;
        let mut out = Vec::new();
        for d in (0..digits).rev() {
            let mut line = " ".repeat(lead);
            for j in 1..=n {
                let p = 10usize.pow(d as u32);
                let c = if j >= p || d == 0 {
                    char::from(b'0' + ((j / p) % 10) as u8)
                } else {
                    ' '
                };
                line.push(' ');
                line.push(c);
            }
            out.push(line.trim_end().to_string());
        }
        for i in 0..n {
            let name: String = self.endpoints[i].name.chars().take(24).collect();
            let mut line = format!("{:>digits$}  {name:<label$} ", i + 1);
            for j in 0..n {
                line.push(' ');
                line.push(self.reason(i, j).map_or('-', Matrix::symbol));
            }
            out.push(line);
        }
        let mut present: Vec<Reason> = self.pairs().map(|(_, _, r)| r).collect();
        present.sort_by_key(|r| Reason::ALL.iter().position(|x| x == r));
        present.dedup();
        let legend: Vec<String> = present
            .iter()
            .map(|r| {
                let word = if *r == Reason::Ok {
                    "reachable"
                } else {
                    r.code()
                };
                format!("{} {word}", Matrix::symbol(*r))
            })
            .collect();
        out.push(String::new());
        out.push(format!("legend: {}  - itself", legend.join("  ")));
        out
    }

    /// One line per reason: how many ordered pairs, and between which networks.
    pub fn summary_lines(&self) -> Vec<String> {
        self.summary()
            .iter()
            .map(|g| {
                let what = if g.reason == Reason::Ok {
                    "reachable".to_string()
                } else {
                    g.reason.code().to_string()
                };
                let pairs = if g.pairs == 1 { "pair" } else { "pairs" };
                let named: Vec<String> = g
                    .networks
                    .iter()
                    .take(NAMED_PAIRS)
                    .map(|((a, b), _)| {
                        if a == b {
                            format!("within {a}")
                        } else {
                            format!("{a} <-> {b}")
                        }
                    })
                    .collect();
                let more = g.networks.len().saturating_sub(NAMED_PAIRS);
                let tail = if more > 0 {
                    format!(", and {more} more network pairs")
                } else {
                    String::new()
                };
                format!("{} {pairs} {what}: {}{tail}", g.pairs, named.join(", "))
            })
            .collect()
    }
}

impl Network<'_> {
    /// The matrix's endpoints: the VMs (file order), then every site's hosts.
    pub fn endpoints(&self) -> Vec<usize> {
        self.machines
            .iter()
            .enumerate()
            .filter(|(_, m)| matches!(m.kind, MachineKind::Vm { .. } | MachineKind::Host { .. }))
            .map(|(i, _)| i)
            .collect()
    }

    /// Traces every ordered pair of [`Network::endpoints`] for one port and protocol.
    pub fn matrix(&self, port: u16, protocol: Protocol) -> Matrix {
        self.matrix_with_progress(port, protocol, &|_, _| {})
    }

    /// The same, calling `progress(rows_done, rows)` after each source row (from any thread).
    pub fn matrix_with_progress(
        &self,
        port: u16,
        protocol: Protocol,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Matrix {
        let t = self.topology;
        let ends = self.endpoints();
        let endpoints: Vec<Endpoint> = ends
            .iter()
            .map(|&m| {
                let machine = &self.machines[m];
                let network = match machine.kind {
                    MachineKind::Vm { vnet, .. } => t.vnets[vnet].name.clone(),
                    MachineKind::Host { site } => t.sites[site].name.clone(),
                    _ => unreachable!("endpoints are VMs and hosts"),
                };
                Endpoint {
                    name: machine.name.clone(),
                    network,
                    ip: machine.ip,
                }
            })
            .collect();
        let n = ends.len();
        let done = AtomicUsize::new(0);
        let rows: Vec<Vec<Reason>> = ends
            .par_iter()
            .map(|&src| {
                let row = ends
                    .iter()
                    .map(|&dst| {
                        if src == dst {
                            Reason::Ok
                        } else {
                            self.reason_between(src, dst, port, protocol)
                        }
                    })
                    .collect();
                progress(done.fetch_add(1, Ordering::Relaxed) + 1, n);
                row
            })
            .collect();
        Matrix {
            endpoints,
            port,
            protocol,
            cells: rows.into_iter().flatten().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_topology;

    #[test]
    fn symbols_are_distinct() {
        let mut seen: Vec<char> = Reason::ALL.iter().map(|r| Matrix::symbol(*r)).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), Reason::ALL.len());
        assert!(!seen.contains(&'-'), "'-' marks the diagonal");
    }

    /// Three VNets in a line, a - b - c, one VM each, every peering Connected with the portal's
    /// defaults. RULES.md §3: peering is not transitive, so a and c cannot talk (no route: the
    /// system routes of a list only b's space); every other pair is reachable.
    #[test]
    fn a_line_of_three_is_not_transitive_at_the_ends() {
        let mut s = String::new();
        for (i, n) in ["a", "b", "c"].iter().enumerate() {
            s += &format!(
                "[[vnet]]\nname = \"{n}\"\naddress_space = [\"10.{i}.0.0/16\"]\n  [[vnet.subnet]]\n  name = \"s\"\n  prefix = \"10.{i}.1.0/24\"\n[[vm]]\nname = \"vm-{n}\"\nvnet = \"{n}\"\nsubnet = \"s\"\nip = \"10.{i}.1.4\"\n"
            );
        }
        for (x, y) in [("a", "b"), ("b", "a"), ("b", "c"), ("c", "b")] {
            s += &format!("[[peering]]\nvnet = \"{x}\"\nremote = \"{y}\"\n");
        }
        let t = parse_topology(&s).expect("valid").topology;
        let net = Network::new(&t);
        let m = net.matrix(443, Protocol::Tcp);
        assert_eq!(m.len(), 3);
        assert_eq!(m.pair_count(), 6);
        assert_eq!(m.reason(0, 0), None);
        assert_eq!(m.reason(0, 1), Some(Reason::Ok));
        assert_eq!(m.reason(1, 2), Some(Reason::Ok));
        assert_eq!(m.reason(0, 2), Some(Reason::NotTransitive));
        assert_eq!(m.reason(2, 0), Some(Reason::NotTransitive));
        let groups = m.summary();
        assert_eq!(groups.len(), 2);
        assert_eq!((groups[0].reason, groups[0].pairs), (Reason::Ok, 4));
        assert_eq!(groups[1].reason, Reason::NotTransitive);
        assert_eq!(
            groups[1].networks,
            vec![(("a".to_string(), "c".to_string()), 2)]
        );
        // Each cell is what a single trace says.
        for (i, j, r) in m.pairs() {
            let spec = crate::eval::FlowSpec::new(&m.endpoints[i].name, &m.endpoints[j].name);
            assert_eq!(net.trace(&spec).expect("runs").reason, r);
        }
    }
}

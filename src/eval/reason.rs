//! What a trace reports: the verdict, exactly one reason code (FORMAT.md §2), and the hops.

use super::routes::NextHopInfo;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::net::Ipv4Addr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Reachable,
    Unreachable,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Reachable => "reachable",
            Verdict::Unreachable => "unreachable",
        }
    }
}

/// The first thing that stops a flow. Codes are a public contract: never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    Ok,
    DnsUnresolved,
    PeeringNotConnected,
    NotTransitive,
    GatewayTransitMissing,
    NoRoute,
    UdrDrop,
    NsgDeny,
    VnetAccessDisabled,
    IpForwardingDisabled,
    ForwardedTrafficBlocked,
    FirewallDeny,
    NoReturnRoute,
    RoutingLoop,
    // FORMAT.md §1b
    PeeringNotSynced,
    PaasFirewallDeny,
    PrivateEndpointNotApproved,
    BastionUnsupportedSku,
    RbacDenied,
    P2sProfileStale,
}

impl Reason {
    pub const ALL: [Reason; 20] = [
        Reason::Ok,
        Reason::DnsUnresolved,
        Reason::PeeringNotConnected,
        Reason::NotTransitive,
        Reason::GatewayTransitMissing,
        Reason::NoRoute,
        Reason::UdrDrop,
        Reason::NsgDeny,
        Reason::VnetAccessDisabled,
        Reason::IpForwardingDisabled,
        Reason::ForwardedTrafficBlocked,
        Reason::FirewallDeny,
        Reason::NoReturnRoute,
        Reason::RoutingLoop,
        Reason::PeeringNotSynced,
        Reason::PaasFirewallDeny,
        Reason::PrivateEndpointNotApproved,
        Reason::BastionUnsupportedSku,
        Reason::RbacDenied,
        Reason::P2sProfileStale,
    ];

    /// The reasons of the peering chapter (FORMAT.md §2), before §1b's resources: a question
    /// about peering alone offers these, so Bastion or PaaS reasons do not crowd its choices.
    pub fn in_chapter(self) -> bool {
        Reason::ALL[..14].contains(&self)
    }

    pub fn code(self) -> &'static str {
        match self {
            Reason::Ok => "ok",
            Reason::DnsUnresolved => "dns-unresolved",
            Reason::PeeringNotConnected => "peering-not-connected",
            Reason::NotTransitive => "not-transitive",
            Reason::GatewayTransitMissing => "gateway-transit-missing",
            Reason::NoRoute => "no-route",
            Reason::UdrDrop => "udr-drop",
            Reason::NsgDeny => "nsg-deny",
            Reason::VnetAccessDisabled => "vnet-access-disabled",
            Reason::IpForwardingDisabled => "ip-forwarding-disabled",
            Reason::ForwardedTrafficBlocked => "forwarded-traffic-blocked",
            Reason::FirewallDeny => "firewall-deny",
            Reason::NoReturnRoute => "no-return-route",
            Reason::RoutingLoop => "routing-loop",
            Reason::PeeringNotSynced => "peering-not-synced",
            Reason::PaasFirewallDeny => "paas-firewall-deny",
            Reason::PrivateEndpointNotApproved => "private-endpoint-not-approved",
            Reason::BastionUnsupportedSku => "bastion-unsupported-sku",
            Reason::RbacDenied => "rbac-denied",
            Reason::P2sProfileStale => "p2s-profile-stale",
        }
    }

    pub fn parse(code: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.code() == code)
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Which way the packet is going: the request, or the reply coming back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Leg {
    Request,
    Reply,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hop {
    /// The machine, subnet, peering or gateway where this step happens.
    pub at: String,
    /// What was checked: `dns`, `nsg-outbound`, `route`, `peering`, `appliance`, `firewall`,
    /// `gateway`, `site`, `nsg-inbound`, `deliver`, `return`.
    pub step: &'static str,
    pub detail: String,
    pub leg: Leg,
    /// Whether the packet got past this step.
    pub ok: bool,
}

/// A whole trace, serialised as FORMAT.md §2's `--json` object (plus a few added fields).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trace {
    pub verdict: Verdict,
    pub reason: Reason,
    pub next_hop: Option<NextHopInfo>,
    pub hops: Vec<Hop>,
    pub explanation: String,
    pub from: String,
    pub to: String,
    pub source_ip: Ipv4Addr,
    pub destination_ip: Option<Ipv4Addr>,
    pub protocol: String,
    pub port: u16,
}

/// A trace that could not run because the question itself is wrong (exit code 2).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TraceError {
    #[error("--from {0}: no VM, firewall, site host, bastion or P2S client has this name")]
    UnknownSource(String),
    #[error("--to {0}: not an IPv4 address, a machine of the file, or a DNS name")]
    BadTarget(String),
    #[error("--as {0}: no [[user]] of the file has this name")]
    UnknownUser(String),
}

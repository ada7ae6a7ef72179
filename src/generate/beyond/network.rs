//! The network of a beyond item: its names and addresses, and the topology file written from
//! them (parsed like an author's, so it is checked like one).

use super::Case;
use crate::generate::dice::Dice;
use std::fmt::Write;

const COMPANIES: [&str; 6] = [
    "Contoso",
    "Fabrikam",
    "Tailwind Traders",
    "Litware",
    "Northwind",
    "Adatum",
];
const WORKLOADS: [&str; 6] = ["app", "web", "data", "crm", "batch", "api"];

/// The names and addresses one item uses.
pub(super) struct Names {
    pub(super) company: &'static str,
    pub(super) hub: String,
    pub(super) spoke: String,
    pub(super) spoke_vm: String,
    pub(super) hub_vm: String,
    pub(super) hub_octet: usize,
    pub(super) spoke_octet: usize,
    pub(super) account: String,
    /// The P2S client: named from the octets, so items of different seeds differ in it (a
    /// second reader found the P2S item of seeds 4242 and 5353 alike) without a new draw.
    pub(super) client: String,
}

pub(super) fn names(d: &mut Dice) -> Names {
    let w = *d.pick(&WORKLOADS);
    let hub_octet = 10 + d.below(40);
    let spoke_octet = 60 + d.below(60);
    Names {
        company: COMPANIES[d.below(COMPANIES.len())],
        hub: "vnet-hub".to_string(),
        spoke: format!("vnet-{w}"),
        spoke_vm: format!("vm-{w}-01"),
        hub_vm: "vm-tools-01".to_string(),
        hub_octet,
        spoke_octet,
        account: format!("st{w}{}", 100 + d.below(900)),
        client: format!("laptop-{:02}", 1 + (hub_octet * 7 + spoke_octet) % 40),
    }
}

/// The topology file of an item.
pub(super) fn topology(n: &Names, case: Case) -> String {
    let (h, s) = (n.hub_octet, n.spoke_octet);
    let mut t = String::new();
    let spoke_se = matches!(
        case,
        Case::ServiceEndpoint {
            endpoint: true,
            from_hub: false
        }
    );
    let hub_se = matches!(
        case,
        Case::ServiceEndpoint { from_hub: true, .. } | Case::NvaServiceEndpoint { endpoint: true }
    );
    let nva = matches!(case, Case::NvaServiceEndpoint { .. });
    let se = |on: bool| {
        if on {
            "\n  service_endpoints = [\"Microsoft.Storage\"]"
        } else {
            ""
        }
    };
    let _ = writeln!(
        t,
        "[[vnet]]\nname = \"{}\"\naddress_space = [\"10.{h}.0.0/16\"]\n  [[vnet.subnet]]\n  name = \"shared\"\n  prefix = \"10.{h}.2.0/24\"{}",
        n.hub,
        se(hub_se)
    );
    match case {
        Case::PrivateEndpoint { .. } => {
            let _ = writeln!(
                t,
                "  [[vnet.subnet]]\n  name = \"endpoints\"\n  prefix = \"10.{h}.5.0/24\""
            );
        }
        Case::Bastion { .. } => {
            let _ = writeln!(
                t,
                "  [[vnet.subnet]]\n  name = \"AzureBastionSubnet\"\n  prefix = \"10.{h}.1.0/26\""
            );
        }
        Case::P2s { .. } => {
            let _ = writeln!(
                t,
                "  [[vnet.subnet]]\n  name = \"GatewaySubnet\"\n  prefix = \"10.{h}.255.0/27\"\n  [vnet.gateway]\n  kind = \"vpn\"\n  p2s_pool = \"172.16.{h}.0/24\""
            );
        }
        Case::ServiceEndpoint { .. } | Case::NvaServiceEndpoint { .. } => {}
    }
    let nsg = if matches!(case, Case::Bastion { .. }) {
        format!("\n  nsg = \"nsg-{}\"", n.spoke.trim_start_matches("vnet-"))
    } else if nva {
        "\n  route_table = \"rt-spoke\"".to_string()
    } else {
        String::new()
    };
    let _ = writeln!(
        t,
        "[[vnet]]\nname = \"{}\"\naddress_space = [\"10.{s}.0.0/16\"]\n  [[vnet.subnet]]\n  name = \"workload\"\n  prefix = \"10.{s}.1.0/24\"{}{nsg}",
        n.spoke,
        se(spoke_se)
    );
    if matches!(case, Case::Bastion { .. }) {
        let _ = writeln!(
            t,
            "[[nsg]]\nname = \"nsg-{}\"",
            n.spoke.trim_start_matches("vnet-")
        );
    }
    let _ = writeln!(
        t,
        "[[vm]]\nname = \"{}\"\nvnet = \"{}\"\nsubnet = \"shared\"\nip = \"10.{h}.2.4\"\nip_forwarding = {nva}\nforwards = {nva}\n[[vm]]\nname = \"{}\"\nvnet = \"{}\"\nsubnet = \"workload\"\nip = \"10.{s}.1.4\"",
        n.hub_vm, n.hub, n.spoke_vm, n.spoke
    );
    // Forwarded traffic on for P2S: whether the gateway's relayed packets need it is disputed
    // (RULES.md §16, §8), and an item must not hinge on it; on for the NVA too, whose trap is
    // the service endpoint, not the peering flags.
    let p2s = matches!(case, Case::P2s { .. });
    let fwd = p2s || nva;
    let (transit, access) = match case {
        Case::P2s { transit, .. } => (transit, true),
        Case::Bastion { access, .. } => (false, access),
        _ => (false, true),
    };
    let _ = writeln!(
        t,
        "[[peering]]\nvnet = \"{}\"\nremote = \"{}\"\nallow_gateway_transit = {p2s}\nallow_forwarded_traffic = {fwd}\n[[peering]]\nvnet = \"{}\"\nremote = \"{}\"\nallow_virtual_network_access = {access}\nallow_forwarded_traffic = {fwd}\nuse_remote_gateways = {transit}",
        n.hub, n.spoke, n.spoke, n.hub
    );
    match case {
        Case::PrivateEndpoint { linked } => {
            let links = if linked {
                format!("\"{}\", \"{}\"", n.hub, n.spoke)
            } else {
                format!("\"{}\"", n.hub)
            };
            let _ = writeln!(
                t,
                "[[paas]]\nname = \"{a}\"\nservice = \"Microsoft.Storage\"\nfqdn = \"{a}.blob.core.windows.net\"\npublic_ip = \"20.60.{h}.10\"\npublic_access = \"disabled\"\n[[private_endpoint]]\nname = \"pe-{a}\"\nvnet = \"{}\"\nsubnet = \"endpoints\"\nip = \"10.{h}.5.4\"\nresource = \"{a}\"\n[[dns_zone]]\nname = \"privatelink.blob.core.windows.net\"\nlinks = [{links}]\nrecords = {{ {a} = \"10.{h}.5.4\" }}",
                n.hub,
                a = n.account
            );
        }
        Case::ServiceEndpoint { .. } => {
            let _ = writeln!(
                t,
                "[[paas]]\nname = \"{a}\"\nservice = \"Microsoft.Storage\"\nfqdn = \"{a}.blob.core.windows.net\"\npublic_ip = \"20.60.{h}.10\"\npublic_access = \"selected\"\nvnet_rules = [\"{}/workload\"]",
                n.spoke,
                a = n.account
            );
        }
        Case::NvaServiceEndpoint { .. } => {
            let _ = writeln!(
                t,
                "[[paas]]\nname = \"{a}\"\nservice = \"Microsoft.Storage\"\nfqdn = \"{a}.blob.core.windows.net\"\npublic_ip = \"20.60.{h}.10\"\npublic_access = \"selected\"\nvnet_rules = [\"{}/shared\"]\n[[route_table]]\nname = \"rt-spoke\"\n  [[route_table.route]]\n  name = \"all-to-nva\"\n  prefix = \"0.0.0.0/0\"\n  next_hop = \"VirtualAppliance\"\n  next_hop_ip = \"10.{h}.2.4\"",
                n.hub,
                a = n.account
            );
        }
        Case::Bastion { developer, .. } => {
            let sku = if developer { "Developer" } else { "Basic" };
            let _ = writeln!(
                t,
                "[[bastion]]\nname = \"bas-hub\"\nvnet = \"{}\"\nsku = \"{sku}\"",
                n.hub
            );
        }
        Case::P2s { current, .. } => {
            // The exhibit shows the day the profile was downloaded, the stem the day of the
            // peering (`P2S_PEERED`): the learner compares them; no table says "before".
            let day = if current {
                format!("2026-12-0{}", 1 + n.hub_octet % 2)
            } else {
                format!("2026-11-{}", 10 + n.hub_octet % 15)
            };
            let _ = writeln!(
                t,
                "[[p2s_client]]\nname = \"{}\"\ngateway_vnet = \"{}\"\nip = \"172.16.{h}.10\"\nprofile_current = {current}\nprofile_downloaded = \"{day}\"",
                n.client, n.hub
            );
        }
    }
    t
}

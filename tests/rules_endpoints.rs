//! Table tests for RULES.md §12 (private endpoints across peering) and §13 (service endpoints),
//! each named after its section, with the on-premises case that needs both. Every expected
//! verdict, reason and next hop was written from RULES.md and FORMAT.md §1b before the evaluator
//! was run on it. (Split from tests/rules_beyond.rs, past its size, by section; the shared
//! network is tests/common/beyond.rs.)

mod common;

use common::beyond::*;
use common::*;
use peerlab::eval::{Network, NextHopType, Reason, RouteState, Verdict};

// --- RULES.md §12: private endpoints across peering -----------------------------------------

/// stcontoso (public access disabled) with pe-st 10.0.5.4 in the hub, and the privatelink zone
/// linked to `links`.
fn storage(links: &str, approved: bool) -> String {
    format!(
        r#"[[paas]]
name = "stcontoso"
service = "Microsoft.Storage"
fqdn = "stcontoso.blob.core.windows.net"
public_ip = "20.60.1.10"
public_access = "disabled"
[[private_endpoint]]
name = "pe-st"
vnet = "hub-vnet"
subnet = "endpoints"
ip = "10.0.5.4"
resource = "stcontoso"
approved = {approved}
[[dns_zone]]
name = "privatelink.blob.core.windows.net"
links = [{links}]
records = {{ stcontoso = "10.0.5.4" }}
"#
    )
}

#[test]
fn s12_the_public_name_resolves_to_the_endpoint_only_where_the_zone_is_linked() {
    let t = base(&[("EXTRA", &storage("\"hub-vnet\"", true))]);
    let tr = expect(&t, "vm-hub", "stcontoso", 443, Reason::Ok);
    assert_eq!(tr.destination_ip.unwrap().to_string(), "10.0.5.4");
    assert_eq!(tr.next_hop.unwrap().kind, NextHopType::InterfaceEndpoint);
    // spoke1 is not linked: the name gives the public address, whose firewall is closed.
    let tr = expect(
        &t,
        "vm-web",
        "stcontoso.blob.core.windows.net",
        443,
        Reason::PaasFirewallDeny,
    );
    assert_eq!(tr.destination_ip.unwrap().to_string(), "20.60.1.10");
    assert_eq!(tr.next_hop.unwrap().kind, NextHopType::Internet);
    // By address the endpoint is reachable from the directly peered spoke (the /32 is there).
    let tr = expect(&t, "vm-web", "10.0.5.4", 443, Reason::Ok);
    assert_eq!(tr.next_hop.unwrap().kind, NextHopType::InterfaceEndpoint);
    // Linking the zone to spoke1 fixes the name.
    let t = base(&[("EXTRA", &storage("\"hub-vnet\", \"spoke1\"", true))]);
    expect(&t, "vm-web", "stcontoso", 443, Reason::Ok);
}

#[test]
fn s12_a_hub_dns_forwarder_resolves_privatelink_for_the_spokes() {
    // spoke1 uses vm-hub as its DNS server; the zone is linked to the hub only.
    let t = base(&[
        ("SPOKE1", "dns = \"vm-hub\""),
        ("EXTRA", &storage("\"hub-vnet\"", true)),
    ]);
    // vm-hub must answer DNS for that; without dns_server the lookup fails.
    let tr = trace(&t, "vm-web", "stcontoso", 443);
    assert_eq!(tr.reason, Reason::DnsUnresolved, "{:#?}", tr.hops);
    let t2 = base(&[
        ("SPOKE1", "dns = \"vm-hub\""),
        ("HUB_VM", "dns_server = true"),
        ("EXTRA", &storage("\"hub-vnet\"", true)),
    ]);
    let tr = expect(&t2, "vm-web", "stcontoso", 443, Reason::Ok);
    assert_eq!(tr.destination_ip.unwrap().to_string(), "10.0.5.4");
}

#[test]
fn s12_the_endpoint_route_is_not_transitive() {
    // The endpoint in spoke1; spoke2 reaches spoke1 only through the hub.
    let extra = r#"[[paas]]
name = "stweb"
service = "Microsoft.Storage"
fqdn = "stweb.blob.core.windows.net"
public_ip = "20.60.1.11"
[[private_endpoint]]
name = "pe-web"
vnet = "spoke1"
subnet = "endpoints"
ip = "10.1.5.4"
resource = "stweb"
"#;
    let sub = "  [[vnet.subnet]]\n  name = \"endpoints\"\n  prefix = \"10.1.5.0/24\"";
    let t = base(&[("SPOKE1", sub), ("EXTRA", extra)]);
    expect(&t, "vm-hub", "10.1.5.4", 443, Reason::Ok);
    expect(&t, "vm-web", "10.1.5.4", 443, Reason::Ok);
    expect(&t, "vm-app", "10.1.5.4", 443, Reason::NotTransitive);
    let net = Network::new(&t);
    let s2 = net.vnet_index("spoke2").unwrap();
    assert!(
        !net.effective_routes(s2, 0)
            .iter()
            .any(|r| r.next_hop == NextHopType::InterfaceEndpoint)
    );
    let h = net.vnet_index("hub-vnet").unwrap();
    assert!(
        net.effective_routes(h, 0)
            .iter()
            .any(|r| r.next_hop == NextHopType::InterfaceEndpoint
                && r.prefix.to_string() == "10.1.5.4/32")
    );
}

#[test]
fn s12_a_pending_endpoint_carries_nothing() {
    let t = base(&[("EXTRA", &storage("\"hub-vnet\"", false))]);
    expect(
        &t,
        "vm-hub",
        "stcontoso",
        443,
        Reason::PrivateEndpointNotApproved,
    );
    // It keeps its /32.
    let net = Network::new(&t);
    let h = net.vnet_index("hub-vnet").unwrap();
    assert!(
        net.effective_routes(h, 3)
            .iter()
            .any(|r| r.next_hop == NextHopType::InterfaceEndpoint)
    );
}

fn rt(prefix: &str) -> String {
    format!(
        "[[route_table]]\nname = \"rt-web\"\n  [[route_table.route]]\n  name = \"to-hub\"\n  prefix = \"{prefix}\"\n  next_hop = \"VirtualAppliance\"\n  next_hop_ip = \"10.0.1.4\"\n"
    )
}

#[test]
fn s12_a_udr_overrides_the_32_only_with_route_table_policy_on() {
    let pe_state = |policy: &str, prefix: &str| {
        let extra = format!("{}{}", storage("\"hub-vnet\"", true), rt(prefix));
        let pol = format!("private_endpoint_network_policies = \"{policy}\"");
        let t = base(&[
            ("ENDPOINT_SUBNET", &pol),
            ("SPOKE1_WORKLOAD", "route_table = \"rt-web\""),
            ("EXTRA", &extra),
        ]);
        let net = Network::new(&t);
        let s1 = net.vnet_index("spoke1").unwrap();
        let r = net
            .effective_routes(s1, 0)
            .iter()
            .find(|r| r.next_hop == NextHopType::InterfaceEndpoint)
            .unwrap()
            .state;
        let hop = net
            .next_hop("vm-web", "10.0.5.4".parse().unwrap())
            .unwrap()
            .kind;
        (r, hop)
    };
    // Policy off: the /32 wins by longest prefix, bypassing the NVA.
    assert_eq!(
        pe_state("Disabled", "10.0.0.0/16"),
        (RouteState::Active, NextHopType::InterfaceEndpoint)
    );
    assert_eq!(
        pe_state("NetworkSecurityGroupEnabled", "10.0.0.0/16"),
        (RouteState::Active, NextHopType::InterfaceEndpoint)
    );
    // Route-table policy on: a UDR at least as specific as the hub's /16 invalidates it.
    assert_eq!(
        pe_state("RouteTableEnabled", "10.0.0.0/16"),
        (RouteState::Invalid, NextHopType::VirtualAppliance)
    );
    assert_eq!(
        pe_state("Enabled", "10.0.5.0/24"),
        (RouteState::Invalid, NextHopType::VirtualAppliance)
    );
    // Less specific than the VNet's space, or the default route: never.
    assert_eq!(
        pe_state("Enabled", "10.0.0.0/8"),
        (RouteState::Active, NextHopType::InterfaceEndpoint)
    );
    assert_eq!(
        pe_state("Enabled", "0.0.0.0/0"),
        (RouteState::Active, NextHopType::InterfaceEndpoint)
    );
}

#[test]
fn s12_the_subnet_nsg_filters_endpoint_traffic_only_with_nsg_policy_on() {
    let nsg = "[[nsg]]\nname = \"nsg-pe\"\n  [[nsg.rule]]\n  name = \"no-spokes\"\n  priority = 100\n  direction = \"inbound\"\n  access = \"deny\"\n  protocol = \"tcp\"\n  source = \"10.1.0.0/16\"\n  destination = \"*\"\n  destination_ports = \"443\"\n";
    let extra = format!("{}{nsg}", storage("\"hub-vnet\", \"spoke1\"", true));
    let off = base(&[("ENDPOINT_SUBNET", "nsg = \"nsg-pe\""), ("EXTRA", &extra)]);
    expect(&off, "vm-web", "stcontoso", 443, Reason::Ok);
    let on = base(&[
        (
            "ENDPOINT_SUBNET",
            "nsg = \"nsg-pe\"\n  private_endpoint_network_policies = \"NetworkSecurityGroupEnabled\"",
        ),
        ("EXTRA", &extra),
    ]);
    expect(&on, "vm-web", "stcontoso", 443, Reason::NsgDeny);
    expect(&on, "vm-hub", "stcontoso", 443, Reason::Ok);
}

#[test]
fn s12_a_private_endpoint_never_initiates() {
    let t = base(&[("EXTRA", &storage("\"hub-vnet\"", true))]);
    let tr = trace(&t, "pe-st", "vm-hub", 443);
    assert_eq!(tr.verdict, Verdict::Unreachable);
}

// --- RULES.md §13: service endpoints --------------------------------------------------------

fn selected(region: &str, ip_rules: &str) -> String {
    format!(
        r#"[[paas]]
name = "stdata"
service = "Microsoft.Storage"
fqdn = "stdata.blob.core.windows.net"
public_ip = "20.60.2.20"
region = "{region}"
public_access = "selected"
ip_rules = [{ip_rules}]
vnet_rules = ["spoke1/workload"]
"#
    )
}

const SE: &str = "service_endpoints = [\"Microsoft.Storage\"]";

#[test]
fn s13_the_subnet_with_the_endpoint_and_a_vnet_rule_gets_through() {
    let t = base(&[("SPOKE1_WORKLOAD", SE), ("EXTRA", &selected("eastus", ""))]);
    let tr = expect(&t, "vm-web", "stdata", 443, Reason::Ok);
    assert_eq!(
        tr.next_hop.unwrap().kind,
        NextHopType::VirtualNetworkServiceEndpoint
    );
    // The route is on that subnet only: the hub and spoke2 go to the internet.
    let net = Network::new(&t);
    let hub = net.vnet_index("hub-vnet").unwrap();
    assert!(
        !net.effective_routes(hub, 3)
            .iter()
            .any(|r| r.next_hop == NextHopType::VirtualNetworkServiceEndpoint)
    );
    let tr = expect(&t, "vm-hub", "stdata", 443, Reason::PaasFirewallDeny);
    assert_eq!(tr.next_hop.unwrap().kind, NextHopType::Internet);
    expect(&t, "vm-app", "stdata", 443, Reason::PaasFirewallDeny);
}

#[test]
fn s13_an_endpoint_without_a_vnet_rule_is_refused() {
    let t = base(&[("SPOKE2_WORKLOAD", SE), ("EXTRA", &selected("eastus", ""))]);
    let tr = expect(&t, "vm-app", "stdata", 443, Reason::PaasFirewallDeny);
    assert_eq!(
        tr.next_hop.unwrap().kind,
        NextHopType::VirtualNetworkServiceEndpoint
    );
    // Without the endpoint the vnet rule for spoke1 does not help either.
    expect(&t, "vm-web", "stdata", 443, Reason::PaasFirewallDeny);
}

#[test]
fn s13_ip_rules_match_public_sources_from_another_region_only() {
    let vm_ip = "public_ip = \"20.1.2.3\"";
    let t = base(&[
        ("VM_APP", vm_ip),
        ("EXTRA", &selected("westus", "\"20.1.2.0/24\"")),
    ]);
    expect(&t, "vm-app", "stdata", 443, Reason::Ok);
    // Same region: IP rules have no effect.
    let t = base(&[
        ("VM_APP", vm_ip),
        ("EXTRA", &selected("eastus", "\"20.1.2.0/24\"")),
    ]);
    expect(&t, "vm-app", "stdata", 443, Reason::PaasFirewallDeny);
    // No public IP: nothing for an IP rule to match.
    let t = base(&[("EXTRA", &selected("westus", "\"20.1.2.0/24\""))]);
    expect(&t, "vm-app", "stdata", 443, Reason::PaasFirewallDeny);
}

#[test]
fn s13_public_access_enabled_admits_everyone() {
    let open = selected("eastus", "").replace(
        "public_access = \"selected\"",
        "public_access = \"enabled\"",
    );
    let t = base(&[("EXTRA", &open)]);
    let tr = expect(&t, "vm-app", "20.60.2.20", 443, Reason::Ok);
    assert_eq!(tr.next_hop.unwrap().kind, NextHopType::Internet);
}

/// A VPN gateway in the hub with site `datacenter` (192.168.0.0/16, BGP) and host dc-app.
const ONPREM_GW: &str = "  [vnet.gateway]\n  kind = \"vpn\"\n  sites = [\"datacenter\"]";
const ONPREM_SITE: &str = r#"[[site]]
name = "datacenter"
prefixes = ["192.168.0.0/16"]
bgp = true
  [[site.host]]
  name = "dc-app"
  ip = "192.168.1.10"
"#;

/// RULES.md §12: on-premises resolves the PE only by conditionally forwarding the public zone to
/// a forwarder in Azure (not modelled), so the public name answers with the public address;
/// §13: "Endpoints can't be used for traffic from your on-premises services", so the request
/// meets the PaaS firewall from the site's public side. By address the PE is reached over the
/// VPN. Expected verdicts written from those two sections before the evaluator was run.
#[test]
fn s12_s13_on_premises_reaches_a_paas_name_through_its_public_endpoint() {
    let extra = format!("{}\n{ONPREM_SITE}", storage("\"hub-vnet\"", true));
    let t = base(&[("GATEWAY", ONPREM_GW), ("EXTRA", &extra)]);
    // Public access disabled: the public endpoint refuses, although the PE works by address.
    let tr = expect(&t, "dc-app", "stcontoso", 443, Reason::PaasFirewallDeny);
    assert_eq!(tr.destination_ip, Some("20.60.1.10".parse().unwrap()));
    assert!(
        tr.hops
            .iter()
            .any(|h| h.step == "dns" && h.ok && h.detail.contains("public DNS"))
    );
    assert!(
        !tr.hops.iter().any(|h| h.at.contains("GatewaySubnet")),
        "{:#?}",
        tr.hops
    );
    expect(&t, "dc-app", "10.0.5.4", 443, Reason::Ok);
    // Public access enabled: the public endpoint admits the site.
    let open = extra.replace(
        "public_access = \"disabled\"",
        "public_access = \"enabled\"",
    );
    let t = base(&[("GATEWAY", ONPREM_GW), ("EXTRA", &open)]);
    expect(
        &t,
        "dc-app",
        "stcontoso.blob.core.windows.net",
        443,
        Reason::Ok,
    );
    // Selected networks with a VNet rule for a subnet: the site has no service endpoint and the
    // file gives no NAT address an IP rule could match, so the firewall refuses.
    let sel = selected("westus", "\"203.0.113.0/24\"");
    let t = base(&[
        ("GATEWAY", ONPREM_GW),
        ("SPOKE1_WORKLOAD", SE),
        ("EXTRA", &format!("{sel}\n{ONPREM_SITE}")),
    ]);
    expect(&t, "dc-app", "stdata", 443, Reason::PaasFirewallDeny);
    // Any other name still does not resolve on premises.
    expect(
        &t,
        "dc-app",
        "vm-web.internal.cloudapp.net",
        443,
        Reason::DnsUnresolved,
    );
}

/// RULES.md §12: the route-table policy that lets a UDR override a private endpoint's /32 is the
/// policy of **that endpoint's** subnet. Two endpoints in the hub, listed so the other one comes
/// first: pe-app (10.0.1.50, subnet workload, policy RouteTableEnabled) and pe-st (10.0.5.4,
/// subnet endpoints, policy Disabled); spoke1 routes 10.0.0.0/16 to the NVA. Expected, written
/// from §12 before running: pe-app's /32 Invalid, pe-st's /32 Active (cargo-mutants: matching
/// the endpoint by `ip || vnet` instead of `ip && vnet` judged pe-st by pe-app's subnet).
#[test]
fn s12_each_endpoint_is_judged_by_its_own_subnets_policy() {
    let other = r#"[[paas]]
name = "stapp"
service = "Microsoft.Storage"
fqdn = "stapp.blob.core.windows.net"
public_ip = "20.60.1.11"
public_access = "disabled"
[[private_endpoint]]
name = "pe-app"
vnet = "hub-vnet"
subnet = "workload"
ip = "10.0.1.50"
resource = "stapp"
approved = true
"#;
    let extra = format!(
        "{other}{}[[route_table]]\nname = \"rt-web\"\n  [[route_table.route]]\n  name = \"to-hub\"\n  prefix = \"10.0.0.0/16\"\n  next_hop = \"VirtualAppliance\"\n  next_hop_ip = \"10.0.1.4\"\n",
        storage("\"hub-vnet\"", true)
    );
    let t = base(&[
        (
            "ENDPOINT_SUBNET",
            "private_endpoint_network_policies = \"Disabled\"",
        ),
        (
            "HUB_WORKLOAD",
            "private_endpoint_network_policies = \"RouteTableEnabled\"",
        ),
        ("SPOKE1_WORKLOAD", "route_table = \"rt-web\""),
        ("EXTRA", &extra),
    ]);
    let net = Network::new(&t);
    let s1 = net.vnet_index("spoke1").unwrap();
    let state_of = |ip: &str| {
        net.effective_routes(s1, 0)
            .iter()
            .find(|r| {
                r.next_hop == NextHopType::InterfaceEndpoint && r.prefix.network().to_string() == ip
            })
            .unwrap_or_else(|| panic!("a /32 for {ip}"))
            .state
    };
    assert_eq!(state_of("10.0.1.50"), RouteState::Invalid);
    assert_eq!(state_of("10.0.5.4"), RouteState::Active);
}

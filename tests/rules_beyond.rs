//! Table tests for RULES.md §11 (Bastion), §12 (private endpoints), §13 (service endpoints) and
//! §16 (point-to-site), each named after its section. Every expected verdict, reason and next
//! hop was written from RULES.md and FORMAT.md §1b before the evaluator was run on it.

use peerlab::eval::{FlowSpec, Network, NextHopType, Reason, RouteState, Trace, Verdict};
use peerlab::model::{Topology, parse_topology};

/// hub-vnet 10.0.0.0/16 (GatewaySubnet, AzureBastionSubnet 10.0.254.0/26, endpoints
/// 10.0.5.0/24, workload with vm-hub 10.0.1.4 acting as an NVA), spoke1 10.1.0.0/16 (vm-web
/// 10.1.1.4 behind nsg-web, defaults only), spoke2 10.2.0.0/16 (vm-app 10.2.1.4, nsg-app).
/// Both spokes peered with the hub (portal defaults). A Standard bastion bas-hub.
const BASE: &str = r#"
[[vnet]]
name = "hub-vnet"
address_space = ["10.0.0.0/16"]
  [[vnet.subnet]]
  name = "GatewaySubnet"
  prefix = "10.0.255.0/27"
  [[vnet.subnet]]
  name = "AzureBastionSubnet"
  prefix = "10.0.254.0/26"
  @BASTION_NSG@
  [[vnet.subnet]]
  name = "endpoints"
  prefix = "10.0.5.0/24"
  @ENDPOINT_SUBNET@
  [[vnet.subnet]]
  name = "workload"
  prefix = "10.0.1.0/24"
  @HUB_WORKLOAD@
  @GATEWAY@
[[vnet]]
name = "spoke1"
address_space = ["10.1.0.0/16"]
@SPOKE1@
  [[vnet.subnet]]
  name = "workload"
  prefix = "10.1.1.0/24"
  nsg = "nsg-web"
  @SPOKE1_WORKLOAD@
[[vnet]]
name = "spoke2"
address_space = ["10.2.0.0/16"]
  [[vnet.subnet]]
  name = "workload"
  prefix = "10.2.1.0/24"
  nsg = "nsg-app"
  @SPOKE2_WORKLOAD@
[[vm]]
name = "vm-hub"
vnet = "hub-vnet"
subnet = "workload"
ip = "10.0.1.4"
ip_forwarding = true
forwards = true
@HUB_VM@
[[vm]]
name = "vm-web"
vnet = "spoke1"
subnet = "workload"
ip = "10.1.1.4"
[[vm]]
name = "vm-app"
vnet = "spoke2"
subnet = "workload"
ip = "10.2.1.4"
@VM_APP@
[[nsg]]
name = "nsg-web"
@NSG_WEB@
[[nsg]]
name = "nsg-app"
[[peering]]
vnet = "hub-vnet"
remote = "spoke1"
@HUB_TO_SPOKE1@
[[peering]]
vnet = "spoke1"
remote = "hub-vnet"
@SPOKE1_TO_HUB@
[[peering]]
vnet = "hub-vnet"
remote = "spoke2"
[[peering]]
vnet = "spoke2"
remote = "hub-vnet"
[[bastion]]
name = "bas-hub"
vnet = "hub-vnet"
@BASTION@
@EXTRA@
"#;

const SLOTS: [&str; 14] = [
    "HUB_VM",
    "BASTION_NSG",
    "ENDPOINT_SUBNET",
    "HUB_WORKLOAD",
    "GATEWAY",
    "SPOKE1_WORKLOAD",
    "SPOKE2_WORKLOAD",
    "SPOKE1",
    "VM_APP",
    "NSG_WEB",
    "HUB_TO_SPOKE1",
    "SPOKE1_TO_HUB",
    "BASTION",
    "EXTRA",
];

/// BASE with some slots filled (the rest empty).
fn topo(fill: &[(&str, &str)]) -> Topology {
    let mut text = BASE.to_string();
    for (k, v) in fill {
        assert!(SLOTS.contains(k), "unknown slot {k}");
        text = text.replace(&format!("@{k}@"), v);
    }
    for k in SLOTS {
        text = text.replace(&format!("@{k}@"), "");
    }
    match parse_topology(&text) {
        Ok(p) => p.topology,
        Err(d) => panic!("{d:#?}\n{text}"),
    }
}

fn trace(t: &Topology, from: &str, to: &str, port: u16, user: Option<&str>) -> Trace {
    let mut spec = FlowSpec::new(from, to);
    spec.port = port;
    Network::new(t).trace_as(&spec, user).expect("trace runs")
}

#[track_caller]
fn expect(t: &Topology, from: &str, to: &str, port: u16, reason: Reason) -> Trace {
    expect_as(t, from, to, port, None, reason)
}

#[track_caller]
fn expect_as(
    t: &Topology,
    from: &str,
    to: &str,
    port: u16,
    user: Option<&str>,
    reason: Reason,
) -> Trace {
    let tr = trace(t, from, to, port, user);
    let verdict = if reason == Reason::Ok {
        Verdict::Reachable
    } else {
        Verdict::Unreachable
    };
    assert_eq!(
        (tr.verdict, tr.reason),
        (verdict, reason),
        "{from} -> {to}:{port}\n{:#?}",
        tr.hops
    );
    tr
}

const STANDARD: &str = "sku = \"Standard\"";
const STANDARD_IP: &str = "sku = \"Standard\"\nip_based_connection = true";
const ACCESS_OFF: &str = "allow_virtual_network_access = false";

// --- RULES.md §11: Azure Bastion across peering ---------------------------------------------

#[test]
fn s11_portal_connection_reaches_the_own_vnet_and_directly_peered_vnets() {
    let t = topo(&[("BASTION", STANDARD)]);
    expect(&t, "bas-hub", "vm-hub", 3389, Reason::Ok);
    let tr = expect(&t, "bas-hub", "vm-web", 3389, Reason::Ok);
    // The session leaves from the AzureBastionSubnet: its route to spoke1 is the peering.
    assert_eq!(tr.next_hop.unwrap().kind, NextHopType::VNetPeering);
    assert_eq!(tr.source_ip.to_string(), "10.0.254.4");
    expect(&t, "bas-hub", "vm-app", 22, Reason::Ok);
}

#[test]
fn s11_a_peer_of_a_peer_is_not_transitive() {
    // A Basic bastion in spoke1: spoke2 is peered with the hub, not with spoke1.
    let t = topo(&[
        (
            "SPOKE1",
            "  [[vnet.subnet]]\n  name = \"AzureBastionSubnet\"\n  prefix = \"10.1.254.0/26\"",
        ),
        (
            "EXTRA",
            "[[bastion]]\nname = \"bas-spoke\"\nvnet = \"spoke1\"",
        ),
    ]);
    expect(&t, "bas-spoke", "vm-web", 3389, Reason::Ok);
    expect(&t, "bas-spoke", "vm-hub", 3389, Reason::Ok);
    expect(&t, "bas-spoke", "vm-app", 3389, Reason::NotTransitive);
}

#[test]
fn s11_access_off_on_the_targets_peering_is_vnet_access_disabled() {
    // spoke1's side has access off: the hub (and its AzureBastionSubnet) leaves spoke1's
    // VirtualNetwork tag, so nsg-web's AllowVnetInBound no longer admits the session.
    let t = topo(&[("BASTION", STANDARD), ("SPOKE1_TO_HUB", ACCESS_OFF)]);
    expect(&t, "bas-hub", "vm-web", 3389, Reason::VnetAccessDisabled);
    expect(&t, "bas-hub", "vm-app", 3389, Reason::Ok);
}

#[test]
fn s11_developer_sku_does_not_cross_a_peering() {
    let t = topo(&[("BASTION", "sku = \"Developer\"")]);
    expect(&t, "bas-hub", "vm-hub", 3389, Reason::Ok);
    expect(&t, "bas-hub", "vm-web", 3389, Reason::BastionUnsupportedSku);
}

#[test]
fn s11_ip_based_connection_needs_standard_and_the_setting() {
    let basic = topo(&[]);
    expect(
        &basic,
        "bas-hub",
        "10.1.1.4",
        3389,
        Reason::BastionUnsupportedSku,
    );
    let off = topo(&[("BASTION", STANDARD)]);
    expect(
        &off,
        "bas-hub",
        "10.1.1.4",
        3389,
        Reason::BastionUnsupportedSku,
    );
    let on = topo(&[("BASTION", STANDARD_IP)]);
    expect(&on, "bas-hub", "10.1.1.4", 3389, Reason::Ok);
    // Basic takes only the RDP and SSH ports; Standard also custom ones.
    expect(
        &basic,
        "bas-hub",
        "vm-web",
        8443,
        Reason::BastionUnsupportedSku,
    );
    expect(&on, "bas-hub", "vm-web", 8443, Reason::Ok);
}

#[test]
fn s11_the_target_nsg_must_admit_the_bastion_subnet() {
    let deny = "  [[nsg.rule]]\n  name = \"no-bastion\"\n  priority = 100\n  direction = \"inbound\"\n  access = \"deny\"\n  protocol = \"tcp\"\n  source = \"10.0.254.0/26\"\n  destination = \"*\"\n  destination_ports = \"3389\"";
    let t = topo(&[("NSG_WEB", deny)]);
    expect(&t, "bas-hub", "vm-web", 3389, Reason::NsgDeny);
    expect(&t, "bas-hub", "vm-web", 22, Reason::Ok);
}

#[test]
fn s11_an_incomplete_bastion_nsg_breaks_the_bastion() {
    let nsg = "  nsg = \"nsg-bas\"";
    let rule = |name: &str, prio: u32, dir: &str, src: &str, dst: &str, ports: &str| {
        format!(
            "  [[nsg.rule]]\n  name = \"{name}\"\n  priority = {prio}\n  direction = \"{dir}\"\n  access = \"allow\"\n  protocol = \"tcp\"\n  source = \"{src}\"\n  destination = \"{dst}\"\n  destination_ports = \"{ports}\"\n"
        )
    };
    let full = [
        rule("in-internet", 100, "inbound", "Internet", "*", "443"),
        rule("in-gwm", 110, "inbound", "GatewayManager", "*", "443"),
        rule(
            "in-dataplane",
            120,
            "inbound",
            "VirtualNetwork",
            "VirtualNetwork",
            "8080,5701",
        ),
        rule("in-lb", 130, "inbound", "AzureLoadBalancer", "*", "443"),
        rule("out-vms", 100, "outbound", "*", "VirtualNetwork", "22,3389"),
        rule(
            "out-dataplane",
            110,
            "outbound",
            "VirtualNetwork",
            "VirtualNetwork",
            "8080,5701",
        ),
        rule("out-cloud", 120, "outbound", "*", "AzureCloud", "443"),
        rule("out-http", 130, "outbound", "*", "Internet", "80"),
    ];
    let text = |rules: &[String]| format!("[[nsg]]\nname = \"nsg-bas\"\n{}", rules.concat());
    let whole = text(&full);
    let t = topo(&[("BASTION_NSG", nsg), ("EXTRA", &whole)]);
    expect(&t, "bas-hub", "vm-web", 3389, Reason::Ok);
    let without_gwm: Vec<String> = full
        .iter()
        .filter(|r| !r.contains("in-gwm"))
        .cloned()
        .collect();
    let partial = text(&without_gwm);
    let t = topo(&[("BASTION_NSG", nsg), ("EXTRA", &partial)]);
    let tr = expect(&t, "bas-hub", "vm-web", 3389, Reason::NsgDeny);
    assert!(
        tr.hops
            .iter()
            .any(|h| h.detail.contains("inbound 443 from GatewayManager")),
        "{:#?}",
        tr.hops
    );
}

#[test]
fn s11_bastion_sessions_need_reader_on_vm_nic_bastion_and_the_peered_vnet() {
    let alice = |roles: &str| format!("[[user]]\nname = \"alice\"\nroles = [{roles}]");
    let three = "{ role = \"Reader\", scope = \"vm-web\" }, { role = \"Reader\", scope = \"vm-web-nic\" }, { role = \"Reader\", scope = \"bas-hub\" }";
    let u = alice(three);
    let t = topo(&[("EXTRA", &u)]);
    // The bastion is in a peered VNet: Reader on spoke1 is missing.
    expect_as(
        &t,
        "bas-hub",
        "vm-web",
        3389,
        Some("alice"),
        Reason::RbacDenied,
    );
    // Without --as no role is checked.
    expect(&t, "bas-hub", "vm-web", 3389, Reason::Ok);
    let u = alice(&format!(
        "{three}, {{ role = \"Network Contributor\", scope = \"spoke1\" }}"
    ));
    let t = topo(&[("EXTRA", &u)]);
    expect_as(&t, "bas-hub", "vm-web", 3389, Some("alice"), Reason::Ok);
    let net = Network::new(&t);
    assert!(
        net.trace_as(&FlowSpec::new("bas-hub", "vm-web"), Some("bob"))
            .is_err()
    );
}

#[test]
fn s11_bastion_does_not_cross_tenants() {
    let t = topo(&[("SPOKE1", "tenant = \"fabrikam\"")]);
    expect(&t, "bas-hub", "vm-web", 3389, Reason::BastionUnsupportedSku);
}

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
    let t = topo(&[("EXTRA", &storage("\"hub-vnet\"", true))]);
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
    let t = topo(&[("EXTRA", &storage("\"hub-vnet\", \"spoke1\"", true))]);
    expect(&t, "vm-web", "stcontoso", 443, Reason::Ok);
}

#[test]
fn s12_a_hub_dns_forwarder_resolves_privatelink_for_the_spokes() {
    // spoke1 uses vm-hub as its DNS server; the zone is linked to the hub only.
    let t = topo(&[
        ("SPOKE1", "dns = \"vm-hub\""),
        ("EXTRA", &storage("\"hub-vnet\"", true)),
    ]);
    // vm-hub must answer DNS for that; without dns_server the lookup fails.
    let tr = trace(&t, "vm-web", "stcontoso", 443, None);
    assert_eq!(tr.reason, Reason::DnsUnresolved, "{:#?}", tr.hops);
    let t2 = topo(&[
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
    let t = topo(&[("SPOKE1", sub), ("EXTRA", extra)]);
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
    let t = topo(&[("EXTRA", &storage("\"hub-vnet\"", false))]);
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
        let t = topo(&[
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
    let off = topo(&[("ENDPOINT_SUBNET", "nsg = \"nsg-pe\""), ("EXTRA", &extra)]);
    expect(&off, "vm-web", "stcontoso", 443, Reason::Ok);
    let on = topo(&[
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
    let t = topo(&[("EXTRA", &storage("\"hub-vnet\"", true))]);
    let tr = trace(&t, "pe-st", "vm-hub", 443, None);
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
    let t = topo(&[("SPOKE1_WORKLOAD", SE), ("EXTRA", &selected("eastus", ""))]);
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
    let t = topo(&[("SPOKE2_WORKLOAD", SE), ("EXTRA", &selected("eastus", ""))]);
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
    let t = topo(&[
        ("VM_APP", vm_ip),
        ("EXTRA", &selected("westus", "\"20.1.2.0/24\"")),
    ]);
    expect(&t, "vm-app", "stdata", 443, Reason::Ok);
    // Same region: IP rules have no effect.
    let t = topo(&[
        ("VM_APP", vm_ip),
        ("EXTRA", &selected("eastus", "\"20.1.2.0/24\"")),
    ]);
    expect(&t, "vm-app", "stdata", 443, Reason::PaasFirewallDeny);
    // No public IP: nothing for an IP rule to match.
    let t = topo(&[("EXTRA", &selected("westus", "\"20.1.2.0/24\""))]);
    expect(&t, "vm-app", "stdata", 443, Reason::PaasFirewallDeny);
}

#[test]
fn s13_public_access_enabled_admits_everyone() {
    let open = selected("eastus", "").replace(
        "public_access = \"selected\"",
        "public_access = \"enabled\"",
    );
    let t = topo(&[("EXTRA", &open)]);
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
    let t = topo(&[("GATEWAY", ONPREM_GW), ("EXTRA", &extra)]);
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
    let t = topo(&[("GATEWAY", ONPREM_GW), ("EXTRA", &open)]);
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
    let t = topo(&[
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

// --- RULES.md §16: point-to-site clients ----------------------------------------------------

const GW: &str = "  [vnet.gateway]\n  kind = \"vpn\"\n  p2s_pool = \"172.31.0.0/24\"";

fn laptop(current: bool) -> String {
    format!(
        "[[p2s_client]]\nname = \"laptop\"\ngateway_vnet = \"hub-vnet\"\nip = \"172.31.0.10\"\nprofile_current = {current}\n"
    )
}

const TRANSIT_HUB: &str = "allow_gateway_transit = true";
const TRANSIT_SPOKE: &str = "use_remote_gateways = true";

#[test]
fn s16_a_client_reaches_the_gateway_vnet() {
    let t = topo(&[("GATEWAY", GW), ("EXTRA", &laptop(false))]);
    expect(&t, "laptop", "vm-hub", 3389, Reason::Ok);
}

#[test]
fn s16_a_peered_vnet_needs_the_transit_pair() {
    let t = topo(&[("GATEWAY", GW), ("EXTRA", &laptop(true))]);
    expect(&t, "laptop", "vm-web", 3389, Reason::GatewayTransitMissing);
    let t = topo(&[
        ("GATEWAY", GW),
        ("HUB_TO_SPOKE1", TRANSIT_HUB),
        ("SPOKE1_TO_HUB", TRANSIT_SPOKE),
        ("EXTRA", &laptop(true)),
    ]);
    expect(&t, "laptop", "vm-web", 3389, Reason::Ok);
    expect(&t, "laptop", "vm-app", 3389, Reason::GatewayTransitMissing);
    // The spoke's reply finds the pool: a gateway route with the gateway's address.
    let net = Network::new(&t);
    let s1 = net.vnet_index("spoke1").unwrap();
    let pool = net
        .effective_routes(s1, 0)
        .iter()
        .find(|r| r.prefix.to_string() == "172.31.0.0/24")
        .expect("pool route in the transit spoke");
    assert_eq!(pool.next_hop, NextHopType::VirtualNetworkGateway);
    assert_eq!(pool.next_hop_ip.unwrap().to_string(), "10.0.255.4");
    // The VM can open a connection to the client too.
    expect(&t, "vm-web", "laptop", 3389, Reason::Ok);
}

#[test]
fn s16_a_stale_profile_misses_a_newly_peered_vnet() {
    let t = topo(&[
        ("GATEWAY", GW),
        ("HUB_TO_SPOKE1", TRANSIT_HUB),
        ("SPOKE1_TO_HUB", TRANSIT_SPOKE),
        ("EXTRA", &laptop(false)),
    ]);
    expect(&t, "laptop", "vm-web", 3389, Reason::P2sProfileStale);
    expect(&t, "laptop", "vm-hub", 3389, Reason::Ok);
}

// --- Gateways get an address (issue 15) -----------------------------------------------------

#[test]
fn gateway_routes_show_the_gateway_address() {
    let gw = "  [vnet.gateway]\n  kind = \"vpn\"\n  sites = [\"dc\"]\n  ip = \"10.0.255.6\"";
    let site = "[[site]]\nname = \"dc\"\nprefixes = [\"192.168.0.0/16\"]";
    let t = topo(&[("GATEWAY", gw), ("EXTRA", site)]);
    let net = Network::new(&t);
    let hub = net.vnet_index("hub-vnet").unwrap();
    let r = net
        .effective_routes(hub, 3)
        .iter()
        .find(|r| {
            r.prefix.to_string() == "192.168.0.0/16"
                && r.next_hop == NextHopType::VirtualNetworkGateway
        })
        .unwrap();
    assert_eq!(r.next_hop_ip.unwrap().to_string(), "10.0.255.6");
    let nh = net
        .next_hop("vm-hub", "192.168.1.1".parse().unwrap())
        .unwrap();
    assert_eq!(
        (nh.kind, nh.ip.map(|i| i.to_string())),
        (
            NextHopType::VirtualNetworkGateway,
            Some("10.0.255.6".into())
        )
    );
}

/// Learn "Virtual network traffic routing", "Routing example": the published route tables of
/// Subnet1 (IDs 1-12) and Subnet2, transcribed as (source, state, prefix, next hop type, next
/// hop IP, user-defined route name). `[X.X.X.X]` is the fixture's gateway address (the default,
/// GatewaySubnet's first usable address; Learn shows the gateway's public IP there) and the
/// storage account's public address (a /32 here: peerlab adds one route per PaaS address, not
/// the service's regional prefixes). Two differences, both on Learn's side of the page:
/// ID8's source is "Default" in the table, but the same page says gateway routes are "added
/// with Virtual network gateway listed as the source", which is what peerlab shows; Subnet2's
/// table leaves out 172.16.0.0/12 -> None, which the page's own table of default routes lists
/// (RULES.md §4 follows the latter).
use NextHopType as H;

type LearnRow = (
    &'static str,
    &'static str,
    &'static str,
    NextHopType,
    Option<&'static str>,
    Option<&'static str>,
);

fn learn_rows(net: &Network, vm: &str) -> Vec<LearnRow> {
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    let mut rows: Vec<LearnRow> = net
        .routes_of(vm)
        .unwrap()
        .iter()
        .map(|r| {
            (
                r.source.as_str(),
                if r.state == RouteState::Active {
                    "Active"
                } else {
                    "Invalid"
                },
                leak(r.prefix.to_string()),
                r.next_hop,
                r.next_hop_ip.map(|ip| leak(ip.to_string())),
                r.route_name.clone().map(leak),
            )
        })
        .collect();
    rows.sort_by_key(|r| (r.2, r.0, r.1));
    rows
}

fn learn_example() -> Topology {
    parse_topology(include_str!(
        "fixtures/valid-topologies/learn-routing-example.toml"
    ))
    .unwrap()
    .topology
}

#[test]
fn learn_routing_example_subnet1() {
    let t = learn_example();
    let net = Network::new(&t);
    const GW: &str = "10.0.255.4";
    const NVA: &str = "10.0.100.4";
    let mut want: Vec<LearnRow> = vec![
        (
            "Default",
            "Invalid",
            "10.0.0.0/16",
            H::VnetLocal,
            None,
            None,
        ), // ID1
        (
            "User",
            "Active",
            "10.0.0.0/16",
            H::VirtualAppliance,
            Some(NVA),
            Some("Within-VNet1"),
        ), // ID2
        (
            "User",
            "Active",
            "10.0.0.0/24",
            H::VnetLocal,
            None,
            Some("Within-Subnet1"),
        ), // ID3
        (
            "Default",
            "Invalid",
            "10.1.0.0/16",
            H::VNetPeering,
            None,
            None,
        ), // ID4
        (
            "Default",
            "Invalid",
            "10.2.0.0/16",
            H::VNetPeering,
            None,
            None,
        ), // ID5
        (
            "User",
            "Active",
            "10.1.0.0/16",
            H::None,
            None,
            Some("ToVNet2-1-Drop"),
        ), // ID6
        (
            "User",
            "Active",
            "10.2.0.0/16",
            H::None,
            None,
            Some("ToVNet2-2-Drop"),
        ), // ID7
        // ID8: Learn's table says "Default" (see above).
        (
            "VirtualNetworkGateway",
            "Invalid",
            "10.10.0.0/16",
            H::VirtualNetworkGateway,
            Some(GW),
            None,
        ),
        (
            "User",
            "Active",
            "10.10.0.0/16",
            H::VirtualAppliance,
            Some(NVA),
            Some("To-On-Prem"),
        ), // ID9
        (
            "Default",
            "Active",
            "20.60.0.10/32",
            H::VirtualNetworkServiceEndpoint,
            None,
            None,
        ), // ID10
        ("Default", "Invalid", "0.0.0.0/0", H::Internet, None, None), // ID11
        (
            "User",
            "Active",
            "0.0.0.0/0",
            H::VirtualAppliance,
            Some(NVA),
            Some("Default-NVA"),
        ), // ID12
    ];
    want.sort_by_key(|r| (r.2, r.0, r.1));
    // The four reserved None routes are gone from Subnet1 (the 0.0.0.0/0 UDR), as Learn says.
    assert_eq!(learn_rows(&net, "vm-subnet1"), want);
    // What the table means for traffic: storage goes straight out, the rest to the NVA.
    let hop = |dst: &str| net.next_hop("vm-subnet1", dst.parse().unwrap()).unwrap();
    assert_eq!(hop("20.60.0.10").kind, H::VirtualNetworkServiceEndpoint);
    assert_eq!(hop("8.8.8.8").kind, H::VirtualAppliance);
    assert_eq!(hop("10.0.0.9").kind, H::VnetLocal);
    assert_eq!(hop("10.0.1.4").kind, H::VirtualAppliance);
    assert_eq!(hop("10.2.3.4").kind, H::None);
}

#[test]
fn learn_routing_example_subnet2() {
    let t = learn_example();
    let net = Network::new(&t);
    let mut want: Vec<LearnRow> = vec![
        ("Default", "Active", "10.0.0.0/16", H::VnetLocal, None, None),
        (
            "Default",
            "Active",
            "10.1.0.0/16",
            H::VNetPeering,
            None,
            None,
        ),
        (
            "Default",
            "Active",
            "10.2.0.0/16",
            H::VNetPeering,
            None,
            None,
        ),
        // Learn: source "Default", next hop IP [X.X.X.X] (see above).
        (
            "VirtualNetworkGateway",
            "Active",
            "10.10.0.0/16",
            H::VirtualNetworkGateway,
            Some("10.0.255.4"),
            None,
        ),
        ("Default", "Active", "0.0.0.0/0", H::Internet, None, None),
        ("Default", "Active", "10.0.0.0/8", H::None, None, None),
        ("Default", "Active", "100.64.0.0/10", H::None, None, None),
        ("Default", "Active", "192.168.0.0/16", H::None, None, None),
        // Not in Learn's Subnet2 table; in its table of default routes (RULES.md §4).
        ("Default", "Active", "172.16.0.0/12", H::None, None, None),
    ];
    want.sort_by_key(|r| (r.2, r.0, r.1));
    assert_eq!(learn_rows(&net, "vm-subnet2"), want);
    // No service endpoint on Subnet2: storage goes by the H::Internet route.
    assert_eq!(
        net.next_hop("vm-subnet2", "20.60.0.10".parse().unwrap())
            .unwrap()
            .kind,
        H::Internet
    );
}

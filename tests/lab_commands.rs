//! The simulated az, command by command: every supported command run once with its effect on
//! the lab's network, invalid lines with their exact error, and the output of the commands the
//! issue names checked against key sets written by hand from Microsoft's documented examples
//! (never from peerlab's own output).

mod common;

use common::lab::{err, json, ok, session};
use peerlab::lab::Session;
use serde_json::Value;
use std::collections::BTreeSet;

const RG: &str = "-g rg-network";

fn chapter() -> Session {
    session("chapter-cli-outline")
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .cloned()
        .collect()
}

fn set(words: &[&str]) -> BTreeSet<String> {
    words.iter().map(|w| w.to_string()).collect()
}

fn peered() -> Session {
    let mut s = chapter();
    let answer = s.lab.answer.clone();
    for line in &answer {
        ok(&mut s, line);
    }
    s
}

#[test]
fn every_command_changes_the_network_as_azure_would() {
    let mut s = chapter();
    let vnet = |s: &Session, n: &str| s.topology.vnets.iter().find(|v| v.name == n).cloned();

    ok(
        &mut s,
        &format!(
            "az network vnet create {RG} -n spoke-data-vnet --address-prefixes 10.2.0.0/16 --subnet-name data --subnet-prefixes 10.2.1.0/24"
        ),
    );
    let v = vnet(&s, "spoke-data-vnet").expect("created");
    assert_eq!(v.address_space[0].to_string(), "10.2.0.0/16");
    assert_eq!(v.subnets[0].name, "data");
    assert_eq!(v.subnets[0].prefix.to_string(), "10.2.1.0/24");

    ok(
        &mut s,
        &format!(
            "az network vnet update {RG} -n spoke-data-vnet --address-prefixes 10.2.0.0/16 10.3.0.0/16"
        ),
    );
    assert_eq!(vnet(&s, "spoke-data-vnet").unwrap().address_space.len(), 2);

    ok(
        &mut s,
        &format!(
            "az network vnet subnet create {RG} --vnet-name spoke-data-vnet -n db --address-prefixes 10.2.2.0/24"
        ),
    );
    assert!(
        vnet(&s, "spoke-data-vnet")
            .unwrap()
            .subnets
            .iter()
            .any(|x| x.name == "db")
    );

    ok(
        &mut s,
        &format!("az network route-table create {RG} -n rt-data"),
    );
    assert!(s.topology.route_tables.iter().any(|r| r.name == "rt-data"));
    ok(
        &mut s,
        &format!(
            "az network route-table update {RG} -n rt-data --disable-bgp-route-propagation true"
        ),
    );
    let rt = |s: &Session| {
        s.topology
            .route_tables
            .iter()
            .find(|r| r.name == "rt-data")
            .cloned()
            .unwrap()
    };
    assert!(!rt(&s).propagate_gateway_routes);

    ok(
        &mut s,
        &format!(
            "az network route-table route create {RG} --route-table-name rt-data -n to-hub --address-prefix 10.0.0.0/16 --next-hop-type VirtualAppliance --next-hop-ip-address 10.0.3.4"
        ),
    );
    assert_eq!(rt(&s).routes.len(), 1);
    assert_eq!(
        rt(&s).routes[0]
            .next_hop_ip
            .map(|i| i.to_string())
            .as_deref(),
        Some("10.0.3.4")
    );
    ok(
        &mut s,
        &format!("az network route-table route delete {RG} --route-table-name rt-data -n to-hub"),
    );
    assert!(rt(&s).routes.is_empty());

    ok(&mut s, &format!("az network nsg create {RG} -n nsg-data"));
    ok(
        &mut s,
        &format!(
            "az network vnet subnet update {RG} --vnet-name spoke-data-vnet -n db --route-table rt-data --network-security-group nsg-data"
        ),
    );
    let db = vnet(&s, "spoke-data-vnet")
        .unwrap()
        .subnets
        .into_iter()
        .find(|x| x.name == "db")
        .unwrap();
    assert_eq!(db.route_table.as_deref(), Some("rt-data"));
    assert_eq!(db.nsg.as_deref(), Some("nsg-data"));

    ok(
        &mut s,
        &format!(
            "az network nsg rule create {RG} --nsg-name nsg-data -n allow-sql --priority 200 --access Allow --direction Inbound --protocol Tcp --source-address-prefixes 10.1.0.0/16 --destination-port-ranges 1433"
        ),
    );
    let nsg = |s: &Session| {
        s.topology
            .nsgs
            .iter()
            .find(|n| n.name == "nsg-data")
            .cloned()
            .unwrap()
    };
    assert_eq!(nsg(&s).rules[0].priority, 200);
    ok(
        &mut s,
        &format!("az network nsg rule update {RG} --nsg-name nsg-data -n allow-sql --priority 150"),
    );
    assert_eq!(nsg(&s).rules[0].priority, 150);
    ok(
        &mut s,
        &format!("az network nsg rule delete {RG} --nsg-name nsg-data -n allow-sql"),
    );
    assert!(nsg(&s).rules.is_empty());

    ok(
        &mut s,
        &format!("az network private-dns zone create {RG} -n contoso.internal"),
    );
    ok(
        &mut s,
        &format!(
            "az network private-dns link vnet create {RG} -z contoso.internal -n link-data -v spoke-data-vnet -e true"
        ),
    );
    ok(
        &mut s,
        &format!(
            "az network private-dns record-set a add-record {RG} -z contoso.internal -n db -a 10.2.2.4"
        ),
    );
    let zone = s
        .topology
        .dns_zones
        .iter()
        .find(|z| z.name == "contoso.internal")
        .unwrap();
    assert!(
        zone.links.iter().any(|l| l == "spoke-data-vnet"),
        "{:?}",
        zone.links
    );
    assert_eq!(
        zone.records.get("db").map(|a| a.to_string()).as_deref(),
        Some("10.2.2.4")
    );

    // Peerings: one side is Initiated, both are Connected (RULES.md §2).
    ok(
        &mut s,
        &format!(
            "az network vnet peering create {RG} -n data-to-hub --vnet-name spoke-data-vnet --remote-vnet hub-vnet --allow-vnet-access"
        ),
    );
    assert_eq!(s.topology.peerings.len(), 1);
    ok(
        &mut s,
        &format!(
            "az network vnet peering create {RG} -n hub-to-data --vnet-name hub-vnet --remote-vnet spoke-data-vnet --allow-vnet-access"
        ),
    );
    let show = ok(
        &mut s,
        &format!("az network vnet peering show {RG} --vnet-name spoke-data-vnet -n data-to-hub"),
    );
    assert_eq!(json(&show)["peeringState"], "Connected");
    ok(
        &mut s,
        &format!(
            "az network vnet peering update {RG} --vnet-name spoke-data-vnet -n data-to-hub --set allowForwardedTraffic=true"
        ),
    );
    let p = s
        .topology
        .peerings
        .iter()
        .find(|p| p.name == "data-to-hub")
        .unwrap();
    assert!(p.allow_forwarded_traffic);
    ok(
        &mut s,
        &format!("az network vnet peering sync {RG} --vnet-name spoke-data-vnet -n data-to-hub"),
    );
    ok(
        &mut s,
        &format!("az network vnet peering delete {RG} --vnet-name hub-vnet -n hub-to-data"),
    );
    assert_eq!(s.topology.peerings.len(), 1);
    let show = ok(
        &mut s,
        &format!("az network vnet peering show {RG} --vnet-name spoke-data-vnet -n data-to-hub"),
    );
    assert_eq!(json(&show)["peeringState"], "Disconnected");

    // Read-only commands change nothing.
    let before = s.topology.clone();
    for line in [
        "az network vnet list".to_string(),
        format!("az network vnet show {RG} -n hub-vnet"),
        format!("az network vnet subnet list {RG} --vnet-name hub-vnet"),
        format!("az network vnet subnet show {RG} --vnet-name hub-vnet -n shared"),
        format!("az network vnet peering list {RG} --vnet-name spoke-data-vnet"),
        format!("az network route-table show {RG} -n rt-data"),
        format!("az network route-table route list {RG} --route-table-name rt-data"),
        format!("az network nsg show {RG} -n nsg-data"),
        format!("az network nsg rule list {RG} --nsg-name nsg-data --include-default"),
        "az network nic list".to_string(),
        format!("az network nic list-effective-nsg {RG} -n vm-web-nic"),
    ] {
        ok(&mut s, &line);
    }
    assert_eq!(s.topology, before);
}

#[test]
fn invalid_lines_fail_with_azs_own_words() {
    let mut s = chapter();
    let cases = [
        (
            "az network vnet peering create -g rg-network -n p --vnet-name hub-vnet".to_string(),
            "ERROR: the following arguments are required: --remote-vnet",
        ),
        (
            format!("az network vnet show {RG} -n hub-vnet --colour red"),
            "ERROR: unrecognized arguments: --colour red",
        ),
        (
            format!(
                "az network vnet peering create {RG} -n p --vnet-name hub-vnet --remote-vnet spoke-web-vnet --allow-vnet-acess"
            ),
            "ERROR: unrecognized arguments: --allow-vnet-acess\nDid you mean '--allow-vnet-access' ?",
        ),
        (
            "az network vnet peerng list -g rg-network --vnet-name hub-vnet".to_string(),
            "ERROR: 'peerng' is misspelled or not recognized by the system.\nDid you mean 'peering' ?",
        ),
        (
            format!(
                "az network route-table route create {RG} --route-table-name rt -n r --address-prefix 0.0.0.0/0 --next-hop-type Firewall"
            ),
            "ERROR: az network route-table route create: 'Firewall' is not a valid value for '--next-hop-type'. Allowed values: Internet, None, VirtualAppliance, VirtualNetworkGateway, VnetLocal.",
        ),
        (
            format!("az network vnet show {RG} --name"),
            "ERROR: argument --name/-n: expected one argument",
        ),
    ];
    for (line, want) in cases {
        assert_eq!(err(&mut s, &line), want, "{line}");
    }
    // A resource that does not exist is named in the error.
    let e = err(
        &mut s,
        &format!("az network vnet show {RG} -n nowhere-vnet"),
    );
    assert!(
        e.starts_with("ERROR: ") && e.contains("nowhere-vnet"),
        "{e}"
    );
    // Azure's refusal with its code where RULES.md §1 gives it: the spoke uses remote
    // gateways while the hub's side does not offer transit.
    ok(
        &mut s,
        &format!(
            "az network vnet peering create {RG} -n hub-to-spoke --vnet-name hub-vnet --remote-vnet spoke-web-vnet --allow-vnet-access"
        ),
    );
    let e = err(
        &mut s,
        &format!(
            "az network vnet peering create {RG} -n spoke-to-hub --vnet-name spoke-web-vnet --remote-vnet hub-vnet --allow-vnet-access --use-remote-gateways"
        ),
    );
    assert!(e.contains("AllowGatewayTransit flag set to false"), "{e}");
    // A failing command leaves the network as it was.
    assert_eq!(s.topology.peerings.len(), 1);
}

/// Key sets from Microsoft's documented examples: the REST reference's "Get peering" sample
/// response (az prints `properties` flattened into the object), "Network Watchers - Get Next
/// Hop" (NextHopResult), "Network Watchers - Verify IP Flow" (VerificationIPFlowResult) and
/// "Network Interfaces - Get Effective Route Table" (EffectiveRouteListResult).
#[test]
fn outputs_have_the_documented_shapes() {
    let mut s = peered();
    let peering = json(&ok(
        &mut s,
        &format!(
            "az network vnet peering show {RG} --vnet-name spoke-web-vnet -n spoke-web-to-hub"
        ),
    ));
    let want = set(&[
        "allowForwardedTraffic",
        "allowGatewayTransit",
        "allowVirtualNetworkAccess",
        "id",
        "name",
        "peeringState",
        "peeringSyncLevel",
        "provisioningState",
        "remoteAddressSpace",
        "remoteVirtualNetwork",
        "resourceGroup",
        "type",
        "useRemoteGateways",
    ]);
    let have = keys(&peering);
    assert!(
        want.is_subset(&have),
        "missing {:?}",
        want.difference(&have).collect::<Vec<_>>()
    );
    assert!(keys(&peering["remoteVirtualNetwork"]).contains("id"));
    assert!(peering["remoteAddressSpace"]["addressPrefixes"].is_array());
    assert_eq!(peering["useRemoteGateways"], true);

    let hop = json(&ok(
        &mut s,
        &format!(
            "az network watcher show-next-hop {RG} --vm vm-web --source-ip 10.1.1.4 --dest-ip 192.168.1.10"
        ),
    ));
    assert_eq!(
        keys(&hop),
        set(&["nextHopIpAddress", "nextHopType", "routeTableId"])
    );
    assert_eq!(hop["nextHopType"], "VirtualNetworkGateway");

    let flow = json(&ok(
        &mut s,
        &format!(
            "az network watcher test-ip-flow {RG} --vm vm-web --direction Outbound --protocol TCP --local 10.1.1.4:60000 --remote 10.0.2.4:443"
        ),
    ));
    assert_eq!(keys(&flow), set(&["access", "ruleName"]));

    let routes = json(&ok(
        &mut s,
        &format!("az network nic show-effective-route-table {RG} -n vm-web-nic"),
    ));
    assert!(keys(&routes).contains("value"));
    let rows = routes["value"].as_array().expect("value is a list");
    assert!(!rows.is_empty());
    let row_keys = set(&[
        "addressPrefix",
        "nextHopIpAddress",
        "nextHopType",
        "source",
        "state",
    ]);
    for r in rows {
        assert!(row_keys.is_subset(&keys(r)), "{r}");
        assert!(
            r["addressPrefix"].is_array() && r["nextHopIpAddress"].is_array(),
            "{r}"
        );
    }
}

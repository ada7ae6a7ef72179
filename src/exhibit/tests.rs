//! Expected tables written by hand from the content files (read the TOML, then the rows).

use super::*;

fn topo(text: &str) -> Topology {
    crate::model::parse_topology(text).unwrap().topology
}

fn hub() -> Topology {
    topo(include_str!(
        "../../content/topologies/chapter-hub-spoke.toml"
    ))
}

fn dns() -> Topology {
    topo(include_str!(
        "../../content/topologies/q-ops-custom-dns.toml"
    ))
}

fn rows(t: &Topology, sel: &str) -> Vec<Vec<String>> {
    let e = for_question(t, Some(&[sel.to_string()])).unwrap();
    assert_eq!(e.tables.len(), 1);
    let table = &e.tables[0];
    for r in &table.rows {
        assert_eq!(r.len(), table.columns.len(), "{sel}: {r:?}");
    }
    table.rows.clone()
}

fn expect(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[test]
fn vnets_list_every_subnet_with_what_is_attached() {
    assert_eq!(
        rows(&hub(), "vnets"),
        expect(&[
            &[
                "hub-vnet",
                "10.0.0.0/16",
                "eastus",
                "Default (Azure-provided)",
                "GatewaySubnet",
                "10.0.255.0/27",
                "-"
            ],
            &[
                "hub-vnet",
                "10.0.0.0/16",
                "eastus",
                "Default (Azure-provided)",
                "AzureFirewallSubnet",
                "10.0.1.0/26",
                "-"
            ],
            &[
                "spoke-web",
                "10.1.0.0/16",
                "eastus",
                "Default (Azure-provided)",
                "workload",
                "10.1.1.0/24",
                "rt-spoke-web"
            ],
            &[
                "spoke-data",
                "10.2.0.0/16",
                "eastus",
                "Default (Azure-provided)",
                "workload",
                "10.2.1.0/24",
                "rt-spoke-data"
            ],
        ])
    );
    let d = rows(&dns(), "vnets");
    assert_eq!(d[1][0], "spoke-app");
    assert_eq!(d[1][3], "Custom: 10.0.5.4", "vm-dns's address");
}

#[test]
fn peerings_show_each_side_with_its_status_and_flags() {
    let e = for_question(&hub(), Some(&["peerings".into()])).unwrap();
    assert_eq!(
        e.tables[0].columns,
        [
            "VNet",
            "Peering",
            "Status",
            "Remote VNet",
            "Access to remote VNet",
            "Forwarded traffic",
            "Gateway transit",
            "Use remote gateways"
        ]
    );
    assert_eq!(
        e.tables[0].rows,
        expect(&[
            &[
                "hub-vnet",
                "hub-to-spoke-web",
                "Connected",
                "spoke-web",
                "Enabled",
                "Enabled",
                "Enabled",
                "Disabled"
            ],
            &[
                "spoke-web",
                "spoke-web-to-hub",
                "Connected",
                "hub-vnet",
                "Enabled",
                "Enabled",
                "Disabled",
                "Enabled"
            ],
            &[
                "hub-vnet",
                "hub-to-spoke-data",
                "Connected",
                "spoke-data",
                "Enabled",
                "Enabled",
                "Enabled",
                "Disabled"
            ],
            &[
                "spoke-data",
                "spoke-data-to-hub",
                "Connected",
                "hub-vnet",
                "Enabled",
                "Enabled",
                "Disabled",
                "Enabled"
            ],
        ])
    );
}

#[test]
fn a_one_sided_peering_is_initiated_and_a_rejected_one_is_not_listed() {
    let one = topo(include_str!(
        "../../content/topologies/one-sided-peering-broken.toml"
    ));
    assert_eq!(
        rows(&one, "peerings"),
        expect(&[&[
            "hub-vnet",
            "hub-to-spoke-web",
            "Initiated",
            "spoke-web",
            "Enabled",
            "Disabled",
            "Disabled",
            "Disabled"
        ]])
    );
    // spoke-web's 10.0.128.0/17 overlaps hub-vnet: Azure refuses both sides.
    let overlap = topo(include_str!("../../content/topologies/overlap-broken.toml"));
    assert!(rows(&overlap, "peerings").is_empty());
}

#[test]
fn route_tables_show_attached_subnets_and_portal_next_hop_names() {
    assert_eq!(
        rows(&hub(), "routes"),
        expect(&[
            &[
                "rt-spoke-web",
                "spoke-web/workload",
                "to-data-via-fw",
                "10.2.0.0/16",
                "Virtual appliance",
                "10.0.1.4",
                "Yes"
            ],
            &[
                "rt-spoke-web",
                "spoke-web/workload",
                "default-via-fw",
                "0.0.0.0/0",
                "Virtual appliance",
                "10.0.1.4",
                "Yes"
            ],
            &[
                "rt-spoke-data",
                "spoke-data/workload",
                "to-web-via-fw",
                "10.1.0.0/16",
                "Virtual appliance",
                "10.0.1.4",
                "Yes"
            ],
        ])
    );
    assert_eq!(rows(&hub(), "routes:rt-spoke-data").len(), 1);
}

#[test]
fn nsg_rules_in_portal_order_and_defaults_on_request() {
    let custom = expect(&[
        &[
            "nsg-dns",
            "vm-dns (NIC)",
            "Inbound",
            "100",
            "allow-dns-udp",
            "53",
            "UDP",
            "VirtualNetwork",
            "Any",
            "Allow",
        ],
        &[
            "nsg-dns",
            "vm-dns (NIC)",
            "Inbound",
            "110",
            "allow-dns-tcp",
            "53",
            "TCP",
            "VirtualNetwork",
            "Any",
            "Allow",
        ],
        &[
            "nsg-dns",
            "vm-dns (NIC)",
            "Inbound",
            "4000",
            "deny-everything-else",
            "Any",
            "Any",
            "Any",
            "Any",
            "Deny",
        ],
    ]);
    assert_eq!(rows(&dns(), "nsgs"), custom);
    assert_eq!(rows(&dns(), "nsg:nsg-dns"), custom);
    let all = rows(&dns(), "nsg:nsg-dns+defaults");
    let names: Vec<(&str, &str, &str)> = all
        .iter()
        .map(|r| (r[2].as_str(), r[3].as_str(), r[4].as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("Inbound", "100", "allow-dns-udp"),
            ("Inbound", "110", "allow-dns-tcp"),
            ("Inbound", "4000", "deny-everything-else"),
            ("Inbound", "65000", "AllowVnetInBound"),
            ("Inbound", "65001", "AllowAzureLoadBalancerInBound"),
            ("Inbound", "65500", "DenyAllInBound"),
            ("Outbound", "65000", "AllowVnetOutBound"),
            ("Outbound", "65001", "AllowInternetOutBound"),
            ("Outbound", "65500", "DenyAllOutBound"),
        ]
    );
    assert_eq!(
        all[7][5..],
        ["Any", "Any", "Any", "Internet", "Allow"].map(String::from)
    );
}

#[test]
fn gateways_firewalls_vms_and_dns() {
    let t = hub();
    assert_eq!(
        rows(&t, "gateways"),
        expect(&[&[
            "hub-vnet",
            "VPN",
            "VpnGw1",
            "on-premises",
            "192.168.0.0/16",
            "Enabled",
            "-"
        ]])
    );
    assert_eq!(
        rows(&t, "firewalls"),
        expect(&[
            &[
                "hub-fw",
                "hub-vnet",
                "10.0.1.4",
                "1",
                "web-to-sql",
                "Allow",
                "TCP",
                "10.1.0.0/16",
                "10.2.0.0/16",
                "1433"
            ],
            &[
                "hub-fw",
                "hub-vnet",
                "10.0.1.4",
                "2",
                "spokes-to-on-premises",
                "Allow",
                "Any",
                "10.1.0.0/16, 10.2.0.0/16",
                "192.168.0.0/16",
                "Any"
            ],
            &[
                "hub-fw",
                "hub-vnet",
                "10.0.1.4",
                "3",
                "on-premises-to-spokes",
                "Allow",
                "Any",
                "192.168.0.0/16",
                "10.1.0.0/16, 10.2.0.0/16",
                "Any"
            ],
        ])
    );
    assert_eq!(
        rows(&t, "vms"),
        expect(&[
            &[
                "vm-web",
                "spoke-web",
                "workload",
                "10.1.1.4",
                "-",
                "Disabled",
                "-"
            ],
            &[
                "vm-sql",
                "spoke-data",
                "workload",
                "10.2.1.4",
                "-",
                "Disabled",
                "-"
            ],
            &[
                "dc-app",
                "on-premises (site)",
                "-",
                "192.168.1.10",
                "-",
                "-",
                "-"
            ],
        ])
    );
    let d = dns();
    assert_eq!(
        rows(&d, "dns"),
        expect(&[&["contoso.internal", "sql", "A", "10.2.1.4", "hub-vnet"]])
    );
    assert_eq!(
        rows(&d, "vms")[0][4..],
        ["nsg-dns", "Disabled", "DNS server"].map(String::from)
    );
}

#[test]
fn the_default_exhibit_has_the_picture_and_every_table() {
    let e = for_question(&hub(), None).unwrap();
    assert_eq!(
        e.titles(),
        [
            "Virtual networks",
            "Peerings",
            "Route tables",
            "Gateways and sites",
            "Firewalls",
            "Virtual machines"
        ]
    );
    let text: Vec<&str> = e.diagram.iter().map(|l| l.text.as_str()).collect();
    assert!(text.iter().any(|l| l.contains("| hub-vnet")), "{text:#?}");
    assert!(
        !text
            .iter()
            .any(|l| l.contains("Hub and spoke") || l.contains("Peerings (")),
        "no title (it may give the answer away) and no peering list: {text:#?}"
    );
    let j = e.to_json();
    assert_eq!(j["tables"][1]["title"], "Peerings");
    assert_eq!(j["tables"][1]["rows"][0][2], "Connected");
    assert_eq!(j["diagram"].as_array().unwrap().len(), e.diagram.len());
}

#[test]
fn the_text_form_fits_its_width() {
    let t = dns();
    for w in [60, 80, 120] {
        let opts = diagram::Options {
            width: w,
            ..default_options()
        };
        let e = build(&t, &default_selectors(&t), &opts);
        let s = exhibit_text(&e, w);
        for l in s.lines() {
            assert!(width(l) <= w, "{w}: {l:?}");
        }
        assert!(s.contains("deny-everything-else") || w < 120, "{s}");
    }
}

/// RULES.md §14, from peering-sync-broken.toml: hub-vnet grew and spoke-web's side was not
/// synced, so the table gains the sync column (hub side RemoteNotInSync, spoke side
/// LocalNotInSync); a network that never resized keeps the eight columns.
#[test]
fn peerings_show_the_sync_status_only_once_a_side_is_not_in_sync() {
    let t = topo(include_str!(
        "../../content/topologies/peering-sync-broken.toml"
    ));
    let e = for_question(&t, Some(&["peerings".to_string()])).unwrap();
    assert_eq!(
        e.tables[0].columns.last().map(String::as_str),
        Some("Peering sync status")
    );
    let r = rows(&t, "peerings");
    let last: Vec<(&str, &str)> = r
        .iter()
        .map(|r| (r[1].as_str(), r[r.len() - 1].as_str()))
        .collect();
    assert_eq!(
        last,
        [
            ("hub-to-spoke-web", "RemoteNotInSync"),
            ("spoke-web-to-hub", "LocalNotInSync")
        ]
    );
    let h = for_question(&hub(), Some(&["peerings".to_string()])).unwrap();
    assert_eq!(h.tables[0].columns.len(), 8);
}

/// RULES.md §10, from asg-tiers.toml: the VMs table lists each NIC's ASGs (vm-web2 none).
#[test]
fn vms_show_asg_membership_when_the_network_has_asgs() {
    let t = topo(include_str!("../../content/topologies/asg-tiers.toml"));
    let e = for_question(&t, Some(&["vms".to_string()])).unwrap();
    assert_eq!(
        e.tables[0].columns.last().map(String::as_str),
        Some("Application security groups")
    );
    let r = rows(&t, "vms");
    let last: Vec<(&str, &str)> = r
        .iter()
        .map(|r| (r[0].as_str(), r[r.len() - 1].as_str()))
        .collect();
    assert_eq!(
        last,
        [
            ("vm-web1", "asg-web"),
            ("vm-web2", "-"),
            ("vm-sql", "asg-sql")
        ]
    );
    let h = for_question(&hub(), Some(&["vms".to_string()])).unwrap();
    assert_eq!(h.tables[0].columns.len(), 7);
}

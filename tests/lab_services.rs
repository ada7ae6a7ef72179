//! The simulated az for the resources beside the network (issue 15's lab commands): Bastion,
//! private endpoints, service endpoints, the storage firewall, and application security groups. Each command's effect on the
//! network is judged by the evaluator (RULES.md §11–§13; the verdicts below were written from
//! those sections before running), invalid lines fail with their exact error, and outputs carry
//! the keys of the documented shapes (Azure REST "Bastion Hosts - Get", "Private Endpoints -
//! Get", the storage account's `networkRuleSet` as az prints it), written by hand.

mod common;

use common::lab::{err, json, ok, session};
use peerlab::lab::Session;
use serde_json::Value;
use std::collections::BTreeSet;

fn has_keys(v: &Value, want: &[&str]) {
    let got: BTreeSet<&str> = v
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .map(String::as_str)
        .collect();
    for k in want {
        assert!(got.contains(k), "{k} missing from {got:?}");
    }
}

fn holds(s: &Session) -> Vec<bool> {
    s.goals().iter().map(|g| g.holds).collect()
}

const SUBNET: &str = "az network vnet subnet create -g rg-network --vnet-name hub-vnet -n AzureBastionSubnet --address-prefixes 10.0.250.0/26";

#[test]
fn bastion_create_needs_its_subnet_and_a_sku_that_crosses_peering() {
    let mut s = session("bastion-peered-spoke");
    assert_eq!(
        err(
            &mut s,
            "az network bastion create -g rg-network -n bas-hub --vnet-name hub-vnet"
        ),
        "ERROR: The virtual network 'hub-vnet' has no subnet named AzureBastionSubnet. Bastion is deployed into that subnet (/26 or larger); create it first with `az network vnet subnet create`."
    );
    assert_eq!(
        err(
            &mut s,
            "az network bastion create -g rg-network --vnet-name hub-vnet"
        ),
        "ERROR: the following arguments are required: --name/-n"
    );
    ok(&mut s, SUBNET);
    assert_eq!(
        err(
            &mut s,
            "az network bastion create -g rg-network -n bas-hub --vnet-name hub-vnet --sku Basic --enable-ip-connect"
        ),
        "ERROR: IP-based connection requires the Standard or Premium SKU; 'Basic' does not have it."
    );
    assert_eq!(
        err(
            &mut s,
            "az network bastion create -g rg-network -n bas-hub --vnet-name hub-vnet --sku Free"
        ),
        "ERROR: az network bastion create: 'Free' is not a valid value for '--sku'. Allowed values: Basic, Developer, Premium, Standard."
    );
    // §11: Developer does not connect to peered VNets; the hub's own VM it reaches.
    let mut dev = session("bastion-peered-spoke");
    ok(&mut dev, SUBNET);
    ok(
        &mut dev,
        "az network bastion create -g rg-network -n bas-hub --vnet-name hub-vnet --sku Developer",
    );
    assert_eq!(holds(&dev), [true, false]);
    assert!(dev.goals()[1].detail.contains("bastion-unsupported-sku"));
    // Basic crosses the peering, but the spoke's side has access off (§11: vnet-access-disabled).
    let v = json(&ok(
        &mut s,
        "az network bastion create -g rg-network -n bas-hub --vnet-name hub-vnet --public-ip-address pip-bas --sku Basic",
    ));
    has_keys(
        &v,
        &[
            "id",
            "name",
            "type",
            "location",
            "sku",
            "ipConfigurations",
            "provisioningState",
            "scaleUnits",
        ],
    );
    assert_eq!(v["sku"]["name"], "Basic");
    assert_eq!(v["type"], "Microsoft.Network/bastionHosts");
    assert!(
        v["ipConfigurations"][0]["subnet"]["id"]
            .as_str()
            .unwrap()
            .ends_with("/virtualNetworks/hub-vnet/subnets/AzureBastionSubnet")
    );
    assert_eq!(holds(&s), [true, false]);
    assert!(s.goals()[1].detail.contains("vnet-access-disabled"));
    assert!(
        err(
            &mut s,
            "az network bastion create -g rg-network -n bas-hub --vnet-name hub-vnet --sku Basic"
        )
        .contains("already exists")
    );
}

#[test]
fn a_private_endpoint_takes_the_subnets_first_free_address_and_dns_decides_who_uses_it() {
    let mut s = session("private-endpoint-dns");
    let pe = "az network private-endpoint create -g rg-network -n pe-st --vnet-name spoke-app-vnet --subnet endpoints --group-id blob --connection-name c";
    assert_eq!(
        err(&mut s, pe),
        "ERROR: the following arguments are required: --private-connection-resource-id"
    );
    assert_eq!(
        err(
            &mut s,
            &format!("{pe} --private-connection-resource-id stnothere")
        ),
        "ERROR: The Resource 'Microsoft.Storage/storageAccounts/stnothere' under resource group 'rg-network' was not found."
    );
    assert_eq!(
        err(
            &mut s,
            "az network private-endpoint create -g rg-network -n pe-st --subnet endpoints --private-connection-resource-id stfinance --connection-name c"
        ),
        "ERROR: usage error: --subnet ID | --subnet NAME --vnet-name NAME"
    );
    assert!(
        err(
            &mut s,
            "az network private-endpoint create -g rg-network -n pe-st --vnet-name spoke-app-vnet --subnet nope --private-connection-resource-id stfinance --connection-name c"
        )
        .contains("virtualNetworks/spoke-app-vnet/subnets/nope")
    );
    let v = json(&ok(
        &mut s,
        &format!(
            "{pe} --private-connection-resource-id /subscriptions/x/resourceGroups/rg-network/providers/Microsoft.Storage/storageAccounts/stfinance"
        ),
    ));
    has_keys(
        &v,
        &[
            "id",
            "name",
            "type",
            "location",
            "subnet",
            "privateLinkServiceConnections",
            "manualPrivateLinkServiceConnections",
            "networkInterfaces",
            "customDnsConfigs",
            "provisioningState",
        ],
    );
    // .0-.3 are Azure's, so the first endpoint gets .4.
    assert_eq!(v["customDnsConfigs"][0]["ipAddresses"][0], "10.2.5.4");
    assert_eq!(
        v["privateLinkServiceConnections"][0]["privateLinkServiceConnectionState"]["status"],
        "Approved"
    );
    assert_eq!(s.topology.private_endpoints[0].ip.to_string(), "10.2.5.4");
    // §12: without a linked privatelink zone the name resolves to the public address, which
    // refuses all traffic.
    assert_eq!(holds(&s), [false, false]);
    let z = "privatelink.blob.core.windows.net";
    ok(
        &mut s,
        &format!("az network private-dns zone create -g rg-network -n {z}"),
    );
    ok(
        &mut s,
        &format!(
            "az network private-dns record-set a add-record -g rg-network -z {z} -n stfinance -a 10.2.5.4"
        ),
    );
    ok(
        &mut s,
        &format!(
            "az network private-dns link vnet create -g rg-network -z {z} -n l -v spoke-app-vnet -e false"
        ),
    );
    assert_eq!(holds(&s), [true, false]);
    // A second endpoint in the subnet gets the next address; a manual one is Pending and
    // carries nothing.
    let v = json(&ok(
        &mut s,
        "az network private-endpoint create -g rg-network -n pe-2 --vnet-name spoke-app-vnet --subnet endpoints --private-connection-resource-id stfinance --connection-name c --manual-request",
    ));
    assert_eq!(v["customDnsConfigs"][0]["ipAddresses"][0], "10.2.5.5");
    assert_eq!(
        v["manualPrivateLinkServiceConnections"][0]["privateLinkServiceConnectionState"]["status"],
        "Pending"
    );
    assert!(!s.topology.private_endpoints[1].approved);
}

#[test]
fn service_endpoints_and_network_rules_let_one_subnet_through_the_storage_firewall() {
    let mut s = session("service-endpoints");
    assert_eq!(
        err(
            &mut s,
            "az storage account network-rule add -g rg-network --account-name stdata --subnet app"
        ),
        "ERROR: incorrect usage: [--subnet ID | --subnet NAME --vnet-name NAME]"
    );
    assert_eq!(
        err(
            &mut s,
            "az storage account network-rule add -g rg-network --account-name stdata"
        ),
        "ERROR: incorrect usage: [--subnet ID | --subnet NAME --vnet-name NAME | --ip-address IP]"
    );
    assert_eq!(
        err(
            &mut s,
            "az storage account network-rule add -g rg-network -n stnone --ip-address 203.0.113.9"
        ),
        "ERROR: The Resource 'Microsoft.Storage/storageAccounts/stnone' under resource group 'rg-network' was not found."
    );
    assert_eq!(
        err(
            &mut s,
            "az network vnet subnet update -g rg-network --vnet-name spoke-app-vnet -n app --private-endpoint-network-policies Sometimes"
        ),
        "ERROR: az network vnet subnet update: 'Sometimes' is not a valid value for '--private-endpoint-network-policies'. Allowed values: Disabled, Enabled, NetworkSecurityGroupEnabled, RouteTableEnabled."
    );
    // §13: the VNet rule alone does not help: without the endpoint the subnet comes from a
    // public address.
    let rules = json(&ok(
        &mut s,
        "az storage account network-rule add -g rg-network --account-name stdata --vnet-name spoke-app-vnet --subnet app",
    ));
    has_keys(
        &rules,
        &[
            "bypass",
            "defaultAction",
            "ipRules",
            "virtualNetworkRules",
            "resourceAccessRules",
        ],
    );
    assert_eq!(rules["defaultAction"], "Deny");
    assert!(
        rules["virtualNetworkRules"][0]["virtualNetworkResourceId"]
            .as_str()
            .unwrap()
            .ends_with("/virtualNetworks/spoke-app-vnet/subnets/app")
    );
    assert_eq!(holds(&s), [false, true]);
    let sn = json(&ok(
        &mut s,
        "az network vnet subnet update -g rg-network --vnet-name spoke-app-vnet -n app --service-endpoints Microsoft.Storage",
    ));
    assert_eq!(sn["serviceEndpoints"][0]["service"], "Microsoft.Storage");
    assert_eq!(holds(&s), [true, true]);
    let ip = json(&ok(
        &mut s,
        "az storage account network-rule add -g rg-network -n stdata --ip-address 203.0.113.0/24",
    ));
    assert_eq!(ip["ipRules"][0]["ipAddressOrRange"], "203.0.113.0/24");
    // `""` empties the list again, and the subnet falls back to its public source.
    let sn = json(&ok(
        &mut s,
        "az network vnet subnet update -g rg-network --vnet-name spoke-app-vnet -n app --service-endpoints \"\" --private-endpoint-network-policies Enabled",
    ));
    assert!(sn.get("serviceEndpoints").is_none(), "{sn}");
    assert_eq!(sn["privateEndpointNetworkPolicies"], "Enabled");
    assert_eq!(holds(&s), [false, true]);
}

#[test]
fn help_lists_the_new_commands_and_their_flags() {
    let mut s = session("service-endpoints");
    let h = ok(&mut s, "az network bastion create --help");
    for f in [
        "--vnet-name",
        "--sku",
        "--enable-ip-connect",
        "--public-ip-address",
        "[Required]",
    ] {
        assert!(h.contains(f), "{f} missing from\n{h}");
    }
    let h = ok(&mut s, "az network private-endpoint create --help");
    for f in [
        "--private-connection-resource-id",
        "--connection-name",
        "--group-id",
        "--manual-request",
        "--subnet",
    ] {
        assert!(h.contains(f), "{f} missing from\n{h}");
    }
    let h = ok(&mut s, "az storage account network-rule --help");
    assert!(h.contains("add"), "{h}");
    let h = ok(&mut s, "az network vnet subnet update --help");
    assert!(h.contains("--service-endpoints") && h.contains("--private-endpoint-network-policies"));
}

#[test]
fn asgs_match_only_their_member_nics() {
    let mut s = session("asg-nsg-rule");
    let rule = "az network nsg rule create -g rg-network --nsg-name nsg-data -n allow-web-sql --priority 200 --source-asgs asg-web --destination-asgs asg-sql --protocol Tcp --destination-port-ranges 1433";
    assert_eq!(
        err(&mut s, &rule.replace("asg-sql", "asg-db")),
        "ERROR: The Resource 'Microsoft.Network/applicationSecurityGroups/asg-db' under resource group 'rg-network' was not found."
    );
    assert_eq!(
        err(
            &mut s,
            &format!("{rule} --source-address-prefixes 10.2.1.0/24")
        ),
        "ERROR: a rule names its source by --source-address-prefixes or by --source-asgs, not both"
    );
    let v = json(&ok(&mut s, rule));
    // ARM's securityRule: a side given by ASGs has `*ApplicationSecurityGroups`, no prefix.
    has_keys(
        &v,
        &[
            "sourceApplicationSecurityGroups",
            "destinationApplicationSecurityGroups",
        ],
    );
    assert!(v.get("sourceAddressPrefix").is_none(), "{v}");
    assert!(
        v["destinationApplicationSecurityGroups"][0]["id"]
            .as_str()
            .unwrap()
            .ends_with("/applicationSecurityGroups/asg-sql")
    );
    // §10: an ASG with no member matches nothing, so the rule lets nobody in yet.
    assert_eq!(holds(&s), [false, true, true]);
    let web = "az network nic ip-config update -g rg-network --nic-name vm-web-nic -n ipconfig1 --application-security-groups asg-web";
    let v = json(&ok(&mut s, web));
    assert!(
        v["applicationSecurityGroups"][0]["id"]
            .as_str()
            .unwrap()
            .ends_with("/asg-web")
    );
    assert_eq!(holds(&s), [false, true, true]);
    ok(
        &mut s,
        "az network nic ip-config update -g rg-network --nic-name vm-sql-nic -n ipconfig1 --application-security-groups asg-sql",
    );
    assert_eq!(holds(&s), [true, true, true]);
    // vm-jump in asg-web too would be let in: the keep goal then fails.
    ok(
        &mut s,
        "az network nic ip-config update -g rg-network --nic-name vm-jump-nic -n ipconfig1 --application-security-groups asg-web",
    );
    assert_eq!(holds(&s), [true, false, true]);
    // `""` leaves every ASG again.
    ok(
        &mut s,
        "az network nic ip-config update -g rg-network --nic-name vm-jump-nic -n ipconfig1 --application-security-groups \"\"",
    );
    assert_eq!(holds(&s), [true, true, true]);
    assert!(
        err(
            &mut s,
            "az network nic ip-config update -g rg-network --nic-name vm-web-nic -n ipconfig2"
        )
        .ends_with("/ipConfigurations/ipconfig2' under resource group 'rg-network' was not found.")
    );
}

//! `az network route-table` (and its routes) and `az network nsg` (and its rules).

use super::*;

const RT_N: Arg = req("name", Some('n'), "Name of the route table.");
const RT_NAME: Arg = req("route-table-name", None, "Route table name.");
const ROUTE_N: Arg = req("name", Some('n'), "Route name.");
const BGP: Arg = flag(
    "disable-bgp-route-propagation",
    "Disable routes learned by BGP.",
);
const NSG_N: Arg = req("name", Some('n'), "Name of the network security group.");
const NSG_NAME: Arg = req("nsg-name", None, "Name of the network security group.");
const RULE_N: Arg = req(
    "name",
    Some('n'),
    "Name of the network security group rule.",
);
const ACCESS: &[&str] = &["Allow", "Deny"];
const DIRECTION: &[&str] = &["Inbound", "Outbound"];
const PROTOCOL: &[&str] = &["*", "Ah", "Esp", "Icmp", "Tcp", "Udp"];
const DESCRIPTION: Arg = opt("description", None, "Rule description.");
const SOURCE_ASGS: Arg = list(
    "source-asgs",
    false,
    "Space-separated list of application security group names or IDs.",
);
const DESTINATION_ASGS: Arg = list(
    "destination-asgs",
    false,
    "Space-separated list of application security group names or IDs.",
);

const RT_IDS: Ids = &[
    ("resourceGroups", "resource-group"),
    ("routeTables", "name"),
];
const NSG_IDS: Ids = &[
    ("resourceGroups", "resource-group"),
    ("networkSecurityGroups", "name"),
];

pub(super) const COMMANDS: &[Cmd] = &[
    cmd(
        "network route-table create",
        "Create a route table.",
        &[RG, RT_N, BGP, LOCATION],
        NO_IDS,
    ),
    cmd(
        "network route-table show",
        "Get the details of a route table.",
        &[RG, RT_N],
        RT_IDS,
    ),
    cmd(
        "network route-table update",
        "Update a route table.",
        &[RG, RT_N, BGP],
        RT_IDS,
    ),
    cmd(
        "network route-table route create",
        "Create a route in a route table.",
        &[
            RG,
            RT_NAME,
            ROUTE_N,
            req(
                "address-prefix",
                None,
                "The destination CIDR to which the route applies.",
            ),
            choice(
                "next-hop-type",
                true,
                &[
                    "Internet",
                    "None",
                    "VirtualAppliance",
                    "VirtualNetworkGateway",
                    "VnetLocal",
                ],
                "The type of Azure hop the packet should be sent to.",
            ),
            opt(
                "next-hop-ip-address",
                None,
                "The IP address packets should be forwarded to when using the VirtualAppliance hop type.",
            ),
        ],
        NO_IDS,
    ),
    cmd(
        "network route-table route delete",
        "Delete a route from a route table.",
        &[RG, RT_NAME, ROUTE_N],
        NO_IDS,
    ),
    cmd(
        "network route-table route list",
        "List routes in a route table.",
        &[RG, RT_NAME],
        NO_IDS,
    ),
    cmd(
        "network nsg create",
        "Create a network security group.",
        &[RG, NSG_N, LOCATION],
        NO_IDS,
    ),
    cmd(
        "network nsg show",
        "Get information about a network security group.",
        &[RG, NSG_N],
        NSG_IDS,
    ),
    cmd(
        "network nsg rule create",
        "Create a network security group rule.",
        &[
            RG,
            NSG_NAME,
            RULE_N,
            req(
                "priority",
                None,
                "Rule priority, between 100 (highest priority) and 4096 (lowest priority). Must be unique for each rule in the collection.",
            ),
            choice(
                "access",
                false,
                ACCESS,
                "Allow or deny traffic. Default: Allow.",
            ),
            choice(
                "direction",
                false,
                DIRECTION,
                "Direction of traffic. Default: Inbound.",
            ),
            choice(
                "protocol",
                false,
                PROTOCOL,
                "Network protocol this rule applies to. Default: *.",
            ),
            list(
                "source-address-prefixes",
                false,
                "Space-separated list of CIDR prefixes or IP ranges, or a service tag (VirtualNetwork, Internet). Default: *.",
            ),
            list(
                "source-port-ranges",
                false,
                "Space-separated list of ports or port ranges between 0-65535. Default: *.",
            ),
            list(
                "destination-address-prefixes",
                false,
                "Space-separated list of CIDR prefixes or IP ranges, or a service tag. Default: *.",
            ),
            list(
                "destination-port-ranges",
                false,
                "Space-separated list of ports or port ranges between 0-65535. Default: 80.",
            ),
            DESCRIPTION,
            SOURCE_ASGS,
            DESTINATION_ASGS,
        ],
        NO_IDS,
    ),
    cmd(
        "network nsg rule update",
        "Update a network security group rule.",
        &[
            RG,
            NSG_NAME,
            RULE_N,
            opt("priority", None, "Rule priority, between 100 and 4096."),
            choice("access", false, ACCESS, "Allow or deny traffic."),
            choice("direction", false, DIRECTION, "Direction of traffic."),
            choice(
                "protocol",
                false,
                PROTOCOL,
                "Network protocol this rule applies to.",
            ),
            list(
                "source-address-prefixes",
                false,
                "Space-separated list of CIDR prefixes or IP ranges, or a service tag.",
            ),
            list(
                "source-port-ranges",
                false,
                "Space-separated list of ports or port ranges.",
            ),
            list(
                "destination-address-prefixes",
                false,
                "Space-separated list of CIDR prefixes or IP ranges, or a service tag.",
            ),
            list(
                "destination-port-ranges",
                false,
                "Space-separated list of ports or port ranges.",
            ),
            DESCRIPTION,
            SOURCE_ASGS,
            DESTINATION_ASGS,
        ],
        NO_IDS,
    ),
    cmd(
        "network nsg rule delete",
        "Delete a network security group rule.",
        &[RG, NSG_NAME, RULE_N],
        NO_IDS,
    ),
    cmd(
        "network nsg rule list",
        "List all rules in a network security group.",
        &[
            RG,
            NSG_NAME,
            flag(
                "include-default",
                "Include default security rules in the output.",
            ),
        ],
        NO_IDS,
    ),
];

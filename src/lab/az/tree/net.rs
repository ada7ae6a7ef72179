//! `az network vnet`, `vnet subnet` and `vnet peering`: the commands of the chapter's outline.

use super::*;

pub(super) const VNET_N: Arg = req("name", Some('n'), "The virtual network (VNet) name.");
const SUBNET_N: Arg = req("name", Some('n'), "The subnet name.");
const PEERING_N: Arg = req("name", Some('n'), "The name of the VNet peering.");
const VNET_PREFIXES: Arg = list(
    "address-prefixes",
    false,
    "Space-separated list of IP address prefixes for the VNet.",
);

const VNET_IDS: Ids = &[
    ("resourceGroups", "resource-group"),
    ("virtualNetworks", "name"),
];
const SUBNET_IDS: Ids = &[
    ("resourceGroups", "resource-group"),
    ("virtualNetworks", "vnet-name"),
    ("subnets", "name"),
];
const PEERING_IDS: Ids = &[
    ("resourceGroups", "resource-group"),
    ("virtualNetworks", "vnet-name"),
    ("virtualNetworkPeerings", "name"),
];

/// The four peering commands that name one side and take nothing else.
const PEERING_SIDE: &[Arg] = &[RG, PEERING_N, VNET_NAME];

pub(super) const COMMANDS: &[Cmd] = &[
    cmd(
        "network vnet list",
        "List virtual networks.",
        &[RG_OPT],
        NO_IDS,
    ),
    cmd(
        "network vnet show",
        "Get the details of a virtual network.",
        &[RG, VNET_N],
        VNET_IDS,
    ),
    cmd(
        "network vnet create",
        "Create a virtual network.",
        &[
            RG,
            VNET_N,
            VNET_PREFIXES,
            LOCATION,
            opt(
                "subnet-name",
                None,
                "Name of a new subnet to create within the VNet.",
            ),
            list(
                "subnet-prefixes",
                false,
                "Space-separated list of address prefixes in CIDR format for the new subnet.",
            ),
        ],
        NO_IDS,
    ),
    cmd(
        "network vnet update",
        "Update a virtual network.",
        &[RG, VNET_N, VNET_PREFIXES],
        VNET_IDS,
    ),
    cmd(
        "network vnet subnet show",
        "Show details of a subnet.",
        &[RG, VNET_NAME, SUBNET_N],
        SUBNET_IDS,
    ),
    cmd(
        "network vnet subnet list",
        "List the subnets in a virtual network.",
        &[RG, VNET_NAME],
        NO_IDS,
    ),
    cmd(
        "network vnet subnet create",
        "Create a subnet and associate an existing NSG and route table.",
        &[
            RG,
            VNET_NAME,
            SUBNET_N,
            list(
                "address-prefixes",
                true,
                "Space-separated list of address prefixes in CIDR format.",
            ),
            opt(
                "network-security-group",
                None,
                "Name or ID of a network security group (NSG).",
            ),
            opt(
                "route-table",
                None,
                "Name or ID of a route table to associate with the subnet.",
            ),
        ],
        NO_IDS,
    ),
    cmd(
        "network vnet subnet update",
        "Update a subnet.",
        &[
            RG,
            VNET_NAME,
            SUBNET_N,
            opt(
                "network-security-group",
                None,
                "Name or ID of a network security group (NSG). Use \"\" to detach it.",
            ),
            opt(
                "route-table",
                None,
                "Name or ID of a route table to associate with the subnet. Use \"\" to detach it.",
            ),
            list(
                "service-endpoints",
                false,
                "Space-separated list of services allowed private access to this subnet (e.g. Microsoft.Storage). Use \"\" to remove them all.",
            ),
            choice(
                "private-endpoint-network-policies",
                false,
                &[
                    "Disabled",
                    "Enabled",
                    "NetworkSecurityGroupEnabled",
                    "RouteTableEnabled",
                ],
                "Manage network policy for private endpoint.",
            ),
        ],
        SUBNET_IDS,
    ),
    cmd(
        "network vnet peering create",
        "Create a virtual network peering connection. To successfully peer two virtual networks this command must be called twice with the values for --vnet-name and --remote-vnet reversed.",
        &[
            RG,
            PEERING_N,
            VNET_NAME,
            req("remote-vnet", None, "Name or ID of the remote VNet."),
            // Off unless given, as every flag here: the aaz `network vnet peering create`
            // schema says `default=False` (Azure/azure-cli; the portal's default is on, see
            // Azure/azure-cli#26066 and RULES.md §3).
            flag(
                "allow-vnet-access",
                "Allows access from the local VNet to the remote VNet.",
            ),
            flag(
                "allow-forwarded-traffic",
                "Allows forwarded traffic from the local VNet to the remote VNet.",
            ),
            flag(
                "allow-gateway-transit",
                "Allows gateway link to be used in the remote VNet.",
            ),
            flag(
                "use-remote-gateways",
                "Allows VNet to use the remote VNet's gateway. Remote VNet gateway must have --allow-gateway-transit enabled for remote peering. Only 1 peering can have this flag enabled. Cannot be set if the VNet already has a gateway.",
            ),
        ],
        NO_IDS,
    ),
    cmd(
        "network vnet peering update",
        "Update a peering.",
        &[
            RG,
            PEERING_N,
            VNET_NAME,
            list(
                "set",
                false,
                "Update an object by specifying a property path and value to set. Example: --set allowForwardedTraffic=true",
            ),
        ],
        PEERING_IDS,
    ),
    cmd(
        "network vnet peering delete",
        "Delete a peering.",
        PEERING_SIDE,
        PEERING_IDS,
    ),
    cmd(
        "network vnet peering list",
        "List peerings.",
        &[RG, VNET_NAME],
        NO_IDS,
    ),
    cmd(
        "network vnet peering show",
        "Show details of a peering.",
        PEERING_SIDE,
        PEERING_IDS,
    ),
    cmd(
        "network vnet peering sync",
        "Sync a virtual network peering connection.",
        PEERING_SIDE,
        PEERING_IDS,
    ),
];

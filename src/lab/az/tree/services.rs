//! The commands of the resources beside the network (issue 15; RULES.md §11–§13): Bastion,
//! private endpoints, and the storage account firewall. Flags and help lines follow the Azure
//! CLI reference (`az network bastion create`, `az network private-endpoint create`,
//! `az storage account network-rule add`; Azure/azure-cli and Azure/aaz).

use super::*;

pub(super) const COMMANDS: &[Cmd] = &[
    cmd(
        "network bastion create",
        "Create the specified Bastion Host.",
        &[
            RG,
            req("name", Some('n'), "The name of the Bastion Host."),
            VNET_NAME,
            opt(
                "public-ip-address",
                None,
                "Name or ID of the Azure public IP. The SKU of the public IP must be Standard.",
            ),
            LOCATION,
            choice(
                "sku",
                false,
                &["Basic", "Developer", "Premium", "Standard"],
                "SKU of this Bastion Host. Default: Standard.",
            ),
            flag(
                "enable-ip-connect",
                "Enable/Disable IP connect (Standard and Premium SKU only).",
            ),
        ],
        NO_IDS,
    ),
    cmd(
        "network private-endpoint create",
        "Create a private endpoint.",
        &[
            RG,
            req("name", Some('n'), "Name of the private endpoint."),
            req(
                "subnet",
                None,
                "Name or ID of an existing subnet. If name is specified, also specify --vnet-name.",
            ),
            opt(
                "vnet-name",
                None,
                "The virtual network (VNet) associated with the subnet (omit if supplying a subnet id).",
            ),
            req(
                "private-connection-resource-id",
                None,
                "The resource id of the private endpoint to connect to.",
            ),
            req(
                "connection-name",
                None,
                "Name of the private link service connection.",
            ),
            list(
                "group-id",
                false,
                "The ID of the group obtained from the remote resource that this private endpoint should connect to (e.g. blob).",
            ),
            flag(
                "manual-request",
                "Use manual request to establish the connection. Configure it as 'true' when you don't have access to the subscription of private link service.",
            ),
            LOCATION,
        ],
        NO_IDS,
    ),
    cmd(
        "storage account network-rule add",
        "Add a network rule.",
        &[
            opt("resource-group", Some('g'), "Name of resource group."),
            req("account-name", Some('n'), "The storage account name."),
            opt("ip-address", None, "IPv4 address or CIDR range."),
            opt(
                "subnet",
                None,
                "Name or ID of subnet. If name is supplied, `--vnet-name` must be supplied.",
            ),
            opt("vnet-name", None, "Name of a virtual network."),
            opt("action", None, "The action of virtual network rule."),
        ],
        NO_IDS,
    ),
];

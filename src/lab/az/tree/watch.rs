//! `az network private-dns`, `az network watcher` and `az network nic`: name resolution and
//! the diagnostics the evaluator answers.

use super::*;

const ZONE_NAME: Arg = req("zone-name", Some('z'), "The name of the Private DNS zone.");
const VM: Arg = req("vm", None, "Name or ID of the VM to target.");
const NIC_OPT: Arg = opt("nic", None, "Name or ID of the NIC resource to test.");
const NIC_N: Arg = req("name", Some('n'), "Name of the network interface (NIC).");

pub(super) const COMMANDS: &[Cmd] = &[
    cmd(
        "network private-dns zone create",
        "Create a Private DNS zone.",
        &[
            RG,
            req("name", Some('n'), "The name of the Private DNS zone."),
        ],
        NO_IDS,
    ),
    cmd(
        "network private-dns link vnet create",
        "Create a virtual network link to the specified Private DNS zone.",
        &[
            RG,
            ZONE_NAME,
            req("name", Some('n'), "The name of the virtual network link."),
            req(
                "virtual-network",
                Some('v'),
                "Name or ID of the virtual network.",
            ),
            req(
                "registration-enabled",
                Some('e'),
                "Specify if the link is registration enabled (true or false).",
            ),
        ],
        NO_IDS,
    ),
    cmd(
        "network private-dns record-set a add-record",
        "Add an A record.",
        &[
            RG,
            ZONE_NAME,
            req("record-set-name", Some('n'), "The name of the record set."),
            req(
                "ipv4-address",
                Some('a'),
                "IPV4 address in string notation.",
            ),
        ],
        NO_IDS,
    ),
    cmd(
        "network watcher show-next-hop",
        "Get information on the 'next hop' of a VM.",
        &[
            RG,
            VM,
            req("source-ip", None, "Source IPv4 address."),
            req("dest-ip", None, "Destination IPv4 address."),
            NIC_OPT,
        ],
        NO_IDS,
    ),
    cmd(
        "network watcher test-ip-flow",
        "Test IP flow to/from a VM given the currently configured network security group rules.",
        &[
            RG,
            VM,
            choice(
                "direction",
                true,
                &["Inbound", "Outbound"],
                "Direction of the packet relative to the VM.",
            ),
            choice("protocol", true, &["TCP", "UDP"], "Protocol to test."),
            req(
                "local",
                None,
                "The private IPv4 address for the VM's NIC and the port of the packet in X.X.X.X:PORT format.",
            ),
            req(
                "remote",
                None,
                "The IPv4 address and port for the remote side of the packet X.X.X.X:PORT format.",
            ),
            NIC_OPT,
        ],
        NO_IDS,
    ),
    cmd(
        "network nic list",
        "List network interfaces.",
        &[RG_OPT],
        NO_IDS,
    ),
    cmd(
        "network nic ip-config update",
        "Update an IP configuration of a network interface.",
        &[
            RG,
            req("nic-name", None, "The network interface (NIC)."),
            req("name", Some('n'), "The name of the IP configuration."),
            list(
                "application-security-groups",
                false,
                "Space-separated list of application security groups. Use \"\" to leave them all.",
            ),
        ],
        NO_IDS,
    ),
    cmd(
        "network nic update",
        "Update a network interface.",
        &[
            RG,
            NIC_N,
            flag(
                "ip-forwarding",
                "Enable IP forwarding (the NIC may forward traffic not addressed to it).",
            ),
        ],
        NO_IDS,
    ),
    cmd(
        "network nic show-effective-route-table",
        "Show the effective route table applied to a network interface.",
        &[RG, NIC_N],
        NO_IDS,
    ),
    cmd(
        "network nic list-effective-nsg",
        "List all effective network security groups applied to a network interface.",
        &[RG, NIC_N],
        NO_IDS,
    ),
];

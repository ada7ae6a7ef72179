//! Running a parsed command against the lab's topology. A command either reads (and returns
//! the JSON az would print) or plans changes: the changed topology, proven valid, plus what to
//! show from it afterwards (a created peering is shown with the state the new topology gives it).

mod peering;
mod routing;
mod services;
mod vnet;
mod watch;

pub use crate::lab::change::Change;

use super::json::Scope;
use super::{Args, AzError, Invocation};
use crate::eval::Network;
use crate::model::{Topology, Vnet};
use serde_json::Value;

/// What to print once the plan is applied.
#[derive(Debug, Clone, PartialEq)]
pub enum Show {
    Nothing,
    Value(Value),
    /// The result is this resource as it stands in the changed topology; `wrap` puts it in
    /// an object under that key, as `az network vnet create` (`newVNet`) does.
    Peering {
        vnet: String,
        name: String,
    },
    Vnet {
        name: String,
        wrap: Option<&'static str>,
    },
    Subnet {
        vnet: String,
        name: String,
    },
    RouteTable(String),
    Route {
        table: String,
        name: String,
    },
    Nsg {
        name: String,
        wrap: Option<&'static str>,
    },
    NsgRule {
        nsg: String,
        name: String,
    },
    Zone(String),
    ZoneLink {
        zone: String,
        link: String,
        vnet: String,
        registration: bool,
    },
    Record {
        zone: String,
        name: String,
    },
    /// A VM's NIC.
    Nic(String),
    /// The IP configuration of a VM's NIC.
    NicIpConfig(String),
}

/// A command's effect: the topology after it (when it changes anything), the changes that
/// made it, and what to print.
#[derive(Debug, Clone)]
pub struct Plan {
    pub topology: Option<Topology>,
    pub changes: Vec<Change>,
    pub show: Show,
}

impl Plan {
    fn read(v: Value) -> Self {
        Plan {
            topology: None,
            changes: Vec::new(),
            show: Show::Value(v),
        }
    }
}

/// The lab's world as one command sees it.
pub struct Ctx<'t> {
    pub t: &'t Topology,
    pub scope: &'t Scope,
}

/// Azure resource names compare without regard to case; the model's do not, so every name a
/// learner types is matched to the model's spelling first.
fn same(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// The last segment of a resource ID, or the name itself.
pub(super) fn leaf(name_or_id: &str) -> &str {
    if name_or_id.starts_with('/') {
        name_or_id
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or(name_or_id)
    } else {
        name_or_id
    }
}

impl<'t> Ctx<'t> {
    /// az refuses a resource group that does not exist before it looks at anything else.
    fn rg(&self, args: &Args) -> Result<(), AzError> {
        match args.get("resource-group") {
            Some(g) if !same(g, &self.scope.resource_group) => {
                Err(AzError(format!("Resource group '{g}' could not be found.")))
            }
            _ => Ok(()),
        }
    }

    /// ARM's "not found" for a resource type and name (Learn, "Resolve errors for resource
    /// not found"); peerlab prints the message without ARM's code, which RULES.md does not list.
    fn not_found(&self, kind: &str, name: &str) -> AzError {
        AzError(format!(
            "The Resource 'Microsoft.Network/{kind}/{name}' under resource group '{}' was not found.",
            self.scope.resource_group
        ))
    }

    fn vnet(&self, name_or_id: &str) -> Result<&'t Vnet, AzError> {
        let name = leaf(name_or_id);
        self.t
            .vnets
            .iter()
            .find(|v| same(&v.name, name))
            .ok_or_else(|| self.not_found("virtualNetworks", name))
    }

    fn net(&self) -> Network<'t> {
        Network::new(self.t)
    }
}

/// The model's spelling of each application security group named (or given by ID), or
/// ARM's "not found" for the first that does not exist (RULES.md §10).
pub(super) fn asg_names(ctx: &Ctx, given: &[&str]) -> Result<Vec<String>, AzError> {
    given
        .iter()
        .filter(|g| !g.is_empty())
        .map(|g| {
            let name = leaf(g);
            ctx.t
                .asgs
                .iter()
                .find(|x| same(&x.name, name))
                .map(|x| x.name.clone())
                .ok_or_else(|| ctx.not_found("applicationSecurityGroups", name))
        })
        .collect()
}

/// Runs one parsed line.
pub fn run(t: &Topology, scope: &Scope, inv: &Invocation) -> Result<Plan, AzError> {
    let ctx = Ctx { t, scope };
    let a = &inv.args;
    ctx.rg(a)?;
    match inv.cmd.path {
        "network vnet list" => vnet::list(&ctx),
        "network vnet show" => vnet::show(&ctx, a),
        "network vnet create" => vnet::create(&ctx, a),
        "network vnet update" => vnet::update(&ctx, a),
        "network vnet subnet show" => vnet::subnet_show(&ctx, a),
        "network vnet subnet list" => vnet::subnet_list(&ctx, a),
        "network vnet subnet create" => vnet::subnet_create(&ctx, a),
        "network vnet subnet update" => vnet::subnet_update(&ctx, a),
        "network vnet peering create" => peering::create(&ctx, a),
        "network vnet peering update" => peering::update(&ctx, a),
        "network vnet peering delete" => peering::delete(&ctx, a),
        "network vnet peering list" => peering::list(&ctx, a),
        "network vnet peering show" => peering::show(&ctx, a),
        "network vnet peering sync" => peering::sync(&ctx, a),
        "network route-table create" => routing::table_create(&ctx, a),
        "network route-table show" => routing::table_show(&ctx, a),
        "network route-table update" => routing::table_update(&ctx, a),
        "network route-table route create" => routing::route_create(&ctx, a),
        "network route-table route delete" => routing::route_delete(&ctx, a),
        "network route-table route list" => routing::route_list(&ctx, a),
        "network nsg create" => routing::nsg_create(&ctx, a),
        "network nsg show" => routing::nsg_show(&ctx, a),
        "network nsg rule create" => routing::rule_create(&ctx, a),
        "network nsg rule update" => routing::rule_update(&ctx, a),
        "network nsg rule delete" => routing::rule_delete(&ctx, a),
        "network nsg rule list" => routing::rule_list(&ctx, a),
        "network private-dns zone create" => watch::zone_create(&ctx, a),
        "network private-dns link vnet create" => watch::link_create(&ctx, a),
        "network private-dns record-set a add-record" => watch::record_add(&ctx, a),
        "network watcher show-next-hop" => watch::next_hop(&ctx, a),
        "network watcher test-ip-flow" => watch::ip_flow(&ctx, a),
        "network nic list" => watch::nic_list(&ctx),
        "network nic update" => watch::nic_update(&ctx, a),
        "network nic ip-config update" => watch::ipconfig_update(&ctx, a),
        "network nic show-effective-route-table" => watch::nic_routes(&ctx, a),
        "network nic list-effective-nsg" => watch::nic_nsgs(&ctx, a),
        "network bastion create" => services::bastion_create(&ctx, a),
        "network private-endpoint create" => services::endpoint_create(&ctx, a),
        "storage account network-rule add" => services::network_rule_add(&ctx, a),
        other => Err(AzError(format!(
            "'{other}' is declared but peerlab does not run it yet"
        ))),
    }
}

/// Applies `changes` to the context's topology, or turns the model's refusal into az's error.
fn plan(ctx: &Ctx, changes: Vec<Change>, show: Show) -> Result<Plan, AzError> {
    let next = crate::lab::change::apply_all(ctx.t, &changes).map_err(AzError)?;
    Ok(Plan {
        topology: Some(next),
        changes,
        show,
    })
}

/// Renders what a plan shows from the topology it produced.
pub fn render_show(t: &Topology, scope: &Scope, show: &Show) -> Option<Value> {
    use super::json;
    let net = Network::new(t);
    let wrap = |key: Option<&'static str>, v: Value| match key {
        Some(k) => serde_json::json!({ k: v }),
        None => v,
    };
    Some(match show {
        Show::Nothing => return None,
        Show::Value(v) => v.clone(),
        Show::Peering { vnet, name } => {
            let i = t
                .peerings
                .iter()
                .position(|p| &p.vnet == vnet && &p.name == name)?;
            json::peering(scope, t, &t.peerings[i], net.peering_state(i)?)
        }
        Show::Vnet { name, wrap: w } => wrap(*w, json::vnet(scope, &net, t.vnet(name)?)),
        Show::Subnet { vnet, name } => json::subnet(scope, vnet, t.vnet(vnet)?.subnet(name)?),
        Show::RouteTable(name) => json::route_table(scope, t, t.route_table(name)?),
        Show::Route { table, name } => {
            let rt = t.route_table(table)?;
            json::route(scope, table, rt.routes.iter().find(|r| &r.name == name)?)
        }
        Show::Nsg { name, wrap: w } => wrap(*w, json::nsg(scope, t, t.nsg(name)?)),
        Show::NsgRule { nsg, name } => {
            let n = t.nsg(nsg)?;
            json::nsg_rule(scope, nsg, n.rules.iter().find(|r| &r.name == name)?, false)
        }
        Show::Nic(vm) => json::nic(scope, t.vm(vm)?),
        Show::NicIpConfig(vm) => json::nic(scope, t.vm(vm)?)["ipConfigurations"][0].clone(),
        Show::Zone(name) => json::dns_zone(scope, t.dns_zones.iter().find(|z| &z.name == name)?),
        Show::ZoneLink {
            zone,
            link,
            vnet,
            registration,
        } => json::zone_link(scope, zone, link, vnet, *registration),
        Show::Record { zone, name } => {
            let z = t.dns_zones.iter().find(|z| &z.name == zone)?;
            let ips: Vec<String> = z
                .records
                .iter()
                .filter(|(n, _)| *n == name)
                .map(|(_, ip)| ip.to_string())
                .collect();
            json::record_set(scope, zone, name, &ips)
        }
    })
}

//! Where boxes and links go. Each shape places its VNet boxes in rows that fit the width;
//! links are short connectors whose characters show the link's state, numbered to match the
//! peering list under the picture. A link a shape cannot draw sends the picture to the grid,
//! where each box names its links, so no peering is ever silently left out of the picture.

use super::canvas::{ASCII, Canvas, Pen, UNICODE, wrap};
use super::links::{LinkState, PeeringPair, key, pairs};
use super::{Line, Mark, Options};
use crate::model::{GatewayKind, Topology, Vnet};
use std::collections::BTreeSet;

/// The narrowest box: room for a /16 and a short name.
const MIN_BOX: usize = 16;
/// A side connector: `--(12)--`.
const CONN: usize = 8;
/// The shortest connector that still shows two characters of the link's state: `-(1)--`.
const MIN_CONN: usize = 6;

enum Shape {
    /// A VNet peered with two or more others, and every other peered VNet peered with it.
    Hub(String),
    /// VNets peered in a line (two VNets are a line of two).
    Chain(Vec<String>),
    /// Two hubs peered with each other, every other VNet peered with one of them.
    TwoHubs(String, String),
    /// Anything else: boxes in rows, links in the list and named in each box.
    Grid,
}

fn neighbours(ps: &[PeeringPair], v: &str) -> Vec<String> {
    let mut out: Vec<String> = ps
        .iter()
        .filter(|p| p.connects(v))
        .map(|p| p.other(v).to_string())
        .collect();
    out.dedup();
    out
}

/// A hub's spokes, those peered with another spoke first: the two beside the hub are the ones
/// a link under the hub can join.
fn hub_spokes(ps: &[PeeringPair], hub: &str) -> Vec<String> {
    let mut spokes = neighbours(ps, hub);
    let linked = |s: &String| {
        ps.iter()
            .any(|p| p.connects(s) && !p.connects(hub) && spokes_peer(ps, hub, p))
    };
    let (mut first, rest): (Vec<String>, Vec<String>) = spokes.drain(..).partition(linked);
    first.extend(rest);
    first
}

/// Whether `p` joins two spokes of `hub`.
fn spokes_peer(ps: &[PeeringPair], hub: &str, p: &PeeringPair) -> bool {
    let spokes = neighbours(ps, hub);
    spokes.contains(&p.a) && spokes.contains(&p.b)
}

fn detect(t: &Topology, ps: &[PeeringPair]) -> Shape {
    let names: Vec<&str> = t.vnets.iter().map(|v| v.name.as_str()).collect();
    let degree = |v: &str| neighbours(ps, v).len();
    let linked: Vec<&str> = names.iter().copied().filter(|v| degree(v) > 0).collect();
    // A line: degrees at most 2, two ends, one fewer link than VNets, all connected. Three
    // in a line are drawn as a hub with spokes left and right (the same picture, plus sites).
    if linked.len() >= 2
        && linked.len() != 3
        && ps.len() == linked.len() - 1
        && linked.iter().all(|v| degree(v) <= 2)
    {
        if let Some(start) = linked.iter().find(|v| degree(v) == 1) {
            let mut order = vec![start.to_string()];
            while let Some(next) = neighbours(ps, order.last().expect("non-empty"))
                .into_iter()
                .find(|n| !order.contains(n))
            {
                order.push(next);
            }
            if order.len() == linked.len() {
                return Shape::Chain(order);
            }
        }
    }
    let mut by_degree: Vec<&str> = linked.clone();
    by_degree.sort_by_key(|v| std::cmp::Reverse(degree(v)));
    if let Some(&hub) = by_degree.first()
        && degree(hub) >= 2
    {
        let spokes = hub_spokes(ps, hub);
        // Spoke-to-spoke links can be drawn only between the two side spokes.
        let others: Vec<&PeeringPair> = ps.iter().filter(|p| !p.connects(hub)).collect();
        let side: BTreeSet<&str> = spokes.iter().take(2).map(String::as_str).collect();
        let drawable = others
            .iter()
            .all(|p| side.contains(p.a.as_str()) && side.contains(p.b.as_str()));
        if linked
            .iter()
            .all(|v| *v == hub || spokes.iter().any(|s| s == v))
            && drawable
        {
            return Shape::Hub(hub.to_string());
        }
        if let Some(&other) = by_degree.get(1)
            && degree(other) >= 2
            && spokes.iter().any(|s| s == other)
        {
            let theirs = neighbours(ps, other);
            let only_hub_links = ps.iter().all(|p| p.connects(hub) || p.connects(other));
            // A VNet peered with both hubs would hang under each of them: drawn twice (a
            // third reading found a spoke-to-spoke peering of a mesh drawn that way).
            let shared = theirs
                .iter()
                .any(|s| s != hub && spokes.iter().any(|x| x == s));
            if only_hub_links
                && !shared
                && linked.iter().all(|v| {
                    *v == hub
                        || *v == other
                        || spokes.iter().any(|s| s == v)
                        || theirs.iter().any(|s| s == v)
                })
            {
                return Shape::TwoHubs(hub.to_string(), other.to_string());
            }
        }
    }
    if linked.len() == 2 {
        return Shape::Chain(linked.iter().map(|s| s.to_string()).collect());
    }
    Shape::Grid
}

/// An on-premises site's box in the band above the gateways.
struct SiteBox {
    width: usize,
    /// The centre column of the gateway VNet it connects to.
    center: usize,
    lines: Vec<(String, Mark)>,
    col: usize,
    kind: &'static str,
}

struct Ctx<'a> {
    t: &'a Topology,
    opts: &'a Options,
    pen: Pen,
    ps: Vec<PeeringPair>,
    /// Regions are shown only when they differ (global peering).
    regions: bool,
    /// Subscriptions (and tenants) likewise, only when they differ (RULES.md §15).
    subscriptions: bool,
    tenants: bool,
    grid_links: bool,
    /// The hub whose spokes' boxes name their peerings with each other.
    spoke_labels: Option<String>,
}

impl Ctx<'_> {
    fn on_path(&self, vnet: &str) -> bool {
        self.opts
            .path
            .as_ref()
            .is_some_and(|m| m.vnets.contains(vnet))
    }

    fn box_lines(&self, v: &Vnet) -> Vec<(String, Mark)> {
        let t = self.t;
        let mut lines = Vec::new();
        if self.on_path(&v.name) {
            lines.push((format!("* {}", v.name), Mark::Path));
        } else {
            lines.push((v.name.clone(), Mark::Title));
        }
        for n in &v.address_space {
            lines.push((n.to_string(), Mark::Plain));
        }
        if self.regions {
            lines.push((v.region.clone(), Mark::Plain));
        }
        if self.subscriptions {
            lines.push((format!("sub {}", v.subscription), Mark::Plain));
        }
        if self.tenants {
            lines.push((format!("tenant {}", v.tenant), Mark::Plain));
        }
        if let Some(g) = &v.gateway {
            let label = match g.kind {
                GatewayKind::Vpn => "[VPN GW]",
                GatewayKind::ExpressRoute => "[ER GW]",
            };
            lines.push((label.to_string(), Mark::Gateway));
        }
        for f in t.firewalls.iter().filter(|f| f.vnet == v.name) {
            lines.push((format!("fw {} {}", f.name, f.ip), Mark::Appliance));
        }
        for m in t
            .vms
            .iter()
            .filter(|m| m.vnet == v.name && (m.ip_forwarding || m.forwards))
        {
            let off = match (m.ip_forwarding, m.forwards) {
                (true, true) => "",
                (false, _) => "  (IP forwarding off)",
                (true, false) => "  (OS routing off)",
            };
            lines.push((format!("nva {} {}", m.name, m.ip), Mark::Appliance));
            if !off.is_empty() {
                lines.push((off.to_string(), Mark::Broken));
            }
        }
        lines.extend(super::services::box_lines(t, v));
        if self.opts.detail {
            for s in &v.subnets {
                let mut extra = Vec::new();
                if let Some(rt) = &s.route_table {
                    extra.push(format!("rt {rt}"));
                }
                if let Some(n) = &s.nsg {
                    extra.push(format!("nsg {n}"));
                }
                extra.extend(super::services::subnet_extra(s));
                let extra = if extra.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", extra.join(", "))
                };
                lines.push((format!("{} {}{extra}", s.name, s.prefix), Mark::Plain));
                for m in t
                    .vms
                    .iter()
                    .filter(|m| m.vnet == v.name && m.subnet == s.name)
                {
                    lines.push((format!("  {} {}", m.name, m.ip), Mark::Plain));
                }
            }
        }
        if let Some(hub) = &self.spoke_labels {
            for p in self
                .ps
                .iter()
                .filter(|p| p.connects(&v.name) && !p.connects(hub))
            {
                // The link's state in words, as its line's characters would show it.
                let (state, mark) = match p.state() {
                    LinkState::Connected => ("", Mark::Plain),
                    LinkState::OneSided => (", one side", Mark::Broken),
                    LinkState::Broken => (", broken", Mark::Broken),
                };
                lines.push((
                    format!("({}) peered with {}{state}", p.number, p.other(&v.name)),
                    mark,
                ));
            }
        }
        if self.grid_links {
            let links: Vec<String> = self
                .ps
                .iter()
                .filter(|p| p.connects(&v.name))
                .map(|p| format!("({})", p.number))
                .collect();
            if !links.is_empty() {
                lines.push((format!("peerings {}", links.join(" ")), Mark::Plain));
            }
        }
        lines
    }

    /// The width the boxes of `names` would like (their longest line), at least `MIN_BOX`.
    fn need(&self, names: &[String]) -> usize {
        names
            .iter()
            .filter_map(|n| self.t.vnet(n))
            .flat_map(|v| self.box_lines(v))
            .map(|(s, _)| s.chars().count() + 4)
            .max()
            .unwrap_or(MIN_BOX)
            .max(MIN_BOX)
    }

    fn pair(&self, a: &str, b: &str) -> Option<&PeeringPair> {
        let (x, y) = key(a, b);
        self.ps.iter().find(|p| p.a == x && p.b == y)
    }

    /// The character and mark of a link, by its state; on the traced path the mark says so
    /// (and the number is starred), but the characters still show the state.
    fn link_style(&self, a: &str, b: &str, vertical: bool) -> (char, Mark) {
        let on_path = self
            .opts
            .path
            .as_ref()
            .is_some_and(|m| m.links.contains(&key(a, b)));
        let state = self.pair(a, b).map_or(LinkState::Broken, |p| p.state());
        let (ch, mark) = match (state, vertical) {
            (LinkState::Connected, false) => (self.pen.h, Mark::Plain),
            (LinkState::Connected, true) => (self.pen.v, Mark::Plain),
            (LinkState::OneSided, false) => (self.pen.dot_h, Mark::Broken),
            (LinkState::OneSided, true) => (self.pen.dot_v, Mark::Broken),
            (LinkState::Broken, _) => (self.pen.broken, Mark::Broken),
        };
        if on_path {
            (ch, Mark::Path)
        } else {
            (ch, mark)
        }
    }

    /// The link's number as drawn, starred when the traced path uses the link.
    fn number(&self, a: &str, b: &str) -> String {
        let on_path = self
            .opts
            .path
            .as_ref()
            .is_some_and(|m| m.links.contains(&key(a, b)));
        let star = if on_path { "*" } else { "" };
        self.pair(a, b)
            .map_or_else(String::new, |p| format!("{star}({})", p.number))
    }

    fn draw_box(&self, c: &mut Canvas, row: usize, col: usize, width: usize, vnet: &str) -> usize {
        let Some(v) = self.t.vnet(vnet) else { return 0 };
        let mark = if self.on_path(vnet) {
            Mark::Path
        } else {
            Mark::Plain
        };
        c.boxed(row, col, width, &self.box_lines(v), &self.pen, mark)
    }

    /// A horizontal link between two boxes on `row`, from column `from` to `to` inclusive.
    fn side_link(&self, c: &mut Canvas, row: usize, from: usize, to: usize, a: &str, b: &str) {
        let (ch, mark) = self.link_style(a, b, false);
        c.hline(row, from, to, ch, mark);
        let label = self.number(a, b);
        let len = label.chars().count();
        let span = to + 1 - from;
        if span >= len {
            c.text(
                row,
                from + span.saturating_sub(len).div_ceil(2),
                &label,
                mark,
            );
        }
    }

    /// The on-premises sites of every gateway among `anchors` (VNet, centre column), in one
    /// band above them: each site box sits over its gateway VNet, with a line down to it.
    /// Returns the rows used.
    fn site_band(
        &self,
        c: &mut Canvas,
        row: usize,
        anchors: &[(String, usize)],
        (lo, hi): (usize, usize),
    ) -> usize {
        let t = self.t;
        let mut boxes: Vec<SiteBox> = Vec::new();
        for (vnet, center) in anchors {
            let Some(g) = t.vnet(vnet).and_then(|v| v.gateway.as_ref()) else {
                continue;
            };
            let kind = if g.kind == GatewayKind::Vpn {
                "VPN"
            } else {
                "ExpressRoute"
            };
            for s in g.sites.iter().filter_map(|n| t.site(n)) {
                let prefixes: Vec<String> = s.prefixes.iter().map(|p| p.to_string()).collect();
                let label = if s.name.contains("on-prem") {
                    s.name.clone()
                } else {
                    format!("{} (on-premises)", s.name)
                };
                let mut lines = vec![
                    (label, Mark::Gateway),
                    (
                        format!(
                            "{} {}",
                            prefixes.join(" "),
                            if s.bgp { "BGP" } else { "static" }
                        ),
                        Mark::Plain,
                    ),
                ];
                if !s.bgp {
                    let back: Vec<String> = s.static_routes.iter().map(|p| p.to_string()).collect();
                    lines.push((
                        format!(
                            "routes back {}",
                            if back.is_empty() {
                                "none".to_string()
                            } else {
                                back.join(" ")
                            }
                        ),
                        Mark::Plain,
                    ));
                }
                let want = lines
                    .iter()
                    .map(|(l, _)| l.chars().count() + 4)
                    .max()
                    .unwrap_or(MIN_BOX);
                boxes.push(SiteBox {
                    width: want.clamp(MIN_BOX, 34),
                    center: *center,
                    lines,
                    col: 0,
                    kind,
                });
            }
        }
        if boxes.is_empty() {
            return 0;
        }
        // Fit the widths, then place each box over its gateway, shifted right past the last.
        let total: usize = boxes.iter().map(|b| b.width + 1).sum();
        if total > hi - lo {
            let each = ((hi - lo) / boxes.len()).saturating_sub(1).max(10);
            for b in &mut boxes {
                b.width = b.width.min(each);
            }
        }
        let mut next = lo;
        let mut height = 0;
        let n = boxes.len();
        for i in 0..n {
            let w = boxes[i].width;
            let remaining: usize = boxes[i + 1..].iter().map(|b| b.width + 1).sum();
            let ideal = boxes[i].center.saturating_sub(w / 2);
            let col = ideal
                .max(next)
                .min(hi.saturating_sub(w + remaining))
                .max(next);
            boxes[i].col = col;
            next = col + w + 1;
            height = height.max(c.boxed(row, col, w, &boxes[i].lines, &self.pen, Mark::Gateway));
        }
        // Lines down: from each site's centre to its gateway VNet's centre.
        let drop = row + height;
        for SiteBox {
            width: w,
            center,
            col,
            kind,
            ..
        } in &boxes
        {
            // Straight down when the gateway lies under the site box; an elbow otherwise.
            let from = if (*col..col + w).contains(center) {
                *center
            } else {
                col + w / 2
            };
            c.put(drop, from, self.pen.v, Mark::Gateway);
            if from != *center {
                c.hline(
                    drop + 1,
                    from.min(*center),
                    from.max(*center),
                    self.pen.h,
                    Mark::Gateway,
                );
            }
            c.put(drop + 1, *center, self.pen.v, Mark::Gateway);
            c.put(drop + 2, *center, self.pen.v, Mark::Gateway);
            c.text(drop + 2, center + 2, kind, Mark::Gateway);
        }
        height + 3
    }

    /// Boxes of `spokes` hanging below a box whose bottom centre is (`row`, `center`), in
    /// rows within columns `lo..hi`, centred under it when they fit. Returns the next free row.
    fn below(
        &self,
        c: &mut Canvas,
        (row, center): (usize, usize),
        hub: &str,
        spokes: &[String],
        (lo, hi): (usize, usize),
    ) -> usize {
        if spokes.is_empty() {
            return row;
        }
        let avail = hi - lo;
        let need = self.need(spokes);
        let mut k = spokes.len().min(4);
        let mut bw = 0;
        while k > 0 {
            bw = (avail.saturating_sub(3 + 2 * (k - 1))) / k;
            if bw >= MIN_BOX {
                break;
            }
            k -= 1;
        }
        let k = k.max(1);
        let bw = bw.min(need).max(MIN_BOX.min(avail.saturating_sub(3)));
        let trunk = lo + 1;
        let mut r = row;
        c.put(r, center, self.pen.v, Mark::Plain);
        r += 1;
        for (i, chunk) in spokes.chunks(k).enumerate() {
            let row_w = chunk.len() * (bw + 2) - 2;
            // The first row sits under the hub when it fits; later rows hang off the trunk.
            let start = if i == 0 {
                center
                    .saturating_sub(row_w / 2)
                    .clamp(lo + 3, hi.saturating_sub(row_w).max(lo + 3))
            } else {
                lo + 3
            };
            let centers: Vec<usize> = (0..chunk.len())
                .map(|j| start + j * (bw + 2) + bw / 2)
                .collect();
            let from = if i == 0 {
                centers[0].min(center)
            } else {
                trunk
            };
            let to =
                centers
                    .last()
                    .copied()
                    .unwrap_or(center)
                    .max(if i == 0 { center } else { trunk });
            c.hline(r, from, to, self.pen.h, Mark::Plain);
            if i > 0 {
                c.put(r, trunk, self.pen.bl, Mark::Plain);
            }
            for (j, s) in chunk.iter().enumerate() {
                let (ch, mark) = self.link_style(hub, s, true);
                c.put(r + 1, centers[j], ch, mark);
                c.text(r + 1, centers[j] + 1, &self.number(hub, s), mark);
                c.put(r + 2, centers[j], ch, mark);
            }
            let mut tallest = 0;
            for (j, s) in chunk.iter().enumerate() {
                tallest = tallest.max(self.draw_box(c, r + 3, start + j * (bw + 2), bw, s));
            }
            let bottom = r + 3 + tallest;
            if (i + 1) * k < spokes.len() {
                // The trunk runs down the left edge to the next row.
                let top = if i == 0 { r } else { r + 1 };
                c.vline(trunk, top, bottom, self.pen.v, Mark::Plain);
                c.hline(r, trunk, from, self.pen.h, Mark::Plain);
                c.put(r, trunk, self.pen.tl, Mark::Plain);
            }
            r = bottom;
        }
        r
    }

    /// A hub with spokes to its left and right, the rest below, sites above.
    /// The hub's width, the side boxes' width, and how many spokes fit beside the hub.
    fn hub_sides(&self, hub: &str, spokes: &[String]) -> (usize, usize, usize) {
        let w = self.opts.width;
        // The hub gets the width it needs; the spokes beside it share what is left.
        let hub_need = self.need(&[hub.to_string()]);
        let hub_w = hub_need
            .min(w.saturating_sub(2 * (CONN + MIN_BOX)))
            .max(MIN_BOX)
            .min(w);
        let side_w = (w.saturating_sub(hub_w + 2 * CONN) / 2)
            .min(self.need(&spokes.iter().take(2).cloned().collect::<Vec<_>>()));
        let sides = if side_w >= MIN_BOX && !spokes.is_empty() {
            spokes.len().min(2)
        } else {
            0
        };
        let hub_w = if sides > 0 { hub_w } else { hub_need.min(w) };
        (hub_w, side_w, sides)
    }

    /// Whether the hub picture can draw its spoke-to-spoke peering as a line: both spokes
    /// beside the hub and none below it (the line runs underneath the hub, where the spokes
    /// below would cross it).
    fn hub_draws_all(&self, hub: &str) -> bool {
        let spokes = hub_spokes(&self.ps, hub);
        let spoke_links = self.ps.iter().filter(|p| !p.connects(hub)).count();
        spoke_links == 0 || (self.hub_sides(hub, &spokes).2 == 2 && spokes.len() == 2)
    }

    fn hub(&self, c: &mut Canvas, top: usize, hub: &str) -> usize {
        let w = self.opts.width;
        let spokes = hub_spokes(&self.ps, hub);
        let (hub_w, side_w, sides) = self.hub_sides(hub, &spokes);
        let row_w = hub_w + sides * (side_w + CONN);
        let start = (w - row_w.min(w)) / 2;
        let hub_col = if sides > 0 {
            start + side_w + CONN
        } else {
            start
        };
        let center = hub_col + hub_w / 2;
        let right_col = hub_col + hub_w + CONN;
        let mut anchors = vec![(hub.to_string(), center)];
        if sides >= 1 {
            anchors.push((spokes[0].clone(), start + side_w / 2));
        }
        if sides == 2 {
            anchors.push((spokes[1].clone(), right_col + side_w / 2));
        }
        anchors.sort_by_key(|a| a.1);
        let mut r = top;
        r += self.site_band(c, r, &anchors, (0, w));
        let hub_h = self.draw_box(c, r, hub_col, hub_w, hub);
        let mut side_bottom = 0;
        if sides >= 1 {
            let s = &spokes[0];
            side_bottom = side_bottom.max(self.draw_box(c, r, start, side_w, s));
            self.side_link(c, r + 1, start + side_w, hub_col - 1, s, hub);
        }
        if sides == 2 {
            let s = &spokes[1];
            side_bottom = side_bottom.max(self.draw_box(c, r, right_col, side_w, s));
            self.side_link(c, r + 1, hub_col + hub_w, right_col - 1, hub, s);
        }
        let mut bottom = r + hub_h.max(side_bottom);
        // A direct link between the two side spokes runs underneath the hub (when nothing
        // hangs below it; else the spokes' boxes name it).
        if sides == 2 && self.spoke_labels.is_none() && self.pair(&spokes[0], &spokes[1]).is_some()
        {
            let (a, b) = (&spokes[0], &spokes[1]);
            let (ch, mark) = self.link_style(a, b, true);
            let (ca, cb) = (start + side_w / 2, right_col + side_w / 2);
            let low = bottom + 1;
            c.vline(ca, r + side_bottom, low, ch, mark);
            c.vline(cb, r + side_bottom, low, ch, mark);
            let (hch, _) = self.link_style(a, b, false);
            c.hline(low, ca, cb, hch, mark);
            let label = self.number(a, b);
            c.text(low, (ca + cb) / 2 - 1, &label, mark);
            bottom = low + 1;
        }
        let rest: Vec<String> = spokes.into_iter().skip(sides).collect();
        let end = self.below(c, (r + hub_h, center), hub, &rest, (0, w));
        end.max(bottom)
    }

    fn chain(&self, c: &mut Canvas, top: usize, order: &[String]) -> usize {
        let w = self.opts.width;
        let need = self.need(order).min(w);
        // Connectors shrink (to `-(1)--`) before the line wraps.
        let k = ((w + MIN_CONN) / (need + MIN_CONN)).clamp(1, order.len());
        let bw = if k > 1 {
            need.min((w - MIN_CONN * (k - 1)) / k)
        } else {
            need
        };
        let conn = if k > 1 {
            ((w - k * bw) / (k - 1)).clamp(MIN_CONN, CONN)
        } else {
            CONN
        };
        let mut r = top;
        let anchors: Vec<(String, usize)> = order
            .iter()
            .take(k)
            .enumerate()
            .map(|(i, n)| (n.clone(), i * (bw + conn) + bw / 2))
            .collect();
        r += self.site_band(c, r, &anchors, (0, w));
        for (row_i, chunk) in order.chunks(k).enumerate() {
            let mut tallest = 0;
            for (j, v) in chunk.iter().enumerate() {
                let col = j * (bw + conn);
                tallest = tallest.max(self.draw_box(c, r, col, bw, v));
                if j > 0 {
                    self.side_link(c, r + 1, col - conn, col - 1, &chunk[j - 1], v);
                }
            }
            let bottom = r + tallest;
            if let Some(next) = order.get((row_i + 1) * k) {
                // Wrap: from under the last box of this row to above the first of the next.
                let prev = chunk.last().expect("non-empty chunk");
                let (ch, mark) = self.link_style(prev, next, true);
                let (hch, _) = self.link_style(prev, next, false);
                let last_center = (chunk.len() - 1) * (bw + conn) + bw / 2;
                c.put(bottom, last_center, ch, mark);
                c.hline(bottom + 1, bw / 2, last_center, hch, mark);
                c.put(bottom + 2, bw / 2, ch, mark);
                c.text(bottom + 2, bw / 2 + 1, &self.number(prev, next), mark);
                r = bottom + 3;
            } else {
                r = bottom;
            }
        }
        r
    }

    fn two_hubs(&self, c: &mut Canvas, top: usize, a: &str, b: &str) -> usize {
        let w = self.opts.width;
        let half = w / 2;
        let hw =
            (half.saturating_sub(CONN / 2 + 1)).min(self.need(&[a.to_string(), b.to_string()]));
        let a_col = half.saturating_sub(CONN / 2 + hw);
        let b_col = half + CONN / 2;
        let mut r = top;
        r += self.site_band(
            c,
            r,
            &[
                (a.to_string(), a_col + hw / 2),
                (b.to_string(), b_col + hw / 2),
            ],
            (0, w),
        );
        let ha = self.draw_box(c, r, a_col, hw, a);
        let hb = self.draw_box(c, r, b_col, hw, b);
        self.side_link(c, r + 1, a_col + hw, b_col - 1, a, b);
        let spokes_of = |h: &str, other: &str| -> Vec<String> {
            neighbours(&self.ps, h)
                .into_iter()
                .filter(|s| s != other)
                .collect()
        };
        let ea = self.below(c, (r + ha, a_col + hw / 2), a, &spokes_of(a, b), (0, half));
        let eb = self.below(c, (r + hb, b_col + hw / 2), b, &spokes_of(b, a), (half, w));
        ea.max(eb)
    }

    /// Boxes in rows; each box names its links (the list under the picture details them).
    fn grid(&self, c: &mut Canvas, top: usize, names: &[String]) -> usize {
        if names.is_empty() {
            return top;
        }
        let w = self.opts.width;
        let need = self.need(names).max(MIN_BOX);
        let k = ((w + 2) / (need.min(w) + 2)).clamp(1, names.len());
        let bw = ((w - 2 * (k - 1)) / k).min(need);
        let mut r = top;
        let anchors: Vec<(String, usize)> = names
            .iter()
            .take(k)
            .enumerate()
            .map(|(j, n)| (n.clone(), j * (bw + 2) + bw / 2))
            .collect();
        r += self.site_band(c, r, &anchors, (0, w));
        for chunk in names.chunks(k) {
            let mut tallest = 0;
            for (j, n) in chunk.iter().enumerate() {
                tallest = tallest.max(self.draw_box(c, r, j * (bw + 2), bw, n));
            }
            r += tallest + 1;
        }
        r
    }
}

/// The picture part of the diagram (the peering list comes after it).
pub fn picture(t: &Topology, opts: &Options) -> Vec<Line> {
    let regions = t.vnets.iter().any(|v| v.region != t.vnets[0].region);
    let subscriptions = t
        .vnets
        .iter()
        .any(|v| v.subscription != t.vnets[0].subscription);
    let tenants = t.vnets.iter().any(|v| v.tenant != t.vnets[0].tenant);
    let ps = pairs(t);
    let shape = detect(t, &ps);
    let grid_links = matches!(shape, Shape::Grid);
    let mut ctx = Ctx {
        t,
        opts,
        pen: if opts.unicode { UNICODE } else { ASCII },
        ps,
        regions,
        subscriptions,
        tenants,
        grid_links,
        spoke_labels: None,
    };
    // A spoke-to-spoke peering the hub picture cannot draw as a line: each of its two boxes
    // names it, so every VNet is still drawn once.
    if let Shape::Hub(h) = &shape
        && !ctx.hub_draws_all(h)
    {
        ctx.spoke_labels = Some(h.clone());
    }
    let mut c = Canvas::new(opts.width);
    let mut top = 0;
    if let Some(title) = &t.meta.title {
        for l in wrap(title, opts.width) {
            c.text(top, 0, &l, Mark::Title);
            top += 1;
        }
        top += 1;
    }
    let (end, placed): (usize, Vec<String>) = match shape {
        Shape::Hub(h) => {
            let mut placed = hub_spokes(&ctx.ps, &h);
            placed.push(h.clone());
            (ctx.hub(&mut c, top, &h), placed)
        }
        Shape::Chain(order) => (ctx.chain(&mut c, top, &order), order),
        Shape::TwoHubs(a, b) => {
            let mut placed = neighbours(&ctx.ps, &a);
            placed.extend(neighbours(&ctx.ps, &b));
            (ctx.two_hubs(&mut c, top, &a, &b), placed)
        }
        Shape::Grid => {
            let all: Vec<String> = t.vnets.iter().map(|v| v.name.clone()).collect();
            (ctx.grid(&mut c, top, &all), all)
        }
    };
    // VNets the shape left out (peered with nothing drawn) still appear.
    let rest: Vec<String> = t
        .vnets
        .iter()
        .map(|v| v.name.clone())
        .filter(|n| !placed.contains(n))
        .collect();
    if !rest.is_empty() {
        c.text(
            end + 1,
            0,
            "Not peered with the network above:",
            Mark::Plain,
        );
        ctx.grid(&mut c, end + 2, &rest);
    }
    let mut lines = c.into_lines();
    lines.extend(super::services::band(t, opts.width));
    lines
}

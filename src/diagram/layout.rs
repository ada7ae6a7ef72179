//! Where boxes and links go. Each shape places its VNet boxes in rows that fit the width;
//! links are short connectors whose characters show the link's state, numbered to match the
//! peering list under the picture.

use super::canvas::{ASCII, Canvas, Pen, UNICODE, fit};
use super::links::{LinkState, PeeringPair, key, pairs};
use super::{Line, Mark, Options};
use crate::model::{GatewayKind, Topology, Vnet};

/// The narrowest box: room for a /16 and a short name.
const MIN_BOX: usize = 16;
/// A side connector: `--(12)--`.
const CONN: usize = 8;

enum Shape {
    /// A VNet peered with two or more others, and every other peered VNet peered with it.
    Hub(String),
    /// VNets peered in a line (two VNets are a line of two).
    Chain(Vec<String>),
    /// Two hubs peered with each other, every other VNet peered with one of them.
    TwoHubs(String, String),
    /// Anything else: boxes in rows, links in the list only.
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

fn detect(t: &Topology, ps: &[PeeringPair]) -> Shape {
    let names: Vec<&str> = t.vnets.iter().map(|v| v.name.as_str()).collect();
    let degree = |v: &str| neighbours(ps, v).len();
    let linked: Vec<&str> = names.iter().copied().filter(|v| degree(v) > 0).collect();
    // A line: degrees at most 2, two ends, one fewer link than VNets, all connected.
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
        let spokes = neighbours(ps, hub);
        if linked
            .iter()
            .all(|v| *v == hub || spokes.iter().any(|s| s == v))
        {
            return Shape::Hub(hub.to_string());
        }
        if let Some(&other) = by_degree.get(1)
            && degree(other) >= 2
            && spokes.iter().any(|s| s == other)
        {
            let theirs = neighbours(ps, other);
            if linked.iter().all(|v| {
                *v == hub
                    || *v == other
                    || spokes.iter().any(|s| s == v)
                    || theirs.iter().any(|s| s == v)
            }) {
                return Shape::TwoHubs(hub.to_string(), other.to_string());
            }
        }
    }
    if linked.len() == 2 {
        return Shape::Chain(linked.iter().map(|s| s.to_string()).collect());
    }
    Shape::Grid
}

struct Ctx<'a> {
    t: &'a Topology,
    opts: &'a Options,
    pen: Pen,
    ps: Vec<PeeringPair>,
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
        let space: Vec<String> = v.address_space.iter().map(|n| n.to_string()).collect();
        lines.push((space.join(" "), Mark::Plain));
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
            lines.push((format!("nva {} {}", m.name, m.ip), Mark::Appliance));
        }
        if self.opts.detail {
            for s in &v.subnets {
                let mut extra = Vec::new();
                if let Some(rt) = &s.route_table {
                    extra.push(format!("rt {rt}"));
                }
                if let Some(n) = &s.nsg {
                    extra.push(format!("nsg {n}"));
                }
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
        lines
    }

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

    /// The character and mark of a link, by its state (or `*` on the traced path).
    fn link_style(&self, a: &str, b: &str, vertical: bool) -> (char, Mark) {
        let on_path = self
            .opts
            .path
            .as_ref()
            .is_some_and(|m| m.links.contains(&key(a, b)));
        let state = self.pair(a, b).map_or(LinkState::Broken, |p| p.state());
        if on_path {
            return ('*', Mark::Path);
        }
        match (state, vertical) {
            (LinkState::Connected, false) => (self.pen.h, Mark::Plain),
            (LinkState::Connected, true) => (self.pen.v, Mark::Plain),
            (LinkState::OneSided, false) => (self.pen.dot_h, Mark::Broken),
            (LinkState::OneSided, true) => (self.pen.dot_v, Mark::Broken),
            (LinkState::Broken, _) => (self.pen.broken, Mark::Broken),
        }
    }

    fn number(&self, a: &str, b: &str) -> String {
        self.pair(a, b)
            .map_or_else(String::new, |p| format!("({})", p.number))
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
            c.text(row, from + (span - len) / 2, &label, mark);
        }
    }

    /// The on-premises sites of `vnet`'s gateway, above a box centred on `center`. Returns
    /// the rows used.
    fn sites(
        &self,
        c: &mut Canvas,
        row: usize,
        center: usize,
        vnet: &str,
        room: (usize, usize),
    ) -> usize {
        let t = self.t;
        let Some(g) = t.vnet(vnet).and_then(|v| v.gateway.as_ref()) else {
            return 0;
        };
        let sites: Vec<_> = g.sites.iter().filter_map(|n| t.site(n)).collect();
        if sites.is_empty() {
            return 0;
        }
        let (lo, hi) = room;
        let bw = ((hi - lo) / sites.len()).clamp(MIN_BOX, 34) - 1;
        let total = sites.len() * (bw + 1) - 1;
        // Centred over the gateway (one site sits exactly above it).
        let start = center
            .saturating_sub(total / 2)
            .clamp(lo, hi.saturating_sub(total).max(lo));
        let mut centers = Vec::new();
        for (i, s) in sites.iter().enumerate() {
            let prefixes: Vec<String> = s.prefixes.iter().map(|p| p.to_string()).collect();
            let how = if s.bgp { "BGP" } else { "static routes" };
            let lines = vec![
                (s.name.clone(), Mark::Gateway),
                (format!("{} {how}", prefixes.join(" ")), Mark::Plain),
            ];
            let col = start + i * (bw + 1);
            c.boxed(row, col, bw, &lines, &self.pen, Mark::Gateway);
            centers.push(col + bw / 2);
        }
        // Each site's connection down to the gateway.
        let bus = row + 4;
        let lo_c = centers.iter().copied().min().unwrap_or(center).min(center);
        let hi_c = centers.iter().copied().max().unwrap_or(center).max(center);
        for &x in &centers {
            c.put(row + 4, x, self.pen.v, Mark::Gateway);
        }
        if lo_c != hi_c {
            c.hline(bus, lo_c, hi_c, self.pen.h, Mark::Gateway);
        }
        c.put(bus + 1, center, self.pen.v, Mark::Gateway);
        let kind = if g.kind == GatewayKind::Vpn {
            "on-premises, VPN"
        } else {
            "on-premises, ExpressRoute"
        };
        c.text(bus + 1, center + 2, kind, Mark::Gateway);
        6
    }

    /// Boxes of `spokes` hanging below a box whose bottom centre is (`row`, `center`), in
    /// rows within columns `lo..hi`. Returns the next free row.
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
        // The trunk from the hub down to the first bus.
        c.put(r, center, self.pen.v, Mark::Plain);
        r += 1;
        for (i, chunk) in spokes.chunks(k).enumerate() {
            let centers: Vec<usize> = (0..chunk.len())
                .map(|j| lo + 3 + j * (bw + 2) + bw / 2)
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
                c.put(r, trunk, self.pen.tl, Mark::Plain);
            }
            for (j, s) in chunk.iter().enumerate() {
                let (ch, mark) = self.link_style(hub, s, true);
                c.put(r + 1, centers[j], ch, mark);
                c.text(r + 1, centers[j] + 1, &self.number(hub, s), mark);
            }
            let mut tallest = 0;
            for (j, s) in chunk.iter().enumerate() {
                tallest = tallest.max(self.draw_box(c, r + 2, lo + 3 + j * (bw + 2), bw, s));
            }
            let bottom = r + 2 + tallest;
            if (i + 1) * k < spokes.len() {
                // The trunk continues down the left edge to the next row.
                c.vline(trunk, r, bottom, self.pen.v, Mark::Plain);
                if i == 0 {
                    c.put(r, trunk, self.pen.tl, Mark::Plain);
                }
            }
            r = bottom;
        }
        r
    }

    /// A hub with spokes to its left and right, the rest below, sites above.
    fn hub(&self, c: &mut Canvas, top: usize, hub: &str, lo: usize, hi: usize) -> usize {
        let spokes = neighbours(&self.ps, hub);
        let w = hi - lo;
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
        let row_w = hub_w + sides * (side_w + CONN);
        let start = lo + (w - row_w.min(w)) / 2;
        let hub_col = if sides > 0 {
            start + side_w + CONN
        } else {
            start
        };
        let center = hub_col + hub_w / 2;
        let mut r = top;
        r += self.sites(c, r, center, hub, (lo, hi));
        let hub_h = self.draw_box(c, r, hub_col, hub_w, hub);
        let mut tallest = hub_h;
        if sides >= 1 {
            let s = &spokes[0];
            tallest = tallest.max(self.draw_box(c, r, start, side_w, s));
            self.side_link(c, r + 1, start + side_w, hub_col - 1, s, hub);
        }
        if sides == 2 {
            let s = &spokes[1];
            let col = hub_col + hub_w + CONN;
            tallest = tallest.max(self.draw_box(c, r, col, side_w, s));
            self.side_link(c, r + 1, hub_col + hub_w, col - 1, hub, s);
        }
        let rest: Vec<String> = spokes.into_iter().skip(sides).collect();
        let below_top = r + hub_h;
        let end = self.below(c, (below_top, center), hub, &rest, (lo, hi));
        end.max(r + tallest)
    }

    fn chain(&self, c: &mut Canvas, top: usize, order: &[String]) -> usize {
        let w = self.opts.width;
        let need = self.need(order).min(w);
        // Connectors shrink (to `(1)-`) before the line wraps.
        let k = ((w + 4) / (need + 4)).clamp(1, order.len());
        let bw = if k > 1 {
            need.min((w - 4 * (k - 1)) / k)
        } else {
            need
        };
        let conn = if k > 1 {
            ((w - k * bw) / (k - 1)).clamp(4, CONN)
        } else {
            CONN
        };
        let mut r = top;
        // Sites above the first row's gateway VNets.
        let first_row_gw = order
            .iter()
            .take(k)
            .position(|n| self.t.vnet(n).is_some_and(|v| v.gateway.is_some()));
        if let Some(i) = first_row_gw {
            let center = i * (bw + conn) + bw / 2;
            r += self.sites(c, r, center, &order[i], (0, w));
        }
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
                let last_center = (chunk.len() - 1) * (bw + conn) + bw / 2;
                c.put(bottom, last_center, ch, mark);
                c.hline(
                    bottom + 1,
                    bw / 2,
                    last_center,
                    if ch == '*' { '*' } else { self.pen.h },
                    mark,
                );
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
        let sa = self.sites(c, r, a_col + hw / 2, a, (0, half));
        let sb = self.sites(c, r, b_col + hw / 2, b, (half, w));
        r += sa.max(sb);
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

    /// Boxes in rows, with the numbers of their links (for shapes no layout above fits).
    fn grid(&self, c: &mut Canvas, top: usize, names: &[String]) -> usize {
        if names.is_empty() {
            return top;
        }
        let w = self.opts.width;
        let need = self.need(names).max(MIN_BOX);
        let k = ((w + 2) / (need.min(w) + 2)).clamp(1, names.len());
        let bw = ((w - 2 * (k - 1)) / k).min(need);
        let mut r = top;
        for chunk in names.chunks(k) {
            let mut tallest = 0;
            for (j, n) in chunk.iter().enumerate() {
                let Some(v) = self.t.vnet(n) else { continue };
                let mut lines = self.box_lines(v);
                let links: Vec<String> = self
                    .ps
                    .iter()
                    .filter(|p| p.connects(n))
                    .map(|p| format!("({})", p.number))
                    .collect();
                if !links.is_empty() {
                    lines.push((format!("peerings {}", links.join(" ")), Mark::Plain));
                }
                let mark = if self.on_path(n) {
                    Mark::Path
                } else {
                    Mark::Plain
                };
                tallest = tallest.max(c.boxed(r, j * (bw + 2), bw, &lines, &self.pen, mark));
            }
            r += tallest + 1;
        }
        r
    }
}

/// The picture part of the diagram (the peering list comes after it).
pub fn picture(t: &Topology, opts: &Options) -> Vec<Line> {
    let ctx = Ctx {
        t,
        opts,
        pen: if opts.unicode { UNICODE } else { ASCII },
        ps: pairs(t),
    };
    let mut c = Canvas::new(opts.width);
    if let Some(title) = &t.meta.title {
        c.text(0, 0, &fit(title, opts.width), Mark::Title);
    }
    let top = c.height() + usize::from(c.height() > 0);
    let (end, placed): (usize, Vec<String>) = match detect(t, &ctx.ps) {
        Shape::Hub(h) => {
            let mut placed = neighbours(&ctx.ps, &h);
            placed.push(h.clone());
            (ctx.hub(&mut c, top, &h, 0, opts.width), placed)
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
    // VNets the shape left out (not peered with it) still appear.
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
            &fit("Not peered with the network above:", opts.width),
            Mark::Plain,
        );
        ctx.grid(&mut c, end + 2, &rest);
    }
    c.into_lines()
}

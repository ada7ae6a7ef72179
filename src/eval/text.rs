//! A trace as text: what `peerlab trace` prints and what the trainer shows after an answer
//! (one rendering, kept with the data so neither front end borrows it from the other).

use super::{Leg, Trace};

impl Trace {
    /// The human form of a trace: numbered hops per leg, the verdict, and the explanation.
    pub fn text(&self) -> String {
        let t = self;
        use std::fmt::Write;
        let mut out = String::new();
        let dst = t
            .destination_ip
            .map(|ip| format!(" ({ip})"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "trace {} ({}) -> {}{dst}, {}/{}",
            t.from, t.source_ip, t.to, t.protocol, t.port
        );
        let width = t
            .hops
            .iter()
            .map(|h| h.at.chars().count())
            .max()
            .unwrap_or(0)
            .min(32);
        let mut leg = None;
        for (i, h) in t.hops.iter().enumerate() {
            if leg != Some(h.leg) {
                leg = Some(h.leg);
                let _ = writeln!(
                    out,
                    "\n  {}",
                    if h.leg == Leg::Request {
                        "request"
                    } else {
                        "reply"
                    }
                );
            }
            let mark = if h.ok { "ok  " } else { "STOP" };
            let _ = writeln!(
                out,
                "  {:>3}. {mark} {:<width$}  {:<12} {}",
                i + 1,
                h.at,
                h.step,
                h.detail
            );
        }
        let _ = writeln!(out);
        if let Some(nh) = &t.next_hop {
            let ip = nh.ip.map(|ip| format!(" {ip}")).unwrap_or_default();
            let _ = writeln!(
                out,
                "next hop: {}{ip} ({})",
                nh.kind.as_str(),
                nh.route_table
            );
        }
        let _ = writeln!(
            out,
            "verdict:  {} ({})",
            t.verdict.as_str(),
            t.reason.code()
        );
        let _ = writeln!(out);
        for line in wrap(&t.explanation, 78) {
            let _ = writeln!(out, "{line}");
        }
        out
    }
}

/// Greedy word wrap for terminal paragraphs.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

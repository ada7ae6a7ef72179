//! `peerlab matrix`: all-pairs reachability as a grid with a summary, JSON or CSV.

use super::files;
use crate::eval::{Matrix, Network};
use crate::model::Protocol;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Text,
    Json,
    Csv,
}

/// Below this many pairs the matrix takes well under a second: no progress line.
const PROGRESS_FROM_PAIRS: usize = 20_000;

pub fn run(file: &Path, port: u16, protocol: Protocol, output: Output) -> i32 {
    let Some(parsed) = files::load_topology(file) else {
        return 2;
    };
    let net = Network::new(&parsed.topology);
    let n = net.endpoints().len();
    let matrix =
        if n * n.saturating_sub(1) >= PROGRESS_FROM_PAIRS && std::io::stderr().is_terminal() {
            let last = Mutex::new(Instant::now());
            let m = net.matrix_with_progress(port, protocol, &|done, rows| {
                let Ok(mut last) = last.lock() else { return };
                if last.elapsed() >= Duration::from_millis(200) || done == rows {
                    *last = Instant::now();
                    eprint!("\rmatrix: {done}/{rows} sources traced");
                }
            });
            eprint!("\r{}\r", " ".repeat(40));
            m
        } else {
            net.matrix(port, protocol)
        };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = match output {
        Output::Text => text(&mut out, &files::show(file), &matrix),
        Output::Json => json(&mut out, &matrix),
        Output::Csv => csv(&mut out, &matrix),
    };
    match written.and_then(|()| out.flush()) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("peerlab: error: writing the matrix: {e}");
            2
        }
    }
}

fn text(out: &mut impl Write, shown: &str, m: &Matrix) -> std::io::Result<()> {
    writeln!(
        out,
        "reachability in {shown}: {} endpoints, {} port {}, row = source, column = destination\n",
        m.len(),
        m.protocol.as_str(),
        m.port
    )?;
    if m.len() < 2 {
        writeln!(
            out,
            "(the matrix needs at least two VMs or on-premises hosts; this network has {})",
            m.len()
        )?;
        return Ok(());
    }
    for line in m.grid_lines() {
        writeln!(out, "{line}")?;
    }
    writeln!(out, "\n{} ordered pairs:", m.pair_count())?;
    for line in m.summary_lines() {
        writeln!(out, "  {line}")?;
    }
    Ok(())
}

/// `{ "port", "protocol", "endpoints": [...], "pairs": [...] }`, written pair by pair: a
/// 1000-VM matrix has a million pairs, and never sits in memory as one JSON value.
fn json(out: &mut impl Write, m: &Matrix) -> std::io::Result<()> {
    let s = |v: &str| serde_json::to_string(v).expect("a string serialises");
    writeln!(
        out,
        "{{\n  \"port\": {},\n  \"protocol\": \"{}\",\n  \"endpoints\": [",
        m.port,
        m.protocol.as_str()
    )?;
    for (i, e) in m.endpoints.iter().enumerate() {
        let comma = if i + 1 < m.len() { "," } else { "" };
        writeln!(
            out,
            "    {{ \"name\": {}, \"network\": {}, \"ip\": \"{}\" }}{comma}",
            s(&e.name),
            s(&e.network),
            e.ip
        )?;
    }
    writeln!(out, "  ],\n  \"pairs\": [")?;
    let total = m.pair_count();
    for (k, (i, j, r)) in m.pairs().enumerate() {
        let comma = if k + 1 < total { "," } else { "" };
        writeln!(
            out,
            "    {{ \"from\": {}, \"to\": {}, \"verdict\": \"{}\", \"reason\": \"{}\" }}{comma}",
            s(&m.endpoints[i].name),
            s(&m.endpoints[j].name),
            Matrix::verdict(r).as_str(),
            r.code()
        )?;
    }
    writeln!(out, "  ]\n}}")
}

fn csv(out: &mut impl Write, m: &Matrix) -> std::io::Result<()> {
    writeln!(out, "from,to,verdict,reason")?;
    for (i, j, r) in m.pairs() {
        // Validated names hold no comma or quote, but quote as the other CSV outputs do.
        writeln!(
            out,
            "{},{},{},{}",
            crate::text::csv_quote(&m.endpoints[i].name),
            crate::text::csv_quote(&m.endpoints[j].name),
            Matrix::verdict(r).as_str(),
            r.code()
        )?;
    }
    Ok(())
}

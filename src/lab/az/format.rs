//! `-o json|table|tsv|none` as az prints them. JSON is indented by two with sorted keys. The
//! table is az's automatic one (knack's `_TableOutput`): one column per scalar field, the name
//! capitalised, `id`, `type` and `etag` left out, a dashed rule under the header; commands with
//! a table transformer of their own (the effective route table, `vnet list`) get its columns. TSV is the
//! scalar values, tab-separated, one line per object.

use super::Output;
use serde_json::Value;

/// Prints `v` as `-o` asks, for the command at `path`. Ends with a newline unless empty.
pub fn render(v: &Value, output: Output, path: &str) -> String {
    match output {
        Output::None => String::new(),
        Output::Json => {
            let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
            s.push('\n');
            s
        }
        Output::Table => table(&rows_for(v, path, true)),
        Output::Tsv => tsv(&rows_for(v, path, false)),
    }
}

type Rows = Vec<Vec<(String, String)>>;

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(if *b { "True" } else { "False" }.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn capitalise(k: &str) -> String {
    let mut c = k.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The list a command returns: a bare array, or the `value` of a list result.
fn items(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(a) => a.iter().collect(),
        Value::Object(o) if o.contains_key("value") && o.contains_key("nextLink") => o["value"]
            .as_array()
            .map(|a| a.iter().collect())
            .unwrap_or_default(),
        other => vec![other],
    }
}

fn rows_for(v: &Value, path: &str, for_table: bool) -> Rows {
    if path == "network nic show-effective-route-table" {
        // az's transform_effective_route_table.
        return items(v)
            .into_iter()
            .map(|r| {
                let join = |k: &str| {
                    r[k].as_array()
                        .map(|a| {
                            a.iter()
                                .filter_map(Value::as_str)
                                .collect::<Vec<_>>()
                                .join(" ")
                        })
                        .unwrap_or_default()
                };
                vec![
                    ("Source".into(), scalar(&r["source"]).unwrap_or_default()),
                    ("State".into(), scalar(&r["state"]).unwrap_or_default()),
                    ("Address Prefix".into(), join("addressPrefix")),
                    (
                        "Next Hop Type".into(),
                        scalar(&r["nextHopType"]).unwrap_or_default(),
                    ),
                    ("Next Hop IP".into(), join("nextHopIpAddress")),
                ]
            })
            .collect();
    }
    if path == "network vnet list" && for_table {
        // az's transform_vnet_table_output (network/_format.py).
        return items(v)
            .into_iter()
            .map(|r| {
                let join = |v: &Value| {
                    let s = v
                        .as_array()
                        .map(|a| {
                            a.iter()
                                .filter_map(Value::as_str)
                                .collect::<Vec<_>>()
                                .join(", ")
                        })
                        .unwrap_or_default();
                    if s.is_empty() { " ".to_string() } else { s }
                };
                let n_subnets = r["subnets"].as_array().map_or(0, Vec::len);
                let flag = |k: &str| scalar(&r[k]).unwrap_or_else(|| "False".to_string());
                vec![
                    ("Name".into(), scalar(&r["name"]).unwrap_or_default()),
                    (
                        "ResourceGroup".into(),
                        scalar(&r["resourceGroup"]).unwrap_or_default(),
                    ),
                    (
                        "Location".into(),
                        scalar(&r["location"]).unwrap_or_default(),
                    ),
                    ("NumSubnets".into(), n_subnets.to_string()),
                    (
                        "Prefixes".into(),
                        join(&r["addressSpace"]["addressPrefixes"]),
                    ),
                    ("DnsServers".into(), join(&r["dhcpOptions"]["dnsServers"])),
                    ("DDOSProtection".into(), flag("enableDdosProtection")),
                    ("VMProtection".into(), flag("enableVmProtection")),
                ]
            })
            .collect();
    }
    // A create that wraps its result (`{"newVNet": {...}}`) shows the inner object.
    let v = match v {
        Value::Object(o) if o.len() == 1 && o.values().all(Value::is_object) => {
            o.values().next().unwrap_or(v)
        }
        _ => v,
    };
    items(v)
        .into_iter()
        .map(|item| match item {
            Value::Object(o) => o
                .iter()
                .filter(|(k, _)| !for_table || !matches!(k.as_str(), "id" | "type" | "etag"))
                .filter_map(|(k, v)| scalar(v).map(|s| (capitalise(k), s)))
                .collect(),
            other => vec![("Result".to_string(), scalar(other).unwrap_or_default())],
        })
        .collect()
}

fn table(rows: &Rows) -> String {
    let Some(first) = rows.first() else {
        return String::new();
    };
    let heads: Vec<&str> = first.iter().map(|(k, _)| k.as_str()).collect();
    let widths: Vec<usize> = heads
        .iter()
        .enumerate()
        .map(|(i, h)| {
            rows.iter()
                .filter_map(|r| r.get(i).map(|(_, v)| v.chars().count()))
                .chain([h.chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: Vec<String>| -> String {
        let mut s = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect::<Vec<_>>()
            .join("  ");
        s.truncate(s.trim_end().len());
        s.push('\n');
        s
    };
    let mut out = line(heads.iter().map(|h| h.to_string()).collect());
    out.push_str(&line(widths.iter().map(|w| "-".repeat(*w)).collect()));
    for r in rows {
        out.push_str(&line(r.iter().map(|(_, v)| v.clone()).collect()));
    }
    out
}

fn tsv(rows: &Rows) -> String {
    rows.iter()
        .map(|r| {
            let mut s = r
                .iter()
                .map(|(_, v)| v.as_str())
                .collect::<Vec<_>>()
                .join("\t");
            s.push('\n');
            s
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn table_and_tsv_show_scalar_fields_only() {
        let v = json!([{ "name": "p", "id": "/x", "peeringState": "Connected", "useRemoteGateways": false, "remoteVirtualNetwork": { "id": "/y" } }]);
        assert_eq!(
            render(&v, Output::Table, "network vnet peering list"),
            "Name  PeeringState  UseRemoteGateways\n----  ------------  -----------------\np     Connected     False\n"
        );
        assert_eq!(
            render(&v, Output::Tsv, "network vnet peering list"),
            "/x\tp\tConnected\tFalse\n"
        );
        assert_eq!(render(&v, Output::None, "x"), "");
    }
}

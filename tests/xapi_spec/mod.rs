//! A checker for xAPI 1.0.3 statements, written from the specification (xAPI-Data.md of
//! adlnet/xAPI-Spec, 1.0.3) and not from peerlab's output: section numbers are the spec's.
//! It covers what a Learning Record Store MUST reject (Data 2.2 "LRS Requirements") for the
//! parts peerlab writes: Statement, Agent, Verb, Activity (with interactions), Result,
//! Context, Timestamp, Duration, UUID, IRI and language maps.

use serde_json::{Map, Value};

type Errors = Vec<String>;

/// Every rule `st` breaks, each naming its JSON path.
pub fn statement(st: &Value) -> Errors {
    let mut e = Vec::new();
    nulls(st, "$", &mut e);
    let Some(o) = obj(st, "$", &mut e) else {
        return e;
    };
    // Data 2.4 table: the Statement's properties; actor, verb and object are required.
    allowed(
        o,
        "$",
        &[
            "id",
            "actor",
            "verb",
            "object",
            "result",
            "context",
            "timestamp",
            "stored",
            "authority",
            "version",
            "attachments",
        ],
        &mut e,
    );
    for req in ["actor", "verb", "object"] {
        if !o.contains_key(req) {
            e.push(format!("$: the required property {req} is missing"));
        }
    }
    if let Some(id) = o.get("id") {
        uuid(id, "$.id", &mut e);
    }
    if let Some(a) = o.get("actor") {
        agent(a, "$.actor", &mut e);
    }
    if let Some(v) = o.get("verb") {
        verb(v, "$.verb", &mut e);
    }
    if let Some(a) = o.get("object") {
        // Data 2.4.4: objectType defaults to Activity; peerlab only ever sends Activities.
        match a.get("objectType").and_then(Value::as_str) {
            None | Some("Activity") => activity(a, "$.object", &mut e),
            Some(t) => e.push(format!("$.object: objectType {t} is not Activity")),
        }
    }
    if let Some(r) = o.get("result") {
        result(r, "$.result", &mut e);
    }
    if let Some(c) = o.get("context") {
        context(c, "$.context", &mut e);
    }
    if let Some(t) = o.get("timestamp") {
        timestamp(t, "$.timestamp", &mut e);
    }
    e
}

/// Data 2.2: an LRS MUST reject any null value (outside extensions).
fn nulls(v: &Value, at: &str, e: &mut Errors) {
    match v {
        Value::Null => e.push(format!("{at}: null value")),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, x)| nulls(x, &format!("{at}[{i}]"), e)),
        Value::Object(o) => {
            for (k, x) in o {
                if k != "extensions" {
                    nulls(x, &format!("{at}.{k}"), e);
                }
            }
        }
        _ => {}
    }
}

fn obj<'a>(v: &'a Value, at: &str, e: &mut Errors) -> Option<&'a Map<String, Value>> {
    let o = v.as_object();
    if o.is_none() {
        e.push(format!("{at}: must be an object"));
    }
    o
}

/// Data 2.2: keys not allowed by the specification (and keys of the wrong case) are rejected.
fn allowed(o: &Map<String, Value>, at: &str, keys: &[&str], e: &mut Errors) {
    for k in o.keys() {
        if !keys.contains(&k.as_str()) {
            e.push(format!("{at}.{k}: property not allowed here"));
        }
    }
}

fn string<'a>(v: &'a Value, at: &str, e: &mut Errors) -> Option<&'a str> {
    let s = v.as_str();
    if s.is_none() {
        e.push(format!("{at}: must be a string"));
    }
    s
}

fn boolean(v: &Value, at: &str, e: &mut Errors) {
    if !v.is_boolean() {
        e.push(format!(
            "{at}: must be a boolean (not a string holding one)"
        ));
    }
}

fn number(v: &Value, at: &str, e: &mut Errors) -> Option<f64> {
    let n = v.as_f64();
    if n.is_none() {
        e.push(format!("{at}: must be a number"));
    }
    n
}

/// Data 4.4: the standard string form, and (2.4.1) a variant 2 UUID of RFC 4122.
fn uuid(v: &Value, at: &str, e: &mut Errors) {
    let Some(s) = string(v, at, e) else { return };
    let b = s.as_bytes();
    let hex = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_hexdigit);
    let shape = b.len() == 36
        && [8, 13, 18, 23].iter().all(|&i| b[i] == b'-')
        && hex(0..8)
        && hex(9..13)
        && hex(14..18)
        && hex(19..23)
        && hex(24..36);
    if !shape {
        e.push(format!("{at}: {s:?} is not a UUID in standard string form"));
    } else if !matches!(b[19].to_ascii_lowercase(), b'8' | b'9' | b'a' | b'b') {
        e.push(format!("{at}: {s:?} is not a UUID of RFC 4122's variant"));
    }
}

/// Data 2.2: IRIs must have a scheme; no IRI holds whitespace (RFC 3987).
fn iri(v: &Value, at: &str, e: &mut Errors) {
    let Some(s) = string(v, at, e) else { return };
    let scheme = s.split(':').next().unwrap_or("");
    let ok = s.contains(':')
        && scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        && !s.chars().any(|c| c.is_whitespace() || c.is_control());
    if !ok {
        e.push(format!("{at}: {s:?} is not an IRI with a scheme"));
    }
}

/// An IRL is an IRI that locates something: here, http or https with a host.
fn irl(v: &Value, at: &str, e: &mut Errors) {
    iri(v, at, e);
    if let Some(s) = v.as_str() {
        let rest = s
            .strip_prefix("http://")
            .or_else(|| s.strip_prefix("https://"));
        if rest.is_none_or(|r| r.split('/').next().unwrap_or("").is_empty()) {
            e.push(format!("{at}: {s:?} is not an http(s) IRL"));
        }
    }
}

/// Data 4.2 and 2.2: keys are RFC 5646 tags (the LRS MUST check the token lengths), values
/// strings.
fn language_map(v: &Value, at: &str, e: &mut Errors) {
    let Some(o) = obj(v, at, e) else { return };
    for (k, s) in o {
        let parts: Vec<&str> = k.split('-').collect();
        let first = parts[0];
        let ok = (2..=8).contains(&first.len())
            && first.chars().all(|c| c.is_ascii_alphabetic())
            && parts[1..].iter().all(|p| {
                (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric())
            });
        if !ok {
            e.push(format!("{at}.{k}: not an RFC 5646 language tag"));
        }
        string(s, &format!("{at}.{k}"), e);
    }
}

/// Data 2.4.2.1 and 2.4.2.3: an Agent has exactly one inverse functional identifier.
fn agent(v: &Value, at: &str, e: &mut Errors) {
    let Some(o) = obj(v, at, e) else { return };
    allowed(
        o,
        at,
        &[
            "objectType",
            "name",
            "mbox",
            "mbox_sha1sum",
            "openid",
            "account",
        ],
        e,
    );
    if let Some(t) = o.get("objectType")
        && t != "Agent"
    {
        e.push(format!("{at}.objectType: must be Agent"));
    }
    if let Some(n) = o.get("name") {
        string(n, &format!("{at}.name"), e);
    }
    let ifis: Vec<&str> = ["mbox", "mbox_sha1sum", "openid", "account"]
        .into_iter()
        .filter(|k| o.contains_key(*k))
        .collect();
    if ifis.len() != 1 {
        e.push(format!(
            "{at}: an Agent has exactly one inverse functional identifier, not {ifis:?}"
        ));
    }
    if let Some(m) = o.get("mbox")
        && string(m, &format!("{at}.mbox"), e).is_some_and(|m| !m.starts_with("mailto:"))
    {
        e.push(format!("{at}.mbox: must be a mailto IRI"));
    }
    if let Some(h) = o.get("mbox_sha1sum")
        && string(h, &format!("{at}.mbox_sha1sum"), e)
            .is_some_and(|h| h.len() != 40 || !h.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        e.push(format!("{at}.mbox_sha1sum: must be a hex SHA-1"));
    }
    if let Some(u) = o.get("openid") {
        iri(u, &format!("{at}.openid"), e);
    }
    if let Some(a) = o.get("account") {
        // Data 2.4.2.4: homePage (an IRL) and name, both required.
        let at = format!("{at}.account");
        if let Some(acc) = obj(a, &at, e) {
            allowed(acc, &at, &["homePage", "name"], e);
            match acc.get("homePage") {
                Some(h) => irl(h, &format!("{at}.homePage"), e),
                None => e.push(format!("{at}: the required property homePage is missing")),
            }
            match acc.get("name") {
                Some(n) => {
                    string(n, &format!("{at}.name"), e);
                }
                None => e.push(format!("{at}: the required property name is missing")),
            }
        }
    }
}

/// Data 2.4.3: id (an IRI) required, display a language map.
fn verb(v: &Value, at: &str, e: &mut Errors) {
    let Some(o) = obj(v, at, e) else { return };
    allowed(o, at, &["id", "display"], e);
    match o.get("id") {
        Some(id) => iri(id, &format!("{at}.id"), e),
        None => e.push(format!("{at}: the required property id is missing")),
    }
    if let Some(d) = o.get("display") {
        language_map(d, &format!("{at}.display"), e);
    }
}

const INTERACTION_TYPES: [&str; 10] = [
    "true-false",
    "choice",
    "fill-in",
    "long-fill-in",
    "matching",
    "performance",
    "sequencing",
    "likert",
    "numeric",
    "other",
];

/// Data 2.4.4.1: id (an IRI) required; the definition's properties, and for interactions a
/// valid interactionType, component lists that type supports, distinct component ids.
fn activity(v: &Value, at: &str, e: &mut Errors) {
    let Some(o) = obj(v, at, e) else { return };
    allowed(o, at, &["objectType", "id", "definition"], e);
    match o.get("id") {
        Some(id) => iri(id, &format!("{at}.id"), e),
        None => e.push(format!("{at}: the required property id is missing")),
    }
    let Some(d) = o.get("definition") else { return };
    let at = format!("{at}.definition");
    let Some(d) = obj(d, &at, e) else { return };
    allowed(
        d,
        &at,
        &[
            "name",
            "description",
            "type",
            "moreInfo",
            "extensions",
            "interactionType",
            "correctResponsesPattern",
            "choices",
            "scale",
            "source",
            "target",
            "steps",
        ],
        e,
    );
    for k in ["name", "description"] {
        if let Some(m) = d.get(k) {
            language_map(m, &format!("{at}.{k}"), e);
        }
    }
    if let Some(t) = d.get("type") {
        iri(t, &format!("{at}.type"), e);
    }
    if let Some(m) = d.get("moreInfo") {
        irl(m, &format!("{at}.moreInfo"), e);
    }
    let itype = d.get("interactionType").and_then(Value::as_str);
    if let Some(t) = d.get("interactionType")
        && !t.as_str().is_some_and(|t| INTERACTION_TYPES.contains(&t))
    {
        e.push(format!(
            "{at}.interactionType: {t} is not a valid interactionType"
        ));
    }
    let lists = ["choices", "scale", "source", "target", "steps"];
    for list in lists {
        let Some(l) = d.get(list) else { continue };
        let supported = match itype {
            Some("choice" | "sequencing") => list == "choices",
            Some("likert") => list == "scale",
            Some("matching") => list == "source" || list == "target",
            Some("performance") => list == "steps",
            _ => false,
        };
        if !supported {
            e.push(format!(
                "{at}.{list}: not a component list interactionType {itype:?} supports"
            ));
        }
        let Some(items) = l.as_array() else {
            e.push(format!("{at}.{list}: must be an array"));
            continue;
        };
        let mut seen = std::collections::HashSet::new();
        for (i, c) in items.iter().enumerate() {
            let at = format!("{at}.{list}[{i}]");
            let Some(c) = obj(c, &at, e) else { continue };
            allowed(c, &at, &["id", "description"], e);
            match c.get("id").and_then(Value::as_str) {
                Some(id) if !seen.insert(id.to_string()) => {
                    e.push(format!("{at}.id: component ids must be distinct ({id})"))
                }
                Some(_) => {}
                None => e.push(format!("{at}: the required string id is missing")),
            }
            if let Some(m) = c.get("description") {
                language_map(m, &format!("{at}.description"), e);
            }
        }
    }
    if let Some(p) = d.get("correctResponsesPattern")
        && !p.as_array().is_some_and(|a| a.iter().all(Value::is_string))
    {
        e.push(format!(
            "{at}.correctResponsesPattern: must be an array of strings"
        ));
    }
}

/// Data 2.4.5 and 2.4.5.1: the Result's properties and the Score's ranges.
fn result(v: &Value, at: &str, e: &mut Errors) {
    let Some(o) = obj(v, at, e) else { return };
    allowed(
        o,
        at,
        &[
            "score",
            "success",
            "completion",
            "response",
            "duration",
            "extensions",
        ],
        e,
    );
    for k in ["success", "completion"] {
        if let Some(b) = o.get(k) {
            boolean(b, &format!("{at}.{k}"), e);
        }
    }
    if let Some(r) = o.get("response") {
        string(r, &format!("{at}.response"), e);
    }
    if let Some(d) = o.get("duration") {
        duration(d, &format!("{at}.duration"), e);
    }
    if let Some(s) = o.get("score") {
        let at = format!("{at}.score");
        let Some(s) = obj(s, &at, e) else { return };
        allowed(s, &at, &["scaled", "raw", "min", "max"], e);
        let get =
            |k: &str, e: &mut Errors| s.get(k).and_then(|v| number(v, &format!("{at}.{k}"), e));
        if let Some(x) = get("scaled", e)
            && !(-1.0..=1.0).contains(&x)
        {
            e.push(format!("{at}.scaled: {x} is outside -1 to 1"));
        }
        let (raw, min, max) = (get("raw", e), get("min", e), get("max", e));
        if let (Some(lo), Some(hi)) = (min, max)
            && lo >= hi
        {
            e.push(format!("{at}: min {lo} is not less than max {hi}"));
        }
        if let Some(r) = raw
            && (min.is_some_and(|lo| r < lo) || max.is_some_and(|hi| r > hi))
        {
            e.push(format!("{at}.raw: {r} is outside min..max"));
        }
    }
}

/// Data 4.6: ISO 8601:2004 section 4.4.3.2 (`PnYnMnDTnHnMnS`, or `PnW` alone); the
/// alternative format (4.4.3.3, `P0001-02-03T...`) MUST NOT be used.
fn duration(v: &Value, at: &str, e: &mut Errors) {
    let Some(s) = string(v, at, e) else { return };
    let bad = || format!("{at}: {s:?} is not an ISO 8601 duration (4.4.3.2)");
    let Some(rest) = s.strip_prefix('P') else {
        e.push(bad());
        return;
    };
    if let Some(w) = rest.strip_suffix('W') {
        if w.is_empty() || !w.bytes().all(|b| b.is_ascii_digit()) {
            e.push(bad());
        }
        return;
    }
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (rest, None),
    };
    // Each part: numbers each followed by its designator, in order, at least one number;
    // only the last number (seconds) may have a fraction.
    let part = |p: &str, units: &[char], fraction_last: bool| -> Option<usize> {
        let mut n = 0;
        let mut next = 0;
        let mut num = String::new();
        for c in p.chars() {
            if c.is_ascii_digit() || (c == '.' && fraction_last) {
                num.push(c);
                continue;
            }
            let i = units[next..].iter().position(|&u| u == c)? + next;
            let frac_ok = !num.contains('.') || (fraction_last && i == units.len() - 1);
            let digits = num.bytes().filter(u8::is_ascii_digit).count();
            if num.is_empty() || digits == 0 || !frac_ok || num.matches('.').count() > 1 {
                return None;
            }
            num.clear();
            next = i + 1;
            n += 1;
        }
        num.is_empty().then_some(n)
    };
    let d = part(date, &['Y', 'M', 'D'], false);
    let t = match time {
        Some(t) => part(t, &['H', 'M', 'S'], true).filter(|&n| n > 0),
        None => Some(0),
    };
    match (d, t) {
        (Some(d), Some(t)) if d + t > 0 => {}
        _ => e.push(bad()),
    }
}

/// Data 4.5: ISO 8601 (RFC 3339's profile), with a time zone; 2.4.7: never in the future.
fn timestamp(v: &Value, at: &str, e: &mut Errors) {
    let Some(s) = string(v, at, e) else { return };
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    let mut ok = b.len() >= 20
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19);
    if ok {
        let mut rest = &s[19..];
        if let Some(f) = rest.strip_prefix('.') {
            let n = f.bytes().take_while(u8::is_ascii_digit).count();
            ok &= n > 0;
            rest = &f[n..];
        }
        ok &= rest == "Z"
            || (rest.len() == 6
                && (rest.starts_with('+') || rest.starts_with('-'))
                && rest.as_bytes()[3] == b':');
    }
    if !ok {
        e.push(format!(
            "{at}: {s:?} is not an ISO 8601 timestamp with a time zone"
        ));
        return;
    }
    if s.ends_with('Z') {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        if peerlab::civil::parse_iso8601(&format!("{}Z", &s[..19])).is_some_and(|t| t > now + 60) {
            e.push(format!("{at}: {s} is in the future"));
        }
    }
}

/// Data 2.4.6 and 2.4.6.2: the Context's properties; registration a UUID; contextActivities
/// keyed only by parent, grouping, category and other, each an Activity or an array of them.
fn context(v: &Value, at: &str, e: &mut Errors) {
    let Some(o) = obj(v, at, e) else { return };
    allowed(
        o,
        at,
        &[
            "registration",
            "instructor",
            "team",
            "contextActivities",
            "revision",
            "platform",
            "language",
            "statement",
            "extensions",
        ],
        e,
    );
    if let Some(r) = o.get("registration") {
        uuid(r, &format!("{at}.registration"), e);
    }
    if let Some(i) = o.get("instructor") {
        agent(i, &format!("{at}.instructor"), e);
    }
    for k in ["revision", "platform", "language"] {
        if let Some(s) = o.get(k) {
            string(s, &format!("{at}.{k}"), e);
        }
    }
    if let Some(ca) = o.get("contextActivities") {
        let at = format!("{at}.contextActivities");
        let Some(ca) = obj(ca, &at, e) else { return };
        for (k, list) in ca {
            if !["parent", "grouping", "category", "other"].contains(&k.as_str()) {
                e.push(format!("{at}.{k}: not a contextActivities key"));
                continue;
            }
            match list {
                Value::Array(a) => a
                    .iter()
                    .enumerate()
                    .for_each(|(i, x)| activity(x, &format!("{at}.{k}[{i}]"), e)),
                x => activity(x, &format!("{at}.{k}"), e),
            }
        }
    }
}

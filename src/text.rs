//! Untrusted text: files may come from anyone in a class, and whatever they hold is later
//! printed to a terminal. These helpers keep control characters and escape sequences out.

/// Why a piece of text is refused, or `Ok` when it may be shown as is.
pub fn check_text(s: &str, max_chars: usize) -> Result<(), String> {
    if s.chars().count() > max_chars {
        return Err(format!("text is longer than {max_chars} characters"));
    }
    if let Some((i, c)) = s
        .chars()
        .enumerate()
        .find(|&(_, c)| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(format!(
            "character {} is the control character U+{:04X}; remove it (escape sequences and control characters are not allowed)",
            i + 1,
            c as u32
        ));
    }
    if let Some(c) = s.chars().find(|&c| is_invisible_format(c)) {
        return Err(format!(
            "contains the invisible formatting character U+{:04X}; remove it",
            c as u32
        ));
    }
    Ok(())
}

/// Bidirectional overrides and similar can make text read differently from what it is.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// A CSV field as RFC 4180 wants it: quoted (quotes doubled) when it holds a comma, a
/// quote or a line break, as is otherwise.
pub fn csv_quote(v: &str) -> String {
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.to_string()
    }
}

/// JSON text safe to print: serde_json leaves C1 controls (U+0080..U+009F, which some
/// terminals obey) and bidi/invisible characters raw inside strings; these become `\uXXXX`
/// escapes, which JSON readers decode to the same string. All of them are in the BMP.
pub fn json_printable(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if (c.is_control() && !matches!(c, '\n' | '\t')) || is_invisible_format(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// A copy of `s` safe to print: control and formatting characters become `\u{..}` escapes.
pub fn printable(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if (c.is_control() && c != '\n') || is_invisible_format(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// `s` in double quotes, made printable and cut short, for use inside an error message.
pub fn quoted(s: &str) -> String {
    const MAX: usize = 60;
    let mut p = printable(s);
    if p.chars().count() > MAX {
        p = p.chars().take(MAX).collect::<String>() + "...";
    }
    format!("\"{}\"", p.replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_refused_and_neutralised() {
        let evil = "title\u{1b}[2J";
        assert!(check_text(evil, 100).unwrap_err().contains("U+001B"));
        assert_eq!(printable(evil), "title\\u{1b}[2J");
        assert!(!quoted(evil).contains('\u{1b}'));
        assert!(check_text("a\u{202E}b", 100).is_err());
        assert!(check_text("two\nlines\tok", 100).is_ok());
        assert!(check_text("abcdef", 5).is_err());
    }

    #[test]
    fn quoted_cuts_long_text() {
        let q = quoted(&"x".repeat(500));
        assert!(q.len() < 80, "{q}");
        assert!(q.ends_with("...\""));
    }
}

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
    if let Some((i, c)) = s.chars().enumerate().find(|&(_, c)| is_invisible(c)) {
        return Err(format!(
            "character {} is the invisible character U+{:04X} ({}); remove it (text must read as it is)",
            i + 1,
            c as u32,
            invisible_kind(c)
        ));
    }
    Ok(())
}

/// Characters that show nothing, or change how the text around them reads: Unicode's
/// Default_Ignorable_Code_Point (DerivedCoreProperties.txt, checked against Perl's
/// `\p{Default_Ignorable_Code_Point}`), which holds the bidi controls, zero-width characters,
/// variation selectors and the tag characters, plus the line and paragraph separators
/// (Zl, Zp: U+2028, U+2029), which some terminals and JSON readers take as line breaks.
pub fn is_invisible(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x034F | 0x061C | 0x115F..=0x1160 | 0x17B4..=0x17B5 | 0x180B..=0x180F
        | 0x200B..=0x200F | 0x2028..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F
        | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFF8 | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A
        | 0xE0000..=0xE0FFF)
}

fn invisible_kind(c: char) -> &'static str {
    match c as u32 {
        0x2028 => "a line separator",
        0x2029 => "a paragraph separator",
        0x200E | 0x200F | 0x202A..=0x202E | 0x2066..=0x2069 | 0x061C => "a bidirectional control",
        0xE0000..=0xE007F => "a tag character",
        // U+180E is the Mongolian vowel separator, a format character (Cf) since Unicode 6.3;
        // its neighbours U+180B-180D and U+180F are the Mongolian free variation selectors.
        0x180E => "a format character, the Mongolian vowel separator",
        0xFE00..=0xFE0F | 0xE0100..=0xE01EF | 0x180B..=0x180D | 0x180F => "a variation selector",
        _ => "a default-ignorable character",
    }
}

/// The columns `s` takes on a terminal (a CJK character or an emoji takes two).
pub fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// The columns one character takes (0 for combining marks).
pub fn char_width(c: char) -> usize {
    unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
}

/// The longest start of `s` that fits in `cols` columns.
pub fn take_width(s: &str, cols: usize) -> &str {
    let mut used = 0;
    for (i, c) in s.char_indices() {
        used += char_width(c);
        if used > cols {
            return &s[..i];
        }
    }
    s
}

/// `s` wrapped into lines of at most `cols` display columns, paragraph by paragraph (`\n`).
/// Lines break between words only: a word that fits a line is never split, not even after
/// a hyphen (`hub-spoke` moves whole to the next line). Only a word longer than a whole line
/// is cut, after its hyphens where it has them (`vnet-crm-to-` / `vnet-batch`), else by
/// width. The spaces between words stay as written (a legend's double spaces), except at a
/// break, where they go.
pub fn wrap(s: &str, cols: usize) -> Vec<String> {
    let cols = cols.max(1);
    let mut out = Vec::new();
    for para in s.split('\n') {
        let mut line = String::new();
        let mut rest = para;
        let mut first = true;
        while !rest.is_empty() {
            let gap_len = rest.len() - rest.trim_start_matches(' ').len();
            let gap = &rest[..gap_len];
            let after = &rest[gap_len..];
            let word_len = after.find(' ').unwrap_or(after.len());
            let word = &after[..word_len];
            rest = &after[word_len..];
            if word.is_empty() {
                break;
            }
            // The paragraph's own indentation counts like a word's start.
            let lead = if first { gap } else { "" };
            first = false;
            let w = width(word);
            if width(lead) + w > cols {
                if !line.is_empty() {
                    out.push(std::mem::take(&mut line));
                }
                let mut pieces = split_long(word, cols);
                line = pieces.pop().unwrap_or_default();
                out.extend(pieces);
            } else if line.is_empty() {
                line = format!("{lead}{word}");
            } else if width(&line) + width(gap) + w <= cols {
                line.push_str(gap);
                line.push_str(word);
            } else {
                out.push(std::mem::replace(&mut line, word.to_string()));
            }
        }
        out.push(line);
    }
    out
}

/// A word longer than `cols`, in pieces of at most `cols` columns: after hyphens first, by
/// width only inside a part between hyphens that is itself too long.
fn split_long(word: &str, cols: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for part in word.split_inclusive('-') {
        if width(&cur) + width(part) <= cols {
            cur.push_str(part);
            continue;
        }
        if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        let mut rest = part;
        while width(rest) > cols {
            let head = take_width(rest, cols);
            // A character wider than the line still goes somewhere.
            let head = if head.is_empty() {
                &rest[..rest.chars().next().map_or(0, char::len_utf8)]
            } else {
                head
            };
            out.push(head.to_string());
            rest = &rest[head.len()..];
        }
        cur = rest.to_string();
    }
    if !cur.is_empty() || out.is_empty() {
        out.push(cur);
    }
    out
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
/// terminals obey) and invisible characters raw inside strings; these become `\uXXXX`
/// escapes (a UTF-16 surrogate pair beyond the BMP, as JSON spells those), which JSON
/// readers decode to the same string.
pub fn json_printable(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if (c.is_control() && !matches!(c, '\n' | '\t')) || is_invisible(c) {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{:04x}", u));
            }
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
        if (c.is_control() && c != '\n') || is_invisible(c) {
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

/// The longest message a diagnostic keeps, in characters, and the longest word in it.
pub const MAX_MESSAGE: usize = 2000;
const MAX_WORD: usize = 100;

/// A message safe to print and of bounded length: printable; each word (a run without
/// spaces, such as an echoed value) longer than 100 characters cut to its first 60; and the
/// whole, when still longer than [`MAX_MESSAGE`], cut in the middle, keeping its end, which
/// says what to fix. A 100,000-character CIDR in a file gives a short line, not a 200 KB one.
pub fn message(s: &str) -> String {
    let p = printable(s);
    let mut out = String::with_capacity(p.len().min(MAX_MESSAGE * 4));
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let n = word.chars().count();
        if n > MAX_WORD {
            out.extend(word.chars().take(60));
            out.push_str(&format!("...({} more characters)", n - 60));
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in p.chars() {
        if c.is_whitespace() {
            flush(&mut word, &mut out);
            out.push(c);
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut out);
    let n = out.chars().count();
    if n <= MAX_MESSAGE {
        return out;
    }
    let head: String = out.chars().take(MAX_MESSAGE * 3 / 4).collect();
    let tail: String = out.chars().skip(n - MAX_MESSAGE / 4).collect();
    let cut = n - MAX_MESSAGE * 3 / 4 - MAX_MESSAGE / 4;
    format!("{head} ...({cut} characters cut)... {tail}")
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
    fn each_invisible_character_is_named_for_what_it_is() {
        let named = |c: char| check_text(&format!("a{c}b"), 100).unwrap_err();
        let m = named('\u{180E}');
        assert!(
            m.contains("U+180E") && m.contains("Mongolian vowel separator"),
            "{m}"
        );
        assert!(!m.contains("variation selector"), "{m}");
        assert!(named('\u{180B}').contains("a variation selector"));
        assert!(named('\u{180F}').contains("a variation selector"));
        assert!(named('\u{FE0F}').contains("a variation selector"));
        assert!(named('\u{2028}').contains("a line separator"));
        assert!(named('\u{E0041}').contains("a tag character"));
        assert!(named('\u{061C}').contains("a bidirectional control"));
        assert!(named('\u{00AD}').contains("a default-ignorable character"));
    }

    #[test]
    fn wrap_breaks_between_words_and_never_inside_one_that_fits() {
        // "hub-spoke" fits the second line whole: it is not cut after its hyphen.
        let lines = wrap(
            "Gateway transit is not set on both sides of the hub-spoke peering",
            50,
        );
        assert_eq!(
            lines,
            [
                "Gateway transit is not set on both sides of the",
                "hub-spoke peering"
            ]
        );
        for w in 5..40 {
            for l in wrap("the peering vnet-crm-to-vnet-batch is Disconnected", w) {
                assert!(width(&l) <= w, "{w}: {l:?}");
            }
        }
        // A name longer than the line breaks after its hyphens.
        assert_eq!(
            wrap("peering vnet-crm-to-vnet-batch", 14),
            ["peering", "vnet-crm-to-", "vnet-batch"]
        );
        // Display width: each of these characters takes two columns.
        assert_eq!(wrap("東京 大阪 名古屋", 9), ["東京 大阪", "名古屋"]);
        assert_eq!(wrap("a\n\nb", 10), ["a", "", "b"]);
        assert_eq!(wrap("", 10), [""]);
        // Spaces as written, but none carried over a break.
        assert_eq!(wrap("1 on  2 off  3 off", 12), ["1 on  2 off", "3 off"]);
        assert_eq!(wrap("  indented text", 40), ["  indented text"]);
    }

    #[test]
    fn quoted_cuts_long_text() {
        let q = quoted(&"x".repeat(500));
        assert!(q.len() < 80, "{q}");
        assert!(q.ends_with("...\""));
    }
}

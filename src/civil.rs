//! Unix seconds as UTC calendar text: the history keeps unix seconds, people and other
//! programs read ISO 8601 (the class report, CSV exports, xAPI statements).

const DAY: i64 = 86_400;

/// Year, month, day of a unix time, UTC (Howard Hinnant's days-from-civil, inverted).
fn ymd(unix: i64) -> (i64, i64, i64) {
    let z = unix.div_euclid(DAY) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// `YYYY-MM-DD`, UTC.
pub fn date(unix: i64) -> String {
    let (y, m, d) = ymd(unix);
    format!("{y:04}-{m:02}-{d:02}")
}

/// ISO 8601 / RFC 3339 in UTC, to the second: `2026-12-02T10:07:56Z`.
pub fn iso8601(unix: i64) -> String {
    let s = unix.rem_euclid(DAY);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        date(unix),
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// Reads what [`iso8601`] writes (exactly that shape, nothing looser) back to unix seconds.
pub fn parse_iso8601(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'Z'
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = s.get(r)?;
        t.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| t.parse().ok())?
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, se) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 59 {
        return None;
    }
    // Days from civil (Hinnant).
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let unix = days * DAY + h * 3600 + mi * 60 + se;
    // 31 February and the like do not come back to the same text.
    (iso8601(unix) == s).then_some(unix)
}

/// An ISO 8601 duration in whole seconds (`PT611S`), as xAPI's `result.duration` wants.
pub fn duration(seconds: u64) -> String {
    format!("PT{seconds}S")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_instants_and_back() {
        // Checked with `date -u -d @...`.
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso8601(1_796_206_076), "2026-12-02T10:07:56Z");
        assert_eq!(iso8601(-1), "1969-12-31T23:59:59Z");
        for t in [0, 951_782_400, 1_796_206_076, -1, 4_102_444_799] {
            assert_eq!(parse_iso8601(&iso8601(t)), Some(t));
        }
        assert_eq!(parse_iso8601("2026-02-31T00:00:00Z"), None);
        assert_eq!(parse_iso8601("2026-12-02 10:07:56Z"), None);
        assert_eq!(parse_iso8601("2026-12-02T10:07:56+01:00"), None);
        assert_eq!(duration(611), "PT611S");
    }
}

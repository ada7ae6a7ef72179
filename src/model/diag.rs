//! Problems found in a file, located by line and column so a user can jump straight to them.

use std::fmt;

/// A 1-based line and column (columns count characters, not bytes, so editors agree).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem. `code` is stable (scripts and tests match on it); `message` says what to fix.
/// Messages quote untrusted text, so the constructors make them printable and cut them to
/// [`crate::text::MAX_MESSAGE`] characters, wherever they were written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub pos: Pos,
    pub code: String,
    pub message: String,
}

impl Diagnostic {
    pub fn error(pos: Pos, code: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            pos,
            code: code.to_string(),
            message: crate::text::message(&message.into()),
        }
    }

    pub fn warning(pos: Pos, code: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            pos,
            code: code.to_string(),
            message: crate::text::message(&message.into()),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The `file:line:column: severity: code: message` form that `peerlab check` prints.
    pub fn render(&self, file: &str) -> String {
        format!(
            "{}:{}:{}: {}: {}: {}",
            file, self.pos.line, self.pos.col, self.severity, self.code, self.message
        )
    }
}

/// A TOML syntax or schema error as a located diagnostic (serde stops at the first of these).
pub(crate) fn toml_error(idx: &LineIndex, e: &toml::de::Error) -> Diagnostic {
    let pos = e
        .span()
        .map_or(Pos { line: 1, col: 1 }, |s| idx.pos(s.start));
    let msg = e.message().trim().to_string();
    let code = if msg.starts_with("unknown field") {
        "unknown-field"
    } else if msg.starts_with("missing field") {
        "missing-field"
    } else if msg.starts_with("invalid type") {
        "wrong-type"
    } else {
        "syntax"
    };
    Diagnostic::error(pos, code, crate::text::printable(&msg))
}

/// Maps byte offsets (what the TOML parser reports) to line and column.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    pub(crate) fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let col = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        Pos {
            line: line as u32 + 1,
            col: col as u32 + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_from_one_and_in_characters() {
        let idx = LineIndex::new("ab\nçd = 1\n");
        assert_eq!(idx.pos(0), Pos { line: 1, col: 1 });
        assert_eq!(idx.pos(3), Pos { line: 2, col: 1 });
        // 'ç' is two bytes but one column.
        assert_eq!(idx.pos(6), Pos { line: 2, col: 3 });
        assert_eq!(idx.pos(999), Pos { line: 3, col: 1 });
    }
}

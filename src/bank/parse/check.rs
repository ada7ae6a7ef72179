//! Where a problem is and what it says: a question file's checker turns a TOML value's byte span
//! into line and column and collects every diagnostic instead of stopping at the first, so an
//! author sees all of a file's mistakes in one `check`. The field checks every kind shares (text
//! limits, required fields, a flow, a verdict) live here so their messages read the same
//! everywhere.

use super::super::*;
use crate::model::LineIndex;
use toml::Spanned as S;

/// The checker of one question file.
pub(super) struct Ck<'a> {
    /// The file's key in the source (topology paths resolve against it).
    pub(super) file: &'a str,
    /// The file as messages name it.
    pub(super) shown: String,
    pub(super) idx: LineIndex<'a>,
    /// Every problem found so far, in file order.
    pub(super) out: Vec<Located>,
}

impl<'a> Ck<'a> {
    pub(super) fn at<T>(&self, s: &S<T>) -> Pos {
        self.idx.pos(s.span().start)
    }
    pub(super) fn err(&mut self, pos: Pos, code: &str, msg: impl Into<String>) {
        self.out.push(Located {
            file: self.shown.clone(),
            diag: Diagnostic::error(pos, code, msg),
        });
    }
    pub(super) fn warn(&mut self, pos: Pos, code: &str, msg: impl Into<String>) {
        self.out.push(Located {
            file: self.shown.clone(),
            diag: Diagnostic::warning(pos, code, msg),
        });
    }
    pub(super) fn text(&mut self, s: &S<String>, what: &str, max: usize) -> String {
        if let Err(e) = crate::text::check_text(s.get_ref(), max) {
            let p = self.at(s);
            self.err(p, "bad-text", format!("{what}: {e}"));
        }
        s.get_ref().clone()
    }
    pub(super) fn require<'b, T>(
        &mut self,
        field: &'b Option<S<T>>,
        name: &str,
        kind: Kind,
        pos: Pos,
    ) -> Option<&'b S<T>> {
        if field.is_none() {
            self.err(
                pos,
                "missing-field",
                format!("{} questions need `{name}`", kind.as_str()),
            );
        }
        field.as_ref()
    }
    pub(super) fn flow(
        &mut self,
        from: &S<String>,
        to: &S<String>,
        port: &Option<S<i64>>,
        protocol: &Option<S<String>>,
    ) -> Flow {
        let port = match port {
            Some(p) => match u16::try_from(*p.get_ref()) {
                Ok(v) if v > 0 => v,
                _ => {
                    let at = self.at(p);
                    self.err(
                        at,
                        "bad-value",
                        format!("port {} is outside 1 to 65535", p.get_ref()),
                    );
                    443
                }
            },
            None => 443,
        };
        let protocol = match protocol {
            Some(p) => match Protocol::parse(p.get_ref()) {
                Ok(Protocol::Any) | Err(_) => {
                    let at = self.at(p);
                    self.err(
                        at,
                        "bad-value",
                        format!(
                            "protocol {} must be \"tcp\", \"udp\" or \"icmp\"",
                            crate::text::quoted(p.get_ref())
                        ),
                    );
                    Protocol::Tcp
                }
                Ok(v) => v,
            },
            None => Protocol::Tcp,
        };
        for s in [from, to] {
            let _ = self.text(s, "flow end", 253);
        }
        Flow {
            from: from.get_ref().clone(),
            to: to.get_ref().clone(),
            port,
            protocol,
        }
    }
    pub(super) fn verdict(&mut self, s: &S<String>) -> Option<Verdict> {
        match s.get_ref().as_str() {
            "reachable" => Some(Verdict::Reachable),
            "unreachable" => Some(Verdict::Unreachable),
            other => {
                let p = self.at(s);
                self.err(
                    p,
                    "bad-value",
                    format!(
                        "expect is {}; use \"reachable\" or \"unreachable\"",
                        crate::text::quoted(other)
                    ),
                );
                None
            }
        }
    }
}

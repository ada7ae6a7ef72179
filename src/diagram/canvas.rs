//! A grid of characters with style marks, which the layouts draw on and which becomes lines.

use super::{Line, Mark, Span};

/// The characters a diagram is drawn with: plain ASCII (copy-paste safe) or box drawing.
#[derive(Debug, Clone, Copy)]
pub struct Pen {
    pub h: char,
    pub v: char,
    pub tl: char,
    pub tr: char,
    pub bl: char,
    pub br: char,
    pub dot_h: char,
    pub dot_v: char,
    pub broken: char,
}

pub const ASCII: Pen = Pen {
    h: '-',
    v: '|',
    tl: '+',
    tr: '+',
    bl: '+',
    br: '+',
    dot_h: '.',
    dot_v: ':',
    broken: 'x',
};

pub const UNICODE: Pen = Pen {
    h: '─',
    v: '│',
    tl: '┌',
    tr: '┐',
    bl: '└',
    br: '┘',
    dot_h: '┄',
    dot_v: '┆',
    broken: '╳',
};

pub struct Canvas {
    cells: Vec<Vec<(char, Mark)>>,
    pub width: usize,
}

impl Canvas {
    pub fn new(width: usize) -> Self {
        Canvas {
            cells: Vec::new(),
            width,
        }
    }

    fn grow(&mut self, row: usize) {
        while self.cells.len() <= row {
            self.cells.push(vec![(' ', Mark::Plain); self.width]);
        }
    }

    pub fn put(&mut self, row: usize, col: usize, c: char, mark: Mark) {
        if col >= self.width {
            return;
        }
        self.grow(row);
        self.cells[row][col] = (c, mark);
    }

    /// Writes `s` from `col`, cut at the canvas edge.
    pub fn text(&mut self, row: usize, col: usize, s: &str, mark: Mark) {
        for (i, c) in s.chars().enumerate() {
            self.put(row, col + i, c, mark);
        }
    }

    pub fn hline(&mut self, row: usize, from: usize, to: usize, c: char, mark: Mark) {
        for col in from..=to {
            self.put(row, col, c, mark);
        }
    }

    pub fn vline(&mut self, col: usize, from: usize, to: usize, c: char, mark: Mark) {
        for row in from..=to {
            self.put(row, col, c, mark);
        }
    }

    /// A box with `lines` inside, each wrapped to the box; returns its height.
    pub fn boxed(
        &mut self,
        row: usize,
        col: usize,
        width: usize,
        lines: &[(String, Mark)],
        pen: &Pen,
        mark: Mark,
    ) -> usize {
        let inner = width.saturating_sub(4).max(1);
        let wrapped: Vec<(String, Mark)> = lines
            .iter()
            .flat_map(|(t, m)| wrap(t, inner).into_iter().map(move |l| (l, *m)))
            .collect();
        self.put(row, col, pen.tl, mark);
        self.hline(row, col + 1, col + width - 2, pen.h, mark);
        self.put(row, col + width - 1, pen.tr, mark);
        for (i, (text, m)) in wrapped.iter().enumerate() {
            let r = row + 1 + i;
            self.put(r, col, pen.v, mark);
            self.text(r, col + 2, text, *m);
            self.put(r, col + width - 1, pen.v, mark);
        }
        let bottom = row + 1 + wrapped.len();
        self.put(bottom, col, pen.bl, mark);
        self.hline(bottom, col + 1, col + width - 2, pen.h, mark);
        self.put(bottom, col + width - 1, pen.br, mark);
        wrapped.len() + 2
    }

    /// The grid as lines: trailing spaces trimmed, consecutive equal marks merged into spans.
    pub fn into_lines(self) -> Vec<Line> {
        self.cells
            .into_iter()
            .map(|row| {
                let end = row
                    .iter()
                    .rposition(|(c, _)| *c != ' ')
                    .map_or(0, |i| i + 1);
                let row = &row[..end];
                let text: String = row.iter().map(|(c, _)| *c).collect();
                let mut spans: Vec<Span> = Vec::new();
                for (i, (_, m)) in row.iter().enumerate() {
                    if *m == Mark::Plain {
                        continue;
                    }
                    match spans.last_mut() {
                        Some(s) if s.mark == *m && s.start + s.len == i => s.len += 1,
                        _ => spans.push(Span {
                            start: i,
                            len: 1,
                            mark: *m,
                        }),
                    }
                }
                Line { text, spans }
            })
            .collect()
    }
}

/// `s` cut to `width` characters, marking a cut with `~`.
pub fn fit(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
    out.push('~');
    out
}

/// Word-wraps `s` to `width` characters; continuation lines are indented by two spaces, and a
/// word longer than the width is cut into pieces rather than lost.
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let width = width.max(4);
    if s.chars().count() <= width {
        return vec![s.to_string()];
    }
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in s.split(' ') {
        let mut word: String = word.to_string();
        loop {
            let room = width - if out.is_empty() { 0 } else { 2 };
            let need = if line.is_empty() {
                word.chars().count()
            } else {
                line.chars().count() + 1 + word.chars().count()
            };
            if need <= room {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(&word);
                break;
            }
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
                continue;
            }
            // A single word wider than the line: cut it into pieces.
            out.push(word.chars().take(room).collect());
            word = word.chars().skip(room).collect();
            if word.is_empty() {
                break;
            }
        }
    }
    if !line.is_empty() {
        out.push(line);
    }
    out.into_iter()
        .enumerate()
        .map(|(i, l)| if i == 0 { l } else { format!("  {l}") })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrapping_keeps_every_word_and_respects_the_width() {
        let w = wrap(
            "spoke-dev-to-hub rejected (VnetAddressSpaceOverlapsWithAlreadyPeeredVnet)",
            30,
        );
        assert!(w.iter().all(|l| l.chars().count() <= 30), "{w:?}");
        let joined: String = w.iter().map(|l| l.trim()).collect::<Vec<_>>().join("");
        assert!(
            joined
                .replace(' ', "")
                .contains("VnetAddressSpaceOverlapsWithAlreadyPeeredVnet"),
            "{w:?}"
        );
        assert_eq!(wrap("short", 30), vec!["short".to_string()]);
    }
}

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

    /// Writes `s` from `col`, cut at the canvas edge. A wide character (CJK, emoji) takes two
    /// cells, the second held by [`WIDE`], so a line's columns stay the canvas's columns; one
    /// that would straddle the edge is left out, as are characters of no width.
    pub fn text(&mut self, row: usize, col: usize, s: &str, mark: Mark) {
        let mut at = col;
        for c in s.chars() {
            match crate::text::char_width(c) {
                0 => {}
                1 => {
                    self.put(row, at, c, mark);
                    at += 1;
                }
                _ => {
                    if at + 1 < self.width {
                        self.put(row, at, c, mark);
                        self.put(row, at + 1, WIDE, mark);
                    }
                    at += 2;
                }
            }
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
                // The second cell of a wide character is no character of the line.
                let row: Vec<(char, Mark)> = row[..end]
                    .iter()
                    .copied()
                    .filter(|(c, _)| *c != WIDE)
                    .collect();
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

/// What fills the second cell of a wide character (never in a line's text).
const WIDE: char = '\0';

/// `s` cut to `width` columns, marking a cut with `~`.
pub fn fit(s: &str, width: usize) -> String {
    if crate::text::width(s) <= width {
        return s.to_string();
    }
    let mut out = crate::text::take_width(s, width.saturating_sub(1)).to_string();
    out.push('~');
    out
}

/// Word-wraps `s` to `width` columns (display width: a CJK character or an emoji takes two);
/// continuation lines are indented by two spaces, and a word wider than the line is cut into
/// pieces rather than lost.
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    use crate::text::{take_width, width as cols};
    let width = width.max(4);
    if cols(s) <= width {
        return vec![s.to_string()];
    }
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in s.split(' ') {
        let mut word: &str = word;
        loop {
            let room = width - if out.is_empty() { 0 } else { 2 };
            let need = if line.is_empty() {
                cols(word)
            } else {
                cols(&line) + 1 + cols(word)
            };
            if need <= room {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                break;
            }
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
                continue;
            }
            // A single word wider than the line: cut it into pieces (at least one character
            // each, so a character wider than the room cannot stall the loop).
            let mut piece = take_width(word, room);
            if piece.is_empty() {
                piece = &word[..word.chars().next().map_or(0, char::len_utf8)];
            }
            out.push(piece.to_string());
            word = &word[piece.len()..];
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

    #[test]
    fn wide_characters_are_wrapped_and_drawn_by_their_columns() {
        // 30 CJK characters are 60 columns: at 40 columns they need two lines.
        let title = "東".repeat(30);
        let w = wrap(&title, 40);
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w.iter().all(|l| crate::text::width(l) <= 40), "{w:?}");
        let mut c = super::Canvas::new(10);
        c.text(0, 0, "ab東京駅xyz", super::Mark::Title);
        let lines = c.into_lines();
        // a b 東 京 駅 = 8 columns, then x y; z falls off the edge.
        assert_eq!(lines[0].text, "ab東京駅xy");
        assert_eq!(crate::text::width(&lines[0].text), 10);
        assert_eq!(lines[0].spans[0].len, 7);
        assert_eq!(super::fit("東京駅東京駅", 7), "東京駅~");
    }
}

//! The question screen's network diagram, drawn once per network and width. Laying out a large
//! network is the costliest thing a frame does (a 1,000-spoke hub took seconds a frame), while
//! it changes only when the question, the learner's configure flags or the width do; every
//! other frame (a key that moves the cursor, the exam clock's second) reuses the lines.

use crate::diagram::{self, Line, Options};
use crate::model::Topology;
use std::cell::RefCell;

#[derive(Default)]
pub struct Diagrams {
    last: RefCell<Option<(Topology, usize, Vec<Line>)>>,
    /// How many times a diagram was laid out (tests read it).
    pub drawn: std::cell::Cell<usize>,
}

impl Diagrams {
    /// The diagram of `t` at `width` columns, without the legend (the help screen has it).
    pub fn lines(&self, t: &Topology, width: usize) -> Vec<Line> {
        let mut last = self.last.borrow_mut();
        if let Some((seen, w, lines)) = last.as_ref()
            && *w == width
            && seen == t
        {
            return lines.clone();
        }
        let opts = Options {
            width,
            legend: false,
            ..Options::default()
        };
        let lines = diagram::draw(t, &opts);
        self.drawn.set(self.drawn.get() + 1);
        *last = Some((t.clone(), width, lines.clone()));
        lines
    }
}

#[cfg(test)]
mod tests {
    use crate::bank::Kind;
    use crate::quiz::{Item, Mode};
    use crate::tui::{App, Msg, Start, draw};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use std::time::Duration;

    #[test]
    fn the_diagram_is_laid_out_again_only_when_the_network_or_width_changes() {
        let b = crate::bank::builtin().unwrap();
        let q = b
            .questions
            .iter()
            .find(|q| q.kind == Kind::Configure && q.editable.len() >= 2)
            .unwrap()
            .clone();
        let item = Item {
            topology: b.topology_of(&q).cloned(),
            question: q,
            template: None,
        };
        let mut app = App::new(b, Start::Menu, 1, Duration::ZERO);
        app.begin(Mode::Exam, vec![item], Some(5), Duration::ZERO);
        let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
        let mut frame = |app: &App, s: u64| {
            t.draw(|f| draw(f, app, Duration::from_secs(s))).unwrap();
        };
        frame(&app, 0);
        assert_eq!(app.diagrams.drawn.get(), 1);
        // The clock's seconds and a cursor move: the same network.
        frame(&app, 1);
        app.update(Msg::Down, Duration::from_secs(2));
        frame(&app, 2);
        assert_eq!(app.diagrams.drawn.get(), 1);
        // A flag toggled: the network the learner configured changed.
        app.update(Msg::Digit(1), Duration::from_secs(3));
        frame(&app, 3);
        assert_eq!(app.diagrams.drawn.get(), 2);
        frame(&app, 4);
        assert_eq!(app.diagrams.drawn.get(), 2);
        // Another width.
        let mut narrow = Terminal::new(TestBackend::new(80, 24)).unwrap();
        narrow
            .draw(|f| draw(f, &app, Duration::from_secs(5)))
            .unwrap();
        assert_eq!(app.diagrams.drawn.get(), 3);
    }
}

//! The Help page: what each mode does, how the score is scaled, how the review schedule
//! works, and where the history lives, then every key. A page of its own, scrolled like the
//! others; `?` still opens the short key list over any screen.

use super::app::App;
use super::keys::HELP;
use super::paint::{bold, page};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

/// The page's sections: a title, then its paragraphs.
const SECTIONS: [(&str, &str); 4] = [
    (
        "The modes",
        "Practice asks one question at a time and tells you at once whether you were right, why, \
and (for a network question) how the packet went. There is no clock and no pass mark; leave \
with q whenever you like and only what you answered is counted.\n\
An exam is timed like AZ-104: a countdown, flags (f) on questions to come back to, a review \
list (r) and a submit (s); you see the answers only at the end. Closing the trainer keeps an \
exam open: Resume in the menu, or peerlab resume, continues it with your answers, flags and \
the time that was left.\n\
Review asks what the schedule says is due, then questions you have not met yet.\n\
Retry my mistakes asks again what you got wrong (from a results screen, m; from the menu, the \
last 7 days; peerlab practice --missed --days N). A generated question comes back as a fresh \
one of the same kind and difficulty.\n\
A drill (peerlab drill --seed N --name NAME) is an exam a whole class takes with the same \
questions; it writes a results file for the teacher's peerlab report.",
    ),
    (
        "The score",
        "An exam is scored from 1 to 1000 and passes at 700, as AZ-104 reports it. Microsoft does \
not publish how it scales, so peerlab's scale is a straight line: none right is 1, all right \
is 1000, and 70% right is the pass mark. Unanswered questions count as wrong in an exam. \
Progress predicts the score of an exam taken now (Readiness) once you have 20 answers over 3 \
topics or more; before that it says how many are missing, as a few answers predict little.",
    ),
    (
        "The review schedule",
        "Every answer updates the schedule of that question (for a generated one: its kind and \
difficulty) with FSRS, the Free Spaced Repetition Scheduler, through the fsrs crate Anki itself \
uses. A right answer makes the memory more stable and the next review further away: each \
interval is set so that you would still recall the answer 9 times out of 10 (change it with \
peerlab stats --retention 0.85, from 0.7 to 0.99). A wrong answer brings the question back \
after ten minutes (your next review session). Only the first answer to a question in a \
session counts for the schedule. Once you have 64 reviews (answers a day or more after an \
earlier one to the same question), peerlab stats --optimize (or o on the Progress screen) \
fits the scheduler to your own memory, as Anki does, and reschedules with it.",
    ),
    (
        "Your history",
        "Every answer is saved as you give it, in one SQLite file (shown below). peerlab stats \
prints your progress; peerlab export prints every answer as JSON or CSV. Choose another \
folder with --data-dir DIR or PEERLAB_DATA_DIR, or practise without keeping anything with \
--no-history.",
    ),
];

pub fn lines(app: &App) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled("peerlab: help", bold()), Line::raw("")];
    for (title, text) in SECTIONS {
        lines.push(Line::styled(title, bold()));
        for p in text.split('\n') {
            lines.push(Line::raw(p.to_string()));
        }
        lines.push(Line::raw(""));
    }
    match &app.history {
        Some(h) => lines.push(Line::raw(format!("Your history is kept in {}", h.path))),
        None => lines.push(Line::raw(
            "The history is off in this run (--no-history, or it could not be opened).",
        )),
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Keys", bold()));
    for (k, v) in HELP {
        lines.push(Line::raw(format!("  {k:<12}{v}")));
    }
    lines.push(Line::raw(
        "  Tab a w f   results: next filter / all / wrong / flagged",
    ));
    lines.push(Line::raw("  m           results: retry the ones missed"));
    lines
}

pub fn draw(f: &mut Frame, app: &App, area: Rect) -> bool {
    page(f, lines(app), area, app.scroll, &app.fit)
}

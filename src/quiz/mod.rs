//! The quiz engine: sessions (practice, exam, drill), answers and their grading, question
//! selection, scores and the class report. Everything a session knows lives here, with time
//! passed in, so it is tested without a terminal; the TUI only maps keys and draws.

mod grade;
pub mod report;
mod retry;
mod select;
mod session;
mod shown;
mod summary;
mod unit;

pub use grade::{
    Answer, Grade, answer_text, asks_reason, configured, grade, key_text, lettered, listed_answer,
    reach_choices, right_answer,
};
pub use retry::{keys_at, retry};
pub use select::{Source, exam, practice, review};
pub use session::{
    Item, ItemResult, Mode, PASS, QuizError, Results, Review, Session, TopicScore, scaled,
};
pub use shown::{row_of, shown_order};
pub use summary::Summary;
pub use unit::{Context, UnitKind, context, in_unit, run_of, same_unit, unit_range};

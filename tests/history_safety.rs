//! The history under attack and under faults (issue 12): unknown versions, foreign triggers,
//! links, read-only commands, a lock held by another program, a full disk. Nothing is
//! touched that should not be, and no answer is lost.

use assert_cmd::Command;
use peerlab::store::{AnswerRecord, Store, StoreError};
use std::path::Path;
use std::time::Duration;

fn peerlab() -> Command {
    let mut c = Command::cargo_bin("peerlab").unwrap();
    c.timeout(Duration::from_secs(20));
    c
}

fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let o = peerlab()
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    (
        o.status.code(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
    )
}

fn answer(position: usize) -> AnswerRecord {
    AnswerRecord {
        position,
        key: format!("bank:q{position}"),
        question_id: format!("q{position}"),
        template: None,
        topic: "nsg".into(),
        kind: "single".into(),
        difficulty: 1,
        correct: true,
        millis: 10,
        response: "{}".into(),
    }
}

/// `answers` exactly as migration 1 creates it (src/store/schema.rs).
const ANSWERS_TABLE: &str = "CREATE TABLE answers(
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        position INTEGER NOT NULL,
        item_key TEXT NOT NULL,
        question_id TEXT NOT NULL,
        template TEXT,
        topic TEXT NOT NULL,
        kind TEXT NOT NULL,
        difficulty INTEGER NOT NULL,
        correct INTEGER NOT NULL,
        millis INTEGER NOT NULL,
        response TEXT NOT NULL,
        answered_at INTEGER NOT NULL,
        UNIQUE(session_id, position)
    )";

/// A history with one session and one answer, then changed by `sql` through another
/// connection, as another program would.
fn tampered(sql: &str) -> (tempfile::TempDir, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut s = Store::open(dir.path()).unwrap();
        let id = s.start_session("practice", None, 1, None, 100).unwrap();
        s.record(id, &answer(0), 101).unwrap();
    }
    let c = rusqlite::Connection::open(dir.path().join("history.sqlite3")).unwrap();
    c.execute_batch(sql).unwrap();
    // Back to a single file, so "untouched" can be checked byte for byte.
    c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    drop(c);
    let bytes = std::fs::read(dir.path().join("history.sqlite3")).unwrap();
    (dir, bytes)
}

#[test]
fn an_unknown_schema_version_is_refused_untouched_by_every_command() {
    for v in ["-1", "-9223372036854775808"] {
        let (dir, before) = tampered(&format!("PRAGMA user_version = {v};"));
        let mut commands = vec![vec!["stats"], vec!["export"], vec!["resume", "--close"]];
        if cfg!(feature = "tui") {
            commands.push(vec!["exam"]);
        }
        for args in commands {
            let (code, text) = run(dir.path(), &args);
            assert_eq!(code, Some(2), "{v} {args:?}: {text}");
            assert!(!text.contains("panicked"), "{text}");
            // -1 is named; i64::MIN reads as 0 (SQLite keeps 32 bits), a foreign file.
            assert!(text.contains("not one peerlab"), "{text}");
        }
        let after = std::fs::read(dir.path().join("history.sqlite3")).unwrap();
        assert!(before == after, "user_version {v}: the file was changed");
    }
}

#[test]
fn a_history_with_a_trigger_or_view_is_not_written_but_can_be_exported() {
    // Our own table under its own name, rebuilt from its text: `change` rewrites that text.
    let rebuilt = |change: &dyn Fn(&str) -> String| {
        format!(
            "ALTER TABLE answers RENAME TO old; {}; INSERT INTO answers SELECT * FROM old; DROP TABLE old; CREATE INDEX answers_by_time ON answers(answered_at); CREATE INDEX answers_by_topic ON answers(topic, answered_at, correct);",
            change(ANSWERS_TABLE)
        )
    };
    // Rebuilt as it was, it is ours: the comparison is exact, not a refusal of every rebuild.
    let (same, _) = tampered(&rebuilt(&|t| t.to_string()));
    Store::open(same.path()).expect("the same definition is ours");
    for sql in [
        "CREATE TRIGGER wipe AFTER INSERT ON answers BEGIN DELETE FROM answers; END;".to_string(),
        "CREATE VIEW v AS SELECT * FROM answers;".to_string(),
        "CREATE TABLE extra(x);".to_string(),
        // Redefined so that every answer of a session but the first is dropped without an
        // error: only the definition text tells.
        rebuilt(&|t| {
            t.replace(
                "UNIQUE(session_id, position)",
                "UNIQUE(session_id, position), UNIQUE(session_id) ON CONFLICT IGNORE",
            )
        }),
    ] {
        let sql = sql.as_str();
        let (dir, before) = tampered(sql);
        let e = Store::open(dir.path()).err().expect("refused");
        assert!(matches!(e, StoreError::Foreign { .. }), "{sql}: {e}");
        let msg = e.to_string();
        assert!(msg.contains("peerlab export"), "{msg}");
        let mut commands = vec![vec!["resume", "--close"]];
        if cfg!(feature = "tui") {
            commands.push(vec!["review"]);
        }
        for args in commands {
            let (code, text) = run(dir.path(), &args);
            assert_eq!(code, Some(2), "{sql} {args:?}: {text}");
            assert!(text.contains("did not create"), "{text}");
        }
        // Reading runs no trigger: the data can still be saved.
        let (code, text) = run(dir.path(), &["export", "--format", "json"]);
        assert_eq!(code, Some(0), "{text}");
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["answers"][0]["question_id"], "q0");
        let after = std::fs::read(dir.path().join("history.sqlite3")).unwrap();
        assert!(before == after, "{sql}: the file was changed");
    }
}

#[cfg(unix)]
#[test]
fn a_linked_or_special_history_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("elsewhere.sqlite3");
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::os::unix::fs::symlink(&target, data.join("history.sqlite3")).unwrap();
    let e = Store::open(&data).err().expect("refused");
    assert!(matches!(e, StoreError::NotAFile { .. }), "{e}");
    let (code, text) = run(&data, &["stats"]);
    assert_eq!(code, Some(2), "{text}");
    assert!(!target.exists(), "the database was created behind the link");
    // A FIFO would block SQLite's open.
    let fifo_dir = dir.path().join("fifo");
    std::fs::create_dir(&fifo_dir).unwrap();
    let p = std::ffi::CString::new(
        fifo_dir
            .join("history.sqlite3")
            .as_os_str()
            .as_encoded_bytes(),
    )
    .unwrap();
    assert_eq!(unsafe { libc::mkfifo(p.as_ptr(), 0o644) }, 0);
    let (code, text) = run(&fifo_dir, &["stats"]);
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("not a plain file"), "{text}");
}

/// A session row edited by hand (issue 13): a NULL where a finished exam has a time is an
/// unfinished exam, not a failure; a value of the wrong type is an error that names the file
/// and the column, not rusqlite's "Invalid column type".
#[test]
fn a_hand_edited_session_row_is_read_or_named() {
    let (dir, _) = tampered("UPDATE sessions SET mode = 'exam', score = 500, finished_at = NULL;");
    let (code, text) = run(dir.path(), &["stats", "--json"]);
    assert_eq!(code, Some(0), "{text}");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["exams"].as_array().unwrap().len(), 0, "{text}");
    assert_eq!(v["open_exams"], 1);
    let (code, text) = run(dir.path(), &["stats"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains("An interrupted exam can be resumed"),
        "{text}"
    );

    let (dir, bytes) =
        tampered("UPDATE sessions SET mode = 'exam', score = 'lots', finished_at = 200;");
    let (code, text) = run(dir.path(), &["stats"]);
    assert_eq!(code, Some(2), "{text}");
    assert!(
        text.contains("history.sqlite3: a row holds a value of type Text in column `score`"),
        "{text}"
    );
    assert!(!text.contains("Invalid column type"), "{text}");
    assert_eq!(
        std::fs::read(dir.path().join("history.sqlite3")).unwrap(),
        bytes
    );
}

#[test]
fn read_only_commands_create_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("not-there");
    for args in [
        vec!["stats"],
        vec!["stats", "--json"],
        vec!["export"],
        vec!["export", "--format", "csv"],
        vec!["resume", "--close"],
    ] {
        let (code, text) = run(&missing, &args);
        assert_eq!(code, Some(0), "{args:?}: {text}");
        assert!(!missing.exists(), "{args:?} created {}", missing.display());
    }
    // With nothing to close, `resume --close` says so rather than "Closed 0".
    let (_, text) = run(&missing, &["resume", "--close"]);
    assert!(
        text.contains("no interrupted session to close") && text.contains("not-there"),
        "{text}"
    );
    let (_, text) = run(&missing, &["export"]);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["answers"].as_array().unwrap().len(), 0);
}

#[cfg(feature = "tui")]
mod recorder {
    use super::*;
    use peerlab::tui::{Event, Recorder};
    use std::time::Instant;

    /// An answer whose row needs pages of its own (so a capped file cannot take it).
    fn big(position: usize) -> AnswerRecord {
        AnswerRecord {
            response: format!("{{\"pad\": \"{}\"}}", "x".repeat(6000)),
            ..answer(position)
        }
    }

    fn started() -> Event {
        Event::Started {
            mode: "exam",
            seed: Some(3),
            questions: 4,
            minutes: Some(10),
        }
    }

    fn stored(dir: &Path) -> Vec<String> {
        Store::open(dir)
            .unwrap()
            .history()
            .unwrap()
            .into_iter()
            .map(|a| a.answer.question_id)
            .collect()
    }

    #[test]
    fn answers_given_while_another_program_holds_the_lock_are_saved_in_order_later() {
        let dir = tempfile::tempdir().unwrap();
        let mut rec = Recorder::new(Store::open(dir.path()).unwrap());
        let other = rusqlite::Connection::open(dir.path().join("history.sqlite3")).unwrap();
        other.execute_batch("BEGIN EXCLUSIVE").unwrap();
        // Locked from the start: even the session waits, and its answers after it.
        assert!(rec.write(started(), 100).is_err());
        for i in 0..4 {
            let t = Instant::now();
            assert!(
                rec.write(Event::Answered(answer(i)), 101 + i as i64)
                    .is_err()
            );
            // The trainer waits a moment, not the store's five seconds.
            assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
        }
        assert_eq!(rec.unsaved(), 4);
        assert!(
            rec.error.as_deref().unwrap().contains("locked"),
            "{:?}",
            rec.error
        );
        assert_eq!(rec.session, None);
        other.execute_batch("COMMIT").unwrap();
        rec.write_pending().unwrap();
        assert_eq!(rec.unsaved(), 0);
        assert_eq!(rec.error, None);
        assert_eq!(stored(dir.path()), ["q0", "q1", "q2", "q3"]);
        // The answers belong to the session started, which the recorder now knows.
        let s = rec.store.sessions().unwrap();
        assert_eq!((s.len(), s[0].answered), (1, 4));
        assert_eq!(rec.session, Some(s[0].id));
    }

    #[test]
    fn a_full_disk_loses_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut rec = Recorder::new(Store::open(dir.path()).unwrap());
        rec.write(started(), 100).unwrap();
        rec.store
            .limit_pages(Some(rec.store.pages().unwrap()))
            .unwrap();
        for i in 0..15 {
            assert!(rec.write(Event::Answered(big(i)), 101 + i as i64).is_err());
        }
        assert_eq!(rec.unsaved(), 15);
        assert!(
            rec.error.as_deref().unwrap().contains("full"),
            "{:?}",
            rec.error
        );
        rec.store.limit_pages(None).unwrap();
        rec.write_pending().unwrap();
        let ids: Vec<String> = (0..15).map(|i| format!("q{i}")).collect();
        assert_eq!(stored(dir.path()), ids);
    }

    #[test]
    fn what_is_unsaved_on_exit_goes_to_a_recovery_file_the_next_start_saves() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let mut rec = Recorder::new(store);
        rec.write(started(), 100).unwrap();
        rec.write(Event::Answered(answer(0)), 101).unwrap();
        rec.store
            .limit_pages(Some(rec.store.pages().unwrap()))
            .unwrap();
        for i in 1..3 {
            let _ = rec.write(Event::Answered(big(i)), 101 + i as i64);
        }
        rec.retry_now();
        let path = rec.save_recovery().unwrap().expect("a recovery file");
        assert!(path.ends_with("history.pending.json"), "{}", path.display());
        drop(rec);
        assert_eq!(stored(dir.path()), ["q0"]);
        // The next start: the disk has room again.
        let mut next = Recorder::new(Store::open(dir.path()).unwrap());
        assert_eq!(next.import_recovery().unwrap(), 2);
        assert!(!next.is_pending());
        assert!(!path.exists(), "the recovery file stays after it was saved");
        assert_eq!(stored(dir.path()), ["q0", "q1", "q2"]);
        // All in the session they were given in.
        let s = next.store.sessions().unwrap();
        assert_eq!((s.len(), s[0].answered), (1, 3));
        assert_eq!(next.save_recovery().unwrap(), None);
    }

    /// A recovery file that cannot be written (here its name is taken by a folder; on a full
    /// disk the write fails) leaves no half-written `.tmp` file behind; the caller prints.
    #[test]
    fn a_recovery_file_that_cannot_be_written_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let mut rec = Recorder::new(Store::open(dir.path()).unwrap());
        rec.write(started(), 100).unwrap();
        rec.store
            .limit_pages(Some(rec.store.pages().unwrap()))
            .unwrap();
        let _ = rec.write(Event::Answered(big(0)), 101);
        assert_eq!(rec.unsaved(), 1);
        std::fs::create_dir(rec.recovery_path()).unwrap();
        assert!(rec.save_recovery().is_err());
        assert!(!rec.recovery_path().with_extension("json.tmp").exists());
        assert!(
            rec.pending_json().contains("\"position\": 0"),
            "{}",
            rec.pending_json()
        );
    }

    #[test]
    fn a_damaged_recovery_file_is_left_alone_with_a_message() {
        let dir = tempfile::tempdir().unwrap();
        let mut rec = Recorder::new(Store::open(dir.path()).unwrap());
        std::fs::write(rec.recovery_path(), "[{\"event\": \"nonsense\"}]").unwrap();
        let e = rec.import_recovery().unwrap_err();
        assert!(e.contains("not a peerlab recovery file"), "{e}");
        assert!(rec.recovery_path().exists());
        // Left alone at exit too: the trainer once removed it there when nothing was
        // pending, and would have written over it when something was.
        assert_eq!(rec.save_recovery().unwrap(), None);
        assert_eq!(
            std::fs::read_to_string(rec.recovery_path()).unwrap(),
            "[{\"event\": \"nonsense\"}]"
        );
        rec.write(started(), 100).unwrap();
        rec.store
            .limit_pages(Some(rec.store.pages().unwrap()))
            .unwrap();
        let _ = rec.write(Event::Answered(big(0)), 101);
        assert_eq!(rec.unsaved(), 1);
        let e = rec.save_recovery().unwrap_err();
        assert!(e.to_string().contains("left as it is"), "{e}");
        assert_eq!(
            std::fs::read_to_string(rec.recovery_path()).unwrap(),
            "[{\"event\": \"nonsense\"}]"
        );
        assert!(!rec.recovery_path().with_extension("json.tmp").exists());
    }
}

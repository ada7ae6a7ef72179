//! The schema and its migrations, versioned with SQLite's `user_version`. Migration N takes
//! a database from version N-1 to N inside one transaction; a later peerlab appends to
//! [`MIGRATIONS`] and never edits a shipped entry, so every older history can be upgraded.

use super::StoreError;
use rusqlite::Connection;

const MIGRATIONS: &[&str] = &[
    // 1: sessions, answers, and the FSRS schedule per item.
    "CREATE TABLE sessions(
        id INTEGER PRIMARY KEY,
        mode TEXT NOT NULL,
        seed INTEGER,
        questions INTEGER NOT NULL,
        minutes INTEGER,
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        score INTEGER,
        correct INTEGER,
        seconds INTEGER,
        -- Seconds the session spent interrupted (killed, then resumed): not exam time.
        paused INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE answers(
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
    );
    CREATE INDEX answers_by_time ON answers(answered_at);
    -- Covers the per-topic stats, so they read the index rather than every row.
    CREATE INDEX answers_by_topic ON answers(topic, answered_at, correct);
    CREATE TABLE schedule(
        item_key TEXT PRIMARY KEY,
        stability REAL NOT NULL,
        difficulty REAL NOT NULL,
        last_review INTEGER NOT NULL,
        due INTEGER NOT NULL,
        reps INTEGER NOT NULL,
        lapses INTEGER NOT NULL
    );
    CREATE INDEX schedule_by_due ON schedule(due);",
    // 2: the exam questions flagged for review, so a resumed exam keeps its flags.
    "CREATE TABLE flags(
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        position INTEGER NOT NULL,
        PRIMARY KEY(session_id, position)
    );",
    // 3: the learner's settings (the FSRS parameters fitted to their own reviews, the desired
    // retention), and one row per hands-on lab attempt. Both in one migration so two features
    // built side by side never ship two different version 3s.
    "CREATE TABLE settings(
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE lab_attempts(
        id INTEGER PRIMARY KEY,
        lab TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        commands INTEGER NOT NULL DEFAULT 0,
        hints INTEGER NOT NULL DEFAULT 0,
        gave_up INTEGER NOT NULL DEFAULT 0,
        points INTEGER
    );
    CREATE INDEX lab_attempts_by_lab ON lab_attempts(lab, started_at);",
];

/// The schema version this peerlab writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

/// Refuses a database this peerlab must not touch: a newer schema, or another program's.
/// `for_writing`: also refuse objects peerlab did not create (a reader runs only its own
/// SELECTs, which no trigger fires on, so `stats` and `export` can still save the data).
pub(super) fn check(conn: &Connection, shown: &str, for_writing: bool) -> Result<(), StoreError> {
    let sql = |e: rusqlite::Error| super::classify(shown, e);
    // One statement, so one snapshot: another window may be creating the tables right now.
    let (found, tables, ours): (i64, i64, i64) = conn
        .query_row(
            "SELECT (SELECT user_version FROM pragma_user_version),
                    (SELECT count(*) FROM sqlite_master WHERE type='table'),
                    (SELECT count(*) FROM sqlite_master WHERE type='table'
                       AND name IN ('sessions', 'answers', 'schedule'))",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .map_err(sql)?;
    if found < 0 {
        return Err(StoreError::Corrupt {
            path: shown.to_string(),
            detail: format!("its schema version {found} is not one peerlab ever wrote"),
        });
    }
    if found > VERSION {
        return Err(StoreError::Newer {
            path: shown.to_string(),
            found,
            known: VERSION,
        });
    }
    // Every version so far has these three tables; a file without them is not ours,
    // whatever its user_version says.
    if (1..=VERSION).contains(&found) && ours < 3 {
        return Err(StoreError::Corrupt {
            path: shown.to_string(),
            detail: "it is an SQLite database, but not one peerlab wrote".to_string(),
        });
    }
    // Version 0 must be an empty file: tables here mean some other program's database.
    if found == 0 && tables > 0 {
        return Err(StoreError::Corrupt {
            path: shown.to_string(),
            detail: "it is an SQLite database, but not one peerlab wrote".to_string(),
        });
    }
    if for_writing && found > 0 {
        let extra = foreign_objects(conn, found as usize).map_err(sql)?;
        if !extra.is_empty() {
            return Err(StoreError::Foreign {
                path: shown.to_string(),
                detail: extra.join(", "),
            });
        }
    }
    Ok(())
}

/// The triggers, views, tables and indexes of `conn` that the first `version` migrations do
/// not create (SQLite's own `sqlite_*` objects aside), and those of ours whose definition was
/// changed. A trigger would run on every answer saved (one that deletes answers loses them
/// all; a slow one freezes the trainer), and a table redefined with `UNIQUE(session_id) ON
/// CONFLICT IGNORE` drops every answer but a session's first without an error, so a history
/// holding any is not written to. Compared, definition text included, with a fresh copy of
/// the schema built in memory, so a later migration's objects are known without a list kept
/// by hand (SQLite keeps each object's `CREATE` text as it was run, so ours match exactly).
fn foreign_objects(conn: &Connection, version: usize) -> rusqlite::Result<Vec<String>> {
    type Objects = std::collections::BTreeMap<(String, String), (String, Option<String>)>;
    let objects = |c: &Connection| -> rusqlite::Result<Objects> {
        c.prepare(
            "SELECT type, name, tbl_name, sql FROM sqlite_master
             WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
        )?
        .query_map([], |r| Ok(((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?))))?
        .collect()
    };
    let fresh = Connection::open_in_memory()?;
    for m in &MIGRATIONS[..version.min(MIGRATIONS.len())] {
        fresh.execute_batch(m)?;
    }
    let ours = objects(&fresh)?;
    Ok(objects(conn)?
        .into_iter()
        .filter_map(
            |((kind, name), definition)| match ours.get(&(kind.clone(), name.clone())) {
                Some(d) if *d == definition => None,
                Some(_) => Some(format!(
                    "{kind} {} (changed from the one peerlab creates)",
                    crate::text::quoted(&name)
                )),
                None => Some(format!("{kind} {}", crate::text::quoted(&name))),
            },
        )
        .collect())
}

/// Applies the pending migrations in one immediate transaction. The version is read inside
/// it, so two peerlab windows opening a new history at once do not both create the tables.
pub(super) fn migrate(conn: &mut Connection, shown: &str) -> Result<(), StoreError> {
    let sql = |e: rusqlite::Error| super::classify(shown, e);
    // Up to date (the usual case): no write lock needed, so `stats` never waits on a writer.
    let current: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(sql)?;
    if current >= VERSION {
        return Ok(());
    }
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(sql)?;
    let found: i64 = tx
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(sql)?;
    if found >= VERSION {
        return Ok(());
    }
    for m in &MIGRATIONS[found as usize..] {
        tx.execute_batch(m).map_err(sql)?;
    }
    tx.pragma_update(None, "user_version", VERSION)
        .map_err(sql)?;
    tx.commit().map_err(sql)
}

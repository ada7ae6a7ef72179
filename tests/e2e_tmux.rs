//! The real binary in a real terminal (tmux): a short exam answered with keystrokes, submitted,
//! and the score read off the screen. `.ci/run` installs tmux.
#![cfg(feature = "tui")]

use peerlab::bank::{self, Kind};
use peerlab::quiz::{self, Answer, Item};
use std::process::Command;
use std::time::{Duration, Instant};

struct Session(String);

impl Session {
    /// Runs `cmd` in a new detached tmux session of 100x40 named after this one.
    fn open(&self, cmd: &str) {
        self.tmux(&[
            "new-session",
            "-d",
            "-s",
            &self.0,
            "-x",
            "100",
            "-y",
            "40",
            cmd,
        ]);
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(args)
            .output()
            .expect("tmux must be installed (.ci/run installs it)");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", &self.0])
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.tmux(&["send-keys", "-t", &self.0, k]);
        }
    }

    /// Waits (up to 60 s: the machine may be loaded) until the screen shows `text`, and returns the screen.
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "waited for {text:?}; the screen shows:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.0])
            .output();
    }
}

/// What "1", Space, Enter answers to `it` in a session seeded `seed` (row A; Space picks it in
/// a multiple-choice question and does nothing to a single one), from the domain's own draw
/// and grading rather than the trainer's: whether it is right, and the text row A shows.
fn first_row_is_right(it: &Item, seed: u64) -> Option<(bool, String)> {
    let q = &it.question;
    let (answer, text) = match q.kind {
        Kind::Single | Kind::Multi | Kind::YesNo | Kind::Fix => {
            let row_a = quiz::shown_order(it, seed)[0];
            (
                Answer::Choices {
                    picked: vec![row_a],
                },
                q.choices[row_a].clone(),
            )
        }
        Kind::Reachability => {
            let (verdict, reason) = quiz::reach_choices(q)[0];
            let a = Answer::Reach { verdict, reason };
            let text = quiz::answer_text(q, &a);
            (a, text)
        }
        // An order or configure question: "1" and Space do other things there.
        _ => return None,
    };
    let right = quiz::grade(q, it.topology.as_ref(), &answer).correct;
    Some((right, text))
}

/// An exam of three questions whose row A is right for some and wrong for others, so the
/// score on the screen tells a wrong grade, or a key pressed on the wrong row, from a right
/// one; with the outcome of each.
fn mixed_exam() -> (u64, Vec<(bool, String)>) {
    let bank = bank::builtin().unwrap();
    (11..500u64)
        .find_map(|seed| {
            let rows = quiz::exam(&bank, seed, 3)
                .iter()
                .map(|it| first_row_is_right(it, seed))
                .collect::<Option<Vec<_>>>()?;
            let right = rows.iter().filter(|r| r.0).count();
            (rows.len() == 3 && right > 0 && right < 3).then_some((seed, rows))
        })
        .expect("some seed draws a mixed exam")
}

#[test]
fn a_short_exam_answered_in_tmux_shows_its_score() {
    let bin = env!("CARGO_BIN_EXE_peerlab");
    let s = Session(format!("peerlab-e2e-{}", std::process::id()));
    let data = tempfile::tempdir().unwrap();
    let (seed, rows) = mixed_exam();
    let cmd = format!(
        "{bin} --data-dir {} exam --questions 3 --minutes 5 --seed {seed}; sleep 60",
        data.path().display()
    );
    s.open(&cmd);
    let first = s.wait_for("Exam 1/");
    let total: usize = first
        .split("Exam 1/")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("a question count");
    assert_eq!(rows.len(), total);
    let mut right = 0;
    let mut screen = first;
    for k in 1..=total {
        let (ok, text) = &rows[k - 1];
        // Row A on the screen is the row the domain says it is.
        let head: String = text.chars().take(30).collect();
        assert!(
            screen
                .lines()
                .any(|l| l.contains("A. ") && l.contains(&head)),
            "question {k}: row A should read {text:?}:\n{screen}"
        );
        right += usize::from(*ok);
        // Pick the first choice (Space also selects it in a multiple-choice question), answer.
        s.keys(&["1", "Space", "Enter"]);
        if k < total {
            screen = s.wait_for(&format!("Exam {}/{total}", k + 1));
        }
    }
    s.wait_for("Review:");
    s.keys(&["s"]);
    s.wait_for("Submit the exam?");
    s.keys(&["y"]);
    let results = s.wait_for("/ 1000");
    let score = quiz::scaled(right, total);
    assert!(
        results.contains(&format!("Score {score} / 1000")),
        "{right} of {total} right is {score}:\n{results}"
    );
    let verdict = if score >= quiz::PASS { "PASS" } else { "FAIL" };
    assert!(results.contains(verdict), "{results}");
    assert!(results.contains("pass mark 700"), "{results}");
    s.keys(&["q"]);
}

#[test]
fn kill_9_in_the_middle_of_an_exam_keeps_every_answer_given() {
    let bin = env!("CARGO_BIN_EXE_peerlab");
    let s = Session(format!("peerlab-e2e-kill-{}", std::process::id()));
    let data = tempfile::tempdir().unwrap();
    // `exec`: the pane's process is peerlab itself, so its pid is the one to kill.
    let cmd = format!(
        "exec {bin} --data-dir {} exam --questions 6 --minutes 5 --seed 12",
        data.path().display()
    );
    s.open(&cmd);
    s.wait_for("Exam 1/");
    for k in 1..=2 {
        s.keys(&["1", "Space", "Enter"]);
        s.wait_for(&format!("Exam {}/", k + 1));
    }
    let pid = s.tmux(&["display-message", "-p", "-t", &s.0, "#{pane_pid}"]);
    let pid = pid.trim();
    assert!(pid.parse::<u32>().is_ok(), "pane pid {pid:?}");
    let killed = Command::new("sh")
        .args(["-c", &format!("kill -9 {pid}")])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = Command::new(bin)
        .args([
            "--data-dir",
            &data.path().display().to_string(),
            "stats",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["answers"], 2, "{v}");
    assert_eq!(v["open_sessions"], 1, "{v}");

    // Resume: the same exam, on its third question, the two answers back.
    let r = Session(format!("peerlab-e2e-resume-{}", std::process::id()));
    let cmd = format!(
        "{bin} --data-dir {} resume; sleep 60",
        data.path().display()
    );
    r.open(&cmd);
    // The screen can be caught mid-draw: wait for the whole of it (the status line is last).
    let screen = r.wait_for("Resumed");
    assert!(screen.contains("Exam 3/"), "{screen}");
    r.keys(&["C-c"]);
    let out = Command::new(bin)
        .args([
            "--data-dir",
            &data.path().display().to_string(),
            "resume",
            "--close",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Closed 1 interrupted session"));
}

/// Runs an exam in a pane whose shell outlives it, answers one question, sends `signal` to
/// peerlab, and returns (the exit code, the shell's `stty -a` afterwards, whether the pane was
/// still on the alternate screen, the cursor shown) with the history folder.
fn exam_then_signal(signal: &str) -> (String, String, String, tempfile::TempDir) {
    let bin = env!("CARGO_BIN_EXE_peerlab");
    let s = Session(format!("peerlab-e2e-{signal}-{}", std::process::id()));
    let data = tempfile::tempdir().unwrap();
    let pidfile = data.path().join("pid");
    let after = data.path().join("after");
    // `$$` of a `sh -c` that then `exec`s peerlab: the pid to signal, written before it runs.
    let cmd = format!(
        "sh -c 'echo $$ > {pid}; exec {bin} --data-dir {dir} exam --questions 4 --minutes 5 --seed 13'; echo \"rc=$?\" > {after}; stty -a >> {after}; sleep 60",
        pid = pidfile.display(),
        dir = data.path().display(),
        after = after.display()
    );
    s.open(&cmd);
    s.wait_for("Exam 1/");
    s.keys(&["1", "Space", "Enter"]);
    s.wait_for("Exam 2/");
    let pid = std::fs::read_to_string(&pidfile).unwrap();
    let pid = pid.trim();
    let sent = Command::new("kill")
        .args([&format!("-{signal}"), pid])
        .status()
        .unwrap();
    assert!(sent.success());
    let start = Instant::now();
    let report = loop {
        if let Ok(t) = std::fs::read_to_string(&after)
            && t.contains("icanon")
        {
            break t;
        }
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "peerlab did not exit after SIG{signal}; the screen shows:\n{}",
            s.screen()
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    let modes = s.tmux(&[
        "display-message",
        "-p",
        "-t",
        &s.0,
        "#{alternate_on} #{cursor_flag}",
    ]);
    (report, modes.trim().to_string(), s.screen(), data)
}

#[test]
fn a_signal_mid_exam_restores_the_terminal_keeps_the_answers_and_exits_by_convention() {
    let bin = env!("CARGO_BIN_EXE_peerlab");
    for (signal, code) in [("TERM", 143), ("HUP", 129), ("QUIT", 131), ("INT", 130)] {
        let (after, modes, screen, data) = exam_then_signal(signal);
        assert!(
            after.starts_with(&format!("rc={code}\n")),
            "SIG{signal}: {after}"
        );
        // Cooked mode again: `icanon` and `echo`, not `-icanon` / `-echo`.
        let flags: Vec<&str> = after.split_whitespace().collect();
        for want in ["icanon", "echo", "isig", "opost"] {
            assert!(flags.contains(&want), "SIG{signal}: no {want} in\n{after}");
        }
        // The normal screen (alternate_on 0) with the cursor shown (cursor_flag 1).
        assert_eq!(modes, "0 1", "SIG{signal}: the screen shows\n{screen}");
        assert!(!screen.contains("Exam 2/"), "SIG{signal}: {screen}");
        let out = Command::new(bin)
            .args(["--data-dir", &data.path().display().to_string()])
            .args(["stats", "--json"])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["answers"], 1, "SIG{signal}: {v}");
        // The exam stays open for `peerlab resume`.
        assert_eq!(v["open_sessions"], 1, "SIG{signal}: {v}");
    }
}

#[test]
fn a_10_kb_paste_then_ctrl_c_quits_at_once() {
    let bin = env!("CARGO_BIN_EXE_peerlab");
    let data = tempfile::tempdir().unwrap();
    let text = data.path().join("paste.txt");
    // As keys this would quit the exam ("q", "y"): as a paste it must change nothing.
    std::fs::write(&text, "qy1 2n\n".repeat(1463)).unwrap();
    for bracketed in [true, false] {
        let s = Session(format!(
            "peerlab-e2e-paste-{bracketed}-{}",
            std::process::id()
        ));
        let cmd = format!(
            "{bin} --data-dir {} exam --questions 3 --minutes 5 --seed 14; echo \"rc=$?\"; sleep 60",
            data.path().display()
        );
        s.open(&cmd);
        s.wait_for("Exam 1/");
        if bracketed {
            s.tmux(&["load-buffer", "-b", &s.0, &text.display().to_string()]);
            // -p: as a terminal pastes, between the bracketed-paste marks the trainer asked for.
            s.tmux(&["paste-buffer", "-p", "-b", &s.0, "-t", &s.0]);
            let screen = s.wait_for("Pasted text is ignored (10241 characters)");
            assert!(screen.contains("Exam 1/"), "{screen}");
        } else {
            // Typed keys, 10 KB of them (harmless ones: move down and up).
            s.tmux(&["send-keys", "-t", &s.0, "-l", &"jk".repeat(5_120)]);
        }
        let start = Instant::now();
        s.keys(&["C-c"]);
        s.wait_for("rc=0");
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "bracketed {bracketed}: Ctrl+C took {:?}",
            start.elapsed()
        );
    }
}

#[test]
fn closing_the_terminal_mid_exam_ends_peerlab_with_the_answers_kept() {
    let bin = env!("CARGO_BIN_EXE_peerlab");
    let s = Session(format!("peerlab-e2e-hangup-{}", std::process::id()));
    let data = tempfile::tempdir().unwrap();
    let cmd = format!(
        "exec {bin} --data-dir {} exam --questions 4 --minutes 5 --seed 15",
        data.path().display()
    );
    s.open(&cmd);
    s.wait_for("Exam 1/");
    s.keys(&["1", "Space", "Enter"]);
    s.wait_for("Exam 2/");
    let pid = s.tmux(&["display-message", "-p", "-t", &s.0, "#{pane_pid}"]);
    let stat = format!("/proc/{}/stat", pid.trim());
    // The pane goes: the terminal hangs up (SIGHUP, then end of input).
    s.tmux(&["kill-session", "-t", &s.0]);
    let start = Instant::now();
    // Gone, or a zombie waiting for tmux to reap it; not running (crossterm's default reader
    // read the hung-up terminal again and again, at full CPU, forever).
    while let Ok(t) = std::fs::read_to_string(&stat)
        && !t.split(") ").nth(1).is_some_and(|r| r.starts_with('Z'))
    {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "still running after the hang-up: {t}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = Command::new(bin)
        .args(["--data-dir", &data.path().display().to_string()])
        .args(["stats", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["answers"], 1, "{v}");
    assert_eq!(v["open_sessions"], 1, "{v}");
}

/// The practice feedback after row A was chosen: "Correct." or "Not quite." with the key,
/// and the key then is not row A alone (the session's seed is the clock, so the key is read
/// off the screen, not drawn again).
fn feedback_agrees(before: &str, after: &str) {
    // The verdict has a line of its own (a rationale may also begin "Correct.").
    let right = after.lines().any(|l| l.trim() == "Correct.");
    let wrong = after.lines().any(|l| l.trim() == "Not quite.");
    assert!(right != wrong, "one verdict:\n{after}");
    let key_line = after.lines().any(|l| l.trim().starts_with("Answer: "));
    assert_eq!(
        key_line, wrong,
        "the key is shown when, and only when, the answer is wrong:\n{after}"
    );
    if wrong {
        let key = after
            .lines()
            .find_map(|l| l.trim().strip_prefix("Answer: "))
            .unwrap_or_else(|| panic!("a wrong answer shows the key:\n{after}"));
        // Row A as the question showed it, past its letter and its "( ) " or "[ ] ".
        let row_a = before
            .lines()
            .find_map(|l| l.split_once("A. ").map(|(_, r)| r.trim()))
            .map(|r| r.trim_start_matches("( ) ").trim_start_matches("[ ] "));
        if let Some(row_a) = row_a.filter(|r| r.len() >= 12) {
            let head: String = row_a.chars().take(30).collect();
            assert!(
                !(key.starts_with("A. ") && key.contains(&head) && !key.contains("; ")),
                "row A was the key, yet the answer is marked wrong:\n{before}\n{after}"
            );
        }
    }
}

#[test]
fn two_practice_answers_end_on_a_summary_and_progress_draws_its_charts() {
    let bin = env!("CARGO_BIN_EXE_peerlab");
    let s = Session(format!("peerlab-e2e-study-{}", std::process::id()));
    let data = tempfile::tempdir().unwrap();
    s.open(&format!(
        "{bin} --data-dir {}; sleep 60",
        data.path().display()
    ));
    s.wait_for("1. Practice: all topics");
    s.keys(&["1", "Enter"]);
    s.wait_for("Practice 1/");
    for k in 1..=2 {
        // Select and answer (Space selects in a multiple-choice question), then the next one.
        let before = s.screen();
        s.keys(&["1", "Space", "Enter"]);
        let after = s.wait_for("Enter next question");
        feedback_agrees(&before, &after);
        s.keys(&["Enter"]);
        s.wait_for(&format!("Practice {}/", k + 1));
    }
    s.keys(&["q"]);
    let summary = s.wait_for("You answered 2 questions");
    assert!(
        !summary.contains("FAIL") && !summary.contains("/ 1000"),
        "{summary}"
    );
    assert!(summary.contains("no pass mark"), "{summary}");
    s.keys(&["q"]);
    s.wait_for("6. Progress");
    s.keys(&["6", "Enter"]);
    let top = s.wait_for("Accuracy per topic, week by week");
    assert!(top.contains("Exam scores (pass line at 700)"), "{top}");
    // Two answers predict no exam score: the screen says what is missing instead.
    assert!(top.contains("Readiness: answer 18 more"), "{top}");
    assert!(!top.contains("predicted exam score"), "{top}");
    s.keys(&["PageDown", "PageDown", "PageDown"]);
    let bottom = s.wait_for("Answers per day, the last 12 weeks");
    assert!(bottom.contains("Due over the next 14 days"), "{bottom}");
    s.keys(&["Escape", "q"]);
}

#[test]
fn the_chapters_two_commands_typed_into_the_lab_meet_every_goal() {
    let bin = env!("CARGO_BIN_EXE_peerlab");
    let s = Session(format!("peerlab-e2e-lab-{}", std::process::id()));
    let data = tempfile::tempdir().unwrap();
    let cmd = format!(
        "{bin} --data-dir {} lab chapter-cli-outline; sleep 60",
        data.path().display()
    );
    s.open(&cmd);
    let start = s.wait_for("az>");
    assert!(
        start.contains("[ ] vm-web reaches the hub's tools"),
        "{start}"
    );
    for line in [
        "az network vnet peering create --resource-group rg-network --name hub-to-spoke-web --vnet-name hub-vnet --remote-vnet spoke-web-vnet --allow-vnet-access --allow-forwarded-traffic --allow-gateway-transit",
        "az network vnet peering create --resource-group rg-network --name spoke-web-to-hub --vnet-name spoke-web-vnet --remote-vnet hub-vnet --allow-vnet-access --allow-forwarded-traffic --use-remote-gateways",
    ] {
        s.tmux(&["send-keys", "-t", &s.0, "-l", line]);
        s.keys(&["Enter"]);
    }
    let done = s.wait_for("Lab done: every goal holds. Score 100/100");
    assert!(!done.contains("[ ]"), "{done}");
    assert!(
        done.contains("[x] vm-web reaches the datacenter's dc-app"),
        "{done}"
    );
    // Esc to the list of labs, Esc to the menu, q quits; the attempt is in the history.
    s.keys(&["Escape"]);
    s.wait_for("[best 100/100, 1 tried]");
    s.keys(&["Escape"]);
    s.wait_for("Labs: type Azure CLI commands");
    s.keys(&["q"]);
    let store = peerlab::store::Store::open_read(data.path()).unwrap();
    let start = Instant::now();
    loop {
        let h = store.lab_summaries().unwrap();
        if h.first().is_some_and(|l| l.best == Some(100)) {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(30), "{h:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The chapter's lab in a real terminal: the hub's side typed key by key, the spoke's side
/// pasted (tmux's bracketed paste), and both goals met on the screen.
#[test]
fn the_chapters_two_commands_typed_and_pasted_into_the_lab_meet_its_goals() {
    let bin = env!("CARGO_BIN_EXE_peerlab");
    let s = Session(format!("peerlab-e2e-labpaste-{}", std::process::id()));
    let data = tempfile::tempdir().unwrap();
    let cmd = format!(
        "{bin} --data-dir {} lab chapter-cli-outline; sleep 60",
        data.path().display()
    );
    s.open(&cmd);
    s.wait_for("az>");
    let hub = "az network vnet peering create -g rg-network -n hub-to-spoke-web --vnet-name hub-vnet --remote-vnet spoke-web-vnet --allow-vnet-access --allow-forwarded-traffic --allow-gateway-transit -o none";
    s.tmux(&["send-keys", "-t", &s.0, "-l", hub]);
    s.keys(&["Enter"]);
    s.wait_for("-o none");
    let spoke = "az network vnet peering create -g rg-network -n spoke-web-to-hub \\\n  --vnet-name spoke-web-vnet --remote-vnet hub-vnet \\\n  --allow-vnet-access --allow-forwarded-traffic --use-remote-gateways -o none\n";
    let buffer = format!("peerlab-e2e-{}", std::process::id());
    s.tmux(&["set-buffer", "-b", &buffer, spoke]);
    s.tmux(&["paste-buffer", "-p", "-d", "-b", &buffer, "-t", &s.0]);
    let done = s.wait_for("Lab done");
    assert!(done.contains("every goal holds"), "{done}");
    s.keys(&["Escape"]);
}

/// The row (1-based, as a terminal counts) of the first line showing `text`.
fn row_of(screen: &str, text: &str) -> usize {
    1 + screen
        .lines()
        .position(|l| l.contains(text))
        .unwrap_or_else(|| panic!("{text:?} not on screen:\n{screen}"))
}

#[test]
fn a_mouse_click_in_tmux_opens_the_exam_lengths_and_starts_an_exam() {
    let bin = env!("CARGO_BIN_EXE_peerlab");
    let s = Session(format!("peerlab-e2e-click-{}", std::process::id()));
    let data = tempfile::tempdir().unwrap();
    s.open(&format!(
        "{bin} --data-dir {}; sleep 60",
        data.path().display()
    ));
    // A mouse click (SGR report, as a terminal sends it with capture on): press and release
    // on the menu's exam entry, then on the 10-question length.
    let menu = s.wait_for("3. Practice exam");
    let click = |row: usize| {
        s.tmux(&[
            "send-keys",
            "-t",
            &s.0,
            "-l",
            &format!("\x1b[<0;6;{row}M\x1b[<0;6;{row}m"),
        ]);
    };
    click(row_of(&menu, "3. Practice exam"));
    let lengths = s.wait_for("Practice exam: how long?");
    click(row_of(&lengths, "1. 10 questions, 20 minutes"));
    s.wait_for("Exam 1/10");
    s.keys(&["C-c"]);
}

#[test]
fn mouse_capture_is_on_by_default_off_with_no_mouse_and_off_again_after_exit() {
    let bin = env!("CARGO_BIN_EXE_peerlab");
    let data = tempfile::tempdir().unwrap();
    for (args, on) in [("", "1"), ("--no-mouse", "0")] {
        let s = Session(format!(
            "peerlab-e2e-mouse{}-{}",
            args.len(),
            std::process::id()
        ));
        s.open(&format!(
            "{bin} --data-dir {} {args}; sleep 60",
            data.path().display()
        ));
        s.wait_for("1. Practice: all topics");
        // tmux knows which mouse reports the program in the pane asked for.
        let flag = |name: &str| s.tmux(&["display-message", "-p", "-t", &s.0, name]);
        assert_eq!(flag("#{mouse_sgr_flag}").trim(), on, "{args:?}");
        assert_eq!(flag("#{mouse_any_flag}").trim(), on, "{args:?}");
        s.keys(&["C-c"]);
        // Restored on exit: the shell's `sleep` has the pane, with no mouse mode left on.
        let start = Instant::now();
        while flag("#{pane_current_command}").trim() != "sleep" {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "peerlab did not exit"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        assert_eq!(flag("#{mouse_sgr_flag}").trim(), "0", "{args:?}");
        assert_eq!(flag("#{mouse_any_flag}").trim(), "0", "{args:?}");
    }
}

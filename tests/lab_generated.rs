//! Generated labs (issue 14): every seed gives a lab whose model answer (the generator's own
//! repairs as az commands) meets every goal, while the start meets none of the "must" goals;
//! the same seed gives the same lab; the command line opens one with `--generate SEED`.

use peerlab::lab::{Session, generated, prove};
use std::collections::BTreeSet;

#[test]
fn two_hundred_generated_labs_are_solved_by_their_model_answers() {
    let mut faults = BTreeSet::new();
    let mut commands = BTreeSet::new();
    for seed in 0..200u64 {
        let lab = generated::lab(seed).unwrap_or_else(|| panic!("seed {seed} gave no lab"));
        assert_eq!(lab.name, format!("generated-{seed}"));
        let problems = prove(&lab);
        assert!(problems.is_empty(), "seed {seed}: {problems:#?}");
        let must = lab.goals.iter().filter(|g| !g.keep).count();
        assert!((1..=3).contains(&must), "seed {seed}: {must} must goals");
        faults.insert(lab.hints.len());
        // Proven above; run again through a session as a learner would, every line succeeding.
        let mut s = Session::new(lab.clone());
        assert!(
            s.goals()
                .iter()
                .zip(&lab.goals)
                .all(|(st, g)| st.holds == g.keep)
        );
        for line in &lab.answer {
            let r = s.run(line);
            assert!(!r.error, "seed {seed}: {line}\n{}", r.text);
            let words: Vec<&str> = line.split_whitespace().take(5).collect();
            commands.insert(words.join(" "));
        }
        assert!(s.done(), "seed {seed}: {}", s.goals_text());
    }
    // One to three faults all occur, and the repairs use several kinds of command.
    assert_eq!(faults, BTreeSet::from([1, 2, 3]), "{faults:?}");
    assert!(commands.len() >= 6, "{commands:?}");
}

#[test]
fn a_seed_always_gives_the_same_lab() {
    for seed in [7u64, 8, 9] {
        let a = generated::lab(seed).unwrap();
        let b = generated::lab(seed).unwrap();
        assert_eq!(a.answer, b.answer);
        assert_eq!(a.goals, b.goals);
        assert_eq!(a.topology, b.topology);
    }
    assert_ne!(
        generated::lab(7).unwrap().topology,
        generated::lab(8).unwrap().topology
    );
}

#[test]
fn the_command_line_runs_a_generated_lab() {
    let bin = env!("CARGO_BIN_EXE_peerlab");
    let lab = generated::lab(5).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let answer = dir.path().join("answer.sh");
    std::fs::write(&answer, lab.answer.join("\n")).unwrap();
    let empty = dir.path().join("empty.sh");
    std::fs::write(&empty, "").unwrap();
    let run = |args: &[&str]| {
        let o = std::process::Command::new(bin)
            .args(args)
            .env("PEERLAB_DATA_DIR", dir.path())
            .output()
            .unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).to_string(),
        )
    };
    let (code, out) = run(&[
        "lab",
        "--generate",
        "5",
        "--script",
        answer.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("Lab done"), "{out}");
    let (code, out) = run(&["lab", "generated-5", "--script", empty.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("[ ] "), "{out}");
    let (code, _) = run(&["lab", "--script", empty.to_str().unwrap()]);
    assert_eq!(code, Some(2));
}

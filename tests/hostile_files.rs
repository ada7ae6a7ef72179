//! Files a learner is handed by a hostile classmate (issue 12): special files, links out of
//! the content folder and back into it, invisible characters, huge values, wide text. Nothing
//! may hang, read without end, leak another file, or print raw invisible characters.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn peerlab() -> Command {
    let mut c = Command::cargo_bin("peerlab").unwrap();
    // A hang is the bug: fail the test rather than wait for it.
    c.timeout(Duration::from_secs(20));
    c
}

/// A copy of tests/fixtures/valid-bank (one topology, three proven questions).
fn bank() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("bank");
    for sub in ["questions", "topologies"] {
        std::fs::create_dir_all(root.join(sub)).unwrap();
        let from = Path::new("tests/fixtures/valid-bank").join(sub);
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), root.join(sub).join(e.file_name())).unwrap();
        }
    }
    (dir, root)
}

const TOPOLOGY: &str = "topologies/transit-hub-half-broken.toml";
const FIXTURE_TITLE: &str = "title = \"Gateway transit: only the hub half is set\"";

fn out(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[cfg(unix)]
fn mkfifo(p: &Path) {
    let c = std::ffi::CString::new(p.as_os_str().as_encoded_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_at_once_by_every_command_that_reads_files() {
    let (_d, root) = bank();
    let fifo = root.join("topologies/pipe.toml");
    mkfifo(&fifo);
    let f = fifo.to_str().unwrap();
    for args in [
        vec!["check", f],
        vec!["diagram", f],
        vec!["trace", f, "--from", "a", "--to", "b"],
        vec!["routes", f, "--vm", "a"],
    ] {
        let o = peerlab().args(&args).output().unwrap();
        let text = out(&o);
        assert!(!o.status.success(), "{args:?}: {text}");
        assert!(text.contains("not-a-file"), "{args:?}: {text}");
        assert!(text.contains("not a regular file"), "{args:?}: {text}");
    }
    // Inside a folder: `check` reports it and goes on with the other files.
    let o = peerlab().arg("check").arg(&root).output().unwrap();
    let text = out(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(text.contains("pipe.toml:1:1: error: not-a-file"), "{text}");
    assert!(text.contains("3 questions proven"), "{text}");
    // And as a question file of a content folder.
    mkfifo(&root.join("questions/pipe.toml"));
    let o = peerlab()
        .args(["questions", "--content"])
        .arg(&root)
        .output()
        .unwrap();
    let text = out(&o);
    assert_eq!(o.status.code(), Some(2), "{text}");
    assert!(
        text.contains("questions/pipe.toml:1:1: error: unreadable"),
        "{text}"
    );
}

#[cfg(unix)]
#[test]
fn a_link_to_dev_zero_is_refused_not_read_until_memory_runs_out() {
    let (_d, root) = bank();
    let zero = root.join("topologies/zero.toml");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let o = peerlab().arg("diagram").arg(&zero).output().unwrap();
    let text = out(&o);
    assert_eq!(o.status.code(), Some(2), "{text}");
    assert!(text.contains("not-a-file"), "{text}");
    // Inside a folder it also leads outside it.
    let o = peerlab().arg("check").arg(&root).output().unwrap();
    let text = out(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(
        text.contains("zero.toml:1:1: error: outside-folder"),
        "{text}"
    );
}

#[test]
fn reads_stop_at_the_limit_whatever_size_the_file_reports() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("big.toml");
    std::fs::write(&p, vec![b'#'; 1001]).unwrap();
    let e = peerlab::bank::read_text(&p, 1000).unwrap_err();
    assert_eq!(e.code, "file-too-large");
    std::fs::write(&p, vec![b'#'; 1000]).unwrap();
    assert_eq!(peerlab::bank::read_text(&p, 1000).unwrap().len(), 1000);
    #[cfg(unix)]
    {
        // /dev/zero reports size 0 and never ends: refused before a byte is read.
        let e = peerlab::bank::read_text(Path::new("/dev/zero"), 1000).unwrap_err();
        assert_eq!(e.code, "not-a-file");
    }
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_content_folder_is_refused_and_its_target_not_shown() {
    let (d, root) = bank();
    let secret = d.path().join("secret.toml");
    std::fs::write(&secret, "private_key_name = \"hunter2\"\n").unwrap();
    std::os::unix::fs::symlink(&secret, root.join("topologies/link.toml")).unwrap();
    let o = peerlab().arg("check").arg(&root).output().unwrap();
    let text = out(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(
        text.contains("link.toml:1:1: error: outside-folder"),
        "{text}"
    );
    assert!(!text.contains("private_key_name"), "{text}");
    // A question naming the link: the loader refuses it too.
    let q = root.join("questions/gateway-transit.toml");
    let t = std::fs::read_to_string(&q).unwrap().replacen(
        "../topologies/transit-hub-half-broken.toml",
        "../topologies/link.toml",
        1,
    );
    std::fs::write(&q, t).unwrap();
    let o = peerlab()
        .args(["questions", "--content"])
        .arg(&root)
        .output()
        .unwrap();
    let text = out(&o);
    assert_eq!(o.status.code(), Some(2), "{text}");
    assert!(text.contains("outside the content folder"), "{text}");
    assert!(!text.contains("private_key_name"), "{text}");
    // A link that stays inside is followed.
    std::os::unix::fs::symlink(
        root.join(TOPOLOGY),
        root.join("topologies/inside-link.toml"),
    )
    .unwrap();
    let t = std::fs::read_to_string(&q)
        .unwrap()
        .replace("../topologies/link.toml", "../topologies/inside-link.toml");
    std::fs::write(&q, t).unwrap();
    std::fs::remove_file(root.join("topologies/link.toml")).unwrap();
    let o = peerlab()
        .args(["questions", "--content"])
        .arg(&root)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", out(&o));
}

#[cfg(unix)]
#[test]
fn folder_links_back_to_themselves_are_walked_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("d");
    std::fs::create_dir(&d).unwrap();
    std::fs::copy(
        Path::new("tests/fixtures/valid-bank").join(TOPOLOGY),
        d.join("t.toml"),
    )
    .unwrap();
    std::os::unix::fs::symlink(".", d.join("x")).unwrap();
    std::os::unix::fs::symlink(".", d.join("y")).unwrap();
    std::os::unix::fs::symlink("loop.toml", d.join("loop.toml")).unwrap();
    let o = peerlab().arg("check").arg(&d).output().unwrap();
    let text = out(&o);
    // t.toml once, and the self-link reported; no endless walk.
    assert!(text.contains("checked 2 files"), "{text}");
    assert!(text.contains("loop.toml:1:1: error: cannot-read"), "{text}");
}

#[test]
fn check_and_the_loader_agree_on_a_folder_named_like_a_question_file() {
    let (_d, root) = bank();
    std::fs::create_dir(root.join("questions/zz.toml")).unwrap();
    let o = peerlab().arg("check").arg(&root).output().unwrap();
    let text = out(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(
        text.contains("zz.toml:1:1: error: not-a-file: is a folder"),
        "{text}"
    );
    let o = peerlab()
        .args(["questions", "--content"])
        .arg(&root)
        .output()
        .unwrap();
    let text = out(&o);
    assert_eq!(o.status.code(), Some(2), "{text}");
    assert!(
        text.contains("zz.toml:1:1: error: unreadable: is a folder"),
        "{text}"
    );
}

/// Every invisible character the issue names, and one of each other class.
const INVISIBLE: &[char] = &[
    '\u{061C}',
    '\u{2060}',
    '\u{00AD}',
    '\u{180E}',
    '\u{2028}',
    '\u{2029}',
    '\u{E0000}',
    '\u{E0001}',
    '\u{E0041}',
    '\u{E007F}',
    '\u{200B}',
    '\u{200D}',
    '\u{FE0F}',
    '\u{3164}',
    '\u{FEFF}',
    '\u{034F}',
    '\u{1D173}',
    '\u{E0100}',
    '\u{202E}',
];

fn raw_invisible(s: &str) -> Option<char> {
    s.chars().find(|c| INVISIBLE.contains(c))
}

#[test]
fn invisible_characters_are_refused_in_topology_text_and_escaped_in_the_message() {
    let base =
        std::fs::read_to_string(Path::new("tests/fixtures/valid-bank").join(TOPOLOGY)).unwrap();
    for &c in INVISIBLE {
        let text = base.replacen(FIXTURE_TITLE, &format!("title = \"Hub{c}and spokes\""), 1);
        assert_ne!(text, base);
        let diags = match peerlab::model::parse_topology(&text) {
            Ok(_) => panic!("U+{:04X} accepted in a title", c as u32),
            Err(d) => d,
        };
        let d = diags
            .iter()
            .find(|d| d.code == "bad-text")
            .unwrap_or_else(|| panic!("U+{:04X}: {diags:?}", c as u32));
        let want = format!("U+{:04X}", c as u32);
        assert!(d.message.contains(&want), "{}", d.message);
        assert_eq!(raw_invisible(&d.render("f")), None, "{}", d.message);
    }
}

#[test]
fn invisible_characters_are_refused_in_questions_and_choices() {
    for &c in INVISIBLE {
        let (_d, root) = bank();
        let q = root.join("questions/gateway-transit.toml");
        let t = std::fs::read_to_string(&q).unwrap();
        let t = t
            .replacen("prompt = \"The hub", &format!("prompt = \"The{c} hub"), 1)
            .replacen(
                "{ text = \"Add a public",
                &format!("{{ text = \"Add{c} a public"),
                1,
            );
        std::fs::write(&q, t).unwrap();
        let src = peerlab::bank::DirSource::new(&root);
        let problems = peerlab::bank::load(&src).expect_err("refused");
        let bad: Vec<_> = problems
            .iter()
            .filter(|p| p.diag.code == "bad-text")
            .collect();
        assert_eq!(bad.len(), 2, "U+{:04X}: {problems:?}", c as u32);
        for p in &problems {
            assert_eq!(raw_invisible(&p.render()), None, "{}", p.render());
        }
    }
}

#[test]
fn printed_json_escapes_invisible_characters_beyond_the_bmp_as_surrogate_pairs() {
    let json = serde_json::to_string(&"a\u{E0041}b\u{2028}c").unwrap();
    let safe = peerlab::text::json_printable(&json);
    assert_eq!(safe, "\"a\\udb40\\udc41b\\u2028c\"");
    let back: String = serde_json::from_str(&safe).unwrap();
    assert_eq!(back, "a\u{E0041}b\u{2028}c");
    assert_eq!(
        peerlab::text::printable("x\u{E0041}\u{00AD}"),
        "x\\u{e0041}\\u{ad}"
    );
}

#[test]
fn a_huge_value_gives_a_short_message_that_still_says_what_to_fix() {
    let base =
        std::fs::read_to_string(Path::new("tests/fixtures/valid-bank").join(TOPOLOGY)).unwrap();
    // The first address space of the file becomes 100,000 characters long.
    let start = base.find("address_space = [\"").unwrap() + "address_space = [\"".len();
    let end = start + base[start..].find('"').unwrap();
    let text = format!("{}{}{}", &base[..start], "9".repeat(100_000), &base[end..]);
    let diags = peerlab::model::parse_topology(&text).expect_err("refused");
    let d = diags
        .iter()
        .find(|d| d.code == "bad-cidr")
        .expect("bad-cidr");
    let line = d.render("f.toml");
    assert!(line.len() < 300, "{} bytes: {}", line.len(), &line[..300]);
    assert!(line.contains("more characters"), "{line}");
    assert!(line.contains("is not an IPv4 CIDR"), "{line}");
}

#[test]
fn names_in_question_changes_follow_the_topology_name_rule() {
    let (_d, root) = bank();
    let q = root.join("questions/gateway-transit.toml");
    let t = std::fs::read_to_string(&q).unwrap().replacen(
        "{ text = \"Add a public IP to vm-web\", change = [] }",
        "{ text = \"Add a public IP to vm-web\", change = [ { add_route_table = \"rt\\u2028x\" }, { nsg = \"nsg-web\", add_rule = { name = \"allow all\", priority = 100, direction = \"inbound\", access = \"allow\", protocol = \"tcp\", source = \"*\", destination = \"*\" } } ] }",
        1,
    );
    std::fs::write(&q, t).unwrap();
    let problems = peerlab::bank::load(&peerlab::bank::DirSource::new(&root)).expect_err("refused");
    let bad: Vec<String> = problems
        .iter()
        .filter(|p| p.diag.code == "bad-change")
        .map(|p| p.render())
        .collect();
    assert_eq!(bad.len(), 2, "{problems:?}");
    assert!(
        bad[0].contains("route table name \"rt\\u{2028}x\" is not valid"),
        "{bad:?}"
    );
    assert!(
        bad[1].contains("NSG rule name \"allow all\" is not valid"),
        "{bad:?}"
    );
}

#[test]
fn a_wide_title_is_wrapped_by_its_columns() {
    let dir = tempfile::tempdir().unwrap();
    let base =
        std::fs::read_to_string(Path::new("tests/fixtures/valid-bank").join(TOPOLOGY)).unwrap();
    let title = format!("{} {}", "東京の".repeat(20), "🚀".repeat(30));
    let text = base.replacen(FIXTURE_TITLE, &format!("title = \"{title}\""), 1);
    assert_ne!(text, base);
    let p = dir.path().join("wide.toml");
    std::fs::write(&p, text).unwrap();
    for width in ["40", "80"] {
        let o = peerlab()
            .arg("diagram")
            .arg(&p)
            .args(["--width", width, "--unicode"])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", out(&o));
        let text = String::from_utf8(o.stdout).unwrap();
        let w: usize = width.parse().unwrap();
        for l in text.lines() {
            assert!(
                peerlab::text::width(l) <= w,
                "{} columns: {l}",
                peerlab::text::width(l)
            );
        }
        assert!(text.contains("東京の"), "{text}");
    }
}

/// `questions` cuts a prompt at 60 columns: a CJK prompt was cut at 60 characters, 120
/// columns, so its line was 188 columns where an ASCII one is at most 131.
#[test]
fn the_question_list_cuts_a_wide_prompt_by_its_columns() {
    let (_d, root) = bank();
    let q = root.join("questions/gateway-transit.toml");
    let base = std::fs::read_to_string(&q).unwrap();
    let text = base.replacen(
        "prompt = \"Which single change",
        &format!("prompt = \"{} Which single change", "哪一個變更".repeat(30)),
        1,
    );
    assert_ne!(text, base);
    std::fs::write(&q, text).unwrap();
    let o = peerlab()
        .args(["questions", "--content"])
        .arg(&root)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", out(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    let line = text.lines().find(|l| l.starts_with("transit-fix")).unwrap();
    assert!(line.ends_with("..."), "{line}");
    // 36 + 17 + 12 + 1 columns of fields, their five separators, 60 of prompt.
    assert!(
        peerlab::text::width(line) <= 131,
        "{}: {line}",
        peerlab::text::width(line)
    );
    assert!(line.contains("哪一個變更"), "{line}");
}

/// A handed-in results file whose key holds an escape sequence (JSON `\u001b`): serde's
/// "unknown field" message echoed it raw, so `report` set the teacher's terminal title.
#[test]
fn report_escapes_what_a_bad_results_file_holds() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("evil.json");
    std::fs::write(
        &p,
        "{\"format\": 2, \"cor\\u001b]0;pwned\\u0007\u{E0041}\\u2028rect\": 1}",
    )
    .unwrap();
    let o = peerlab().arg("report").arg(&p).output().unwrap();
    let text = out(&o);
    assert_eq!(o.status.code(), Some(2), "{text}");
    assert!(text.contains("unknown field"), "{text}");
    assert!(
        text.contains("\\u{1b}]0;pwned\\u{7}\\u{e0041}\\u{2028}rect"),
        "{text}"
    );
    assert_eq!(raw_invisible(&text), None, "{text:?}");
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text:?}"
    );
}

/// `generate --out` into a folder someone prepared: a link in it, to a file or to a folder
/// elsewhere, is refused, and the file it points at is left as it was (it was overwritten
/// with the generated questions).
#[cfg(unix)]
#[test]
fn generate_out_never_writes_through_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "precious\n").unwrap();
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    for (name, target) in [("questions.toml", &victim), ("topologies", &elsewhere)] {
        let out_dir = dir.path().join(format!("out-{name}"));
        std::fs::create_dir(&out_dir).unwrap();
        std::os::unix::fs::symlink(target, out_dir.join(name)).unwrap();
        let o = peerlab()
            .args(["generate", "--seed", "1", "--count", "3", "--out"])
            .arg(&out_dir)
            .output()
            .unwrap();
        let text = out(&o);
        assert_eq!(o.status.code(), Some(2), "{name}: {text}");
        assert!(
            text.contains(&format!("{name}: cannot write: is a link")),
            "{text}"
        );
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
        assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0, "{name}");
    }
    // A plain folder is still written, and written again over its own files.
    let plain = dir.path().join("plain");
    for _ in 0..2 {
        let o = peerlab()
            .args(["generate", "--seed", "1", "--count", "3", "--out"])
            .arg(&plain)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", out(&o));
    }
    assert!(plain.join("questions.toml").is_file());
}

#[test]
fn an_argument_clap_refuses_is_echoed_printable_and_short() {
    // A value handed over in a script: an escape sequence that sets the terminal's title, a
    // line separator, then 100,000 characters.
    let evil = format!("\u{1b}]0;pwned\u{7}\u{2028}{}", "9".repeat(100_000));
    let o = peerlab()
        .args(["diagram", "x.toml", "--width", &evil])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}') && !err.contains('\u{2028}'));
    // clap drops the escape sequence itself; the separator is shown as an escape.
    assert!(err.contains("\\u{2028}"), "{err}");
    assert!(err.contains("--width"), "{err}");
    assert!(err.len() < 4_000, "{} bytes", err.len());
    // Help is peerlab's own text and keeps its shape.
    let help = peerlab().args(["diagram", "--help"]).output().unwrap();
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("--width"));
}

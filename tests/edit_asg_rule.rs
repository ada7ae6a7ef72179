//! `Edit::AddNsgRule` with ASG ends is written with FORMAT.md §1b's fields (`source_asgs`,
//! `destination_asgs`) and parses back to the same rule (issue 11: it wrote `source = "ASG x"`,
//! which does not parse).

use peerlab::model::{
    Access, AddressMatch, Direction, Edit, NsgRule, PortSet, Pos, Protocol, parse_edit,
    parse_topology,
};

fn round_trip(e: &Edit) -> (String, Edit) {
    let written = format!("x = {}", e.to_toml());
    let table: toml::Table = written
        .parse()
        .unwrap_or_else(|err| panic!("{written}: {err}"));
    let back =
        parse_edit(table["x"].as_table().unwrap()).unwrap_or_else(|err| panic!("{written}: {err}"));
    (written, back)
}

fn rule(source: AddressMatch, destination: AddressMatch) -> NsgRule {
    NsgRule {
        name: "allow-web-to-sql".into(),
        priority: 200,
        direction: Direction::Inbound,
        access: Access::Allow,
        protocol: Protocol::Tcp,
        source,
        destination,
        destination_ports: PortSet::parse("1433").unwrap(),
        pos: Pos::default(),
    }
}

#[test]
fn an_asg_rule_is_written_with_the_asg_fields_and_reads_back_the_same() {
    let e = Edit::AddNsgRule {
        nsg: "nsg-data".into(),
        rule: rule(
            AddressMatch::Asgs(vec!["asg-web".into(), "asg-api".into()]),
            AddressMatch::Asgs(vec!["asg-sql".into()]),
        ),
    };
    let (written, back) = round_trip(&e);
    assert!(
        written.contains(r#"source_asgs = ["asg-web", "asg-api"]"#)
            && written.contains(r#"destination_asgs = ["asg-sql"]"#)
            && !written.contains("ASG "),
        "{written}"
    );
    assert_eq!(back, e);
    // An address end keeps `source` / `destination`.
    let e = Edit::AddNsgRule {
        nsg: "nsg-data".into(),
        rule: rule(
            AddressMatch::VirtualNetwork,
            AddressMatch::Asgs(vec!["asg-sql".into()]),
        ),
    };
    let (written, back) = round_trip(&e);
    assert!(
        written.contains(r#"source = "VirtualNetwork""#),
        "{written}"
    );
    assert_eq!(back, e);
}

#[test]
fn add_rule_refuses_both_ends_of_one_side_and_unknown_asgs() {
    let table = |s: &str| -> toml::Table {
        let t: toml::Table = format!("x = {s}").parse().unwrap();
        t["x"].as_table().unwrap().clone()
    };
    let both = table(
        r#"{ nsg = "n", add_rule = { name = "r", priority = 100, direction = "inbound", access = "allow", protocol = "tcp", source = "*", source_asgs = ["a"], destination = "*" } }"#,
    );
    let err = parse_edit(&both).unwrap_err();
    assert!(err.contains("both source and source_asgs"), "{err}");
    let text = r#"
[[vnet]]
name = "v"
address_space = ["10.0.0.0/16"]
  [[vnet.subnet]]
  name = "s"
  prefix = "10.0.1.0/24"
  nsg = "n"
[[asg]]
name = "asg-sql"
vnet = "v"
[[nsg]]
name = "n"
"#;
    let t0 = parse_topology(text).expect("valid").topology;
    let ghost = Edit::AddNsgRule {
        nsg: "n".into(),
        rule: rule(
            AddressMatch::Asgs(vec!["asg-ghost".into()]),
            AddressMatch::Asgs(vec!["asg-sql".into()]),
        ),
    };
    let mut t = t0.clone();
    assert!(ghost.apply(&mut t).is_err());
    assert_eq!(t, t0);
    // The ASG rule, applied, is the rule a file with source_asgs gives.
    let ok = Edit::AddNsgRule {
        nsg: "n".into(),
        rule: rule(
            AddressMatch::Any,
            AddressMatch::Asgs(vec!["asg-sql".into()]),
        ),
    };
    ok.apply(&mut t).expect("asg-sql exists");
    let from_file = parse_topology(&format!(
        "{text}  [[nsg.rule]]\n  name = \"allow-web-to-sql\"\n  priority = 200\n  direction = \"inbound\"\n  access = \"allow\"\n  protocol = \"tcp\"\n  source = \"*\"\n  destination_asgs = [\"asg-sql\"]\n  destination_ports = \"1433\"\n"
    ))
    .expect("valid")
    .topology;
    assert_eq!(
        peerlab::model::without_positions(&t).nsgs,
        peerlab::model::without_positions(&from_file).nsgs
    );
}

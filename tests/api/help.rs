//! `tablemates --help` and `tablemates serve --help` list every configuration variable, and
//! the README's "Configuration" table lists exactly the same ones.

use std::collections::BTreeSet;

/// The variables named in the first column of the README's "Configuration" table.
fn readme_variables() -> BTreeSet<String> {
    let readme = include_str!("../../README.md");
    let section = readme
        .split("\n## Configuration\n")
        .nth(1)
        .expect("a Configuration section")
        .split("\n## ")
        .next()
        .unwrap_or_default();
    section
        .lines()
        .filter_map(|line| line.strip_prefix("| `TABLEMATES_"))
        .filter_map(|rest| rest.split('`').next())
        .map(|name| format!("TABLEMATES_{name}"))
        .collect()
}

/// The variables the help text of `args` names as `[env: NAME]`.
fn help_variables(args: &[&str]) -> BTreeSet<String> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tablemates"))
        .args(args)
        .env(
            "TABLEMATES_SECRET_KEY",
            "not-to-be-shown-in-help-0123456789abcdef",
        )
        .output()
        .expect("run tablemates");
    assert!(out.status.success(), "{out:?}");
    let help = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(
        !help.contains("not-to-be-shown"),
        "help shows no variable's value: {help}"
    );
    help.split("[env: ")
        .skip(1)
        .filter_map(|rest| rest.split([']', '=']).next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn help_lists_every_variable_the_readme_documents_and_no_other() {
    let readme = readme_variables();
    assert!(readme.len() > 30, "{readme:?}");
    for args in [
        &["--help"][..],
        &["serve", "--help"],
        &["migrate", "--help"],
    ] {
        assert_eq!(help_variables(args), readme, "{args:?}");
    }
}

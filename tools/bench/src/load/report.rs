//! The suite's table: one row per figure or check, each scenario's rows together; a check
//! that failed is marked and counted, so the command's exit status says whether all held.

use super::{Scenario, Sizes};

pub struct Report {
    sizes: Sizes,
    short: bool,
    rows: Vec<Row>,
}

struct Row {
    scenario: Scenario,
    what: String,
    value: String,
    /// `None` for a figure, `Some(held)` for a check.
    check: Option<bool>,
}

impl Report {
    pub fn new(sizes: Sizes, short: bool) -> Self {
        Self {
            sizes,
            short,
            rows: Vec::new(),
        }
    }

    /// A measured figure.
    pub fn figure(
        &mut self,
        scenario: Scenario,
        what: impl Into<String>,
        value: impl Into<String>,
    ) {
        self.rows.push(Row {
            scenario,
            what: what.into(),
            value: value.into(),
            check: None,
        });
    }

    /// Something that must hold; `value` says what was seen.
    pub fn check(
        &mut self,
        scenario: Scenario,
        what: impl Into<String>,
        held: bool,
        value: impl Into<String>,
    ) {
        self.rows.push(Row {
            scenario,
            what: what.into(),
            value: value.into(),
            check: Some(held),
        });
    }

    /// A scenario that could not finish: a failed check with the error.
    pub fn failed(&mut self, scenario: Scenario, error: String) {
        self.check(
            scenario,
            "scenario ran to the end",
            false,
            error.replace('\n', " "),
        );
    }

    pub fn failures(&self) -> usize {
        self.rows.iter().filter(|r| r.check == Some(false)).count()
    }

    pub fn markdown(&self) -> String {
        let s = self.sizes;
        let mut out = format!(
            "\n{} run: {} clients, {} s of load, {} people, {} emails\n\n",
            if self.short { "Short" } else { "Full" },
            s.clients,
            s.seconds,
            s.people,
            s.emails
        );
        out.push_str("| scenario | figure or check | value | |\n|---|---|---|---|\n");
        for row in &self.rows {
            let mark = match row.check {
                None => "",
                Some(true) => "ok",
                Some(false) => "**FAILED**",
            };
            out.push_str(&format!(
                "| {} | {} | {} | {mark} |\n",
                name(row.scenario),
                row.what,
                row.value.replace('|', "\\|")
            ));
        }
        out
    }
}

fn name(scenario: Scenario) -> &'static str {
    match scenario {
        Scenario::Mixed => "mixed",
        Scenario::Mail => "mail",
        Scenario::DbRestart => "db-restart",
        Scenario::Kill => "kill",
        Scenario::SqliteDisk => "sqlite-disk",
    }
}

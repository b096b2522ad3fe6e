//! Email templates: one folder per kind (`subject.txt`, `body.txt`, `body.html`) plus a shared
//! layout, built into the binary and optionally overridden file by file from a folder.
//!
//! Rendering is pure: a kind and its JSON payload in, subject and both bodies out. HTML is
//! auto-escaped (by the `.html` name) and an undefined variable is an error, so a payload that
//! lacks a field fails loudly instead of mailing someone an empty greeting.

use std::path::Path;

use minijinja::syntax::SyntaxConfig;
use minijinja::value::Serde;
use minijinja::{Environment, UndefinedBehavior, Value};

/// The email kinds the mailer can render; each has a folder under `email_templates/`.
pub const KINDS: &[&str] = &["registration_confirmation", "already_registered"];

/// Every template file, by name, with the source built into the binary.
const BUILT_IN: &[(&str, &str)] = &[
    (
        "layout.txt",
        include_str!("../../email_templates/layout.txt"),
    ),
    (
        "layout.html",
        include_str!("../../email_templates/layout.html"),
    ),
    (
        "registration_confirmation/subject.txt",
        include_str!("../../email_templates/registration_confirmation/subject.txt"),
    ),
    (
        "registration_confirmation/body.txt",
        include_str!("../../email_templates/registration_confirmation/body.txt"),
    ),
    (
        "registration_confirmation/body.html",
        include_str!("../../email_templates/registration_confirmation/body.html"),
    ),
    (
        "already_registered/subject.txt",
        include_str!("../../email_templates/already_registered/subject.txt"),
    ),
    (
        "already_registered/body.txt",
        include_str!("../../email_templates/already_registered/body.txt"),
    ),
    (
        "already_registered/body.html",
        include_str!("../../email_templates/already_registered/body.html"),
    ),
];

/// A rendered email, ready to be wrapped in a MIME message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// One line, trimmed.
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Why an email could not be rendered; permanent for the row that caused it.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("no templates for email kind {0:?}")]
    UnknownKind(String),
    #[error("reading template {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("template {name}: {source:#}")]
    Template {
        name: String,
        source: minijinja::Error,
    },
}

/// The compiled templates; cheap to share behind an `Arc`.
#[derive(Debug)]
pub struct Templates {
    env: Environment<'static>,
}

impl Templates {
    /// The templates built into the binary.
    pub fn built_in() -> Result<Self, TemplateError> {
        Self::load(None)
    }

    /// The built-in templates, each replaced by the file of the same name under `dir` where
    /// one exists (e.g. `dir/registration_confirmation/subject.txt`). Syntax errors show up
    /// here, at start-up, not when the first email is due.
    pub fn load(dir: Option<&Path>) -> Result<Self, TemplateError> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_syntax(
            SyntaxConfig::builder()
                .trim_blocks(true)
                .lstrip_blocks(true)
                .build()
                .map_err(|source| TemplateError::Template {
                    name: "(syntax settings)".to_owned(),
                    source,
                })?,
        );
        for (name, source) in BUILT_IN {
            let source = match dir.map(|d| d.join(name)).filter(|p| p.is_file()) {
                Some(path) => {
                    std::fs::read_to_string(&path).map_err(|source| TemplateError::Read {
                        path: path.display().to_string(),
                        source,
                    })?
                }
                None => (*source).to_owned(),
            };
            env.add_template_owned((*name).to_owned(), source)
                .map_err(|source| TemplateError::Template {
                    name: (*name).to_owned(),
                    source,
                })?;
        }
        Ok(Self { env })
    }

    /// Renders `kind` with the variables in `payload` (a JSON object).
    pub fn render(
        &self,
        kind: &str,
        payload: &serde_json::Value,
    ) -> Result<Rendered, TemplateError> {
        if !KINDS.contains(&kind) {
            return Err(TemplateError::UnknownKind(kind.to_owned()));
        }
        let ctx = Value::from(Serde(payload));
        let render = |file: &str| {
            let name = format!("{kind}/{file}");
            self.env
                .get_template(&name)
                .and_then(|t| t.render(ctx.clone()))
                .map_err(|source| TemplateError::Template { name, source })
        };
        let subject = render("subject.txt")?
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        Ok(Rendered {
            subject,
            text: tidy_text(&render("body.txt")?),
            html: render("body.html")?,
        })
    }
}

/// Drops leading blank lines and runs of more than one blank line that conditional blocks
/// leave behind, and ends the text with exactly one newline.
fn tidy_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines() {
        let line = line.trim_end_matches(['\r', ' ', '\t']);
        let line = if line == "--" { "-- " } else { line };
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if blank_run > 0 && !out.is_empty() {
            out.push('\n');
        }
        blank_run = 0;
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn samples() -> Vec<(&'static str, serde_json::Value)> {
        vec![
            (
                "registration_confirmation",
                json!({
                    "attendee_name": "Ada <Lovelace>",
                    "conference_name": "RustConf & Friends",
                    "conference_slug": "rustconf",
                    "manage_url": "http://localhost:8080/manage?token=abc",
                    "handles_claimed_by_someone_else": [
                        {"network": "github", "handle": "ada<script>"}
                    ],
                }),
            ),
            (
                "already_registered",
                json!({
                    "conference_name": "RustConf & Friends",
                    "conference_slug": "rustconf",
                    "manage_url": "http://localhost:8080/manage?token=abc",
                }),
            ),
        ]
    }

    #[test]
    fn every_kind_renders_with_a_sample_payload() {
        let templates = Templates::built_in().expect("built-in templates compile");
        let samples = samples();
        assert_eq!(
            samples.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
            KINDS,
            "one sample per kind"
        );
        for (kind, payload) in samples {
            let r = templates.render(kind, &payload).expect(kind);
            assert!(r.subject.contains("RustConf & Friends"), "{kind}: {r:?}");
            assert!(!r.subject.contains('\n'));
            assert!(r.text.contains("manage?token=abc"), "{kind}: {}", r.text);
            assert!(r.text.contains("RustConf & Friends"), "{kind}: {}", r.text);
            assert!(!r.text.contains("\n\n\n"), "{kind}: {}", r.text);
            assert!(
                r.html.contains("RustConf &amp; Friends"),
                "{kind}: {}",
                r.html
            );
            assert!(r.html.contains("manage?token=abc"), "{kind}: {}", r.html);
            assert!(!r.html.contains("<script>"), "{kind}: {}", r.html);
        }
    }

    #[test]
    fn claimed_handles_are_listed_only_when_there_are_some() {
        let templates = Templates::built_in().expect("built-in templates compile");
        let mut payload = samples().remove(0).1;
        let with = templates
            .render("registration_confirmation", &payload)
            .expect("renders");
        assert!(
            with.text.contains("- ada<script> (github)"),
            "{}",
            with.text
        );
        assert!(with.html.contains("ada&lt;script&gt;"), "{}", with.html);
        assert!(with.text.contains("Hi Ada <Lovelace>,"), "{}", with.text);
        assert!(with.html.contains("Ada &lt;Lovelace&gt;"), "{}", with.html);
        payload["handles_claimed_by_someone_else"] = json!([]);
        let without = templates
            .render("registration_confirmation", &payload)
            .expect("renders");
        assert!(!without.text.contains("Someone else"), "{}", without.text);
        assert!(!without.html.contains("Someone else"), "{}", without.html);
    }

    #[test]
    fn a_missing_variable_is_an_error() {
        let templates = Templates::built_in().expect("built-in templates compile");
        for (kind, mut payload) in samples() {
            payload
                .as_object_mut()
                .expect("object")
                .remove("manage_url");
            let err = templates.render(kind, &payload).unwrap_err();
            assert!(
                matches!(&err, TemplateError::Template { source, .. }
                    if source.kind() == minijinja::ErrorKind::UndefinedError),
                "{kind}: {err}"
            );
        }
    }

    #[test]
    fn an_unknown_kind_is_an_error() {
        let templates = Templates::built_in().expect("built-in templates compile");
        assert!(matches!(
            templates.render("newsletter", &json!({})),
            Err(TemplateError::UnknownKind(_))
        ));
    }

    #[test]
    fn a_file_in_the_override_folder_replaces_the_built_in_one() {
        let dir = tempfile::tempdir().expect("temp dir");
        let folder = dir.path().join("already_registered");
        std::fs::create_dir_all(&folder).expect("folder");
        std::fs::write(
            folder.join("subject.txt"),
            "Welcome back to {{ conference_name }}",
        )
        .expect("write");
        let templates = Templates::load(Some(dir.path())).expect("loads");
        let (kind, payload) = samples().remove(1);
        let r = templates.render(kind, &payload).expect("renders");
        assert_eq!(r.subject, "Welcome back to RustConf & Friends");
        assert!(r.text.contains("already registered"), "{}", r.text);
    }

    #[test]
    fn a_broken_override_fails_at_load() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("layout.txt"), "{% block content %}").expect("write");
        assert!(matches!(
            Templates::load(Some(dir.path())),
            Err(TemplateError::Template { .. })
        ));
    }
}

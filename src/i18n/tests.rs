//! The catalogues against each other and against the templates: every id a template or the
//! code names exists in every language with the same arguments, and the templates that are
//! translated hold no text of their own that would stay English.

use std::collections::BTreeSet;

use super::*;

/// Every template, page and email, by path and source.
fn templates() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in ["web_templates", "email_templates"] {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let mut stack = vec![root];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("a template folder") {
                let path = entry.expect("an entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "html" || e == "txt") {
                    let source = std::fs::read_to_string(&path).expect("a template");
                    out.push((path.display().to_string(), source));
                }
            }
        }
    }
    assert!(out.len() > 40, "found only {} templates", out.len());
    out
}

/// The ids in `t("…"` and `th("…"` calls of `source`.
fn called_ids(source: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for call in ["t(\"", "th(\""] {
        let mut rest = source;
        while let Some(at) = rest.find(call) {
            let before = rest[..at].chars().next_back();
            rest = &rest[at + call.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            if let Some(end) = rest.find('"') {
                let id = &rest[..end];
                // `t("status-" ~ status)`: a built id, whose endings BUILT_IDS lists.
                if rest[end + 1..].trim_start().starts_with('~') {
                    assert!(
                        BUILT_IDS.iter().any(|(prefix, _)| *prefix == id),
                        "the built ids {id}… are not in BUILT_IDS"
                    );
                } else {
                    ids.push(id.to_owned());
                }
            }
        }
    }
    ids
}

/// The `$variables` a message of `language` refers to, by id, in id order.
fn variables(language: Language) -> Vec<(String, BTreeSet<String>)> {
    use fluent_syntax::ast;
    fn pattern(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
        for element in &p.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                expr(expression, out);
            }
        }
    }
    fn expr(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
        match e {
            ast::Expression::Select { selector, variants } => {
                inline(selector, out);
                for v in variants {
                    pattern(&v.value, out);
                }
            }
            ast::Expression::Inline(i) => inline(i, out),
        }
    }
    fn inline(i: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
        match i {
            ast::InlineExpression::VariableReference { id } => {
                out.insert(id.name.to_owned());
            }
            ast::InlineExpression::Placeable { expression } => expr(expression, out),
            _ => {}
        }
    }
    let mut out: Vec<(String, BTreeSet<String>)> = CATALOGUES
        .iter()
        .filter(|(l, ..)| *l == language)
        .flat_map(|(_, _, source)| {
            let resource = FluentResource::try_new((*source).to_owned()).expect("parses");
            resource
                .entries()
                .filter_map(|e| match e {
                    ast::Entry::Message(m) => {
                        let mut vars = BTreeSet::new();
                        if let Some(value) = &m.value {
                            pattern(value, &mut vars);
                        }
                        Some((m.id.name.to_owned(), vars))
                    }
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_catalogue_parses_without_duplicates() {
    bundles().expect("the catalogues load");
}

#[test]
fn every_language_has_the_same_messages_with_the_same_arguments() {
    let english = message_ids(Language::En);
    assert!(!english.is_empty());
    let english_vars = variables(Language::En);
    for language in Language::ALL {
        let ids = message_ids(language);
        let missing: Vec<_> = english.difference(&ids).collect();
        let extra: Vec<_> = ids.difference(&english).collect();
        assert!(missing.is_empty(), "{language} lacks {missing:?}");
        assert!(extra.is_empty(), "{language} has only its own {extra:?}");
        assert_eq!(
            english_vars,
            variables(language),
            "{language} messages take other arguments"
        );
    }
}

/// Ids that templates or code build at run time (`"status-" ~ status`): each listed suffix must
/// exist, which the literal scan cannot see.
const BUILT_IDS: &[(&str, &[&str])] = &[
    ("status-", &["pending", "confirmed", "withdrawn"]),
    ("visibility-", &["tablemates", "organizer", "nobody"]),
    (
        "notice-",
        &["saved", "confirmed", "withdrawn", "meetups", "email-kept"],
    ),
    ("plan-pages-of-", &["draft", "published"]),
    ("job-status-", &["queued", "running", "succeeded", "failed"]),
    (
        "import-field-",
        &[
            "name",
            "given_name",
            "family_name",
            "email",
            "order_email",
            "affiliation",
            "role",
            "bio",
            "x",
            "mastodon",
            "bluesky",
            "linkedin",
            "github",
            "website",
            "interests",
            "wants",
            "status",
            "privacy_consent",
            "email_consent",
        ],
    ),
    (
        "outbox-status-",
        &["pending", "sent", "failed", "skipped", "cancelled"],
    ),
    (
        "outbox-kind-",
        &[
            "registration_confirmation",
            "already_registered",
            "access_link",
            "withdrawal_confirmation",
            "table_introduction",
            "table_changed",
            "meetup_reminder",
            "meetup_cancelled",
            "meetup_changed",
            "organizer_sign_in",
            "email_change_confirmation",
            "email_change_notice",
            "import_invitation",
        ],
    ),
    ("delivery-status-", &["pending", "delivered", "failed"]),
];

#[test]
fn every_id_a_template_names_exists_in_every_language() {
    let mut needed: BTreeSet<String> = templates()
        .iter()
        .flat_map(|(_, source)| called_ids(source))
        .collect();
    for (prefix, suffixes) in BUILT_IDS {
        needed.extend(suffixes.iter().map(|s| format!("{prefix}{s}")));
    }
    for language in Language::ALL {
        let ids = message_ids(language);
        let missing: Vec<_> = needed.difference(&ids).collect();
        assert!(missing.is_empty(), "{language} lacks {missing:?}");
    }
}

/// Templates whose text is all in the catalogues. A template leaves this list only by being
/// translated; the test below fails on any English left in one that is on it.
const TRANSLATED: &[&str] = &[
    "web_templates/layout.html",
    "web_templates/home.html",
    "web_templates/fields.html",
    "web_templates/conference.html",
    "web_templates/check_email.html",
    "web_templates/erased.html",
    "web_templates/error.html",
    "web_templates/email_change.html",
    "web_templates/are_you_sure.html",
    "web_templates/manage.html",
    "web_templates/manage_verification.html",
    "web_templates/verification.html",
    "web_templates/handle_mark.html",
    "web_templates/organizer_attendee.html",
    "web_templates/organizer_attendees.html",
    "web_templates/organizer_cancel_meetup.html",
    "web_templates/organizer_conference.html",
    "web_templates/organizer_conference_form.html",
    "web_templates/organizer_emails.html",
    "web_templates/organizer_home.html",
    "web_templates/organizer_import.html",
    "web_templates/organizer_job.html",
    "web_templates/organizer_jobs.html",
    "web_templates/organizer_link.html",
    "web_templates/organizer_link_sent.html",
    "web_templates/organizer_meetup.html",
    "web_templates/organizer_meetup_form.html",
    "web_templates/organizer_plan_adjust.html",
    "web_templates/organizer_plan_chart.html",
    "web_templates/organizer_run_form.html",
    "web_templates/organizer_sign_in.html",
    "web_templates/organizer_table_forms.html",
    "web_templates/organizer_webhooks.html",
    "web_templates/cards.html",
    "email_templates/layout.txt",
    "email_templates/layout.html",
    "email_templates/partials/manage.html",
    "email_templates/partials/table.html",
    "email_templates/partials/table.txt",
    "email_templates/partials/handle_mark.html",
    "email_templates/partials/handle_mark.txt",
    "email_templates/access_link/subject.txt",
    "email_templates/access_link/body.txt",
    "email_templates/access_link/body.html",
    "email_templates/already_registered/subject.txt",
    "email_templates/already_registered/body.txt",
    "email_templates/already_registered/body.html",
    "email_templates/email_change_confirmation/subject.txt",
    "email_templates/email_change_confirmation/body.txt",
    "email_templates/email_change_confirmation/body.html",
    "email_templates/email_change_notice/subject.txt",
    "email_templates/email_change_notice/body.txt",
    "email_templates/email_change_notice/body.html",
    "email_templates/import_invitation/subject.txt",
    "email_templates/import_invitation/body.txt",
    "email_templates/import_invitation/body.html",
    "email_templates/meetup_cancelled/subject.txt",
    "email_templates/meetup_cancelled/body.txt",
    "email_templates/meetup_cancelled/body.html",
    "email_templates/meetup_changed/subject.txt",
    "email_templates/meetup_changed/body.txt",
    "email_templates/meetup_changed/body.html",
    "email_templates/meetup_reminder/subject.txt",
    "email_templates/meetup_reminder/body.txt",
    "email_templates/meetup_reminder/body.html",
    "email_templates/organizer_sign_in/subject.txt",
    "email_templates/organizer_sign_in/body.txt",
    "email_templates/organizer_sign_in/body.html",
    "email_templates/registration_confirmation/subject.txt",
    "email_templates/registration_confirmation/body.txt",
    "email_templates/registration_confirmation/body.html",
    "email_templates/table_changed/subject.txt",
    "email_templates/table_changed/body.txt",
    "email_templates/table_changed/body.html",
    "email_templates/table_introduction/subject.txt",
    "email_templates/table_introduction/body.txt",
    "email_templates/table_introduction/body.html",
    "email_templates/withdrawal_confirmation/subject.txt",
    "email_templates/withdrawal_confirmation/body.txt",
    "email_templates/withdrawal_confirmation/body.html",
];

/// What is left of `source` once template code and markup are gone, plus string literals in
/// template code that read as prose (a space or a capital beside letters): text a reader would
/// see untranslated.
fn untranslated(source: &str, html: bool) -> Vec<String> {
    let mut found = Vec::new();
    let mut text = String::new();
    let mut rest = source;
    while !rest.is_empty() {
        let next = ["{{", "{%", "{#"]
            .iter()
            .filter_map(|open| rest.find(open).map(|i| (i, *open)))
            .min();
        let Some((at, open)) = next else {
            text.push_str(rest);
            break;
        };
        text.push_str(&rest[..at]);
        text.push(' ');
        let close = match open {
            "{{" => "}}",
            "{%" => "%}",
            _ => "#}",
        };
        let end = rest[at..].find(close).map_or(rest.len(), |i| at + i + 2);
        let code = &rest[at..end];
        if open != "{#" {
            for literal in code.split('"').skip(1).step_by(2) {
                let letters = literal.chars().any(char::is_alphabetic);
                let prose = literal.contains(' ') || literal.chars().any(char::is_uppercase);
                if letters && prose {
                    found.push(format!("{literal:?} in {}", code.trim()));
                }
            }
        }
        rest = &rest[end..];
    }
    let visible = if html {
        let mut out = String::new();
        let mut in_tag = false;
        for c in text.chars() {
            match c {
                '<' => in_tag = true,
                '>' => {
                    in_tag = false;
                    out.push(' ');
                }
                _ if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.split('&')
            .enumerate()
            .map(|(i, part)| {
                if i == 0 {
                    part
                } else {
                    part.split_once(';').map_or(part, |(_, r)| r)
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        text
    };
    found.extend(
        visible
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .filter(|w| *w != "tablemates")
            // Attribute text a macro writes into a tag it does not open (`aria-invalid="true"`).
            .filter(|w| !(w.contains('=') || w.contains('"') || w.starts_with('-')))
            .map(str::to_owned),
    );
    found
}

#[test]
fn translated_templates_hold_no_text_of_their_own() {
    let all = templates();
    for name in TRANSLATED {
        let (path, source) = all
            .iter()
            .find(|(p, _)| p.ends_with(name))
            .unwrap_or_else(|| panic!("no template {name}"));
        let left = untranslated(source, path.ends_with(".html"));
        assert!(left.is_empty(), "{name} still says {left:?}");
        // A loop variable named `t` would hide the translation function inside the loop.
        for shadow in ["for t in", "for t,", "set t =", "with t ="] {
            assert!(!source.contains(shadow), "{name}: {shadow}");
        }
    }
}

#[test]
fn the_untranslated_text_check_sees_text_and_prose_literals() {
    assert_eq!(untranslated("<p>Hello {{ name }}</p>", true), ["Hello"]);
    assert_eq!(
        untranslated(r#"{{ f.text(errors, "name", "Your name") }}"#, true).len(),
        1
    );
    assert!(
        untranslated(
            r#"<p class="x">{{ t("home-title", n=name) }} &middot;</p>"#,
            true
        )
        .is_empty()
    );
    assert_eq!(untranslated("Hello {{ name }}", false), ["Hello"]);
}

#[test]
fn a_missing_message_or_argument_is_an_error() {
    assert!(translate(Language::De, "no-such-message", &[]).is_err());
    assert!(translate(Language::En, "no-such-message", &[]).is_err());
    let id = variables(Language::En)
        .into_iter()
        .find(|(_, vars)| !vars.is_empty())
        .map(|(id, _)| id)
        .expect("a message with an argument");
    for language in Language::ALL {
        assert!(translate(language, &id, &[]).is_err(), "{language} {id}");
    }
}

/// The Rust sources under `src/<folder>` for each of `folders` (`""`: all of `src`), with
/// their paths.
fn rust_sources(folders: &[&str]) -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack: Vec<_> = folders.iter().map(|f| root.join(f)).collect();
    let mut out = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("a source folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let source = std::fs::read_to_string(&path).expect("a source file");
                out.push((path.display().to_string(), source));
            }
        }
    }
    out
}

/// String literals of the Rust code that pages and emails are rendered by, and of the code
/// whose field errors and refusals pages show (their codes are `errors.ftl` ids).
fn rust_literals() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (path, source) in rust_sources(&["http", "mailer", "domain", "workflows"]) {
        for literal in source.split('"').skip(1).step_by(2) {
            out.push((path.clone(), literal.to_owned()));
        }
        // A quote in a char literal (`'"'`) puts the split above out of step for the rest of
        // a file; the codes of field errors and refusals are found on their own.
        for prefix in ["\"field-", "\"conflict-"] {
            for (at, _) in source.match_indices(prefix) {
                if let Some(code) = source[at + 1..].split('"').next() {
                    out.push((path.clone(), code.to_owned()));
                }
            }
        }
    }
    out
}

#[test]
fn every_id_the_code_names_exists_in_every_language() {
    let english = message_ids(Language::En);
    // An id is lower-case words joined by dashes whose first word starts some catalogue id.
    let families: BTreeSet<&str> = english
        .iter()
        .filter_map(|id| id.split_once('-').map(|(first, _)| first))
        .collect();
    let looks_like_id = |s: &str| {
        s.split_once('-')
            .is_some_and(|(first, _)| families.contains(first))
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !s.ends_with('-')
    };
    // Literals shaped like ids that are something else: header values, an element id.
    const NOT_IDS: &[&str] = &["no-store", "no-referrer", "error-summary-title"];
    let named: Vec<(String, String)> = rust_literals()
        .into_iter()
        .filter(|(_, literal)| looks_like_id(literal) && !NOT_IDS.contains(&literal.as_str()))
        .collect();
    assert!(named.len() > 20, "found only {named:?}");
    // The codes of field errors are found where they are made: the domain, the validator's
    // attributes, the workflows.
    for code in [
        "field-email-at",
        "field-suggested-interests-too-many",
        "field-run-nobody",
    ] {
        assert!(named.iter().any(|(_, id)| id == code), "{code} not found");
    }
    for language in Language::ALL {
        let ids = message_ids(language);
        let missing: Vec<_> = named.iter().filter(|(_, id)| !ids.contains(id)).collect();
        assert!(missing.is_empty(), "{language} lacks {missing:?}");
    }
}

/// Every `Error::NotFound("…")` in the code names something the error page can say in every
/// language (`what-…` ids).
#[test]
fn every_missing_thing_has_a_name_in_every_language() {
    let mut found = BTreeSet::new();
    for (_, source) in rust_sources(&[""]) {
        for rest in source.split("NotFound(\"").skip(1) {
            let what = rest.split('"').next().unwrap_or_default();
            if !what.is_empty() && what.chars().all(|c| c.is_ascii_lowercase() || c == ' ') {
                found.insert(what.to_owned());
            }
        }
    }
    assert!(found.len() > 10, "found only {found:?}");
    for language in Language::ALL {
        let ids = message_ids(language);
        for what in &found {
            let id = format!("what-{}", what.replace(' ', "-"));
            assert!(ids.contains(&id), "{language} lacks {id}");
        }
    }
}

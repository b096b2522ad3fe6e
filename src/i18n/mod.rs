//! Translations: the Fluent catalogues under `locales/`, built into the binary, and the
//! `t`/`th` functions and `lang` global that page and email templates call.
//!
//! Templates render synchronously, so the language of the render in progress lives in a
//! thread-local that [`rendering_in`] sets around it: macros imported from another template
//! see it as well as the page itself, which a context variable would not guarantee.
//!
//! A message id that a catalogue lacks, or an argument a message needs and was not given, is an
//! error, never a silently English or half-filled sentence; the tests render every template in
//! every language and compare the catalogues, so such an error is found before a release.

pub mod accept;
pub mod dates;

use std::cell::Cell;
use std::collections::BTreeSet;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use minijinja::value::{Kwargs, Value, ValueKind};
use minijinja::{Environment, Error as TemplateError, ErrorKind, State, UndefinedBehavior};

use crate::domain::Language;

/// Every catalogue file, per language, with its source built into the binary. Each language
/// has the same files and, file for file, the same message ids (a test holds them to that).
const CATALOGUES: &[(Language, &str, &str)] = &[
    (
        Language::En,
        "pages.ftl",
        include_str!("../../locales/en/pages.ftl"),
    ),
    (
        Language::En,
        "emails.ftl",
        include_str!("../../locales/en/emails.ftl"),
    ),
    (
        Language::En,
        "console.ftl",
        include_str!("../../locales/en/console.ftl"),
    ),
    (
        Language::En,
        "errors.ftl",
        include_str!("../../locales/en/errors.ftl"),
    ),
    (
        Language::De,
        "pages.ftl",
        include_str!("../../locales/de/pages.ftl"),
    ),
    (
        Language::De,
        "emails.ftl",
        include_str!("../../locales/de/emails.ftl"),
    ),
    (
        Language::De,
        "console.ftl",
        include_str!("../../locales/de/console.ftl"),
    ),
    (
        Language::De,
        "errors.ftl",
        include_str!("../../locales/de/errors.ftl"),
    ),
];

type Bundle = FluentBundle<FluentResource>;

static BUNDLES: LazyLock<Result<Vec<(Language, Bundle)>, String>> = LazyLock::new(bundles);

fn bundles() -> Result<Vec<(Language, Bundle)>, String> {
    Language::ALL
        .into_iter()
        .map(|language| {
            let tag = language
                .as_str()
                .parse()
                .map_err(|e| format!("{language}: {e}"))?;
            let mut bundle = FluentBundle::new_concurrent(vec![tag]);
            // Unicode isolation marks around arguments would land in subjects, plain-text mail
            // and attribute values, where nothing renders them away.
            bundle.set_use_isolating(false);
            for (_, file, source) in CATALOGUES.iter().filter(|(l, ..)| *l == language) {
                let resource = FluentResource::try_new((*source).to_owned())
                    .map_err(|(_, errors)| format!("{language}/{file}: {errors:?}"))?;
                bundle
                    .add_resource(resource)
                    .map_err(|errors| format!("{language}/{file}: {errors:?}"))?;
            }
            Ok((language, bundle))
        })
        .collect()
}

fn bundle(language: Language) -> Result<&'static Bundle, String> {
    let bundles = BUNDLES.as_ref().map_err(Clone::clone)?;
    bundles
        .iter()
        .find(|(l, _)| *l == language)
        .map(|(_, b)| b)
        .ok_or_else(|| format!("no catalogue for {language}"))
}

/// An argument to a message: text, or a number (which plural selectors read).
#[derive(Debug, Clone)]
pub enum Arg {
    Text(String),
    Number(i64),
}

/// The message `id` in `language` with `args`; `Err` says which id or argument is missing.
pub fn translate(language: Language, id: &str, args: &[(&str, Arg)]) -> Result<String, String> {
    let bundle = bundle(language)?;
    let pattern = bundle
        .get_message(id)
        .and_then(|m| m.value())
        .ok_or_else(|| format!("the {language} catalogue has no message {id:?}"))?;
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        match value {
            Arg::Text(text) => fluent_args.set(*name, FluentValue::from(text.as_str())),
            Arg::Number(n) => fluent_args.set(*name, FluentValue::from(*n)),
        }
    }
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    if errors.is_empty() {
        Ok(text.into_owned())
    } else {
        Err(format!("{language} message {id:?}: {errors:?}"))
    }
}

/// [`translate`] for Rust code that shows a fixed message: a missing one is a defect the tests
/// catch, so the id itself stands in rather than failing the whole page or email.
pub fn text(language: Language, id: &str, args: &[(&str, Arg)]) -> String {
    translate(language, id, args).unwrap_or_else(|e| {
        tracing::error!(error = %e, "missing translation");
        id.to_owned()
    })
}

/// The message ids of `language`'s catalogues.
pub fn message_ids(language: Language) -> BTreeSet<String> {
    CATALOGUES
        .iter()
        .filter(|(l, ..)| *l == language)
        .flat_map(|(_, _, source)| {
            FluentResource::try_new((*source).to_owned())
                .map(|r| {
                    r.entries()
                        .filter_map(|e| match e {
                            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
                            _ => None,
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
        .collect()
}

thread_local! {
    static RENDERING: Cell<Option<Language>> = const { Cell::new(None) };
}

/// Runs `render` with `language` as the language of the templates' `t` calls.
pub fn rendering_in<T>(language: Language, render: impl FnOnce() -> T) -> T {
    struct Restore(Option<Language>);
    impl Drop for Restore {
        fn drop(&mut self) {
            RENDERING.set(self.0);
        }
    }
    let _restore = Restore(RENDERING.replace(Some(language)));
    render()
}

/// The language of the render in progress.
pub fn rendering() -> Result<Language, TemplateError> {
    RENDERING.get().ok_or_else(|| {
        TemplateError::new(
            ErrorKind::InvalidOperation,
            "a template was rendered outside i18n::rendering_in",
        )
    })
}

/// Adds `t("id", name=value, …)` (text, auto-escaped where the template escapes),
/// `th("id", …)` (a message whose catalogue text holds markup: its arguments are escaped, the
/// message is not) and `lang()` (the BCP 47 tag, for `<html lang>`).
pub fn register(env: &mut Environment<'static>) {
    env.add_function(
        "t",
        |state: &State, id: &str, kwargs: Kwargs| -> Result<String, TemplateError> {
            template_translate(state, id, &kwargs, false)
        },
    );
    env.add_function(
        "th",
        |state: &State, id: &str, kwargs: Kwargs| -> Result<Value, TemplateError> {
            template_translate(state, id, &kwargs, true).map(Value::from_safe_string)
        },
    );
    env.add_function("lang", || -> Result<String, TemplateError> {
        Ok(rendering()?.as_str().to_owned())
    });
}

fn template_translate(
    state: &State,
    id: &str,
    kwargs: &Kwargs,
    escape: bool,
) -> Result<String, TemplateError> {
    let language = rendering()?;
    let mut args = Vec::new();
    for name in kwargs.args() {
        let value: Value = kwargs.get(name)?;
        // Strict templates refuse to print an undefined variable; an argument is printed too.
        if value.is_undefined() && state.undefined_behavior() == UndefinedBehavior::Strict {
            return Err(TemplateError::new(
                ErrorKind::UndefinedError,
                format!("{id}: argument {name} is undefined"),
            ));
        }
        let arg = match value.kind() {
            ValueKind::Number => match i64::try_from(value.clone()) {
                Ok(n) => Arg::Number(n),
                Err(_) => Arg::Text(value.to_string()),
            },
            _ if escape => Arg::Text(html_escape(&value.to_string())),
            _ => Arg::Text(value.to_string()),
        };
        args.push((name, arg));
    }
    kwargs.assert_all_used()?;
    translate(language, id, &args).map_err(|e| TemplateError::new(ErrorKind::UndefinedError, e))
}

fn html_escape(text: &str) -> String {
    minijinja::HtmlEscape(text).to_string()
}

#[cfg(test)]
mod tests;

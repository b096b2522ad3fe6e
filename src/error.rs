//! The one error type of the application. Its HTTP mapping lives in `http/problem.rs` alone.

use std::fmt;

use crate::domain::{MessageArg, ParseError};

/// One invalid input field: `field` is a path into the request (`handles[1].handle`).
///
/// `message` is English, for API clients; `code` (with `args`) names the same reason in the
/// catalogues, so pages can say it in their language and clients can tell reasons apart
/// without reading prose. Messages nobody has coded yet have no code.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    #[serde(skip)]
    pub args: Vec<(&'static str, MessageArg)>,
}

impl FieldError {
    /// A field error without a code: its message is shown as it is in every language.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
            code: None,
            args: Vec::new(),
        }
    }

    /// A field error whose reason is `reason`, code and arguments included.
    pub fn coded(field: impl Into<String>, reason: impl Into<ParseError>) -> Self {
        let reason = reason.into();
        Self {
            field: field.into(),
            message: reason.message().to_owned(),
            code: Some(reason.code()),
            args: reason.args().to_vec(),
        }
    }
}

/// Every way a request can fail. Variants are kinds of failure, not call sites: the detail
/// string says what happened.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request was understood but fields are invalid (422).
    #[error("invalid input")]
    Validation(Vec<FieldError>),
    /// The request could not be read at all: malformed JSON, bad query string (400).
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The body is larger than the configured limit (413).
    #[error("payload too large: {0}")]
    PayloadTooLarge(String),
    /// The body is not JSON (415).
    #[error("unsupported media type: {0}")]
    UnsupportedMediaType(String),
    /// No such resource, or one the caller may not know exists (404).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The request conflicts with stored state: a duplicate, a closed registration (409).
    #[error("conflict: {detail}")]
    Conflict {
        detail: String,
        field: Option<String>,
        /// The refusal's catalogue code and arguments (`detail` is its English), so pages can
        /// say it in their language; refusals nobody has coded have none.
        reason: Option<Box<ParseError>>,
    },
    /// Missing or invalid credentials (401).
    #[error("unauthorized: {0}")]
    Unauthorized(String),
    /// A personal link that a newer one replaced (401): the page says so and where to ask for
    /// a fresh one, instead of a bare "not valid".
    #[error("unauthorized: the link was replaced by a newer one")]
    LinkReplaced { conference_slug: String },
    /// Valid credentials that may not do this (403).
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// This client sent too many requests of this kind; it may try again after `retry_after`
    /// seconds (429).
    #[error("too many requests: retry after {retry_after} s")]
    TooManyRequests { retry_after: u64 },
    /// The database cannot be used right now: its connections were lost, none came free in
    /// time, or its disk is full or read-only (503 with `Retry-After`). Nothing was written;
    /// the client may try again. The cause is logged, never returned.
    #[error("database unavailable")]
    Unavailable(#[source] anyhow::Error),
    /// A fault of ours; the cause is logged, never returned.
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

/// How long a client is asked to wait after a 503 before it tries again, in seconds: about
/// the time a restarted database server takes to accept connections again.
pub const RETRY_UNAVAILABLE_AFTER: u64 = 5;

impl Error {
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError::new(field, message)])
    }

    /// A validation error of one field, for `reason` with its code.
    pub fn rejected(field: impl Into<String>, reason: impl Into<ParseError>) -> Self {
        Self::Validation(vec![FieldError::coded(field, reason)])
    }

    pub fn conflict(field: Option<&str>, detail: impl Into<String>) -> Self {
        Self::Conflict {
            detail: detail.into(),
            field: field.map(str::to_owned),
            reason: None,
        }
    }

    /// A conflict with stored state for `reason`, code included.
    pub fn refused(field: Option<&str>, reason: ParseError) -> Self {
        Self::Conflict {
            detail: reason.message().to_owned(),
            field: field.map(str::to_owned),
            reason: Some(Box::new(reason)),
        }
    }

    /// A conflict as a field error: under its own field, else under `fallback`; `None` for
    /// any other error.
    pub fn conflict_as_field(&self, fallback: &str) -> Option<FieldError> {
        let Self::Conflict {
            detail,
            field,
            reason,
        } = self
        else {
            return None;
        };
        let field = field.clone().unwrap_or_else(|| fallback.to_owned());
        Some(match reason {
            Some(reason) => FieldError::coded(field, (**reason).clone()),
            None => FieldError::new(field, detail.clone()),
        })
    }

    /// A fault of ours, unless a database error in `cause`'s chain says the database is out
    /// of reach: then it is [`Error::Unavailable`], whichever layer wrapped it.
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        let cause = cause.into();
        let unavailable = cause.chain().any(|e| {
            e.downcast_ref::<sea_orm::DbErr>()
                .is_some_and(crate::store::unavailable::is_unavailable)
        });
        if unavailable {
            Self::Unavailable(cause)
        } else {
            Self::Internal(cause)
        }
    }
}

impl From<sea_orm::DbErr> for Error {
    fn from(err: sea_orm::DbErr) -> Self {
        Self::internal(err)
    }
}

impl From<sea_orm::TransactionError<Error>> for Error {
    fn from(err: sea_orm::TransactionError<Error>) -> Self {
        match err {
            sea_orm::TransactionError::Connection(db) => db.into(),
            sea_orm::TransactionError::Transaction(e) => e,
        }
    }
}

/// Collects field errors across parsers so one response lists every invalid field.
#[derive(Debug, Default)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    /// Records `message`, which has no code, under `field`.
    pub fn push(&mut self, field: impl Into<String>, message: impl fmt::Display) {
        self.0.push(FieldError::new(field, message.to_string()));
    }

    /// Records `reason`, with its code, under `field`.
    pub fn reject(&mut self, field: impl Into<String>, reason: impl Into<ParseError>) {
        self.0.push(FieldError::coded(field, reason));
    }

    /// Parses with `parse`, recording a failure under `field`.
    pub fn check<T, E: Into<ParseError>>(
        &mut self,
        field: impl Into<String>,
        result: Result<T, E>,
    ) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(err) => {
                self.reject(field, err);
                None
            }
        }
    }

    /// Records `error` as it is.
    pub fn add(&mut self, error: FieldError) {
        self.0.push(error);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = FieldError>) {
        self.0.extend(other);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when nothing was recorded, else a validation error listing every field.
    pub fn finish(self) -> Result<(), Error> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation(self.0))
        }
    }
}

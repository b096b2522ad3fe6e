//! The language of the page a request answers: the attendee's own choice where the page knows
//! the attendee, else the request's `Accept-Language`, else the conference's default (on a
//! conference's pages) or English (the organizer console). The table cards are the exception:
//! attendees read them, so they follow the conference (see [`choose`]). The middleware reads the header once; a handler that knows
//! more calls [`for_conference`] before it renders.

use std::cell::Cell;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;

use crate::domain::Language;

struct PageLanguage {
    accepted: Option<Language>,
    chosen: Cell<Option<Language>>,
}

tokio::task_local! {
    static CURRENT: PageLanguage;
}

/// Reads `Accept-Language` for the pages (and error pages) the request may render.
pub async fn negotiate(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let accepted = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(crate::i18n::accept::preferred);
    let state = PageLanguage {
        accepted,
        chosen: Cell::new(None),
    };
    CURRENT.scope(state, next.call(req)).await
}

/// The language of this request's pages so far: English outside a request.
pub fn current() -> Language {
    CURRENT
        .try_with(|s| s.chosen.get().or(s.accepted))
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// Settles the language of a conference's page: `attendee`'s choice, else the request's,
/// else `default`; later renders in this request (an error page too) use it.
pub fn for_conference(attendee: Option<Language>, default: Language) -> Language {
    CURRENT
        .try_with(|s| {
            let language = attendee.or(s.accepted).unwrap_or(default);
            s.chosen.set(Some(language));
            language
        })
        .unwrap_or_else(|_| attendee.unwrap_or(default))
}

/// Settles this request's language on `language`, whatever the request accepts: a page whose
/// readers are not the requester (the table cards) or who chose explicitly.
pub fn choose(language: Language) -> Language {
    let _ = CURRENT.try_with(|s| s.chosen.set(Some(language)));
    language
}

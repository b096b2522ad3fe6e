//! Server-rendered HTML pages for attendees: the front door (`/`), a conference's registration
//! form (`/c/{slug}`) and the personal-link page (`/manage`). They work without JavaScript,
//! convert forms into the JSON API's bodies and call the same workflows; failures are pages, not
//! problem+json.

mod form;
mod home;
mod manage;
mod register;
mod render;
mod view;

pub use home::show as home;
pub use manage::{confirm as manage_confirm, erase as manage_erase, show as manage_show};
pub use manage::{update as manage_update, withdraw as manage_withdraw};
pub use register::{show as conference_show, submit as conference_submit};
pub use render::{PageError, STYLESHEET_PATH, page, stylesheet};

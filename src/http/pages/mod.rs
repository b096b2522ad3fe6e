//! Server-rendered HTML pages: for attendees the front door (`/`), a conference's registration
//! form (`/c/{slug}`) and the personal-link page (`/manage`); for organizers the console
//! (`/organizer…`). They work without JavaScript,
//! convert forms into the JSON API's bodies and call the same workflows; failures are pages, not
//! problem+json.

mod attendees;
mod chart;
mod console;
mod email_change;
mod emails;
mod field_message;
mod form;
mod home;
mod import;
mod manage;
mod organizer;
mod plan_chart;
mod plan_edit;
mod plan_page;
mod plan_view;
mod preview_text;
mod register;
mod render;
mod series;
mod setup;
mod setup_form;
mod view;
mod webhooks;

pub use attendees::{
    create as console_attendee_create, list as console_attendees, new_form as console_attendee_new,
    show as console_attendee, update as console_attendee_update,
};
pub use console::{
    conference as console_conference, job as console_job, jobs as console_jobs,
    meetup as console_meetup, publish as console_publish, run as console_run,
    set_registration as console_registration,
};
pub use email_change::{confirm as email_change_confirm, show as email_change_show};
pub use emails::{list as console_emails, retry as console_email_retry};
pub use home::show as home;
pub use import::{form as console_import_form, submit as console_import};
pub use manage::cancel_email_change as manage_cancel_email_change;
pub use manage::{
    calendar_ics as manage_calendar_ics, data_json as manage_data_json,
    set_meetup as manage_set_meetup, tablemates_csv as manage_tablemates_csv,
    update as manage_update, withdraw as manage_withdraw,
};
pub use manage::{
    confirm as manage_confirm, erase as manage_erase, show as manage_show,
    verify_handle as manage_verify_handle,
};
pub use organizer::{
    home as organizer_home, link_page as organizer_link_page,
    request_link as organizer_request_link, sign_in_form as organizer_sign_in_form,
    sign_in_with_link as organizer_sign_in_with_link,
    sign_in_with_token as organizer_sign_in_with_token, sign_out as organizer_sign_out,
};
pub use plan_chart::show as console_plan_chart;
pub use plan_edit::adjust as console_adjust;
pub use register::{show as conference_show, submit as conference_submit};
pub use render::{CONSOLE_SCRIPT_PATH, console_script};
pub use render::{PageError, STYLESHEET_PATH, page, stylesheet};
pub use series::publish as console_publish_together;
pub use setup::{
    cancel as setup_cancel_meetup, confirm_cancel as setup_confirm_cancel,
    create_conference as setup_create_conference, create_meetup as setup_create_meetup,
    create_series as setup_create_series, edit_conference as setup_edit_conference,
    edit_meetup as setup_edit_meetup, new_conference as setup_new_conference,
    new_meetup as setup_new_meetup, new_series as setup_new_series,
    update_conference as setup_update_conference, update_meetup as setup_update_meetup,
};
pub use webhooks::{
    create as console_webhook_create, delete as console_webhook_delete, list as console_webhooks,
};

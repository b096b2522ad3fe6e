//! The route table. Every path answers unsupported methods with 405 and an `Allow` header; the
//! contract test reads `ROUTES` to keep openapi.yaml and the server in step.

use actix_web::{guard, web};

use super::problem::{method_not_allowed, not_found};
use super::{
    attendees, co_organizers, conferences, email_change, emails, erasures, exports, health, import,
    me, meetups, metrics, organizer_tokens, pages, plans, pretix, public, unsubscribe,
    verification, webhooks,
};

/// (path, methods) of every route, in actix path syntax.
pub const ROUTES: &[(&str, &str)] = &[
    ("/healthz", "GET"),
    ("/readyz", "GET"),
    ("/metrics", "GET"),
    ("/api/v1/openapi.yaml", "GET"),
    ("/api/v1/conferences", "GET, POST"),
    ("/api/v1/conferences/{slug}", "GET, PATCH, DELETE"),
    ("/api/v1/conferences/{slug}/registration/open", "POST"),
    ("/api/v1/conferences/{slug}/registration/close", "POST"),
    ("/api/v1/conferences/{slug}/attendees", "GET, POST"),
    ("/api/v1/conferences/{slug}/attendees/import", "POST"),
    (
        "/api/v1/conferences/{slug}/attendees/import/pretix",
        "GET, PUT",
    ),
    (
        "/api/v1/conferences/{slug}/attendees/import/pretix/sync",
        "POST",
    ),
    (
        "/api/v1/conferences/{slug}/attendees/import/pretix/webhook/{secret}",
        "POST",
    ),
    ("/api/v1/conferences/{slug}/attendees/{id}", "GET, PATCH"),
    ("/api/v1/conferences/{slug}/meetups", "GET, POST"),
    (
        "/api/v1/conferences/{slug}/meetups/{id}",
        "GET, PATCH, DELETE",
    ),
    ("/api/v1/conferences/{slug}/meetups/{id}/cancel", "POST"),
    ("/api/v1/conferences/{slug}/meetups/{id}/plans", "GET"),
    ("/api/v1/conferences/{slug}/meetups/{id}/plan", "GET"),
    ("/api/v1/conferences/{slug}/plan-runs", "POST"),
    ("/api/v1/conferences/{slug}/plan-runs/preview", "POST"),
    ("/api/v1/conferences/{slug}/jobs", "GET"),
    ("/api/v1/conferences/{slug}/jobs/{id}", "GET"),
    ("/api/v1/conferences/{slug}/plans/publish", "POST"),
    ("/api/v1/conferences/{slug}/plans/{id}", "GET"),
    ("/api/v1/conferences/{slug}/plans/{id}/adjustments", "POST"),
    ("/api/v1/conferences/{slug}/plans/{id}/publish", "POST"),
    ("/api/v1/conferences/{slug}/plans/{id}/repair", "POST"),
    ("/api/v1/conferences/{slug}/plans/{id}/changes", "GET"),
    ("/api/v1/conferences/{slug}/emails", "GET"),
    ("/api/v1/conferences/{slug}/emails/{id}/retry", "POST"),
    ("/api/v1/conferences/{slug}/exports/seats.csv", "GET"),
    ("/api/v1/conferences/{slug}/exports/tables.csv", "GET"),
    ("/api/v1/conferences/{slug}/exports/seats.json", "GET"),
    ("/api/v1/conferences/{slug}/exports/tables.json", "GET"),
    ("/api/v1/conferences/{slug}/exports/cards.html", "GET"),
    ("/api/v1/public/conferences/{slug}", "GET"),
    ("/api/v1/public/conferences/{slug}/registrations", "POST"),
    ("/api/v1/public/conferences/{slug}/access-link", "POST"),
    ("/api/v1/me", "GET, PATCH, DELETE"),
    ("/api/v1/me/confirm", "POST"),
    ("/api/v1/me/withdraw", "POST"),
    ("/api/v1/me/meetups", "GET"),
    ("/api/v1/me/meetups/{id}", "PUT"),
    ("/api/v1/me/tables", "GET"),
    ("/api/v1/me/tablemates.csv", "GET"),
    ("/api/v1/me/tablemates.json", "GET"),
    ("/api/v1/me/data.json", "GET"),
    ("/api/v1/me/calendar.ics", "GET"),
    ("/api/v1/me/verification", "GET, POST"),
    ("/v/{code}", "GET"),
    ("/unsubscribe/{token}", "GET, POST"),
    ("/c/{slug}", "GET, POST"),
    ("/manage", "GET, POST"),
    ("/manage/confirm", "POST"),
    ("/manage/withdraw", "POST"),
    ("/manage/delete", "POST"),
    ("/manage/meetups", "POST"),
    ("/manage/verify", "POST"),
    ("/manage/tablemates.csv", "GET"),
    ("/manage/data.json", "GET"),
    ("/manage/calendar.ics", "GET"),
    ("/organizer/sign-in", "GET, POST"),
    ("/organizer/sign-in/link", "GET, POST"),
    ("/organizer/sign-in/token", "POST"),
    ("/organizer", "GET"),
    ("/organizer/sign-out", "POST"),
    ("/organizer/c/{slug}", "GET"),
    ("/organizer/c/{slug}/registration", "POST"),
    ("/organizer/c/{slug}/meetups/{id}", "GET"),
    ("/organizer/c/{slug}/meetups/{id}/run", "POST"),
    ("/organizer/c/{slug}/plans/{id}/publish", "POST"),
    ("/organizer/c/{slug}/plans/publish", "POST"),
    ("/organizer/c/{slug}/emails", "GET"),
    ("/organizer/c/{slug}/emails/{id}/retry", "POST"),
    ("/organizer/c/{slug}/plans/{id}/adjust", "POST"),
    ("/organizer/c/{slug}/plans/{id}/chart.svg", "GET"),
    ("/organizer/c/{slug}/jobs", "GET"),
    ("/organizer/c/{slug}/jobs/{id}", "GET"),
    ("/organizer/c/{slug}/attendees", "GET, POST"),
    ("/organizer/c/{slug}/attendees/new", "GET"),
    ("/organizer/c/{slug}/attendees/import", "GET, POST"),
    ("/organizer/c/{slug}/attendees/{id}", "GET, POST"),
    ("/organizer/conferences/new", "GET, POST"),
    ("/organizer/c/{slug}/edit", "GET, POST"),
    ("/organizer/c/{slug}/new-meetup", "GET, POST"),
    ("/organizer/c/{slug}/new-series", "GET, POST"),
    ("/organizer/c/{slug}/meetups/{id}/edit", "GET, POST"),
    ("/organizer/c/{slug}/meetups/{id}/cancel", "GET, POST"),
    (pages::STYLESHEET_PATH, "GET"),
    (pages::CONSOLE_SCRIPT_PATH, "GET"),
    ("/", "GET"),
    ("/api/v1/organizer/tokens", "GET, POST"),
    ("/api/v1/organizer/tokens/{id}", "DELETE"),
    ("/api/v1/conferences/{slug}/organizers", "GET, POST"),
    (
        "/api/v1/conferences/{slug}/organizers/{organizer_id}",
        "DELETE",
    ),
    ("/api/v1/email-change", "POST"),
    ("/api/v1/me/pending-email", "DELETE"),
    ("/email-change", "GET, POST"),
    ("/manage/email-change/cancel", "POST"),
    ("/api/v1/conferences/{slug}/erasures", "GET"),
    ("/organizer/c/{slug}/webhooks", "GET, POST"),
    ("/organizer/c/{slug}/webhooks/{id}/delete", "POST"),
    ("/api/v1/conferences/{slug}/webhooks", "GET, POST"),
    (
        "/api/v1/conferences/{slug}/webhooks/{id}",
        "GET, PATCH, DELETE",
    ),
    (
        "/api/v1/conferences/{slug}/webhooks/{id}/rotate-secret",
        "POST",
    ),
    ("/api/v1/conferences/{slug}/webhooks/{id}/deliveries", "GET"),
    (
        "/api/v1/conferences/{slug}/webhooks/{id}/deliveries/{delivery_id}/replay",
        "POST",
    ),
];

/// A resource whose other methods answer 405 with the ones it supports (HEAD wherever GET).
fn resource(path: &'static str) -> actix_web::Resource {
    let listed = ROUTES
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, m)| *m)
        .unwrap_or("");
    let allowed: std::sync::Arc<str> = if listed.split(", ").any(|m| m == "GET") {
        format!("{listed}, HEAD").into()
    } else {
        listed.into()
    };
    web::resource(path).default_service(web::to(move || {
        let allowed = allowed.clone();
        async move { method_not_allowed(&allowed) }
    }))
}

/// GET, and HEAD with the same answer minus its body (RFC 9110 §9.3.2): monitors and proxies
/// probe with HEAD. actix-web leaves the body out of a response to HEAD by itself.
fn get() -> actix_web::Route {
    web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource("/healthz").route(get().to(health::healthz)))
        .service(resource("/readyz").route(get().to(health::readyz)))
        .service(resource("/metrics").route(get().to(metrics::scrape)))
        .service(resource("/api/v1/openapi.yaml").route(get().to(health::openapi)))
        .service(
            resource("/api/v1/conferences")
                .route(get().to(conferences::list))
                .route(web::post().to(conferences::create)),
        )
        .service(
            resource("/api/v1/conferences/{slug}")
                .route(get().to(conferences::get))
                .route(web::patch().to(conferences::update))
                .route(web::delete().to(erasures::delete_conference)),
        )
        .service(
            resource("/api/v1/conferences/{slug}/registration/open")
                .route(web::post().to(conferences::open_registration)),
        )
        .service(
            resource("/api/v1/conferences/{slug}/registration/close")
                .route(web::post().to(conferences::close_registration)),
        )
        .service(
            resource("/api/v1/conferences/{slug}/attendees")
                .route(get().to(attendees::list))
                .route(web::post().to(attendees::create)),
        )
        // Before `{id}`, which would otherwise take `import` for an attendee id.
        .service(
            resource("/api/v1/conferences/{slug}/attendees/import")
                .route(web::post().to(import::import)),
        )
        .service(
            resource("/api/v1/conferences/{slug}/attendees/import/pretix")
                .route(get().to(pretix::get))
                .route(web::put().to(pretix::put)),
        )
        .service(
            resource("/api/v1/conferences/{slug}/attendees/import/pretix/sync")
                .route(web::post().to(pretix::sync)),
        )
        .service(
            resource("/api/v1/conferences/{slug}/attendees/import/pretix/webhook/{secret}")
                .route(web::post().to(pretix::webhook)),
        )
        .service(
            resource("/api/v1/conferences/{slug}/attendees/{id}")
                .route(get().to(attendees::get))
                .route(web::patch().to(attendees::update)),
        )
        .service(resource("/api/v1/conferences/{slug}/emails").route(get().to(emails::list)))
        .service(
            resource("/api/v1/conferences/{slug}/emails/{id}/retry")
                .route(web::post().to(emails::retry)),
        )
        .service(
            resource("/api/v1/conferences/{slug}/meetups")
                .route(get().to(meetups::list))
                .route(web::post().to(meetups::create)),
        )
        .service(
            resource("/api/v1/conferences/{slug}/meetups/{id}")
                .route(get().to(meetups::get))
                .route(web::patch().to(meetups::update))
                .route(web::delete().to(meetups::delete)),
        )
        .service(
            resource("/api/v1/conferences/{slug}/meetups/{id}/cancel")
                .route(web::post().to(meetups::cancel)),
        )
        .service(
            resource("/api/v1/conferences/{slug}/meetups/{id}/plans")
                .route(get().to(plans::list_for_meetup)),
        )
        .service(
            resource("/api/v1/conferences/{slug}/meetups/{id}/plan")
                .route(get().to(plans::current)),
        )
        .service(resource("/api/v1/conferences/{slug}/plan-runs").route(web::post().to(plans::run)))
        .service(
            resource("/api/v1/conferences/{slug}/plan-runs/preview")
                .route(web::post().to(plans::preview)),
        )
        .service(resource("/api/v1/conferences/{slug}/jobs").route(get().to(plans::jobs)))
        .service(resource("/api/v1/conferences/{slug}/jobs/{id}").route(get().to(plans::job)))
        // Before `{id}`, which would otherwise take `publish` for a plan id.
        .service(
            resource("/api/v1/conferences/{slug}/plans/publish")
                .route(web::post().to(plans::publish_together)),
        )
        .service(resource("/api/v1/conferences/{slug}/plans/{id}").route(get().to(plans::get)))
        .service(
            resource("/api/v1/conferences/{slug}/plans/{id}/adjustments")
                .route(web::post().to(plans::adjust)),
        )
        .service(
            resource("/api/v1/conferences/{slug}/plans/{id}/publish")
                .route(web::post().to(plans::publish)),
        )
        .service(
            resource("/api/v1/conferences/{slug}/plans/{id}/repair")
                .route(web::post().to(plans::repair)),
        )
        .service(
            resource("/api/v1/conferences/{slug}/plans/{id}/changes")
                .route(get().to(plans::changes)),
        )
        .service(
            resource("/api/v1/conferences/{slug}/exports/seats.csv")
                .route(get().to(exports::seats_csv)),
        )
        .service(
            resource("/api/v1/conferences/{slug}/exports/tables.csv")
                .route(get().to(exports::tables_csv)),
        )
        .service(
            resource("/api/v1/conferences/{slug}/exports/seats.json")
                .route(get().to(exports::seats_json)),
        )
        .service(
            resource("/api/v1/conferences/{slug}/exports/tables.json")
                .route(get().to(exports::tables_json)),
        )
        .service(
            resource("/api/v1/conferences/{slug}/exports/cards.html")
                .route(get().to(exports::cards)),
        )
        .service(resource("/api/v1/me/tables").route(get().to(exports::my_tables)))
        .service(resource("/api/v1/me/tablemates.csv").route(get().to(exports::my_tablemates_csv)))
        .service(
            resource("/api/v1/me/tablemates.json").route(get().to(exports::my_tablemates_json)),
        )
        .service(resource("/api/v1/public/conferences/{slug}").route(get().to(public::conference)))
        .service(
            resource("/api/v1/public/conferences/{slug}/registrations")
                .route(web::post().to(public::register)),
        )
        .service(
            resource("/api/v1/me")
                .route(get().to(me::get))
                .route(web::patch().to(me::update))
                .route(web::delete().to(me::erase)),
        )
        .service(
            resource("/api/v1/me/verification")
                .route(get().to(verification::status))
                .route(web::post().to(verification::verify)),
        )
        .service(resource("/v/{code}").route(get().to(verification::public_page)))
        .service(resource("/api/v1/me/confirm").route(web::post().to(me::confirm)))
        .service(resource("/api/v1/me/withdraw").route(web::post().to(me::withdraw)))
        .service(resource("/api/v1/me/meetups").route(get().to(meetups::mine)))
        .service(resource("/api/v1/me/meetups/{id}").route(web::put().to(meetups::set_attending)))
        .service(
            resource("/api/v1/public/conferences/{slug}/access-link")
                .route(web::post().to(public::access_link)),
        )
        .service(
            resource("/unsubscribe/{token}")
                .route(get().to(unsubscribe::page))
                .route(web::post().to(unsubscribe::unsubscribe)),
        )
        .service(
            resource("/c/{slug}")
                .route(get().to(pages::conference_show))
                .route(web::post().to(pages::conference_submit)),
        )
        .service(
            resource("/manage")
                .route(get().to(pages::manage_show))
                .route(web::post().to(pages::manage_update)),
        )
        .service(resource("/manage/confirm").route(web::post().to(pages::manage_confirm)))
        .service(resource("/manage/withdraw").route(web::post().to(pages::manage_withdraw)))
        .service(resource("/manage/delete").route(web::post().to(pages::manage_erase)))
        .service(resource("/manage/meetups").route(web::post().to(pages::manage_set_meetup)))
        .service(resource("/manage/verify").route(web::post().to(pages::manage_verify_handle)))
        .service(resource("/manage/tablemates.csv").route(get().to(pages::manage_tablemates_csv)))
        .service(resource("/manage/data.json").route(get().to(pages::manage_data_json)))
        .service(resource("/api/v1/me/data.json").route(get().to(me::data)))
        .service(resource("/api/v1/me/calendar.ics").route(get().to(me::calendar)))
        .service(resource("/manage/calendar.ics").route(get().to(pages::manage_calendar_ics)))
        .service(
            resource("/organizer/sign-in")
                .route(get().to(pages::organizer_sign_in_form))
                .route(web::post().to(pages::organizer_request_link)),
        )
        .service(
            resource("/organizer/sign-in/link")
                .route(get().to(pages::organizer_link_page))
                .route(web::post().to(pages::organizer_sign_in_with_link)),
        )
        .service(
            resource("/organizer/sign-in/token")
                .route(web::post().to(pages::organizer_sign_in_with_token)),
        )
        .service(resource("/organizer").route(get().to(pages::organizer_home)))
        .service(resource("/organizer/sign-out").route(web::post().to(pages::organizer_sign_out)))
        .service(resource("/organizer/c/{slug}").route(get().to(pages::console_conference)))
        .service(
            resource("/organizer/c/{slug}/registration")
                .route(web::post().to(pages::console_registration)),
        )
        .service(
            resource("/organizer/c/{slug}/meetups/{id}").route(get().to(pages::console_meetup)),
        )
        .service(
            resource("/organizer/c/{slug}/meetups/{id}/run")
                .route(web::post().to(pages::console_run)),
        )
        .service(
            resource("/organizer/c/{slug}/plans/{id}/publish")
                .route(web::post().to(pages::console_publish)),
        )
        .service(
            resource("/organizer/c/{slug}/plans/publish")
                .route(web::post().to(pages::console_publish_together)),
        )
        .service(resource("/organizer/c/{slug}/emails").route(get().to(pages::console_emails)))
        .service(
            resource("/organizer/c/{slug}/emails/{id}/retry")
                .route(web::post().to(pages::console_email_retry)),
        )
        .service(
            resource("/organizer/c/{slug}/plans/{id}/adjust")
                .route(web::post().to(pages::console_adjust)),
        )
        .service(
            resource("/organizer/c/{slug}/plans/{id}/chart.svg")
                .route(get().to(pages::console_plan_chart)),
        )
        .service(resource("/organizer/c/{slug}/jobs").route(get().to(pages::console_jobs)))
        .service(resource("/organizer/c/{slug}/jobs/{id}").route(get().to(pages::console_job)))
        .service(
            resource("/organizer/c/{slug}/attendees")
                .route(get().to(pages::console_attendees))
                .route(web::post().to(pages::console_attendee_create)),
        )
        // Before `{id}`, which would otherwise take `new` and `import` for attendee ids.
        .service(
            resource("/organizer/c/{slug}/attendees/new")
                .route(get().to(pages::console_attendee_new)),
        )
        .service(
            resource("/organizer/c/{slug}/attendees/import")
                .route(get().to(pages::console_import_form))
                .route(web::post().to(pages::console_import)),
        )
        .service(
            resource("/organizer/c/{slug}/attendees/{id}")
                .route(get().to(pages::console_attendee))
                .route(web::post().to(pages::console_attendee_update)),
        )
        .service(
            resource("/organizer/conferences/new")
                .route(get().to(pages::setup_new_conference))
                .route(web::post().to(pages::setup_create_conference)),
        )
        .service(
            resource("/organizer/c/{slug}/edit")
                .route(get().to(pages::setup_edit_conference))
                .route(web::post().to(pages::setup_update_conference)),
        )
        .service(
            resource("/organizer/c/{slug}/new-meetup")
                .route(get().to(pages::setup_new_meetup))
                .route(web::post().to(pages::setup_create_meetup)),
        )
        .service(
            resource("/organizer/c/{slug}/new-series")
                .route(get().to(pages::setup_new_series))
                .route(web::post().to(pages::setup_create_series)),
        )
        .service(
            resource("/organizer/c/{slug}/meetups/{id}/edit")
                .route(get().to(pages::setup_edit_meetup))
                .route(web::post().to(pages::setup_update_meetup)),
        )
        .service(
            resource("/organizer/c/{slug}/meetups/{id}/cancel")
                .route(get().to(pages::setup_confirm_cancel))
                .route(web::post().to(pages::setup_cancel_meetup)),
        )
        .service(resource(pages::STYLESHEET_PATH).route(get().to(pages::stylesheet)))
        .service(resource(pages::CONSOLE_SCRIPT_PATH).route(get().to(pages::console_script)))
        .service(resource("/").route(get().to(pages::home)))
        .service(
            resource("/api/v1/organizer/tokens")
                .route(get().to(organizer_tokens::list))
                .route(web::post().to(organizer_tokens::create)),
        )
        .service(
            resource("/api/v1/organizer/tokens/{id}")
                .route(web::delete().to(organizer_tokens::revoke)),
        )
        .service(
            resource("/api/v1/conferences/{slug}/organizers")
                .route(get().to(co_organizers::list))
                .route(web::post().to(co_organizers::add)),
        )
        .service(
            resource("/api/v1/conferences/{slug}/organizers/{organizer_id}")
                .route(web::delete().to(co_organizers::remove)),
        )
        .service(resource("/api/v1/email-change").route(web::post().to(email_change::confirm)))
        .service(resource("/api/v1/me/pending-email").route(web::delete().to(email_change::cancel)))
        .service(
            resource("/email-change")
                .route(get().to(pages::email_change_show))
                .route(web::post().to(pages::email_change_confirm)),
        )
        .service(
            resource("/manage/email-change/cancel")
                .route(web::post().to(pages::manage_cancel_email_change)),
        )
        .service(resource("/api/v1/conferences/{slug}/erasures").route(get().to(erasures::list)))
        .service(
            resource("/organizer/c/{slug}/webhooks")
                .route(get().to(pages::console_webhooks))
                .route(web::post().to(pages::console_webhook_create)),
        )
        .service(
            resource("/organizer/c/{slug}/webhooks/{id}/delete")
                .route(web::post().to(pages::console_webhook_delete)),
        )
        .service(
            resource("/api/v1/conferences/{slug}/webhooks")
                .route(get().to(webhooks::list))
                .route(web::post().to(webhooks::create)),
        )
        .service(
            resource("/api/v1/conferences/{slug}/webhooks/{id}")
                .route(get().to(webhooks::get))
                .route(web::patch().to(webhooks::update))
                .route(web::delete().to(webhooks::delete)),
        )
        .service(
            resource("/api/v1/conferences/{slug}/webhooks/{id}/rotate-secret")
                .route(web::post().to(webhooks::rotate_secret)),
        )
        .service(
            resource("/api/v1/conferences/{slug}/webhooks/{id}/deliveries")
                .route(get().to(webhooks::deliveries)),
        )
        .service(
            resource("/api/v1/conferences/{slug}/webhooks/{id}/deliveries/{delivery_id}/replay")
                .route(web::post().to(webhooks::replay)),
        )
        .default_service(web::to(not_found));
}

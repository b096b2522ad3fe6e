//! The route table. Every path answers unsupported methods with 405 and an `Allow` header; the
//! contract test reads `ROUTES` to keep openapi.yaml and the server in step.

use actix_web::web;

use super::problem::{method_not_allowed, not_found};
use super::{attendees, conferences, health, import, me, public};

/// (path, methods) of every route, in actix path syntax.
pub const ROUTES: &[(&str, &str)] = &[
    ("/healthz", "GET"),
    ("/readyz", "GET"),
    ("/api/v1/openapi.yaml", "GET"),
    ("/api/v1/conferences", "GET, POST"),
    ("/api/v1/conferences/{slug}", "GET, PATCH"),
    ("/api/v1/conferences/{slug}/registration/open", "POST"),
    ("/api/v1/conferences/{slug}/registration/close", "POST"),
    ("/api/v1/conferences/{slug}/attendees", "GET, POST"),
    ("/api/v1/conferences/{slug}/attendees/import", "POST"),
    ("/api/v1/conferences/{slug}/attendees/{id}", "GET, PATCH"),
    ("/api/v1/public/conferences/{slug}", "GET"),
    ("/api/v1/public/conferences/{slug}/registrations", "POST"),
    ("/api/v1/me", "GET, PATCH, DELETE"),
    ("/api/v1/me/confirm", "POST"),
    ("/api/v1/me/withdraw", "POST"),
];

fn resource(path: &'static str) -> actix_web::Resource {
    let allowed = ROUTES
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, m)| *m)
        .unwrap_or("");
    web::resource(path).default_service(web::to(move || async move { method_not_allowed(allowed) }))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource("/healthz").route(web::get().to(health::healthz)))
        .service(resource("/readyz").route(web::get().to(health::readyz)))
        .service(resource("/api/v1/openapi.yaml").route(web::get().to(health::openapi)))
        .service(
            resource("/api/v1/conferences")
                .route(web::get().to(conferences::list))
                .route(web::post().to(conferences::create)),
        )
        .service(
            resource("/api/v1/conferences/{slug}")
                .route(web::get().to(conferences::get))
                .route(web::patch().to(conferences::update)),
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
                .route(web::get().to(attendees::list))
                .route(web::post().to(attendees::create)),
        )
        // Before `{id}`, which would otherwise take `import` for an attendee id.
        .service(
            resource("/api/v1/conferences/{slug}/attendees/import")
                .route(web::post().to(import::import)),
        )
        .service(
            resource("/api/v1/conferences/{slug}/attendees/{id}")
                .route(web::get().to(attendees::get))
                .route(web::patch().to(attendees::update)),
        )
        .service(
            resource("/api/v1/public/conferences/{slug}").route(web::get().to(public::conference)),
        )
        .service(
            resource("/api/v1/public/conferences/{slug}/registrations")
                .route(web::post().to(public::register)),
        )
        .service(
            resource("/api/v1/me")
                .route(web::get().to(me::get))
                .route(web::patch().to(me::update))
                .route(web::delete().to(me::erase)),
        )
        .service(resource("/api/v1/me/confirm").route(web::post().to(me::confirm)))
        .service(resource("/api/v1/me/withdraw").route(web::post().to(me::withdraw)))
        .default_service(web::to(not_found));
}

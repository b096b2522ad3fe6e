//! Liveness and readiness probes for load balancers and orchestrators.

use actix_web::{HttpResponse, web};
use serde_json::json;

use super::AppState;
use crate::error::Error;

/// The process is up.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({"status": "ok"}))
}

/// The process can reach its database.
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, Error> {
    match state.ctx.db.read.ping().await {
        Ok(()) => Ok(HttpResponse::Ok().json(json!({"status": "ready"}))),
        Err(err) => {
            tracing::warn!(error = %err, "readiness check failed");
            Ok(HttpResponse::ServiceUnavailable()
                .content_type(super::problem::PROBLEM_JSON)
                .json(json!({
                    "type": "/problems/not-ready",
                    "title": "Not ready",
                    "status": 503,
                    "detail": "the database is not reachable",
                    "request_id": super::request_id::current(),
                })))
        }
    }
}

/// The OpenAPI contract this server implements.
pub async fn openapi() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/yaml")
        .body(include_str!("../../openapi.yaml"))
}

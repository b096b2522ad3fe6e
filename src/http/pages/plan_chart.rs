//! A plan's seating chart as an image of its own address (`…/plans/{id}/chart.svg?v=VERSION`).
//! The meetup page lists a plan 60 tables at a time while the chart shows all of them; served
//! apart, the chart is drawn once per plan version and the browser keeps it while the organizer
//! pages through the lists, and the page itself loads only the seats it lists. Signing out
//! clears the browser's copy (`Clear-Site-Data`).

use std::collections::HashMap;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use uuid::Uuid;

use super::chart::{self, ChartTable};
use super::console::{SIGN_IN, id_of};
use super::organizer::signed_in_organizer;
use super::render::{PageError, see_other};
use crate::error::{Error, FieldError};
use crate::http::AppState;
use crate::http::dto::plans::PlanOut;
use crate::workflows::console as wf;

/// How long the browser may keep a chart of the version it asked for: a version never changes,
/// and a day bounds what stays behind on a shared computer whose organizer did not sign out.
const KEPT: &str = "private, max-age=86400, immutable";
/// The chart's own style is inline; it loads nothing else and runs nothing.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

/// The chart of one plan of the signed-in organizer's conference. Asked for at the plan's
/// current version (`v`), the browser may keep it; otherwise it shows the plan as it is now and
/// is not kept.
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, PageError> {
    let Some((organizer, _)) = signed_in_organizer(&state, &req).await? else {
        return Ok(see_other(SIGN_IN));
    };
    let (slug, id) = path.into_inner();
    let plan_id = id_of(&id, "plan")?;
    let asked = version_asked(req.query_string())?;
    let (plan, names) = wf::plan_chart(&state.ctx, organizer.id, &slug, plan_id).await?;
    let current = asked == Some(plan.version);
    let svg = chart(&PlanOut::new(plan, &names));
    Ok(HttpResponse::Ok()
        .content_type("image/svg+xml; charset=utf-8")
        .insert_header((
            header::CACHE_CONTROL,
            if current { KEPT } else { "no-store" },
        ))
        .insert_header((header::CONTENT_SECURITY_POLICY, CSP))
        // Its legend is in the organizer's language.
        .insert_header((header::VARY, "Accept-Language"))
        .body(svg))
}

/// The `v` of the query: absent, or a plan version.
fn version_asked(query: &str) -> Result<Option<i32>, Error> {
    let pairs: HashMap<String, String> = serde_urlencoded::from_str(query).unwrap_or_default();
    match pairs.get("v").map(String::as_str) {
        None | Some("") => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| {
            Error::Validation(vec![FieldError::new(
                "v",
                "must be a plan version, a whole number",
            )])
        }),
    }
}

/// The seating chart of `plan`'s occupied tables.
pub(super) fn chart(plan: &PlanOut) -> String {
    let tables: Vec<_> = plan
        .tables
        .iter()
        .filter(|t| !t.members.is_empty())
        .collect();
    let mut index: HashMap<Uuid, (usize, usize)> = HashMap::new();
    for (t, table) in tables.iter().enumerate() {
        for (i, m) in table.members.iter().enumerate() {
            index.insert(m.attendee_id, (t, i));
        }
    }
    let pair = |v: &serde_json::Value| {
        let id = |k: &str| v[k].as_str().and_then(|s| Uuid::parse_str(s).ok());
        let (a, b) = (index.get(&id("a")?)?, index.get(&id("b")?)?);
        (a.0 == b.0).then_some((a.0, (a.1, b.1)))
    };
    let mut drawn: Vec<ChartTable> = tables
        .iter()
        .map(|t| ChartTable {
            label: t.label.as_str(),
            interest: t.explanation["shared_interests"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|s| {
                    let people = s["attendee_ids"].as_array().map_or(0, Vec::len);
                    (people, s["interest"].as_str())
                })
                .filter_map(|(n, i)| Some((n, i?)))
                // The most shared; the first listed among equals.
                .fold(None, |best: Option<(usize, &str)>, (n, i)| match best {
                    Some((m, _)) if m >= n => best,
                    _ => Some((n, i)),
                })
                .map(|(_, i)| i),
            people: t.members.iter().map(|m| m.name.as_str()).collect(),
            mutual: t.explanation["wanted_pairs"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|w| w["mutual"].as_bool() == Some(true))
                .filter_map(|w| pair(w).map(|(_, p)| p))
                .collect(),
            repeats: Vec::new(),
        })
        .collect();
    for (t, p) in plan.metrics["repeated_pairs"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(pair)
    {
        drawn[t].repeats.push(p);
    }
    chart::svg(crate::http::language::current(), &drawn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_asked_is_a_whole_number_or_absent() {
        assert_eq!(version_asked("").ok(), Some(None));
        assert_eq!(version_asked("v=").ok(), Some(None));
        assert_eq!(version_asked("v=7&x=1").ok(), Some(Some(7)));
        let Err(Error::Validation(errors)) = version_asked("v=seven") else {
            panic!("refused");
        };
        assert_eq!(errors[0].field, "v");
    }
}

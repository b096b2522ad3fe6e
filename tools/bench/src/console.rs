//! `tablemates-bench console`: seeds a conference of 5,000 confirmed attendees with a published
//! plan of 600 tables and a newer draft beside it (through the store, as the export benchmark does), serves it from a child
//! process, signs in with the organizer's token as a browser would, and times each console page
//! over HTTP: sequential requests, from the request to the last byte, so the figure is the
//! server's time plus a loopback round trip. `/healthz` is timed the same way as the baseline:
//! the floor a page cannot go below on this machine. The meetup page shows its seating chart as
//! an image of its own address; the chart is timed as a row of its own (a browser fetches it
//! once per plan version and keeps it), and its size is that answer's.

use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::Utc;
use reqwest::header::{COOKIE, SET_COOKIE};

use super::published::{self, Shape};
use super::scratch::{SLUG, Scratch};
use super::server::{self, Server};

/// Options of the console benchmark.
#[derive(Debug, Clone, clap::Args)]
pub struct ConsoleArgs {
    /// Confirmed attendees, each seated in every meetup.
    #[arg(long, default_value_t = 5_000)]
    pub people: usize,
    #[arg(long, default_value_t = 600)]
    pub tables: usize,
    #[arg(long, default_value_t = 1)]
    pub meetups: usize,
    /// Seed only the published plan, without a newer draft beside it on the meetup's page.
    #[arg(long)]
    pub no_draft: bool,
    /// Timed requests per page, after ten untimed ones.
    #[arg(long, default_value_t = 200)]
    pub requests: usize,
    /// A PostgreSQL or MariaDB server to create a scratch database on; the default is a
    /// temporary SQLite file.
    #[arg(long)]
    pub database_url: Option<String>,
}

const WARM_UP: usize = 10;

/// One page's timings.
struct Timing {
    name: String,
    path: String,
    bytes: usize,
    p50: Duration,
    p95: Duration,
    max: Duration,
}

pub async fn run(args: ConsoleArgs) -> anyhow::Result<()> {
    anyhow::ensure!(args.requests > 0, "--requests must be positive");
    server::service_executable()?;
    let scratch = Scratch::create(args.database_url.as_deref()).await?;
    let result = seed_and_measure(&args, &scratch).await;
    scratch.remove().await;
    result
}

async fn seed_and_measure(args: &ConsoleArgs, scratch: &Scratch) -> anyhow::Result<()> {
    let shape = Shape {
        people: args.people,
        meetups: args.meetups,
        tables: args.tables,
        drafts: !args.no_draft,
    };
    let (seeded, backend, took) = scratch
        .seeded(async |db| published::seed(db, shape, Utc::now()).await)
        .await?;
    println!(
        "seeded         {:>8.2} s ({} attendees, {} meetups of {} tables, {backend:?})",
        took.as_secs_f64(),
        args.people,
        args.meetups,
        args.tables
    );
    let server = Server::start(&scratch.url).await?;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let cookie = sign_in(&server, &client, &seeded.token).await?;

    let meetup = seeded.meetup_ids[0];
    let pages = [
        ("baseline: /healthz", "/healthz".to_owned()),
        ("front door", "/".to_owned()),
        ("conferences", "/organizer".to_owned()),
        ("conference", format!("/organizer/c/{SLUG}")),
        (
            "meetup (draft whole)",
            format!("/organizer/c/{SLUG}/meetups/{meetup}"),
        ),
        (
            "meetup, last tables page",
            format!("/organizer/c/{SLUG}/meetups/{meetup}?page=999"),
        ),
        (
            "meetup (published whole)",
            format!("/organizer/c/{SLUG}/meetups/{meetup}?show=published"),
        ),
        ("emails", format!("/organizer/c/{SLUG}/emails")),
        ("conference form", format!("/organizer/c/{SLUG}/edit")),
        (
            "meetup form",
            format!("/organizer/c/{SLUG}/meetups/{meetup}/edit"),
        ),
        ("jobs", format!("/organizer/c/{SLUG}/jobs")),
        ("attendees", format!("/organizer/c/{SLUG}/attendees")),
        (
            "attendees, last page",
            format!(
                "/organizer/c/{SLUG}/attendees?page={}",
                args.people.div_ceil(50)
            ),
        ),
        (
            "attendees, search",
            format!("/organizer/c/{SLUG}/attendees?q=Number+4321&status=confirmed"),
        ),
        (
            "attendee form",
            format!("/organizer/c/{SLUG}/attendees/new"),
        ),
        (
            "import form",
            format!("/organizer/c/{SLUG}/attendees/import"),
        ),
    ];
    let mut timings = Vec::new();
    let mut charts = Vec::new();
    for (name, path) in pages {
        let (timing, body) =
            time_page(&server, &client, &cookie, name, &path, args.requests).await?;
        if name.contains("whole")
            && let Some(src) = chart_src(&body)
        {
            charts.push((format!("chart image of {name}"), src));
        }
        timings.push(timing);
    }
    let mut svg_bytes = None;
    for (name, src) in charts {
        let (timing, body) =
            time_page(&server, &client, &cookie, &name, &src, args.requests).await?;
        svg_bytes.get_or_insert(body.len());
        timings.push(timing);
    }
    drop(server);

    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{:<44} {:>10} {:>9} {:>9} {:>9}",
        "page", "bytes", "p50 ms", "p95 ms", "max ms"
    );
    for t in &timings {
        println!(
            "{:<44} {:>10} {:>9.2} {:>9.2} {:>9.2}",
            t.name,
            t.bytes,
            ms(t.p50),
            ms(t.p95),
            ms(t.max)
        );
    }
    match svg_bytes {
        Some(n) => println!("seating chart  {n} bytes of SVG (the draft's)"),
        None => println!("seating chart  none on the meetup page"),
    }
    for t in &timings {
        println!(
            "RESULT backend={backend:?} people={} tables={} page={} bytes={} p50_ms={:.2} p95_ms={:.2} max_ms={:.2}",
            args.people,
            args.tables,
            t.path,
            t.bytes,
            ms(t.p50),
            ms(t.p95),
            ms(t.max)
        );
    }
    Ok(())
}

/// Signs in with the API token the way the sign-in page's fallback form does; returns the
/// session cookie (`name=value`).
async fn sign_in(server: &Server, client: &reqwest::Client, token: &str) -> anyhow::Result<String> {
    let response = client
        .post(server.url("/organizer/sign-in/token"))
        .form(&[("token", token)])
        .send()
        .await
        .context("signing in")?;
    let cookie = response
        .headers()
        .get(SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::to_owned);
    match cookie {
        Some(cookie) => Ok(cookie),
        None => {
            let status = response.status();
            anyhow::bail!(
                "signing in gave {status} and no cookie\nserver log:\n{}",
                server.log_tail()
            )
        }
    }
}

async fn time_page(
    server: &Server,
    client: &reqwest::Client,
    cookie: &str,
    name: &str,
    path: &str,
    requests: usize,
) -> anyhow::Result<(Timing, String)> {
    let mut took = Vec::with_capacity(requests);
    let mut body = String::new();
    for i in 0..WARM_UP + requests {
        let started = Instant::now();
        let response = client
            .get(server.url(path))
            .header(COOKIE, cookie)
            .send()
            .await
            .with_context(|| format!("requesting {path}"))?;
        body = server::expect_status(server, response, reqwest::StatusCode::OK, path).await?;
        if i >= WARM_UP {
            took.push(started.elapsed());
        }
    }
    took.sort();
    let at = |q: f64| took[((took.len() as f64 * q).ceil() as usize).clamp(1, took.len()) - 1];
    Ok((
        Timing {
            name: name.to_owned(),
            path: path.to_owned(),
            bytes: body.len(),
            p50: at(0.5),
            p95: at(0.95),
            max: at(1.0),
        },
        body,
    ))
}

/// The address of the seating chart image a meetup page shows, if it shows one.
fn chart_src(page: &str) -> Option<String> {
    let src = page
        .split("<img class=\"chart")
        .nth(1)?
        .split("src=\"")
        .nth(1)?
        .split('"')
        .next()?;
    Some(src.replace("&#x2f;", "/").replace("&amp;", "&"))
}

#[cfg(test)]
mod tests {
    use super::chart_src;

    #[test]
    fn the_chart_address_is_read_from_the_image_and_unescaped() {
        assert_eq!(chart_src("<p>no chart</p>"), None);
        let page = r#"<figure><img class="chart cols3" src="&#x2f;organizer&#x2f;c&#x2f;x&#x2f;plans&#x2f;1&#x2f;chart.svg?v=2&amp;a=b" alt=""></figure>"#;
        assert_eq!(
            chart_src(page).as_deref(),
            Some("/organizer/c/x/plans/1/chart.svg?v=2&a=b")
        );
    }
}

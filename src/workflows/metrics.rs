//! What `GET /metrics` shows: the counters kept as things happen, with the outbox, the job
//! queue and the connection pools read at the moment of the scrape.

use strum::VariantArray;

use super::Context;
use crate::domain::records::{JobStatus, OutboxStatus};
use crate::error::Error;
use crate::metrics::Snapshot;
use crate::store;

/// The exposition in Prometheus text format. Two grouped COUNTs per scrape; a status without
/// rows is shown as 0, so a series never vanishes when its last row changes status.
pub async fn exposition(ctx: &Context) -> Result<String, Error> {
    // Read before the counts, so the scrape's own queries do not show as pool use.
    let pools = ctx.db.pool_use();
    let (outbox, jobs) = tokio::try_join!(
        store::outbox::count_by_status(&ctx.db.read),
        store::jobs::count_by_status(&ctx.db.read),
    )?;
    let snapshot = Snapshot {
        outbox: every_status(OutboxStatus::VARIANTS, outbox),
        jobs: every_status(JobStatus::VARIANTS, jobs),
        pools,
    };
    Ok(ctx.metrics.render(&snapshot))
}

fn every_status<S: Copy + Into<&'static str>>(
    all: &[S],
    counted: Vec<(String, i64)>,
) -> Vec<(String, i64)> {
    let mut out: Vec<(String, i64)> = all.iter().map(|s| ((*s).into().to_owned(), 0)).collect();
    for (status, n) in counted {
        match out.iter_mut().find(|(s, _)| *s == status) {
            Some(slot) => slot.1 = n,
            None => out.push((status, n)),
        }
    }
    out
}

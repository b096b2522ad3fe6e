//! The job runner's stop, in process, at the moment a shutdown test with real processes can
//! only hit by chance: while its claim waits for the database.

use std::time::Duration;

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};
use tablemates::entities::{conference, job};
use tablemates::workflows::{jobs, plans};

use crate::helpers::{TestApp, let_workers_run};
use crate::jobs::a_lunch_for_twelve;

api_test!(a_runner_stopped_while_its_claim_waits_gives_the_claimed_job_back);
async fn a_runner_stopped_while_its_claim_waits_gives_the_claimed_job_back(app: TestApp) {
    let token = app.conference("conf").await;
    let m = a_lunch_for_twelve(&app, &token).await;
    let organizer = conference::Entity::find()
        .filter(conference::Column::Slug.eq("conf"))
        .one(&app.db.read)
        .await
        .expect("read the conference")
        .expect("the conference")
        .organizer_id;
    let meetup_id = m["id"]
        .as_str()
        .expect("meetup id")
        .parse()
        .expect("a UUID");
    // Queued without waking `app`'s own runner, which looks for work only every 2 s.
    let queued = plans::start_run(
        &app.ctx,
        organizer,
        "conf",
        plans::RunRequest {
            meetup_ids: vec![meetup_id],
            max_seconds: Some(1.0),
            ..Default::default()
        },
        Utc::now(),
    )
    .await
    .expect("queue the run");

    // Another connection writes the job's row and keeps its transaction open, so a claim's
    // UPDATE waits for it.
    let other = sea_orm::Database::connect(app.database_url())
        .await
        .expect("a second connection");
    let holding = other.begin().await.expect("begin");
    job::Entity::update_many()
        .col_expr(job::Column::Progress, Expr::col(job::Column::Progress))
        .filter(job::Column::Id.eq(queued.id))
        .exec(&holding)
        .await
        .expect("hold the job's row");

    let runner = jobs::start(
        app.ctx.clone(),
        jobs::Waker::default(),
        Duration::from_secs(3600),
    );
    // The runner claims at once on start; give it time to be waiting for the row.
    let_workers_run().await;
    let stopping = tokio::spawn(runner.stop(Duration::ZERO));
    let_workers_run().await;
    // The database now completes the claim the stopped runner sent.
    holding.commit().await.expect("commit");
    stopping.await.expect("the stop");
    other.close().await.ok();

    // Given back, so `app`'s runner takes it at its next look instead of after the stopped
    // runner's 60-second lease.
    let done = app
        .finished_job(&token, "conf", &queued.id.to_string())
        .await;
    assert_eq!(done["status"], "succeeded", "{done}");
}

//! Process start-up that the service and the benchmark runner share: glibc's malloc arenas and
//! the async runtime.

use anyhow::Context;

/// Runs `main` as a binary's whole life: arenas capped first, then a multi-threaded runtime, so
/// the registration writers and the outbox worker spread over the cores instead of sharing the
/// one thread an actix system would give them, and the benchmarks that drive the store and the
/// mailer in-process measure them as the service runs them.
pub fn start(main: impl Future<Output = anyhow::Result<()>>) -> anyhow::Result<()> {
    limit_malloc_arenas();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let result = runtime.block_on(main);
    // A matcher run abandoned at shutdown (its job given back) would otherwise hold the
    // process until its own time budget ends: dropping a runtime waits for blocking tasks.
    runtime.shutdown_timeout(BLOCKING_GRACE);
    result
}

/// How long an ending process waits for blocking tasks still running.
const BLOCKING_GRACE: std::time::Duration = std::time::Duration::from_secs(1);

/// glibc gives every thread that allocates its own malloc arena, up to eight per core, and
/// memory freed in one is not reused by another: a 100,000-row export peaked at 105 MiB with
/// the default and 91 MiB with two arenas (BENCHMARKS.md, exports; mimalloc did worse, 121–128
/// MiB). glibc reads `MALLOC_ARENA_MAX` once, before `main`, and the crate forbids the `unsafe`
/// a `mallopt` call needs, so the binary starts itself again with the variable set (`exec`
/// keeps the process id). An operator's own `MALLOC_ARENA_MAX` wins.
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none()
        && let Ok(exe) = std::env::current_exe()
    {
        use std::os::unix::process::CommandExt;
        let mut args = std::env::args_os();
        // argv[0] as typed, not the absolute path of the executable: `ps` and the command line
        // `tablemates-bench quality` records show what was run.
        let error = std::process::Command::new(exe)
            .arg0(args.next().unwrap_or_default())
            .args(args)
            .env("MALLOC_ARENA_MAX", "2")
            .exec();
        eprintln!("could not restart with MALLOC_ARENA_MAX=2 ({error}); going on without");
    }
}

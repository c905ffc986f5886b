//! A lane of its own for the reads whose answers are remembered (a project,
//! a page of the list): a few threads, each taking a connection from a small
//! pool of its own. Writers waiting for their turn to write hold blocking
//! threads and pooled connections; a remembered answer that a write made
//! stale must not queue behind them, or under a steady stream of writes the
//! cache is always being refilled and readers wait as long as writers.

use super::{DbConnection, DbPool};
use crate::error::AppError;
use std::sync::mpsc::{sync_channel, SyncSender, TrySendError};

/// A read to run, given a connection or the reason there is none.
pub type Job = Box<dyn FnOnce(Result<&mut DbConnection, AppError>) + Send>;

/// Reads waiting for the lane; past this, they take the ordinary way.
const QUEUE: usize = 256;

pub struct ReadLane {
    jobs: SyncSender<Job>,
}

impl ReadLane {
    /// Start `threads` threads over `pool`. They end when the lane is dropped.
    pub fn start(pool: DbPool, threads: usize) -> Result<Self, String> {
        let (jobs, queue) = sync_channel::<Job>(QUEUE);
        crate::threads::serve("portefolje-reads", threads, queue, move |job| {
            run(job, &pool)
        })?;
        Ok(Self { jobs })
    }

    /// Queue a read; given back when the lane is full.
    pub fn offer(&self, job: Job) -> Result<(), Job> {
        self.jobs.try_send(job).map_err(|e| match e {
            TrySendError::Full(job) | TrySendError::Disconnected(job) => job,
        })
    }
}

/// Run a job on a connection of `pool`, or tell it why there is none.
pub fn run(job: Job, pool: &DbPool) {
    match pool.get() {
        Ok(mut conn) => job(Ok(&mut conn)),
        Err(e) => job(Err(e.into())),
    }
}

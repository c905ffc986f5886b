//! A few named threads serving one queue of jobs (the read lane, the
//! password turns): a job that panics fails alone, and its thread goes on.

use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex};

/// Start `threads` threads that take jobs from `queue` through `run` until
/// every sender is gone.
pub fn serve<J: Send + 'static>(
    name: &str,
    threads: usize,
    queue: Receiver<J>,
    run: impl Fn(J) + Clone + Send + 'static,
) -> Result<(), String> {
    let queue = Arc::new(Mutex::new(queue));
    for _ in 0..threads {
        let (queue, run, named) = (queue.clone(), run.clone(), name.to_string());
        std::thread::Builder::new()
            .name(name.into())
            .spawn(move || loop {
                let job = queue.lock().unwrap_or_else(|e| e.into_inner()).recv();
                let Ok(job) = job else { return };
                let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(job)));
                if ran.is_err() {
                    log::error!("a job on {named} panicked");
                }
            })
            .map_err(|e| format!("cannot start {name}: {e}"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    type Job = Box<dyn FnOnce() + Send>;

    #[test]
    fn a_panicking_job_fails_alone_and_its_thread_goes_on() {
        let (jobs, queue) = std::sync::mpsc::channel::<Job>();
        serve("portefolje-test", 1, queue, |job: Job| job()).unwrap();
        let (done, finished) = std::sync::mpsc::channel();
        jobs.send(Box::new(|| panic!("a job that panics on purpose")))
            .unwrap();
        jobs.send(Box::new(move || done.send(()).unwrap())).unwrap();
        finished
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("the only thread served the next job");
    }
}

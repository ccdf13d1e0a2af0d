//! The pool that runs the pipeline's CPU work (feed parsing, article extraction) off the async
//! threads, as many jobs at a time as the machine has cores.
//!
//! Tokio's blocking pool alone would start a thread per waiting job (up to 512): on a wire of
//! thousands of sources that is hundreds of extractions at once, each with its page's DOM in
//! memory, all slower for sharing the cores. Even with a permit per core in front of it, the
//! jobs ran on whichever of the pool's threads was idle (sixteen on the wire, started by name
//! lookups and the story desk), and each thread's allocator heap kept pages of the extractions
//! it had run: the wire's peak was 416 MB, with two threads of its own 365 MB (BENCHMARKS.md).
//! So the pool has its own `threads` workers, fed by one queue; the waiting jobs are the
//! queue, and what they hold is bounded upstream (a page waits holding its slot of the
//! pipeline's gate, see [`crate::Pipeline`]).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};

type Job = Box<dyn FnOnce() + Send>;

/// A job that did not return: it panicked, or its worker was gone.
#[derive(Debug)]
pub(crate) struct JobFailed(String);

impl std::fmt::Display for JobFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A bounded pool of worker threads. Cheap to clone; the workers end when the last clone is
/// dropped (after the jobs already queued).
#[derive(Clone, Debug)]
pub(crate) struct CpuPool {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    queue: Mutex<Sender<Job>>,
    /// Jobs queued or running.
    busy: Arc<AtomicUsize>,
}

impl CpuPool {
    /// A pool of `threads` workers; `0` means one per core.
    pub(crate) fn new(threads: usize) -> Self {
        let threads = if threads == 0 {
            std::thread::available_parallelism().map_or(2, std::num::NonZero::get)
        } else {
            threads
        };
        let (queue, jobs) = channel::<Job>();
        let jobs = Arc::new(Mutex::new(jobs));
        let runtime = tokio::runtime::Handle::try_current().ok();
        for i in 0..threads {
            let jobs = jobs.clone();
            let runtime = runtime.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("gazette-cpu-{i}"))
                .spawn(move || {
                    // Jobs keep the runtime's context, as on tokio's blocking threads.
                    let _inside = runtime.as_ref().map(tokio::runtime::Handle::enter);
                    work(&jobs)
                });
            if let Err(e) = spawned {
                // Fewer workers than asked; with none, `run` reports every job as failed.
                tracing::error!(error = %e, "cannot start a CPU worker thread");
            }
        }
        CpuPool {
            inner: Arc::new(Inner {
                queue: Mutex::new(queue),
                busy: Arc::new(AtomicUsize::new(0)),
            }),
        }
    }

    /// Jobs queued for a worker or running now.
    pub(crate) fn busy(&self) -> usize {
        self.inner.busy.load(Ordering::Relaxed)
    }

    /// Runs `job` on a worker once one is free. The job runs to its end even when the caller
    /// stops waiting (a poll that timed out).
    pub(crate) async fn run<T, F>(&self, job: F) -> Result<T, JobFailed>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let (done, result) = tokio::sync::oneshot::channel();
        let busy = self.inner.busy.clone();
        busy.fetch_add(1, Ordering::Relaxed);
        let wrapped: Job = Box::new(move || {
            let outcome = catch_unwind(AssertUnwindSafe(job)).map_err(|panic| {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "a panic".into());
                JobFailed(format!("the job panicked: {what}"))
            });
            busy.fetch_sub(1, Ordering::Relaxed);
            let _ = done.send(outcome);
        });
        let queued = self
            .inner
            .queue
            .lock()
            .map_err(|_| JobFailed("the CPU pool's queue is poisoned".into()))?
            .send(wrapped);
        if queued.is_err() {
            self.inner.busy.fetch_sub(1, Ordering::Relaxed);
            return Err(JobFailed("the CPU pool has no worker".into()));
        }
        result
            .await
            .map_err(|_| JobFailed("the CPU pool has no worker".into()))?
    }
}

/// A worker: takes the next job from the queue until every sender is gone.
fn work(jobs: &Mutex<Receiver<Job>>) {
    loop {
        let next = match jobs.lock() {
            Ok(queue) => queue.recv(),
            Err(_) => return,
        };
        match next {
            Ok(job) => job(),
            Err(_) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn runs_at_most_its_size_at_once() {
        let pool = CpuPool::new(2);
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let jobs: Vec<_> = (0..8)
            .map(|_| {
                let (pool, running, most) = (pool.clone(), running.clone(), most.clone());
                tokio::spawn(async move {
                    pool.run(move || {
                        let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(30));
                        running.fetch_sub(1, Ordering::SeqCst);
                    })
                    .await
                    .unwrap();
                })
            })
            .collect();
        for j in jobs {
            j.await.unwrap();
        }
        assert_eq!(most.load(Ordering::SeqCst), 2);
        assert_eq!(pool.busy(), 0);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn jobs_run_on_the_pools_own_threads_and_a_panic_is_an_error() {
        let pool = CpuPool::new(2);
        for _ in 0..6 {
            let name = pool
                .run(|| std::thread::current().name().map(str::to_owned))
                .await
                .unwrap();
            assert!(name.is_some_and(|n| n.starts_with("gazette-cpu-")));
        }
        let failed = pool
            .run(|| -> u32 { panic!("a bad page") })
            .await
            .unwrap_err();
        assert!(failed.to_string().contains("a bad page"), "{failed}");
        // The worker that ran it still works.
        for i in 0..4u32 {
            assert_eq!(pool.run(move || i).await.unwrap(), i);
        }
        assert_eq!(pool.busy(), 0);
    }
}

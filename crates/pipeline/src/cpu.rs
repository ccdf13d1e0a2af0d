//! The pool that runs the pipeline's CPU work (feed parsing, article extraction) off the async
//! threads, as many jobs at a time as the machine has cores.
//!
//! Tokio's blocking pool alone would start a thread per waiting job (up to 512): on a wire of
//! thousands of sources that is hundreds of extractions at once, each with its page's DOM in
//! memory, all slower for sharing the cores. Here a job waits for one of `threads` permits
//! first; the waiting jobs are the queue, and what they hold is bounded upstream (a page waits
//! holding its slot of the pipeline's gate, see [`crate::Pipeline`]).

use std::sync::Arc;

use tokio::sync::Semaphore;

/// A bounded pool of blocking workers. Cheap to clone.
#[derive(Clone, Debug)]
pub(crate) struct CpuPool {
    permits: Arc<Semaphore>,
    threads: usize,
}

impl CpuPool {
    /// A pool of `threads` workers; `0` means one per core.
    pub(crate) fn new(threads: usize) -> Self {
        let threads = if threads == 0 {
            std::thread::available_parallelism().map_or(2, std::num::NonZero::get)
        } else {
            threads
        };
        CpuPool {
            permits: Arc::new(Semaphore::new(threads)),
            threads,
        }
    }

    /// Jobs waiting for a worker or running now.
    pub(crate) fn busy(&self) -> usize {
        self.threads
            .saturating_sub(self.permits.available_permits())
    }

    /// Runs `job` on a blocking thread once a worker is free. The worker stays taken until the
    /// job ends, even when the caller stops waiting (a poll that timed out).
    pub(crate) async fn run<T, F>(&self, job: F) -> Result<T, tokio::task::JoinError>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .expect("the pool's semaphore is never closed");
        tokio::task::spawn_blocking(move || {
            let _worker = permit;
            job()
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
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
}

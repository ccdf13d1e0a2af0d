//! The pipeline's one writer: parts of polls from every source in progress are written in
//! shared transactions, so that a round over thousands of sources makes a few hundred
//! transactions instead of thousands competing for the database.
//!
//! A poll submits its entries as they are ready and, last, its outcome ([`PollWrite`]); each
//! part is answered once written. The writer takes whatever parts are waiting, up to a batch,
//! and writes them in one [`Store::save_polls`] call (which retries deadlocks and busy
//! databases). When a batch fails for good, its parts are written one by one, so that a part
//! that cannot be stored fails alone and its source's error says why. The channel is bounded:
//! when the database falls behind, polls wait to submit (backpressure) instead of holding
//! ever more entries in memory.

use std::sync::Arc;

use gazette_store::{PollWrite, SaveReport, Store};
use tokio::sync::{mpsc, oneshot};

/// Parts waiting for the writer, at most; a poll submitting more waits.
const QUEUE: usize = 256;
/// A batch ends at this many entries (or when no more parts are waiting).
const BATCH_ENTRIES: usize = 500;

type Reply = oneshot::Sender<Result<SaveReport, String>>;

/// The answer to one submitted part: the store's report, or why it could not be stored.
pub(crate) type Written = oneshot::Receiver<Result<SaveReport, String>>;

/// A handle to submit parts; the writer ends when every handle is dropped and its queue is
/// written.
#[derive(Clone)]
pub(crate) struct Writer {
    tx: mpsc::Sender<(PollWrite, Reply)>,
}

impl Writer {
    pub(crate) fn spawn(store: Arc<dyn Store>) -> (Writer, tokio::task::JoinHandle<()>) {
        let (tx, rx) = mpsc::channel(QUEUE);
        (Writer { tx }, tokio::spawn(run(store, rx)))
    }

    /// Queues a part (waiting while the queue is full) and returns where its answer will come.
    pub(crate) async fn submit(&self, write: PollWrite) -> Written {
        let (reply, answer) = oneshot::channel();
        // The writer only stops once every handle is gone, so sending cannot fail while
        // `self` lives; if it did, the dropped reply answers "writer stopped".
        let _ = self.tx.send((write, reply)).await;
        answer
    }

    /// Queues a part and waits until it is written.
    pub(crate) async fn write(&self, write: PollWrite) -> Result<SaveReport, String> {
        answer(self.submit(write).await).await
    }
}

/// What a submitted part's answer is when the writer stopped without giving it.
const STOPPED: &str = "the writer stopped before writing";

/// The report of a submitted part.
pub(crate) async fn answer(written: Written) -> Result<SaveReport, String> {
    written.await.unwrap_or_else(|_| Err(STOPPED.into()))
}

/// The report of a submitted part if it is answered already.
pub(crate) fn answered_yet(written: &mut Written) -> Option<Result<SaveReport, String>> {
    match written.try_recv() {
        Ok(answer) => Some(answer),
        Err(oneshot::error::TryRecvError::Empty) => None,
        Err(oneshot::error::TryRecvError::Closed) => Some(Err(STOPPED.into())),
    }
}

async fn run(store: Arc<dyn Store>, mut rx: mpsc::Receiver<(PollWrite, Reply)>) {
    while let Some(first) = rx.recv().await {
        let mut entries = first.0.entries.len();
        let mut batch = vec![first];
        while entries < BATCH_ENTRIES {
            match rx.try_recv() {
                Ok(part) => {
                    entries += part.0.entries.len();
                    batch.push(part);
                }
                Err(_) => break,
            }
        }
        write_batch(store.as_ref(), batch).await;
    }
}

async fn write_batch(store: &dyn Store, batch: Vec<(PollWrite, Reply)>) {
    let (writes, replies): (Vec<PollWrite>, Vec<Reply>) = batch.into_iter().unzip();
    match store.save_polls(&writes).await {
        Ok(reports) => {
            for (reply, report) in replies.into_iter().zip(reports) {
                let _ = reply.send(Ok(report));
            }
        }
        Err(e) if writes.len() > 1 => {
            tracing::warn!(error = %e, parts = writes.len(), "a batch of polls could not be stored; writing its parts one by one");
            for (write, reply) in writes.into_iter().zip(replies) {
                let result = store
                    .save_polls(std::slice::from_ref(&write))
                    .await
                    .map(|mut r| r.pop().unwrap_or_default())
                    .map_err(|e| e.to_string());
                let _ = reply.send(result);
            }
        }
        Err(e) => {
            for reply in replies {
                let _ = reply.send(Err(e.to_string()));
            }
        }
    }
}

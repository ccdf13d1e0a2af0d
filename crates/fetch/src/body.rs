//! Reading a response body under the limits: a size cap counted on the decompressed
//! bytes (so compression bombs stop at the cap) and a minimum transfer rate (so a
//! server that drips bytes cannot hold a worker until the total timeout).

use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures_util::StreamExt;
use tokio::time::Instant;

use crate::FetchError;

/// Limits for one body.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BodyLimits {
    pub(crate) max_bytes: u64,
    /// Keep the first `max_bytes` instead of failing (robots.txt).
    pub(crate) truncate: bool,
    pub(crate) min_bytes_per_sec: u64,
    pub(crate) window: Duration,
}

/// Reads the whole body of `resp`. The caller bounds the total time.
pub(crate) async fn read_body(
    resp: reqwest::Response,
    limits: BodyLimits,
    url: &str,
) -> Result<Bytes, FetchError> {
    let too_large = || FetchError::TooLarge {
        url: url.to_owned(),
        limit: limits.max_bytes,
    };
    // A declared length over the cap fails before any byte is read. (Content-Length
    // is the encoded size; the decoded size is checked while streaming.)
    let declared = resp
        .headers()
        .get(reqwest::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if !limits.truncate && declared.is_some_and(|len| len > limits.max_bytes) {
        return Err(too_large());
    }

    let max = usize::try_from(limits.max_bytes).unwrap_or(usize::MAX);
    let mut body = BytesMut::with_capacity(declared.map_or(16 * 1024, |l| l as usize).min(max));
    let mut stream = resp.bytes_stream();
    let window = limits.window.max(Duration::from_millis(1));
    let min_per_window = (limits.min_bytes_per_sec as f64 * window.as_secs_f64()) as u64;
    let mut window_end = Instant::now() + window;
    let mut window_bytes: u64 = 0;
    loop {
        tokio::select! {
            biased;
            chunk = stream.next() => match chunk {
                None => break,
                Some(Err(e)) => return Err(crate::error::from_body(e, url)),
                Some(Ok(chunk)) => {
                    window_bytes += chunk.len() as u64;
                    let room = max - body.len();
                    if chunk.len() > room {
                        if limits.truncate {
                            body.extend_from_slice(&chunk[..room]);
                            break;
                        }
                        return Err(too_large());
                    }
                    body.extend_from_slice(&chunk);
                }
            },
            () = tokio::time::sleep_until(window_end), if limits.min_bytes_per_sec > 0 => {
                if window_bytes < min_per_window {
                    return Err(FetchError::TooSlow {
                        url: url.to_owned(),
                        min_bytes_per_sec: limits.min_bytes_per_sec,
                        window,
                    });
                }
                window_bytes = 0;
                window_end += window;
            }
        }
    }
    Ok(body.freeze())
}

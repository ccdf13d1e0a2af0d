//! Errors of the extract stage.
//!
//! Policy: `extract` fails only when the input cannot be an HTML page at all
//! (empty, over the size limit, binary). Anything merely broken inside a page
//! yields the best article we can build, with a low `quality` score instead.

use thiserror::Error;

/// Why a page could not be turned into an [`crate::Article`].
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ExtractError {
    /// The input had no bytes, or only whitespace.
    #[error("the page is empty")]
    Empty,
    /// The input is larger than [`crate::MAX_INPUT_BYTES`].
    #[error("the page is {size} bytes, more than the {limit}-byte limit")]
    TooLarge {
        /// Size of the input in bytes.
        size: usize,
        /// The limit it exceeded.
        limit: usize,
    },
    /// The input looks like binary data (an image, a PDF, ...) rather than HTML.
    #[error("the page is not HTML ({0})")]
    NotHtml(&'static str),
}

//! The ways parsing a document can fail as a whole.
//!
//! Error policy: parsing is lenient, so almost every defect in a document becomes a warning in
//! [`crate::Feed::warnings`] and the best result is still returned. [`FeedError`] is reserved for
//! inputs where nothing feed-like can be recovered; callers decide whether to log or show it.

/// Why a document could not be read as a feed at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    /// The input has no content (zero bytes or only white space).
    #[error("the document is empty")]
    Empty,
    /// The input is larger than the parser accepts.
    #[error("the document is {size} bytes, more than the limit of {limit} bytes")]
    TooLarge {
        /// Size of the input in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// The input was read but is not what was asked for (an HTML page given as a feed, an
    /// RSS feed given as OPML). The message says what was expected and what was found.
    #[error("{0}")]
    NotAFeed(String),
}

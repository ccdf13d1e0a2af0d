//! The website's one error type.
//!
//! Handlers return [`AppResult`]. An error becomes a response carrying an [`ErrorPage`]
//! extension; the `render_error_pages` layer turns that into a themed page, so a 404 looks like
//! the rest of the site. Internal errors are logged here, once, and shown without details.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

pub type AppResult<T> = Result<T, AppError>;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// A request this site cannot read (400), with what to tell the client.
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// Taken down by an editor (410: it existed, and will not come back at this address).
    #[error("gone")]
    Gone,
    #[error("storage: {0}")]
    Store(#[from] gazette_store::StoreError),
    #[error("template: {0}")]
    Template(#[from] minijinja::Error),
}

/// What the error page shows; attached to error responses for the rendering layer.
#[derive(Debug, Clone)]
pub struct ErrorPage {
    pub heading: &'static str,
    pub message: &'static str,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, page) = match &self {
            AppError::NotFound => (
                StatusCode::NOT_FOUND,
                ErrorPage {
                    heading: "Page not found",
                    message: "There is no story or page at this address. It may have been removed.",
                },
            ),
            AppError::BadRequest(message) => (
                StatusCode::BAD_REQUEST,
                ErrorPage {
                    heading: "Bad request",
                    message,
                },
            ),
            AppError::Gone => (
                StatusCode::GONE,
                ErrorPage {
                    heading: "This article was removed",
                    message: "The editors took this article down. Other stories are on the front page.",
                },
            ),
            AppError::Store(_) | AppError::Template(_) => {
                tracing::error!(error = %self, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ErrorPage {
                        heading: "Something went wrong",
                        message: "The page could not be shown. Please try again in a moment.",
                    },
                )
            }
        };
        let mut response = (status, page.message).into_response();
        response.extensions_mut().insert(page);
        response
    }
}

//! Operational endpoints and static assets.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::error::AppError;

/// `/healthz`: 200 when the database answers.
pub async fn healthz(State(state): State<AppState>) -> Response {
    match state.store().count_entries().await {
        Ok(n) => (StatusCode::OK, format!("ok\nentries {n}\n")).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n").into_response()
        }
    }
}

/// The stylesheet under its content-hashed name, cached for a year.
pub async fn stylesheet(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let t = &state.inner.templates;
    if t.css_path.strip_prefix("/static/") != Some(file.as_str()) {
        return AppError::NotFound.into_response();
    }
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        t.css.clone(),
    )
        .into_response()
}

pub async fn not_found() -> AppError {
    AppError::NotFound
}

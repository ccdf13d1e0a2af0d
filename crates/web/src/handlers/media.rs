//! `/media/{signature}/{url}`: the images of stories, served from the site's own address
//! (see [`crate::media`]).

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::media::MediaError;

pub async fn image(
    State(state): State<AppState>,
    Path((signature, encoded)): Path<(String, String)>,
) -> Response {
    let Some(proxy) = state.media() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match proxy.get(&signature, &encoded).await {
        Ok(image) => {
            let mut r = image.body.into_response();
            let h = r.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(image.content_type),
            );
            h.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=604800, immutable"),
            );
            h.insert(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            );
            // An SVG opened on its own must not run as a page of this site.
            h.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; sandbox"),
            );
            r
        }
        Err(MediaError::Unknown) => StatusCode::NOT_FOUND.into_response(),
        Err(e @ (MediaError::Fetch(_) | MediaError::NotAnImage)) => {
            tracing::info!(error = %e, "proxied image not served");
            let mut r = StatusCode::BAD_GATEWAY.into_response();
            r.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=300"),
            );
            r
        }
    }
}

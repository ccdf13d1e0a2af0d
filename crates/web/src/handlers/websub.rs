//! The WebSub callback, `/websub/{token}`: hubs verify the subscriptions Gazette asked for
//! (`GET`) and push new content (`POST`). The protocol's decisions are the pipeline's
//! ([`gazette_pipeline::Pipeline::verify_intent`], [`gazette_pipeline::Pipeline::take_push`]);
//! this module turns HTTP into them and back. Answers are plain text and never cached.

use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use gazette_pipeline::{Intent, IntentAnswer, MAX_PUSH_BYTES, PushAnswer};

use crate::AppState;

fn plain(status: StatusCode, body: impl Into<String>) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body.into(),
    )
        .into_response()
}

fn unavailable(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "WebSub callback failed");
    plain(StatusCode::SERVICE_UNAVAILABLE, "try again later\n")
}

/// `GET /websub/{token}`: a hub's verification of intent.
pub async fn verify(
    State(state): State<AppState>,
    Path(token): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let Some(pipeline) = state.inner.pipeline.get() else {
        return plain(StatusCode::NOT_FOUND, "no WebSub subscriptions here\n");
    };
    let mut intent = Intent::default();
    for (k, v) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        match k.as_ref() {
            "hub.mode" => intent.mode = v.into_owned(),
            "hub.topic" => intent.topic = v.into_owned(),
            "hub.challenge" => intent.challenge = Some(v.into_owned()),
            "hub.lease_seconds" => intent.lease_seconds = v.trim().parse().ok(),
            "hub.reason" => intent.reason = Some(v.into_owned()),
            _ => {}
        }
    }
    match pipeline.verify_intent(&token, &intent).await {
        Ok(IntentAnswer::Confirm(challenge)) => plain(StatusCode::OK, challenge),
        Ok(IntentAnswer::Noted) => plain(StatusCode::OK, ""),
        Ok(IntentAnswer::Refused) => plain(StatusCode::NOT_FOUND, "no such subscription request\n"),
        Ok(IntentAnswer::Invalid(why)) => plain(StatusCode::BAD_REQUEST, format!("{why}\n")),
        Err(e) => unavailable(e),
    }
}

/// `POST /websub/{token}`: content a hub pushes.
pub async fn push(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Some(pipeline) = state.inner.pipeline.get() else {
        return plain(StatusCode::GONE, "no WebSub subscriptions here\n");
    };
    let Ok(body) = axum::body::to_bytes(body, MAX_PUSH_BYTES).await else {
        return plain(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("a pushed feed may be {MAX_PUSH_BYTES} bytes at most\n"),
        );
    };
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let answer = pipeline
        .take_push(
            &token,
            text("x-hub-signature"),
            text(header::CONTENT_TYPE.as_str()),
            body,
        )
        .await;
    match answer {
        Ok(PushAnswer::Taken | PushAnswer::Dropped) => plain(StatusCode::ACCEPTED, ""),
        Ok(PushAnswer::Gone) => plain(StatusCode::GONE, "no such subscription\n"),
        Ok(PushAnswer::Busy) => {
            let mut r = plain(StatusCode::SERVICE_UNAVAILABLE, "busy, try again later\n");
            r.headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from_static("30"));
            r
        }
        Err(e) => unavailable(e),
    }
}

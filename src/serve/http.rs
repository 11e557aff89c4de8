//! The preview's HTTP side: pages from the in-memory snapshot under the site's base path, the
//! site's 404 page for anything else, and the live-reload channel (Server-Sent Events).
//!
//! Files come from a map of the built output, never from the disk, so no path, however
//! encoded, can reach a file outside the site.

use std::convert::Infallible;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use futures_util::stream::Stream;
use percent_encoding::percent_decode_str;
use serde::Serialize;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use super::inject::{self, LIVE_EVENTS, LIVE_SCRIPT};
use super::{Live, ShownDiagnostic, Snapshot};
use crate::error::Error;

#[derive(Clone)]
struct AppState {
    live: Arc<Live>,
    /// `/my-faq/`: the site is served under it, as on GitHub Pages.
    base_path: Arc<str>,
}

/// Serves until the process stops.
pub async fn serve(
    listener: std::net::TcpListener,
    live: Arc<Live>,
    base_path: String,
) -> Result<(), Error> {
    let serve_error = |e: std::io::Error| Error::Serve(e.to_string());
    listener.set_nonblocking(true).map_err(serve_error)?;
    let listener = tokio::net::TcpListener::from_std(listener).map_err(serve_error)?;
    axum::serve(listener, router(live, base_path))
        .await
        .map_err(serve_error)
}

fn router(live: Arc<Live>, base_path: String) -> Router {
    Router::new()
        .route(LIVE_SCRIPT, get(live_script))
        .route(LIVE_EVENTS, get(events))
        .fallback(get(page))
        .with_state(AppState {
            live,
            base_path: base_path.into(),
        })
        // A preview must always show the latest build.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(CompressionLayer::new())
}

async fn page(State(state): State<AppState>, uri: Uri) -> Response {
    let snapshot = state.live.current();
    let base = &*state.base_path;
    let Ok(path) = percent_decode_str(uri.path()).decode_utf8() else {
        return not_found(&snapshot);
    };
    let Some(rest) = path.strip_prefix(base) else {
        // `/` and `/my-faq` lead to the site.
        if path == "/" || format!("{path}/") == base {
            return Redirect::temporary(base).into_response();
        }
        return not_found(&snapshot);
    };
    if !is_safe(rest) {
        return not_found(&snapshot);
    }
    let key = if rest.is_empty() || rest.ends_with('/') {
        format!("{rest}index.html")
    } else {
        rest.to_string()
    };
    match snapshot.files.get(&key) {
        // `style.css?v=<hash of its contents>`: a new version gets a new URL, so the browser may
        // keep this one, and a reload after an edit does not fetch the theme again.
        Some(contents) if uri.query().is_some_and(|q| q.starts_with("v=")) => {
            let mut response = file_response(StatusCode::OK, &key, contents, &snapshot);
            response.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("max-age=31536000, immutable"),
            );
            response
        }
        Some(contents) => file_response(StatusCode::OK, &key, contents, &snapshot),
        // GitHub Pages redirects a folder asked for without its slash.
        None if snapshot.files.contains_key(&format!("{rest}/index.html")) => {
            Redirect::permanent(&format!("{}/", uri.path())).into_response()
        }
        None => not_found(&snapshot),
    }
}

/// A path inside the site: no `..` or `.` segment, no backslash, no NUL, no empty segment.
fn is_safe(path: &str) -> bool {
    let trimmed = path.strip_suffix('/').unwrap_or(path);
    !path.contains(['\\', '\0'])
        && (trimmed.is_empty()
            || trimmed
                .split('/')
                .all(|segment| !matches!(segment, "" | "." | "..")))
}

fn not_found(snapshot: &Snapshot) -> Response {
    match snapshot.files.get("404.html") {
        Some(contents) => file_response(StatusCode::NOT_FOUND, "404.html", contents, snapshot),
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

fn file_response(
    status: StatusCode,
    path: &str,
    contents: &Bytes,
    snapshot: &Snapshot,
) -> Response {
    let content_type = content_type(path);
    let body = if content_type.starts_with("text/html") {
        Bytes::from(inject::live_script(contents, snapshot.generation))
    } else {
        // Shares the snapshot's bytes: no copy per request.
        contents.clone()
    };
    (status, [(header::CONTENT_TYPE, content_type)], body).into_response()
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map_or("", |(_, ext)| ext) {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "wasm" => "application/wasm",
        "pdf" => "application/pdf",
        _ if path.ends_with("CNAME") || path.ends_with(".nojekyll") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

async fn live_script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("live.js"),
    )
}

/// What the reload client is told on connecting and after every rebuild.
#[derive(Serialize)]
struct Status<'a> {
    generation: u64,
    errors: &'a [ShownDiagnostic],
}

async fn events(
    State(state): State<AppState>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = state.live.changes.subscribe();
    let stream = futures_util::stream::unfold(
        (receiver, state.live, true),
        |(mut receiver, live, first)| async move {
            if !first && receiver.changed().await.is_err() {
                return None;
            }
            let snapshot = live.current();
            let status = Status {
                generation: snapshot.generation,
                errors: &snapshot.errors,
            };
            let data = serde_json::to_string(&status).unwrap_or_default();
            Some((
                Ok(Event::default().event("site").data(data)),
                (receiver, live, false),
            ))
        },
    );
    Sse::new(stream).keep_alive(KeepAlive::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths_are_refused() {
        for path in ["", "a/", "a/b.html", "pagefind/x.pf_fragment"] {
            assert!(is_safe(path), "{path}");
        }
        for path in [
            "../x",
            "a/../../x",
            "a/./b",
            "a\\..\\b",
            "a//b",
            "/etc/passwd",
            "a\0b",
        ] {
            assert!(!is_safe(path), "{path}");
        }
    }
}

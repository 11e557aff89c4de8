//! The preview's HTTP side: pages from the in-memory snapshot under the site's base path, the
//! site's 404 page for anything else, and the live-reload channel (Server-Sent Events).
//!
//! Files come from a map of the built output, never from the disk, so no path, however
//! encoded, can reach a file outside the site.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use futures_util::stream::Stream;
use percent_encoding::percent_decode_str;
use serde::Serialize;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use super::inject::{self, LIVE_EVENTS, LIVE_SCRIPT};
use super::{Found, Live, ShownDiagnostic, Snapshot, Stored};
use crate::error::Error;
use crate::sanitize::escape;

#[derive(Clone)]
struct AppState {
    live: Arc<Live>,
    /// `/my-faq/`: the site is served under it, as on GitHub Pages.
    base_path: Arc<str>,
}

/// Which `Host` headers the preview answers.
#[derive(Debug, Clone, Copy)]
pub struct HostGuard {
    /// Listening on a loopback address: answer only requests made to a loopback name. A web
    /// page elsewhere can point a name of its own at 127.0.0.1 (DNS rebinding) and read the
    /// preview through the reader's browser; its requests carry that name, so they are refused.
    pub loopback_only: bool,
}

impl HostGuard {
    fn allows(self, host: Option<&str>) -> bool {
        !self.loopback_only || host.is_some_and(is_loopback_host)
    }
}

/// `localhost`, `*.localhost`, `127.x.x.x` or `[::1]`, with or without a port.
fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Serves until the process stops.
pub async fn serve(
    listener: std::net::TcpListener,
    live: Arc<Live>,
    base_path: String,
    guard: HostGuard,
) -> Result<(), Error> {
    let serve_error = |e: std::io::Error| Error::Serve(e.to_string());
    listener.set_nonblocking(true).map_err(serve_error)?;
    let listener = tokio::net::TcpListener::from_std(listener).map_err(serve_error)?;
    axum::serve(listener, router(live, base_path, guard))
        .await
        .map_err(serve_error)
}

fn router(live: Arc<Live>, base_path: String, guard: HostGuard) -> Router {
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
        .layer(axum::middleware::from_fn(
            move |request: axum::extract::Request, next: axum::middleware::Next| async move {
                let host = request
                    .headers()
                    .get(header::HOST)
                    .and_then(|h| h.to_str().ok());
                if guard.allows(host) {
                    next.run(request).await
                } else {
                    (
                        StatusCode::FORBIDDEN,
                        "faqgen serve answers only requests to localhost or 127.0.0.1 (the Host header named another host)",
                    )
                        .into_response()
                }
            },
        ))
}

/// Pages are rendered as they are asked for, some in tens of milliseconds (a home page
/// listing 10,000 answers): on the blocking pool, not on the threads that serve events.
async fn page(State(state): State<AppState>, uri: Uri, headers: HeaderMap) -> Response {
    tokio::task::spawn_blocking(move || answer(&state, &uri, &headers))
        .await
        .unwrap_or_else(|error| {
            let message = format!("faqgen serve failed to answer: {error}");
            (StatusCode::INTERNAL_SERVER_ERROR, message).into_response()
        })
}

/// The response to a GET of `uri`.
fn answer(state: &AppState, uri: &Uri, headers: &HeaderMap) -> Response {
    let snapshot = state.live.current();
    let gzip = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|value| value.to_str().ok())
        .is_some_and(super::stored::accepts_gzip);
    let reply = Reply {
        snapshot: &snapshot,
        gzip,
    };
    let base = &*state.base_path;
    let Ok(path) = percent_decode_str(uri.path()).decode_utf8() else {
        return reply.not_found();
    };
    let Some(rest) = path.strip_prefix(base) else {
        // `/` and `/my-faq` lead to the site.
        if path == "/" || format!("{path}/") == base {
            return Redirect::temporary(base).into_response();
        }
        return reply.not_found();
    };
    if !is_safe(rest) {
        return reply.not_found();
    }
    let key = if rest.is_empty() || rest.ends_with('/') {
        format!("{rest}index.html")
    } else {
        rest.to_string()
    };
    match snapshot.find(&key) {
        // `style.css?v=<hash of its contents>`: a new version gets a new URL, so the browser may
        // keep this one, and a reload after an edit does not fetch the theme again.
        Some(found) if uri.query().is_some_and(|q| q.starts_with("v=")) => {
            let mut response = reply.file(StatusCode::OK, &key, found);
            response.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("max-age=31536000, immutable"),
            );
            response
        }
        Some(found) => reply.file(StatusCode::OK, &key, found),
        // GitHub Pages redirects a folder asked for without its slash.
        None if snapshot.has(&format!("{rest}/index.html")) => {
            Redirect::permanent(&format!("{}/", uri.path())).into_response()
        }
        None => reply.not_found_in(rest),
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

/// How to answer one request from one snapshot.
struct Reply<'a> {
    snapshot: &'a Snapshot,
    /// Whether the request takes gzipped bodies.
    gzip: bool,
}

impl Reply<'_> {
    fn not_found(&self) -> Response {
        self.not_found_in("")
    }

    /// The 404 page for a missing `path`: the one of its language's folder (`fr/404.html`,
    /// as hosts that serve the nearest 404 page do), else the site's.
    fn not_found_in(&self, path: &str) -> Response {
        let page = crate::reserved::NOT_FOUND_PAGE;
        let own = self
            .snapshot
            .folder_of(path)
            .map(|folder| format!("{folder}{page}"))
            .filter(|own| self.snapshot.has(own));
        let page = own.as_deref().unwrap_or(page);
        match self.snapshot.find(page) {
            Some(found) => self.file(StatusCode::NOT_FOUND, page, found),
            None => (StatusCode::NOT_FOUND, "not found").into_response(),
        }
    }

    fn file(&self, status: StatusCode, path: &str, found: Found) -> Response {
        let content_type = content_type(path);
        let html = content_type.starts_with("text/html");
        let mut response = match found {
            Found::Made(Ok(file)) if html => {
                let body = inject::live_script(&file.contents, self.snapshot.generation);
                (status, Bytes::from(body)).into_response()
            }
            Found::Made(Ok(file)) => (status, Bytes::from(file.contents)).into_response(),
            Found::Made(Err(error)) => return self.render_failed(path, &error),
            Found::Kept(stored) => self.kept(status, path, stored),
        };
        if let Ok(value) = HeaderValue::from_str(&content_type) {
            response.headers_mut().insert(header::CONTENT_TYPE, value);
        }
        response
    }

    /// A search file, gzipped as kept to a client that takes it, else unpacked.
    fn kept(&self, status: StatusCode, path: &str, stored: &Stored) -> Response {
        match stored {
            // Shares the snapshot's bytes: no copy per request.
            Stored::Plain(bytes) => (status, bytes.clone()).into_response(),
            Stored::Gzip(bytes) if self.gzip => (
                status,
                [
                    (header::CONTENT_ENCODING, "gzip"),
                    (header::VARY, "accept-encoding"),
                ],
                bytes.clone(),
            )
                .into_response(),
            Stored::Gzip(_) => match stored.contents() {
                Ok(contents) => (status, contents.into_owned()).into_response(),
                Err(error) => unreadable(path, &error),
            },
        }
    }

    /// A page whose template failed on this content: the error in the page, which reloads
    /// by itself once an edit fixes it.
    #[allow(clippy::print_stderr)]
    fn render_failed(&self, path: &str, error: &Error) -> Response {
        eprintln!("error: {error}");
        let words = &self.snapshot.words;
        let label = escape(words.get("label").map_or("", String::as_str));
        let page = format!(
            "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{label}</title></head><body><main><h1>{label}</h1><p><code>{}</code></p><pre>{}</pre></main></body></html>\n",
            escape(path),
            escape(&error.to_string())
        );
        let body = inject::live_script(page.as_bytes(), self.snapshot.generation);
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            body,
        )
            .into_response()
    }
}

/// A file the preview kept and cannot unpack: never expected, but answered, not panicked on.
fn unreadable(path: &str, error: &std::io::Error) -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("faqgen serve cannot read its copy of {path}: {error}"),
    )
        .into_response()
}

/// The media type of an output file, from its name; text is UTF-8, as faqgen writes it.
fn content_type(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    // GitHub Pages' own files have no extension to go by.
    if name == crate::reserved::CNAME || name == crate::reserved::NOJEKYLL {
        return "text/plain; charset=utf-8".into();
    }
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let textual = mime.type_() == mime_guess::mime::TEXT
        || matches!(mime.subtype().as_str(), "javascript" | "json" | "xml");
    if textual {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
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
    /// The overlay's words.
    words: &'a BTreeMap<String, String>,
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
                words: &snapshot.words,
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

    /// A page whose template fails on the content is answered with the error, escaped, and
    /// the reload client, so that it comes back by itself once fixed.
    #[test]
    fn a_page_that_cannot_be_rendered_shows_why() {
        let snapshot = Snapshot {
            generation: 4,
            ..Snapshot::first()
        };
        let reply = Reply {
            snapshot: &snapshot,
            gzip: false,
        };
        let error = Error::Template("entry.html: no <value> for `page.extra`".into());
        let response = reply.file(StatusCode::OK, "a/index.html", Found::Made(Err(error)));
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(axum::body::to_bytes(response.into_body(), usize::MAX))
            .unwrap();
        let page = String::from_utf8(body.to_vec()).unwrap();
        assert!(page.contains("<h1>The site has errors</h1>"), "{page}");
        assert!(page.contains("no &lt;value&gt; for `page.extra`"), "{page}");
        assert!(page.contains("<code>a/index.html</code>"), "{page}");
        assert!(page.contains("data-generation=\"4\""), "{page}");
    }

    #[test]
    fn media_types() {
        for (path, expected) in [
            ("index.html", "text/html; charset=utf-8"),
            ("style.css", "text/css; charset=utf-8"),
            ("search/index.json", "application/json; charset=utf-8"),
            ("sitemap.xml", "text/xml; charset=utf-8"),
            ("favicon.svg", "image/svg+xml"),
            ("fonts/face.woff2", "font/woff2"),
            ("CNAME", "text/plain; charset=utf-8"),
            (".nojekyll", "text/plain; charset=utf-8"),
        ] {
            assert_eq!(content_type(path), expected, "{path}");
        }
        assert!(content_type("search.js").contains("javascript"));
        assert!(content_type("search.js").ends_with("charset=utf-8"));
    }

    #[test]
    fn only_loopback_hosts_pass_the_guard() {
        let guard = HostGuard {
            loopback_only: true,
        };
        for host in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST",
            "[::1]:8080",
            "app.localhost:1",
            "127.1.2.3",
        ] {
            assert!(guard.allows(Some(host)), "{host}");
        }
        for host in [
            "evil.example:1111",
            "127.0.0.1.evil.example",
            "192.168.1.2:1111",
            "localhost.evil.example",
            "",
        ] {
            assert!(!guard.allows(Some(host)), "{host}");
        }
        assert!(!guard.allows(None));
        let open = HostGuard {
            loopback_only: false,
        };
        assert!(open.allows(Some("faq.lan:1111")));
    }

    #[test]
    fn unsafe_paths_are_refused() {
        for path in ["", "a/", "a/b.html", "search/entry/1.json"] {
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

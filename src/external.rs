//! `faqgen check --external`: every `http(s)://` link of the answers, fetched once each, with
//! bounded concurrency, at most a few requests per host at a time, a timeout and one retry.
//! Redirects are followed here rather than by the HTTP client, so that a redirect to another
//! scheme (`ftp:`, `javascript:`) is reported as what it is; a server that rate-limits the
//! checker gets the pause it asks for (up to a cap), then a warning rather than an error.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

use crate::diagnostic::Diagnostic;
use crate::link::Site;

/// How the checker behaves.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Requests in flight to one host at once: be polite to servers.
    pub per_host: usize,
    /// Time allowed for one request.
    pub timeout: Duration,
    /// The longest pause a `Retry-After` header may ask for before the one retry.
    pub max_retry_after: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            concurrency: 8,
            per_host: 2,
            timeout: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(10),
        }
    }
}

/// The result of fetching one URL.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Ok,
    /// An HTTP status of 400 or more, with its reason.
    Status(u16),
    /// No answer: connection refused, a timeout, too many redirects, a bad address.
    Failed(String),
    /// Still `429 Too Many Requests` after the pause the server asked for: not known.
    RateLimited,
    /// Never a web page, however often asked: an invalid address, a redirect to `ftp:`.
    Invalid(String),
}

/// Redirects followed before a link is called broken.
const MAX_REDIRECTS: usize = 10;

/// An error at every place a broken external link is written.
pub fn check(site: &Site, limits: Limits) -> Vec<Diagnostic> {
    let mut places: BTreeMap<&str, Vec<(usize, std::ops::Range<usize>)>> = BTreeMap::new();
    for (i, entry) in site.entries.iter().enumerate() {
        for link in &entry.entry.answer.links {
            let url = link.destination.as_str();
            if url.starts_with("http://") || url.starts_with("https://") {
                places.entry(url).or_default().push((i, link.span.clone()));
            }
        }
    }
    let outcomes = fetch_all(places.keys().copied().collect(), limits);
    let mut diagnostics = Vec::new();
    for (url, places) in places {
        let (message, is_error) = match &outcomes[url] {
            Outcome::Ok => continue,
            Outcome::Status(status) => (
                format!("broken link: {url} answered {status} {}", reason(*status)),
                true,
            ),
            Outcome::Failed(why) | Outcome::Invalid(why) => {
                (format!("broken link: {url}: {why}"), true)
            }
            Outcome::RateLimited => (
                format!("rate limited, not checked: {url} answered 429 Too Many Requests"),
                false,
            ),
        };
        for (entry, span) in places {
            let file = &site.entries[entry].entry.file;
            let diagnostic = Diagnostic::error(&file.path, &file.text, span, message.clone());
            diagnostics.push(if is_error {
                diagnostic
            } else {
                diagnostic.warning()
            });
        }
    }
    diagnostics
}

/// Work shared by the checking threads.
struct Queue<'a> {
    waiting: VecDeque<&'a str>,
    in_flight: HashMap<String, usize>,
}

fn fetch_all(urls: Vec<&str>, limits: Limits) -> HashMap<&str, Outcome> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(limits.timeout))
        .http_status_as_error(false)
        .max_redirects(0)
        .user_agent(concat!(
            "faqgen/",
            env!("CARGO_PKG_VERSION"),
            " (link check)"
        ))
        .build()
        .into();
    let queue = Mutex::new(Queue {
        waiting: urls.into_iter().collect(),
        in_flight: HashMap::new(),
    });
    let changed = Condvar::new();
    let results = Mutex::new(HashMap::new());
    let threads = limits.concurrency.max(1);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                while let Some(url) = next(&queue, &changed, limits.per_host) {
                    let outcome = fetch_with_retry(&agent, url, limits);
                    if let Ok(mut results) = results.lock() {
                        results.insert(url, outcome);
                    }
                    if let Ok(mut queue) = queue.lock()
                        && let Some(count) = queue.in_flight.get_mut(host(url))
                    {
                        *count -= 1;
                    }
                    changed.notify_all();
                }
            });
        }
    });
    results.into_inner().unwrap_or_default()
}

/// The next URL whose host is under its limit; waits while every waiting URL's host is busy.
fn next<'a>(queue: &Mutex<Queue<'a>>, changed: &Condvar, per_host: usize) -> Option<&'a str> {
    let mut queue = queue.lock().ok()?;
    loop {
        if queue.waiting.is_empty() {
            return None;
        }
        let ready = queue
            .waiting
            .iter()
            .position(|url| queue.in_flight.get(host(url)).copied().unwrap_or(0) < per_host);
        if let Some(position) = ready {
            let url = queue.waiting.remove(position)?;
            *queue.in_flight.entry(host(url).to_string()).or_default() += 1;
            return Some(url);
        }
        queue = changed.wait(queue).ok()?;
    }
}

/// One retry, after a pause, for what may pass: no answer, a server error, rate limiting
/// (after the pause the server asked for, up to `max_pause`).
fn fetch_with_retry(agent: &ureq::Agent, url: &str, limits: Limits) -> Outcome {
    match fetch(agent, url, limits.timeout) {
        Answer::Outcome(Outcome::Failed(_) | Outcome::Status(500..=599)) => {
            std::thread::sleep(Duration::from_millis(300));
            fetch(agent, url, limits.timeout).into()
        }
        Answer::RateLimited(asked) => {
            std::thread::sleep(pause(asked, limits.max_retry_after));
            match fetch(agent, url, limits.timeout) {
                Answer::RateLimited(_) => Outcome::RateLimited,
                Answer::Outcome(outcome) => outcome,
            }
        }
        Answer::Outcome(outcome) => outcome,
    }
}

/// The pause before asking a rate-limiting server again: what it asked for, or a second,
/// never more than `cap`.
fn pause(asked: Option<Duration>, cap: Duration) -> Duration {
    asked.unwrap_or(Duration::from_secs(1)).min(cap)
}

/// What one fetch found.
enum Answer {
    Outcome(Outcome),
    /// 429, with the pause its `Retry-After` asks for.
    RateLimited(Option<Duration>),
}

impl From<Answer> for Outcome {
    fn from(answer: Answer) -> Self {
        match answer {
            Answer::Outcome(outcome) => outcome,
            Answer::RateLimited(_) => Outcome::RateLimited,
        }
    }
}

/// Fetches `url`, following redirects to other HTTP(S) addresses, all within `timeout`.
fn fetch(agent: &ureq::Agent, url: &str, timeout: Duration) -> Answer {
    let failed = |why: String| Answer::Outcome(Outcome::Failed(why));
    let invalid = |why: String| Answer::Outcome(Outcome::Invalid(why));
    let mut current = match url::Url::parse(url) {
        Ok(parsed) => parsed,
        Err(error) => return invalid(format!("not a valid URL ({error})")),
    };
    let started = std::time::Instant::now();
    for _ in 0..=MAX_REDIRECTS {
        if started.elapsed() > timeout {
            return failed("no answer (timed out)".into());
        }
        let response = match request(agent, current.as_str()) {
            Ok(response) => response,
            Err(ureq::Error::Timeout(_)) => return failed("no answer (timed out)".into()),
            Err(error) => return failed(error.to_string()),
        };
        let status = response.status().as_u16();
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        match status {
            300..=399 => {
                let Some(location) = header(ureq::http::header::LOCATION) else {
                    return Answer::Outcome(Outcome::Status(status));
                };
                current = match current.join(&location) {
                    Ok(next) if matches!(next.scheme(), "http" | "https") => next,
                    Ok(next) => {
                        return invalid(format!(
                            "redirects to {next}, which is not a web address (http or https)"
                        ));
                    }
                    Err(error) => {
                        return invalid(format!(
                            "redirects to an invalid address {location:?} ({error})"
                        ));
                    }
                };
            }
            429 => {
                let asked = header(ureq::http::header::RETRY_AFTER).and_then(|v| retry_after(&v));
                return Answer::RateLimited(asked);
            }
            400.. => return Answer::Outcome(Outcome::Status(status)),
            _ => return Answer::Outcome(Outcome::Ok),
        }
    }
    failed("too many redirects".into())
}

/// A HEAD request, or a GET where the server refuses HEAD.
fn request(
    agent: &ureq::Agent,
    url: &str,
) -> Result<ureq::http::Response<ureq::Body>, ureq::Error> {
    let response = agent.head(url).call()?;
    if matches!(response.status().as_u16(), 403 | 405 | 501) {
        return agent.get(url).call();
    }
    Ok(response)
}

/// The pause a `Retry-After` value asks for: seconds, or an HTTP date.
fn retry_after(value: &str) -> Option<Duration> {
    if let Ok(seconds) = value.trim().parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value.trim()).ok()?;
    Some(
        when.duration_since(std::time::SystemTime::now())
            .unwrap_or_default(),
    )
}

fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

fn reason(status: u16) -> &'static str {
    ureq::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        assert_eq!(retry_after(" 3 "), Some(Duration::from_secs(3)));
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after("soon"), None);
    }

    #[test]
    fn a_rate_limit_pause_is_capped() {
        let cap = Duration::from_millis(100);
        assert_eq!(pause(Some(Duration::from_secs(3600)), cap), cap);
        assert_eq!(
            pause(Some(Duration::from_millis(5)), cap),
            Duration::from_millis(5)
        );
        assert_eq!(pause(None, Duration::from_secs(10)), Duration::from_secs(1));
    }

    #[test]
    fn reason_phrases() {
        assert_eq!(reason(404), "Not Found");
        assert_eq!(reason(599), "");
    }

    #[test]
    fn host_of_a_url() {
        assert_eq!(host("https://example.org:8080/a?b"), "example.org:8080");
        assert_eq!(host("http://127.0.0.1"), "127.0.0.1");
    }
}

//! `faqgen check --external`: every `http(s)://` link of the answers, fetched once each, with
//! bounded concurrency, at most a few requests per host at a time, a timeout and one retry.

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
    /// Time allowed for one request, redirects included.
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            concurrency: 8,
            per_host: 2,
            timeout: Duration::from_secs(10),
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
}

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
        let message = match &outcomes[url] {
            Outcome::Ok => continue,
            Outcome::Status(status) => {
                format!("broken link: {url} answered {status} {}", reason(*status))
            }
            Outcome::Failed(why) => format!("broken link: {url}: {why}"),
        };
        for (entry, span) in places {
            let file = &site.entries[entry].entry.file;
            diagnostics.push(Diagnostic::error(
                &file.path,
                &file.text,
                span,
                message.clone(),
            ));
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
        .max_redirects(10)
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
                    let outcome = fetch_with_retry(&agent, url);
                    if let Ok(mut results) = results.lock() {
                        results.insert(url, outcome);
                    }
                    if let Ok(mut queue) = queue.lock() {
                        if let Some(count) = queue.in_flight.get_mut(host(url)) {
                            *count -= 1;
                        }
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

fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

/// One retry, after a pause, for what may pass: no answer, a server error, rate limiting.
fn fetch_with_retry(agent: &ureq::Agent, url: &str) -> Outcome {
    match fetch(agent, url) {
        Outcome::Failed(_) | Outcome::Status(429 | 500..=599) => {
            std::thread::sleep(Duration::from_millis(300));
            fetch(agent, url)
        }
        outcome => outcome,
    }
}

fn fetch(agent: &ureq::Agent, url: &str) -> Outcome {
    let status = match agent.head(url).call() {
        // Some servers refuse HEAD; ask again the ordinary way.
        Ok(response) if matches!(response.status().as_u16(), 403 | 405 | 501) => {
            agent.get(url).call().map(|r| r.status().as_u16())
        }
        Ok(response) => Ok(response.status().as_u16()),
        Err(error) => Err(error),
    };
    match status {
        Ok(status) if status < 400 => Outcome::Ok,
        Ok(status) => Outcome::Status(status),
        Err(ureq::Error::Timeout(_)) => Outcome::Failed("no answer (timed out)".into()),
        Err(ureq::Error::TooManyRedirects) => Outcome::Failed("too many redirects".into()),
        Err(error) => Outcome::Failed(error.to_string()),
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        410 => "Gone",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_of_a_url() {
        assert_eq!(host("https://example.org:8080/a?b"), "example.org:8080");
        assert_eq!(host("http://127.0.0.1"), "127.0.0.1");
    }
}

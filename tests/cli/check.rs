//! `faqgen check`: build checks and FAQ lint without writing, and `--external` against a
//! local server that answers 200, 404, 500, redirects, and never.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::harness::SiteTest;

#[test]
fn a_clean_site_passes_and_nothing_is_written() {
    let site = SiteTest::new("minimal");
    let run = site
        .run(&["check"])
        .succeeds()
        .stderr_has("check: no problems in 2 entries");
    assert!(!run.out.exists(), "check wrote the site");
}

#[test]
fn build_errors_are_check_errors() {
    SiteTest::new("minimal")
        .file(
            "content/basics/bad.md",
            "---\nquestion: Why?\ntgas: [x]\n---\nA.\n",
        )
        .run(&["check"])
        .fails()
        .stderr_has("content/basics/bad.md:3:1: error: unknown key `tgas`")
        .stderr_has("check: 1 error, 0 warnings in 1 file");
}

#[test]
fn lint_warns_about_tags_question_marks_short_answers_and_stale_entries() {
    let run = SiteTest::new("minimal")
        .file(
            "faqgen.toml",
            "title = \"T\"\nbase_url = \"https://x.org/\"\nstale_after_days = 365\n",
        )
        .file(
            "content/basics/lint.md",
            "---\nquestion: Tell me about opening hours\nupdated: 2001-02-03\n---\nSee the door.\n",
        )
        .run(&["check"])
        .succeeds();
    let lines = run.diagnostic_lines();
    assert_eq!(lines.len(), 4, "{}", run.stderr);
    assert!(
        lines[0].starts_with("content/basics/lint.md:2:11: warning: entry has no tags"),
        "{}",
        run.stderr
    );
    assert!(
        lines[1].starts_with(
            "content/basics/lint.md:2:37: warning: the question does not end with `?`"
        ),
        "{}",
        run.stderr
    );
    assert!(
        lines[2].starts_with("content/basics/lint.md:3:10: warning: not updated for "),
        "{}",
        run.stderr
    );
    assert!(
        lines[3].starts_with("content/basics/lint.md:5:1: warning: the answer has only 3 words"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("check: 0 errors, 4 warnings in 1 file"),
        "{}",
        run.stderr
    );
}

#[test]
fn deny_warnings_fails_on_warnings() {
    SiteTest::new("minimal")
        .file(
            "content/basics/lint.md",
            "---\nquestion: Opening hours?\ntags: [x]\n---\nSee the door.\n",
        )
        .run(&["check", "--deny-warnings"])
        .fails()
        .stderr_has("warning: the answer has only 3 words");
}

#[test]
fn near_duplicate_questions_name_both_files_and_lines() {
    SiteTest::new("minimal")
        .file("content/basics/renew.md", "---\nquestion: How do I renew my library card?\ntags: [x]\n---\nAt the front desk, any day.\n")
        .file("content/basics/renewal.md", "---\nquestion: Renewal?\ntags: [x]\naliases:\n  - How can I renew a library card?\n---\nOnline, in your account page.\n")
        .run(&["check"])
        .succeeds()
        .stderr_has("content/basics/renewal.md:5:5: warning: “How can I renew a library card?” nearly repeats “How do I renew my library card?” at content/basics/renew.md:2");
}

/// A tiny HTTP server on a free 127.0.0.1 port; it stops by itself after `lifetime`.
fn serve(lifetime: Duration) -> (String, Arc<AtomicBool>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    listener.set_nonblocking(true).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let stopped = Arc::clone(&stop);
    std::thread::spawn(move || {
        let deadline = Instant::now() + lifetime;
        while !stopped.load(Ordering::Relaxed) && Instant::now() < deadline {
            let Ok((stream, _)) = listener.accept() else {
                std::thread::sleep(Duration::from_millis(5));
                continue;
            };
            std::thread::spawn(move || {
                stream.set_nonblocking(false).unwrap();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request = String::new();
                reader.read_line(&mut request).unwrap();
                // Read the headers too: closing a socket with unread data resets the connection.
                let mut header = String::new();
                while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                    header.clear();
                }
                let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
                let response = match path.as_str() {
                    "/ok" => "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok".to_string(),
                    "/missing" => "HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n".to_string(),
                    "/error" => "HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\nContent-Length: 0\r\n\r\n".to_string(),
                    "/moved" => "HTTP/1.1 301 Moved Permanently\r\nLocation: /ok\r\nConnection: close\r\nContent-Length: 0\r\n\r\n".to_string(),
                    "/gone-away" => "HTTP/1.1 302 Found\r\nLocation: /missing\r\nConnection: close\r\nContent-Length: 0\r\n\r\n".to_string(),
                    "/loop" => "HTTP/1.1 302 Found\r\nLocation: /loop\r\nConnection: close\r\nContent-Length: 0\r\n\r\n".to_string(),
                    _ => {
                        // "/hang": never answer.
                        std::thread::sleep(Duration::from_secs(20));
                        return;
                    }
                };
                let mut stream = stream;
                let _ = stream.write_all(response.as_bytes());
            });
        }
    });
    (address, stop)
}

#[test]
fn external_links_are_fetched_and_broken_ones_reported_where_written() {
    let (server, stop) = serve(Duration::from_secs(60));
    let answer = format!(
        "[a]({server}/ok) [b]({server}/missing)\n[c]({server}/error) [d]({server}/moved)\n[e]({server}/gone-away) [f]({server}/loop)\n[g]({server}/hang)\n"
    );
    let started = Instant::now();
    let run = SiteTest::new("minimal")
        .file(
            "content/basics/links.md",
            format!("---\nquestion: Where?\ntags: [x]\n---\n{answer}"),
        )
        .run(&["check", "--external", "--timeout", "1"])
        .fails();
    stop.store(true, Ordering::Relaxed);
    let col = |line: &str, text: &str| line.find(text).unwrap() + 1;
    let lines: Vec<&str> = answer.lines().collect();
    let expected = [
        format!(
            "content/basics/links.md:5:{}: error: broken link: {server}/missing answered 404 Not Found",
            col(lines[0], &format!("{server}/missing"))
        ),
        format!(
            "content/basics/links.md:6:5: error: broken link: {server}/error answered 500 Internal Server Error"
        ),
        format!(
            "content/basics/links.md:7:5: error: broken link: {server}/gone-away answered 404 Not Found"
        ),
        format!(
            "content/basics/links.md:7:{}: error: broken link: {server}/loop: too many redirects",
            col(lines[2], &format!("{server}/loop"))
        ),
        format!(
            "content/basics/links.md:8:5: error: broken link: {server}/hang: no answer (timed out)"
        ),
    ];
    assert_eq!(
        run.diagnostic_lines(),
        expected.iter().map(String::as_str).collect::<Vec<_>>(),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("check: 5 errors, 0 warnings in 1 file"),
        "{}",
        run.stderr
    );
    // The hanging link is retried once: two timeouts of one second, not the default ten.
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "took {:?}",
        started.elapsed()
    );
}

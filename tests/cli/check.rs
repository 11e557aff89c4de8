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

/// A tiny HTTP server on a free 127.0.0.1 port, answering each path its own way. Its thread
/// ends with the test process; `/stop` ends it sooner.
fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let limited_once = Arc::new(AtomicBool::new(false));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let limited_once = Arc::clone(&limited_once);
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request = String::new();
                reader.read_line(&mut request).unwrap();
                // Read the headers too: closing a socket with unread data resets the connection.
                let mut header = String::new();
                while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                    header.clear();
                }
                let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
                let answer = |status: &str, headers: &str| {
                    format!(
                        "HTTP/1.1 {status}\r\n{headers}Connection: close\r\nContent-Length: 0\r\n\r\n"
                    )
                };
                let response = match path.as_str() {
                    "/ok" => answer("200 OK", ""),
                    "/missing" => answer("404 Not Found", ""),
                    "/error" => answer("500 Internal Server Error", ""),
                    "/moved" => answer("301 Moved Permanently", "Location: /ok\r\n"),
                    "/gone-away" => answer("302 Found", "Location: /missing\r\n"),
                    "/loop" => answer("302 Found", "Location: /loop\r\n"),
                    "/to-ftp" => answer("302 Found", "Location: ftp://example.org/file\r\n"),
                    "/limited" => answer("429 Too Many Requests", "Retry-After: 1\r\n"),
                    "/limited-once" if !limited_once.swap(true, Ordering::SeqCst) => {
                        answer("429 Too Many Requests", "Retry-After: 1\r\n")
                    }
                    "/limited-once" => answer("200 OK", ""),
                    // "/hang": hold the connection, unanswered, until the client gives up.
                    _ => {
                        let _ = reader.read_line(&mut header);
                        return;
                    }
                };
                let mut stream = stream;
                let _ = stream.write_all(response.as_bytes());
            });
        }
    });
    address
}

#[test]
fn external_links_are_fetched_and_broken_ones_reported_where_written() {
    let server = serve();
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

#[test]
fn rate_limits_are_warnings_and_redirects_to_other_schemes_are_named() {
    let server = serve();
    let answer = format!(
        "[a]({server}/limited) [b]({server}/limited-once)\n[c]({server}/to-ftp)\nThree links to check.\n"
    );
    let run = SiteTest::new("minimal")
        .file(
            "content/basics/links.md",
            format!("---\nquestion: Where?\ntags: [x]\n---\n{answer}"),
        )
        .run(&["check", "--external", "--timeout", "5"])
        .fails();
    assert_eq!(
        run.diagnostic_lines(),
        [
            format!(
                "content/basics/links.md:5:5: warning: rate limited, not checked: {server}/limited answered 429 Too Many Requests"
            ),
            format!(
                "content/basics/links.md:6:5: error: broken link: {server}/to-ftp: redirects to ftp://example.org/file, which is not a web address (http or https)"
            ),
        ],
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("check: 1 error, 1 warning in 1 file"),
        "{}",
        run.stderr
    );
}

//! `faqgen serve` on a free 127.0.0.1 port against a temporary copy of a site: what it serves
//! after each kind of edit, a broken edit and its fix, traversal attempts, and a load run.
//! Each server is killed when its test ends, even when the test fails.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::harness::{Running, SiteTest};

/// A running `faqgen serve`.
struct Server {
    process: Running,
    /// `http://127.0.0.1:PORT`
    origin: String,
    _site: SiteTest,
}

impl Server {
    fn start(site: SiteTest) -> Server {
        Server::start_with(site, &["--port", "0"]).0
    }

    /// `faqgen serve <args>`, and what it printed up to its address.
    fn start_with(site: SiteTest, args: &[&str]) -> (Server, Vec<String>) {
        let args: Vec<&str> = std::iter::once("serve")
            .chain(args.iter().copied())
            .collect();
        let (process, printed) =
            Running::start(site.root(), &args, |line| line.contains(" at http://"));
        let url = printed
            .last()
            .and_then(|line| line.split(" at http://").nth(1))
            .map(|rest| {
                format!(
                    "http://{}",
                    rest.split_whitespace().next().unwrap_or_default()
                )
            })
            .expect("serve printed its address");
        // `http://host:port`, without the site's path.
        let host = url
            .trim_start_matches("http://")
            .split('/')
            .next()
            .unwrap_or_default();
        let origin = format!("http://{host}");
        (
            Server {
                process,
                origin,
                _site: site,
            },
            printed,
        )
    }

    /// Waits (at most 10 s) for a line of stderr that contains `text`.
    fn wait_for_stderr(&self, text: &str) -> String {
        self.process.wait_for_stderr(text)
    }

    fn root(&self) -> &std::path::Path {
        self._site.root()
    }

    /// Headers and body of a GET of `path`, which must answer `status`.
    fn expect(&self, path: &str, status: u16) -> (String, String) {
        let (got, head, body) = self.get(path);
        assert_eq!(got, status, "GET {path}:\n{head}");
        (head, body)
    }

    /// Status, headers and body of a GET of `path`, sent exactly as written.
    fn get(&self, path: &str) -> (u16, String, String) {
        let (status, head, body) = self.get_bytes(path, "");
        (status, head, String::from_utf8_lossy(&body).into_owned())
    }

    /// Status, headers (lowercased) and raw body of a GET of `path` with `headers` added
    /// (each ending in CRLF).
    fn get_bytes(&self, path: &str, headers: &str) -> (u16, String, Vec<u8>) {
        let address = self.origin.trim_start_matches("http://");
        let mut stream = TcpStream::connect(address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {address}\r\n{headers}Connection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let end = response
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or(response.len());
        let head = String::from_utf8_lossy(&response[..end]).to_lowercase();
        let body = response.get(end + 4..).unwrap_or_default().to_vec();
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, head, body)
    }

    /// Waits (at most 10 s) until `path` answers `status` with a body containing `text`.
    fn wait_for(&self, path: &str, status: u16, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let (got, _, body) = self.get(path);
            if got == status && body.contains(text) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{path} still answers {got} without {text:?}:\n{body}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Writes a file the way editors save atomically: a temporary file renamed over it.
    fn save(&self, path: &str, text: &str) {
        let target = self.root().join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        let temporary = target.with_extension("md.tmp");
        std::fs::write(&temporary, text).unwrap();
        std::fs::rename(&temporary, &target).unwrap();
    }
}

#[test]
fn serves_the_site_under_its_base_path_like_github_pages() {
    let server = Server::start(SiteTest::new("minimal"));
    let (head, _) = server.expect("/", 307);
    assert!(head.contains("location: /my-faq/"), "{head}");
    let (head, body) = server.expect("/my-faq/basics/first/", 200);
    assert!(
        head.contains("content-type: text/html; charset=utf-8"),
        "{head}"
    );
    assert!(head.contains("cache-control: no-store"), "{head}");
    assert!(body.contains("<h1>What is the first question?</h1>"));
    assert!(
        body.contains("/__faqgen/live.js"),
        "served pages get the reload client"
    );
    let (head, _) = server.expect("/my-faq/basics", 308);
    assert!(head.contains("location: /my-faq/basics/"), "{head}");
    let (head, _) = server.expect("/my-faq/style.css", 200);
    assert!(head.contains("content-type: text/css"), "{head}");
    let (_, body) = server.expect("/my-faq/no/such/page/", 404);
    assert!(
        body.contains("Page not found"),
        "the site's own 404 page: {body}"
    );
    // The preview never touches the site's public/.
    assert!(!server.root().join("public").exists());
}

#[test]
fn serves_each_language_of_a_multilingual_site_from_its_folder() {
    let server = Server::start(SiteTest::new("bilingual"));
    let (_, body) = server.expect("/library/fr/loans/renew/", 200);
    assert!(
        body.contains("<h1>Comment renouveler un prêt ?</h1>"),
        "{body}"
    );
    let (_, body) = server.expect("/library/loans/renew/", 200);
    assert!(body.contains("<h1>How do I renew a loan?</h1>"), "{body}");
    let (head, _) = server.expect("/library/fr/loans", 308);
    assert!(head.contains("location: /library/fr/loans/"), "{head}");
    // Each language's search index, served as a build writes it.
    let (_, index) = server.expect("/library/fr/search/index.json", 200);
    assert!(index.contains("\"language\":\"fr\""), "{index}");
    let (_, index) = server.expect("/library/search/index.json", 200);
    assert!(index.contains("\"language\":\"en\""), "{index}");
    // A question not translated has no page in French.
    server.expect("/library/fr/loans/late/", 404);
    // A French link to it leads to the English page, wherever an edit moves it.
    server.wait_for(
        "/library/fr/loans/renew/",
        200,
        "href=\"/library/loans/late/\"",
    );
    server.save(
        "content/loans/late.md",
        "---\nquestion: What happens if I return a book late?\nslug: late-returns\n---\nNo fees.\n",
    );
    server.wait_for(
        "/library/fr/loans/renew/",
        200,
        "href=\"/library/loans/late-returns/\"",
    );
}

/// The preview keeps the search index's text gzipped in memory: a client that takes gzip gets
/// those bytes as they are, with their length, and any other gets them unpacked.
#[test]
fn search_text_is_served_gzipped_to_who_takes_it_and_plain_to_the_rest() {
    let server = Server::start(SiteTest::new("minimal"));
    let script = "/my-faq/search/index.json";
    let (status, head, plain) = server.get_bytes(script, "");
    assert_eq!(status, 200, "{head}");
    assert!(!head.contains("content-encoding"), "{head}");
    assert!(
        std::str::from_utf8(&plain)
            .unwrap()
            .contains("\"version\":1")
    );
    let (status, head, gzipped) = server.get_bytes(script, "Accept-Encoding: gzip\r\n");
    assert_eq!(status, 200, "{head}");
    assert!(head.contains("content-encoding: gzip"), "{head}");
    assert!(head.contains("content-type: application/json"), "{head}");
    // The kept bytes as they are, not a stream gzipped for this request.
    assert!(
        head.contains(&format!("content-length: {}", gzipped.len())),
        "{head}"
    );
    assert!(
        gzipped.len() < plain.len(),
        "{} of {} bytes",
        gzipped.len(),
        plain.len()
    );
    let mut unpacked = Vec::new();
    flate2::read::GzDecoder::new(&gzipped[..])
        .read_to_end(&mut unpacked)
        .unwrap();
    assert_eq!(unpacked, plain);
}

/// The preview renders each page when it is asked for, from the same stages as a build: every
/// file it serves is the file a build for the same address writes, byte for byte, once the
/// reload client is taken out of the pages.
#[test]
fn every_file_served_is_the_file_built() {
    let server = Server::start(SiteTest::new("minimal"));
    let preview = format!("{}/my-faq/", server.origin);
    let built = tempfile::tempdir().unwrap();
    let out = built.path().join("site");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_faqgen"))
        .arg("--root")
        .arg(server.root())
        .args(["build", "--base-url", &preview, "--output-dir"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let mut compared = 0;
    for (path, contents) in crate::harness::snapshot(&out) {
        let relative = path
            .strip_prefix(&out)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        // The search index is built beside the pages (served as kept, tested apart); the
        // marker is the build's proof of ownership of its folder.
        if ["search/", ".faqgen-output"]
            .iter()
            .any(|prefix| relative.starts_with(prefix))
        {
            continue;
        }
        let (status, head, served) = server.get_bytes(&format!("/my-faq/{relative}"), "");
        assert_eq!(status, 200, "{relative}: {head}");
        let served = if relative.ends_with(".html") {
            without_reload_client(&served)
        } else {
            served
        };
        assert!(
            served == contents,
            "{relative} served differs from built:\n{}\n---\n{}",
            String::from_utf8_lossy(&served),
            String::from_utf8_lossy(&contents)
        );
        compared += 1;
    }
    assert!(compared > 10, "only {compared} files compared");
}

/// A served page without the `<script>` line `serve` adds before `</body>`.
fn without_reload_client(page: &[u8]) -> Vec<u8> {
    let page = String::from_utf8_lossy(page);
    let start = page
        .find("<script src=\"/__faqgen/live.js\"")
        .expect("the reload client");
    let end = start + page[start..].find("</script>\n").expect("its end") + "</script>\n".len();
    format!("{}{}", &page[..start], &page[end..]).into_bytes()
}

/// A source folder made while the preview runs (`templates/`, for a first override of the
/// theme) is watched from then on: every later save in it is shown, not only the first.
#[test]
fn a_templates_folder_made_while_serving_is_watched() {
    let server = Server::start(SiteTest::new("minimal"));
    assert!(!server.root().join("templates").exists());
    for marker in ["First override", "Second override", "Third override"] {
        server.save(
            "templates/entry.html",
            &format!(
                "{{% extends \"base.html\" %}}{{% block content %}}<p>{marker}</p>{{% endblock content %}}"
            ),
        );
        server.wait_for("/my-faq/basics/first/", 200, marker);
    }
}

#[test]
fn added_edited_renamed_and_deleted_entries_are_served_at_once() {
    let server = Server::start(SiteTest::new("minimal"));
    server.save(
        "content/basics/third.md",
        "---\nquestion: A third one?\ntags: [x]\n---\nAdded.\n",
    );
    server.wait_for("/my-faq/basics/third/", 200, "A third one?");
    server.save(
        "content/basics/third.md",
        "---\nquestion: A third one, edited?\ntags: [x]\n---\nEdited.\n",
    );
    server.wait_for("/my-faq/basics/third/", 200, "A third one, edited?");
    server.wait_for("/my-faq/", 200, "A third one, edited?");
    let root = server.root().to_path_buf();
    std::fs::rename(
        root.join("content/basics/third.md"),
        root.join("content/basics/renamed.md"),
    )
    .unwrap();
    server.wait_for("/my-faq/basics/renamed/", 200, "A third one, edited?");
    server.wait_for("/my-faq/basics/third/", 404, "Page not found");
    std::fs::create_dir(root.join("content/extra")).unwrap();
    std::fs::rename(
        root.join("content/basics/renamed.md"),
        root.join("content/extra/renamed.md"),
    )
    .unwrap();
    server.wait_for("/my-faq/extra/renamed/", 200, "A third one, edited?");
    std::fs::rename(root.join("content/extra"), root.join("content/moved")).unwrap();
    server.wait_for("/my-faq/moved/renamed/", 200, "A third one, edited?");
    std::fs::remove_file(root.join("content/moved/renamed.md")).unwrap();
    server.wait_for("/my-faq/moved/renamed/", 404, "Page not found");
    // Search reflects the edits too (its index is rebuilt just after the pages), and its files
    // are served all along: the last complete index until the next is ready.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (status, _, body) = server.get("/my-faq/search/words/0.json");
        assert_eq!(
            status, 200,
            "the search index went missing during a rebuild"
        );
        if !body.contains("[\"third\",") {
            assert!(body.contains("[\"first\","), "{body}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the search index still lists the deleted entry"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn search_files_never_go_missing_while_saves_come_fast() {
    let server = Server::start(SiteTest::new("minimal"));
    // Served from the start: the first index is ready before the address is printed.
    server.expect("/my-faq/search/index.json", 200);
    server.expect("/my-faq/search/words/0.json", 200);
    std::thread::scope(|scope| {
        let server = &server;
        let editor = scope.spawn(move || {
            for n in 0..30 {
                server.save(
                    "content/basics/busy.md",
                    &format!("---\nquestion: Busy {n}?\ntags: [x]\n---\nEdit {n}.\n"),
                );
            }
            server.wait_for("/my-faq/basics/busy/", 200, "Busy 29?");
        });
        while !editor.is_finished() {
            for path in [
                "/my-faq/search/index.json",
                "/my-faq/search/words/0.json",
                "/my-faq/search/entry/0.json",
            ] {
                server.expect(path, 200);
            }
        }
    });
    // The last save's index arrives in the end.
    server.wait_for("/my-faq/search/words/0.json", 200, "[\"29\",");
}

#[test]
fn a_broken_edit_keeps_the_last_good_site_and_reports_until_fixed() {
    let server = Server::start(SiteTest::new("minimal").file(
        "faqgen.toml",
        "title = \"Minimal FAQ\"\nbase_url = \"https://owner.github.io/my-faq/\"\n\
         [strings]\npreview_title_other = \"Die Seite hat {count} Fehler\"\n",
    ));
    server.save(
        "content/basics/first.md",
        "---\nquestion: Why?\ntgas: [x]\n---\nBroken.\n",
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        let status = first_event(&server);
        if status.contains("unknown key") || Instant::now() > deadline {
            break status;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(
        status
            .contains(r#""location":"content/basics/first.md:3:1","message":"unknown key `tgas`""#),
        "{status}"
    );
    // With the overlay's words, the site's own where it has changed them.
    assert!(
        status.contains(r#""title_other":"Die Seite hat {count} Fehler""#),
        "{status}"
    );
    assert!(status.contains(r#""help":"help""#), "{status}");
    // The terminal shows it too, located.
    server.wait_for_stderr("content/basics/first.md:3:1: error: unknown key `tgas`");
    // The last good version is still served.
    server.wait_for("/my-faq/basics/first/", 200, "What is the first question?");
    server.save(
        "content/basics/first.md",
        "---\nquestion: Fixed?\ntags: [x]\n---\nFixed now.\n",
    );
    server.wait_for("/my-faq/basics/first/", 200, "Fixed?");
    assert!(first_event(&server).contains(r#""errors":[]"#));
}

/// The first event the reload channel sends: the site's state when connecting.
fn first_event(server: &Server) -> String {
    let address = server.origin.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET /__faqgen/events HTTP/1.1\r\nHost: {address}\r\n\r\n"
    )
    .unwrap();
    let reader = BufReader::new(stream);
    reader
        .lines()
        .map(Result::unwrap)
        .find(|l| l.starts_with("data:"))
        .unwrap()
}

#[test]
fn never_serves_a_file_outside_the_site() {
    let site = SiteTest::new("minimal").file("static/ok.txt", "fine");
    let secret = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(secret.path(), "SECRET").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(secret.path(), site.root().join("static/leak.txt")).unwrap();
    let server = Server::start(site);
    assert_eq!(server.get("/my-faq/ok.txt").0, 200);
    for path in [
        "/my-faq/../faqgen.toml",
        "/my-faq/%2e%2e/faqgen.toml",
        "/my-faq/%2E%2E%2Ffaqgen.toml",
        "/my-faq/..%5cfaqgen.toml",
        "/my-faq/basics/..\\..\\faqgen.toml",
        "/my-faq//etc/passwd",
        "//etc/passwd",
        "/my-faq/%00",
        "/my-faq/leak.txt",
        "/my-faq/../../../../../../etc/passwd",
        &format!("/my-faq/{}", secret.path().display()),
    ] {
        let (_, body) = server.expect(path, 404);
        assert!(
            !body.contains("SECRET") && !body.contains("root:") && !body.contains("base_url"),
            "{path} leaked: {body}"
        );
    }
}

#[test]
fn holds_two_thousand_requests_sixteen_at_a_time_during_rebuilds() {
    let server = Server::start(SiteTest::new("minimal"));
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let editor = {
        let stop = std::sync::Arc::clone(&stop);
        let server = &server;
        move || {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                n += 1;
                server.save(
                    "content/basics/busy.md",
                    &format!("---\nquestion: Busy {n}?\ntags: [x]\n---\nEdit {n}.\n"),
                );
                // One rebuild after another, each waited for.
                server.wait_for("/my-faq/basics/busy/", 200, &format!("Busy {n}?"));
            }
        }
    };
    let paths = [
        "/my-faq/",
        "/my-faq/basics/first/",
        "/my-faq/style.css",
        "/my-faq/basics/",
        "/my-faq/tags/",
    ];
    let failures: usize = std::thread::scope(|scope| {
        let editor = scope.spawn(editor);
        let workers: Vec<_> = (0..16)
            .map(|w| {
                let server = &server;
                scope.spawn(move || {
                    (0..125)
                        .filter(|i| server.get(paths[(w + i) % paths.len()]).0 != 200)
                        .count()
                })
            })
            .collect();
        let failures = workers.into_iter().map(|w| w.join().unwrap()).sum();
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        editor.join().unwrap();
        failures
    });
    assert_eq!(failures, 0, "{failures} of 2000 requests failed");
}

#[test]
fn a_port_in_use_is_reported_clearly() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    SiteTest::new("minimal")
        .run(&["serve", "--port", &port])
        .fails()
        .stderr_has(&format!("port {port} on 127.0.0.1 is already in use: stop what uses it, or pick another with --port"));
}

/// The generation the server is at, from the reload channel's first event.
fn generation(server: &Server) -> u64 {
    let event = first_event(server);
    let start = event.find("\"generation\":").unwrap() + "\"generation\":".len();
    event[start..]
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn one_save_is_one_rebuild_and_scratch_files_or_reads_are_none() {
    let server = Server::start(SiteTest::new("minimal"));
    let before = generation(&server);
    server.save(
        "content/basics/first.md",
        "---\nquestion: Saved once?\ntags: [x]\n---\nOnce.\n",
    );
    server.wait_for("/my-faq/basics/first/", 200, "Saved once?");
    // The watcher reports changes in the order they happen: once a later save is built, every
    // rebuild an earlier change could have caused has happened. (Changes within one debounce
    // window make one rebuild, so this cannot tell a scratch file's rebuild from the marker's;
    // which paths count is unit-tested in serve/watch.rs.)
    let marker = |n: u32| {
        server.save(
            "content/basics/marker.md",
            &format!("---\nquestion: Marker {n}?\ntags: [x]\n---\nMarker.\n"),
        );
        server.wait_for("/my-faq/basics/marker/", 200, &format!("Marker {n}?"));
    };
    marker(1);
    assert_eq!(
        generation(&server),
        before + 2,
        "one atomic save, one rebuild"
    );
    let root = server.root().to_path_buf();
    std::fs::write(root.join("content/basics/.first.md.swp"), "swap").unwrap();
    std::fs::write(root.join("content/basics/first.md~"), "backup").unwrap();
    std::fs::create_dir_all(root.join("public")).unwrap();
    std::fs::write(root.join("public/index.html"), "output").unwrap();
    let _ = std::fs::read_to_string(root.join("content/basics/first.md")).unwrap();
    marker(2);
    assert_eq!(
        generation(&server),
        before + 3,
        "swap files, backups, output and reads do not rebuild"
    );
}

#[test]
fn requests_for_another_host_are_refused_on_loopback() {
    let server = Server::start(SiteTest::new("minimal"));
    let address = server.origin.trim_start_matches("http://").to_string();
    let get = |host: &str| {
        let mut stream = TcpStream::connect(&address).unwrap();
        write!(
            stream,
            "GET /my-faq/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response
    };
    // A name pointed at 127.0.0.1 by someone else's page (DNS rebinding): refused.
    let refused = get("evil.example:1111");
    assert!(refused.starts_with("HTTP/1.1 403"), "{refused}");
    assert!(
        refused.contains("answers only requests to localhost"),
        "{refused}"
    );
    for host in [address.as_str(), "localhost", "[::1]:1111"] {
        assert!(get(host).starts_with("HTTP/1.1 200"), "{host}");
    }
}

#[test]
fn a_taken_default_port_is_named_with_the_one_used_instead() {
    // Hold the default port; if another program holds it already, the outcome is the same.
    let _held = std::net::TcpListener::bind("127.0.0.1:1111");
    let (server, printed) = Server::start_with(SiteTest::new("minimal"), &[]);
    let port = server.origin.rsplit(':').next().unwrap().to_string();
    assert_ne!(port, "1111");
    assert!(
        printed.iter().any(|l| l
            == &format!("Port 1111 is in use by another program, so the preview uses port {port} instead (--port chooses one)")),
        "{printed:?}"
    );
}

#[test]
fn serves_the_pages_at_old_addresses_and_the_markdown_for_assistants() {
    let server = Server::start(SiteTest::new("minimal").file(
        "content/basics/second.md",
        "---\nquestion: Is there a second question?\nmoved_from: [/basics/deuxieme/]\n---\nYes.\n",
    ));
    let (_, body) = server.expect("/my-faq/basics/deuxieme/", 200);
    assert!(body.contains("http-equiv=\"refresh\""), "{body}");
    assert!(body.contains("/my-faq/basics/second/"), "{body}");
    // And what assistants read.
    let (head, body) = server.expect("/my-faq/llms.txt", 200);
    assert!(head.contains("content-type: text/plain"), "{head}");
    assert!(body.starts_with("# Minimal FAQ\n"), "{body}");
    let (_, body) = server.expect("/my-faq/basics/second/index.html.md", 200);
    assert!(
        body.starts_with("# Is there a second question?\n"),
        "{body}"
    );
}

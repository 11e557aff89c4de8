//! Time of each build stage on a site: `cargo bench --bench stages -- DIR [RUNS]`.
//! Prints the median of RUNS (default 5) per stage, plus the related-questions step alone.
//! A benchmark, not a test: numbers vary with the machine.

#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use faqgen::{config, link, load, parse, render, search, theme};

// As in the faqgen binary, so that stage times match a real build's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let root = PathBuf::from(args.next().expect("usage: stages DIR [RUNS]"));
    let runs: usize = args
        .next()
        .map_or(5, |r| r.parse().expect("RUNS is a number"));
    let mut samples: Vec<(&str, Vec<Duration>)> = Vec::new();
    let mut record = |name: &'static str, elapsed: Duration| match samples
        .iter_mut()
        .find(|(n, _)| *n == name)
    {
        Some((_, list)) => list.push(elapsed),
        None => samples.push((name, vec![elapsed])),
    };
    let mut entries = 0;
    for _ in 0..runs {
        let config = config::load(&root).unwrap().expect("faqgen.toml is valid");
        let started = Instant::now();
        let sources = load::sources(&root).unwrap();
        record("load", started.elapsed());
        let started = Instant::now();
        let parsed = parse::content(sources);
        record("parse", started.elapsed());
        let started = Instant::now();
        let (site, diagnostics) = link::site(config, parsed, false, &[], None);
        record("link (all)", started.elapsed());
        assert!(
            diagnostics.iter().all(|d| !d.is_error()),
            "the site has errors"
        );
        let started = Instant::now();
        let related = link::related::related(&site.entries, site.config.related_count);
        record("  related questions", started.elapsed());
        assert_eq!(related.len(), site.entries.len());
        let started = Instant::now();
        let theme = theme::load(&root).unwrap();
        record("theme (templates compiled)", started.elapsed());
        let started = Instant::now();
        let output = render::site(&site, &theme).unwrap();
        record("render", started.elapsed());
        let started = Instant::now();
        let index = search::files(&site, search::Previous::Nothing).unwrap();
        record("search index", started.elapsed());
        entries = site.entries.len();
        drop((output, index));
    }
    println!(
        "{} ({entries} entries), median of {runs} runs",
        root.display()
    );
    println!();
    println!("| stage | median |");
    println!("|---|---:|");
    for (name, mut list) in samples {
        list.sort();
        println!(
            "| {name} | {:.1} ms |",
            list[list.len() / 2].as_secs_f64() * 1000.0
        );
    }
}

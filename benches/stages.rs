//! Time of each build stage on a site: `cargo bench --bench stages -- DIR [RUNS] [edits]`.
//! Prints the median of RUNS (default 5) per stage, plus the related-questions step alone,
//! then the engine's update after an edit of one answer (on a copy of the site).
//! `STAGES_PAUSE_MS=2000` leaves the engine idle that long before each edit, as between saves
//! in `faqgen serve` (caches go cold). A benchmark, not a test: numbers vary with the machine.

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
    // `edits`: only the edit timings (for profiling them alone).
    let stages = args.next().as_deref() != Some("edits");
    let mut entries = 0;
    for _ in 0..runs * usize::from(stages) {
        let config = config::load(&root).unwrap().expect("faqgen.toml is valid");
        let started = Instant::now();
        let sources = load::sources(&root).unwrap();
        record("load", started.elapsed());
        let started = Instant::now();
        let parsed = parse::content(sources);
        record("parse", started.elapsed());
        let started = Instant::now();
        let settings = link::Settings {
            drafts: false,
            theme_files: &[],
            heading_link: "Link to this section",
            original: None,
            git_dates: &Default::default(),
            highlights: &Default::default(),
        };
        let (site, diagnostics) = link::site(config, parsed, settings, None);
        record("link (all)", started.elapsed());
        assert!(
            diagnostics.iter().all(|d| !d.is_error()),
            "the site has errors"
        );
        let started = Instant::now();
        let (related, _) = link::related::related(&site.entries, site.config.related_count, None);
        record("  related questions", started.elapsed());
        assert_eq!(related.len(), site.entries.len());
        let started = Instant::now();
        let theme = theme::load(&root, &site.config).unwrap();
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
    edits(&root, runs, &mut record);
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

/// The engine brought up to date after one answer is edited, RUNS times, on a copy of `root`.
fn edits(root: &std::path::Path, runs: usize, record: &mut impl FnMut(&'static str, Duration)) {
    use faqgen::engine::{Changes, Engine};
    let copy = tempfile::tempdir().unwrap();
    for item in walkdir::WalkDir::new(root) {
        let item = item.unwrap();
        let target = copy.path().join(item.path().strip_prefix(root).unwrap());
        if item.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(item.path(), &target).unwrap();
        }
    }
    let options = faqgen::BuildOptions {
        root: copy.path().to_path_buf(),
        output_dir: None,
        base_url: None,
        drafts: false,
        replace_output: false,
    };
    let mut engine = Engine::new(options);
    engine.update(&Changes::Everything).unwrap();
    let edited = walkdir::WalkDir::new(copy.path().join("content"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "md") && e.file_name() != "_index.md")
        .unwrap()
        .into_path();
    let original = std::fs::read_to_string(&edited).unwrap();
    // An answer's edit, then a question's (front matter: every page listing the entry).
    let answer = |run: usize| format!("{original}\nEdit number {run}.\n");
    let question =
        |run: usize| original.replacen("question: \"", &format!("question: \"Edit {run}: "), 1);
    // (name of the update's time, name of the render's, the file's text for a run)
    #[allow(clippy::type_complexity)]
    let kinds: [(&str, &str, &dyn Fn(usize) -> String); 2] = [
        (
            "edit: engine update (load, parse, link)",
            "edit: render (what changed)",
            &answer,
        ),
        (
            "question edit: engine update",
            "question edit: render",
            &question,
        ),
    ];
    for (update_name, render_name, text) in kinds {
        for run in 0..runs + 1 {
            // STAGES_PAUSE_MS: idle time before each edit, as between saves in `serve`.
            if let Some(ms) = std::env::var("STAGES_PAUSE_MS")
                .ok()
                .and_then(|v| v.parse().ok())
            {
                std::thread::sleep(Duration::from_millis(ms));
            }
            std::fs::write(&edited, text(run)).unwrap();
            let started = Instant::now();
            let linked = engine
                .update(&Changes::Paths(vec![edited.clone()]))
                .unwrap();
            let updated = started.elapsed();
            let started = Instant::now();
            let files = std::sync::atomic::AtomicUsize::new(0);
            engine
                .render(&|_| {
                    files.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    Ok(())
                })
                .unwrap();
            let rendered = started.elapsed();
            assert!(files.into_inner() > 0 && !linked.site.entries.is_empty());
            // The first edit warms the engine's caches up, as the first save in `serve` does.
            if run > 0 {
                record(update_name, updated);
                record(render_name, rendered);
            }
        }
    }
}

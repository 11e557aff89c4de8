//! The `faqgen` command: parses the command line, calls the library, prints what happened and
//! picks the exit code.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use faqgen::engine::Changes;
use faqgen::{BuildError, BuildOptions};

/// The build allocates many small strings from several threads (Markdown events, template
/// output, the search indexer's words): mimalloc measured 15–20% faster than the system
/// allocator on a 1,000-entry site, with a lower peak.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's option for how long freed memory waits before it goes back to the system.
const PURGE_DELAY: &str = "MIMALLOC_PURGE_DELAY";

/// Makes this process return freed memory to the system at once, by starting it again with
/// mimalloc told so (it reads its options only as a process starts; nothing is done if the
/// option is set already, or where a process cannot replace itself).
///
/// `serve` runs for hours, and at 10,000 entries frees about a gigabyte after each search
/// index. By default mimalloc gives it back a second later, on whichever thread allocates
/// next, which is the next edit's: measured at 10,000 entries, the engine's update took
/// 40-116 ms after an index instead of 35-54 ms, and the server's peak was 50 MB higher.
fn purge_freed_memory_at_once() {
    #[cfg(unix)]
    if std::env::var_os(PURGE_DELAY).is_none() {
        use std::os::unix::process::CommandExt;
        if let Ok(faqgen) = std::env::current_exe() {
            // Returns only if the process could not be replaced: it then runs on as it is.
            let _ = std::process::Command::new(faqgen)
                .args(std::env::args_os().skip(1))
                .env(PURGE_DELAY, "0")
                .exec();
        }
    }
}

/// Build a fast, accessible, searchable FAQ site from a folder of Markdown entries.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// The site's folder (holding faqgen.toml and content/).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into public/ (or --output-dir).
    Build(BuildArgs),
    /// Check the content without writing anything: every build check, plus FAQ lint.
    Check(CheckArgs),
    /// Preview the site: build it in memory, serve it, rebuild and reload on every save.
    Serve(ServeArgs),
    /// Create a new site: settings, sample entries, and a GitHub Pages workflow.
    Init(InitArgs),
    /// Write a new (draft) entry for a question.
    New(NewArgs),
    /// Turn an existing FAQ (text, CSV, Markdown, or HTML with FAQPage JSON-LD) into entries.
    Import(ImportArgs),
}

#[derive(clap::Args)]
struct InitArgs {
    /// The folder to create the site in [default: the current folder].
    dir: Option<PathBuf>,
    /// Write the starter files even if the folder already holds a site.
    #[arg(long)]
    force: bool,
}

#[derive(clap::Args)]
struct NewArgs {
    /// The question, e.g. "How do I renew a loan?".
    question: String,
    /// The category folder under content/, e.g. loans or billing/cards.
    #[arg(long, value_name = "PATH")]
    category: Option<String>,
}

#[derive(clap::Args)]
struct ImportArgs {
    /// What to import: .md (a heading per question), .txt, .csv, .yml/.yaml/.json/.toml data
    /// files, .html pages with schema.org FAQPage (JSON-LD or microdata), or a Zola or Hugo
    /// content folder.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Where the entries go, e.g. content/imported.
    #[arg(long, value_name = "content/PATH")]
    into: String,
    /// Replace entries that already exist.
    #[arg(long)]
    force: bool,
    /// Print what would be written, and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Where the sources are published (e.g. https://github.com/OWNER/REPO/blob/main/docs/):
    /// links to their other files become absolute.
    #[arg(long, value_name = "URL")]
    source_url: Option<url::Url>,
    /// In Markdown, the heading level of the questions (2 for `##`), when the guess is wrong.
    #[arg(long, value_name = "1-6", value_parser = clap::value_parser!(u8).range(1..=6))]
    question_level: Option<u8>,
}

#[derive(clap::Args)]
struct ServeArgs {
    /// The address to listen on; only this machine can connect unless told otherwise.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    interface: std::net::IpAddr,
    /// The port [default: 1111, or a free one if 1111 is taken].
    #[arg(long, short)]
    port: Option<u16>,
    /// Open the preview in the default browser.
    #[arg(long)]
    open: bool,
    /// Include entries marked `draft: true`.
    #[arg(long)]
    drafts: bool,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Also fetch every external (http/https) link and report the broken ones.
    #[arg(long)]
    external: bool,
    /// Seconds to wait for each external link.
    #[arg(
        long,
        default_value_t = 10,
        value_name = "SECONDS",
        requires = "external"
    )]
    timeout: u64,
    /// Exit with status 1 on warnings too.
    #[arg(long)]
    deny_warnings: bool,
    /// Include entries marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// The last build's output, whose sitemaps name the addresses that must not disappear
    /// [default: ROOT/public].
    #[arg(long, short, value_name = "DIR")]
    output_dir: Option<PathBuf>,
}

#[derive(clap::Args)]
struct BuildArgs {
    /// Where to write the site [default: ROOT/public].
    #[arg(long, short, value_name = "DIR")]
    output_dir: Option<PathBuf>,
    /// Use this base URL instead of faqgen.toml's, e.g. for a preview.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Include entries marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Keep running, and build again whenever a source file changes.
    #[arg(long)]
    watch: bool,
    /// Replace the output folder even if it holds files faqgen did not write (they are lost).
    #[arg(long)]
    replace_output: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build(cli.root, args),
        Command::Check(args) => check(cli.root, args),
        Command::Serve(args) => serve(cli.root, args),
        Command::Init(args) => init(args.dir.unwrap_or(cli.root), args.force),
        Command::New(args) => new_entry(&cli.root, &args),
        Command::Import(args) => import(&cli.root, &args),
    }
}

#[allow(clippy::print_stdout)]
fn init(dir: PathBuf, force: bool) -> ExitCode {
    match faqgen::scaffold::site(&dir, force) {
        Ok(report) => {
            for file in &report.written {
                println!("created {}", dir.join(file).display());
            }
            for file in &report.kept {
                println!(
                    "kept    {} (it exists; not overwritten)",
                    dir.join(file).display()
                );
            }
            let cd = if dir == std::path::Path::new(".") {
                String::new()
            } else {
                format!("cd {} && ", dir.display())
            };
            println!(
                "\nNext steps:\n  1. {cd}faqgen serve        preview the site, edits show at once\n  2. edit faqgen.toml (title, base_url) and the entries in content/\n  3. faqgen new \"Your question?\" --category getting-started\n  4. push to GitHub, then in Settings → Pages set Source to \"GitHub Actions\":\n     .github/workflows/pages.yml checks and builds pull requests and pushes to `main`\n     (change the branch there if yours differs), and publishes the pushes. It installs\n     faqgen {} from {}/releases (FAQGEN_VERSION in the workflow)",
                env!("CARGO_PKG_VERSION"),
                env!("CARGO_PKG_REPOSITORY")
            );
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error),
    }
}

#[allow(clippy::print_stdout)]
fn new_entry(root: &std::path::Path, args: &NewArgs) -> ExitCode {
    match faqgen::scaffold::entry(root, &args.question, args.category.as_deref()) {
        Ok(path) => {
            println!("{}", root.join(path).display());
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error),
    }
}

#[allow(clippy::print_stdout)]
fn import(root: &std::path::Path, args: &ImportArgs) -> ExitCode {
    if !root.join("faqgen.toml").is_file() {
        return fail(&faqgen::Error::NotASite {
            root: root.to_path_buf(),
            missing: "faqgen.toml",
        });
    }
    let options = faqgen::import::Options {
        into: args.into.clone(),
        force: args.force,
        source_url: args.source_url.clone(),
        question_level: args.question_level,
    };
    let mut documents = Vec::new();
    for file in &args.files {
        match faqgen::import::read(file, &options) {
            Ok(document) => documents.push(document),
            Err(error) => return fail(&error),
        }
    }
    let plan = match faqgen::import::plan(&documents, &options) {
        Ok(plan) => plan,
        Err(error) => return fail(&error),
    };
    for note in &plan.notes {
        println!("{note}");
    }
    for source in &plan.sources {
        let mut details = Vec::new();
        if source.drafts > 0 {
            details.push(format!("{} of them drafts, kept as drafts", source.drafts));
        }
        if source.skipped_sections > 0 {
            details.push(format!(
                "{} section{} skipped, named above",
                source.skipped_sections,
                plural(source.skipped_sections)
            ));
        }
        let details = if details.is_empty() {
            String::new()
        } else {
            format!(" ({})", details.join("; "))
        };
        println!(
            "{}: {} question{} in {} section{}{details}",
            source.path.display(),
            source.questions,
            plural(source.questions),
            source.sections,
            plural(source.sections)
        );
    }
    match faqgen::import::write(root, &plan, args.force, args.dry_run) {
        Ok(report) => {
            let (wrote, skipped) = if args.dry_run {
                ("would write", "would skip")
            } else {
                ("wrote  ", "skipped")
            };
            for file in plan
                .files
                .iter()
                .filter(|f| report.written.contains(&f.path))
            {
                if args.dry_run {
                    println!("\n--- {wrote} {} ---\n{}", file.path.display(), file.text);
                } else {
                    println!("{wrote} {}", file.path.display());
                }
            }
            for path in &report.skipped {
                println!(
                    "{skipped} {} (it exists; --force replaces it)",
                    path.display()
                );
            }
            for path in &report.kept_categories {
                println!(
                    "{skipped} {} (it exists; a category's _index.md is kept, even with --force)",
                    path.display()
                );
            }
            let questions: usize = plan.sources.iter().map(|s| s.questions).sum();
            let entries = plan
                .files
                .iter()
                .filter(|f| !f.is_category && report.written.contains(&f.path))
                .count();
            let existing = if report.skipped.is_empty() {
                String::new()
            } else {
                format!(" ({} exist already)", report.skipped.len())
            };
            if args.dry_run {
                println!(
                    "Dry run: would import {entries} of {questions} questions into {}{existing}; nothing was written",
                    args.into
                );
            } else {
                println!(
                    "Imported {entries} of {questions} questions into {}{existing}",
                    args.into
                );
            }
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error),
    }
}

fn fail(error: &dyn std::fmt::Display) -> ExitCode {
    report_error(error);
    ExitCode::FAILURE
}

#[allow(clippy::print_stderr)]
fn serve(root: PathBuf, args: ServeArgs) -> ExitCode {
    purge_freed_memory_at_once();
    let options = faqgen::serve::ServeOptions {
        root,
        interface: args.interface,
        port: args.port,
        open: args.open,
        drafts: args.drafts,
    };
    match faqgen::serve::run(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

#[allow(clippy::print_stderr)]
fn check(root: PathBuf, args: CheckArgs) -> ExitCode {
    let options = faqgen::CheckOptions {
        site: BuildOptions {
            root,
            output_dir: args.output_dir,
            base_url: None,
            drafts: args.drafts,
            replace_output: false,
        },
        external: args.external.then(|| faqgen::external::Limits {
            timeout: std::time::Duration::from_secs(args.timeout),
            ..Default::default()
        }),
    };
    let report = match faqgen::check(&options) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    for diagnostic in &report.diagnostics {
        eprintln!("{diagnostic}");
    }
    let errors = report.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = report.diagnostics.len() - errors;
    if errors + warnings == 0 {
        eprintln!("check: no problems in {} entries", report.entries);
    } else {
        let files: std::collections::BTreeSet<_> =
            report.diagnostics.iter().map(|d| &d.path).collect();
        eprintln!(
            "check: {errors} error{}, {warnings} warning{} in {} file{}",
            plural(errors),
            plural(warnings),
            files.len(),
            plural(files.len())
        );
    }
    if errors > 0 || (args.deny_warnings && warnings > 0) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn build(root: PathBuf, args: BuildArgs) -> ExitCode {
    let options = BuildOptions {
        root,
        output_dir: args.output_dir,
        base_url: args.base_url,
        drafts: args.drafts,
        replace_output: args.replace_output,
    };
    if !args.watch {
        return report_build(faqgen::build(&options));
    }
    let root = options.root.clone();
    let engine = faqgen::engine::Engine::new(options);
    // Watch before the first build, so an edit saved while it runs is built right after it;
    // the lock keeps two builds from writing at once.
    let engine = std::sync::Arc::new(std::sync::Mutex::new(engine));
    let watched = std::sync::Arc::clone(&engine);
    let watcher = faqgen::serve::watch(&root, move |paths| {
        if let Ok(mut engine) = watched.lock() {
            report_build(faqgen::build_with(&mut engine, &Changes::Paths(paths)));
        }
    });
    match watcher {
        Ok(_watcher) => {
            if let Ok(mut engine) = engine.lock() {
                report_build(faqgen::build_with(&mut engine, &Changes::Everything));
            }
            report_watching(&root);
            loop {
                std::thread::park();
            }
        }
        Err(error) => fail(&error),
    }
}

#[allow(clippy::print_stdout)]
fn report_watching(root: &std::path::Path) {
    println!("Watching {} for changes (Ctrl+C to stop)", root.display());
}

/// `cname` makes the build write `CNAME` (the output is faqgen's own, so a `CNAME` there is the
/// one it wrote). Branch deployments read it; a Pages site deployed by Actions, as the
/// workflow of `faqgen init` does, does not, and people lose hours to that.
#[allow(clippy::print_stdout)]
fn note_custom_domain(output: &std::path::Path) {
    if output.join("CNAME").is_file() {
        println!(
            "note: wrote CNAME (`cname` in faqgen.toml). GitHub Pages deployed by Actions does not read it: set the custom domain in the repository's Settings → Pages → Custom domain"
        );
    }
}

#[allow(clippy::print_stderr)]
fn report_error(error: &dyn std::fmt::Display) {
    eprintln!("error: {error}");
}

/// One build, reported; the exit code it deserves.
#[allow(clippy::print_stdout, clippy::print_stderr)]
fn report_build(result: Result<faqgen::BuildReport, BuildError>) -> ExitCode {
    match result {
        Ok(report) => {
            for warning in &report.warnings {
                eprintln!("{warning}");
            }
            if report.unchanged {
                println!(
                    "Up to date: nothing changed since the last build of {} ({} entr{}, {} pages; checked in {} ms)",
                    report.output_dir.display(),
                    report.entries,
                    if report.entries == 1 { "y" } else { "ies" },
                    report.pages,
                    report.elapsed.as_millis(),
                );
                note_custom_domain(&report.output_dir);
                return ExitCode::SUCCESS;
            }
            let reused = if report.search_index == Some(faqgen::search::IndexSource::Reused) {
                " (search index unchanged, reused)"
            } else {
                ""
            };
            println!(
                "Built {} entr{} in {} categor{}: {} pages in {} ms, written to {}{reused}",
                report.entries,
                if report.entries == 1 { "y" } else { "ies" },
                report.categories,
                if report.categories == 1 { "y" } else { "ies" },
                report.pages,
                report.elapsed.as_millis(),
                report.output_dir.display()
            );
            note_custom_domain(&report.output_dir);
            ExitCode::SUCCESS
        }
        Err(BuildError::Content(diagnostics)) => {
            for diagnostic in &diagnostics {
                eprintln!("{diagnostic}");
            }
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            let files: std::collections::BTreeSet<_> =
                diagnostics.iter().map(|d| &d.path).collect();
            eprintln!(
                "error: build failed with {errors} error{} in {} file{}; nothing was written",
                plural(errors),
                files.len(),
                plural(files.len())
            );
            ExitCode::FAILURE
        }
        Err(BuildError::Environment(error)) => {
            report_error(&error);
            ExitCode::FAILURE
        }
    }
}

//! The `faqgen` command: parses the command line, calls the library, prints what happened and
//! picks the exit code.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use faqgen::{BuildError, BuildOptions};

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
}

#[allow(clippy::print_stdout, clippy::print_stderr)]
fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => {
            let options = BuildOptions {
                root: cli.root,
                output_dir: args.output_dir,
                base_url: args.base_url,
                drafts: args.drafts,
            };
            match faqgen::build(&options) {
                Ok(report) => {
                    for warning in &report.warnings {
                        eprintln!("{warning}");
                    }
                    println!(
                        "Built {} entr{} in {} categor{}: {} pages in {} ms, written to {}",
                        report.entries,
                        if report.entries == 1 { "y" } else { "ies" },
                        report.categories,
                        if report.categories == 1 { "y" } else { "ies" },
                        report.pages,
                        report.elapsed.as_millis(),
                        report.output_dir.display()
                    );
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
                        if errors == 1 { "" } else { "s" },
                        files.len(),
                        if files.len() == 1 { "" } else { "s" }
                    );
                    ExitCode::FAILURE
                }
                Err(BuildError::Environment(error)) => {
                    eprintln!("error: {error}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

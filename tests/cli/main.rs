//! Integration tests: the real `faqgen` binary on tiny fixture sites, one behaviour each.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod harness;

mod assistants;
mod build;
mod check;
mod code;
mod errors;
mod example;
mod git_dates;
mod hostile;
mod import;
mod languages;
mod links;
mod moved;
mod onboarding;
mod pages;
mod search;
mod serve;
mod structured_data;
mod sub_path;
mod theme;

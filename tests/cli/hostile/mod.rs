//! Hostile input: one tiny fixture per way a user's files could be lost or a page silently
//! dropped. Each case asserts the exit code, where the problem is reported, and that the
//! user's files and the previous output are byte-for-byte as they were after a refusal.

mod answers;
mod collisions;
mod import;
mod inputs;
mod output_dir;

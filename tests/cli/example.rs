//! The repository root is the example site: it builds with no diagnostics at all.

use std::process::Command;

#[test]
fn the_example_site_builds_cleanly() {
    let out = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_faqgen"))
        .args([
            "--root",
            env!("CARGO_MANIFEST_DIR"),
            "build",
            "--output-dir",
        ])
        .arg(out.path().join("site"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.is_empty(),
        "the example site has diagnostics:\n{stderr}"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.starts_with("Built 16 entries in 4 categories"),
        "{stdout}"
    );
    let home = std::fs::read_to_string(out.path().join("site/index.html")).unwrap();
    assert!(
        home.contains("not medical advice"),
        "the example must say it is not medical advice"
    );
    assert!(
        !home.to_lowercase().contains("hyperventilat"),
        "the unsound remedy must stay out"
    );
}

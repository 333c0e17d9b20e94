//! Invalid specs are rejected with positioned diagnostics, exit 1 or 2, and no panic.
//!
//! Each file under `fixtures/invalid/` is validated through the binary; the snapshot holds
//! the exit code and the rendered diagnostics.

use crate::common;

#[test]
fn invalid_specs_are_rejected_with_positions() {
    insta::glob!("../fixtures", "invalid/*.yaml", |path| {
        let relative = path
            .strip_prefix(common::root())
            .expect("fixture inside the repository");
        let output = common::llm_slo(
            ["validate", "--spec"]
                .iter()
                .map(std::ffi::OsStr::new)
                .chain([relative.as_os_str()]),
        );
        let code = output.status.code();
        assert!(
            matches!(code, Some(1 | 2)),
            "{} exited with {code:?}",
            relative.display()
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
        insta::assert_snapshot!(common::transcript(&output));
    });
}

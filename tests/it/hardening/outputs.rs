//! `--out` never replaces what is not a regular file.

use super::*;

/// Regression: `--out` to a device, FIFO or folder replaced
/// it with a regular file (exit 0). Now it is refused and left as it was.
#[test]
fn out_refuses_fifos_devices_and_folders_and_leaves_them_alone() {
    let dir = tempfile::tempdir().unwrap();
    let s = write(dir.path(), "s.toml", BASE);
    let fifo = dir.path().join("pipe");
    mkfifo(&fifo);
    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).unwrap();
    for target in [fifo.as_path(), folder.as_path(), Path::new("/dev/full")] {
        let err = refused(leadplan().arg("solve").arg(&s).arg("--out").arg(target));
        assert!(
            err.contains("leadplan writes output only to regular files"),
            "{err}"
        );
        let meta = std::fs::symlink_metadata(target).unwrap();
        assert!(!meta.is_file(), "{} became a file", target.display());
    }
    let err = refused(
        leadplan()
            .args(["report"])
            .arg(&s)
            .args(["--format", "markdown", "--out"])
            .arg(&fifo),
    );
    assert!(err.contains("not a file"), "{err}");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        3,
        "no stray files"
    );
}

/// A symlink is written through atomically (the link stays a link);
/// `/dev/stdout` and `-` go to standard output; `/dev/null` takes the output.
#[test]
fn out_writes_through_links_and_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let s = write(dir.path(), "s.toml", BASE);
    let real = write(dir.path(), "real.json", "old");
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    leadplan()
        .arg("solve")
        .arg(&s)
        .args(["--format", "json", "--out"])
        .arg(&link)
        .assert()
        .code(0);
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&real).unwrap()).unwrap();
    assert_eq!(json["status"], "optimal");
    for name in ["-", "/dev/stdout"] {
        let out = leadplan()
            .arg("solve")
            .arg(&s)
            .args(["--format", "json", "--out", name])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        assert!(stdout(&out).contains("\"status\": \"optimal\""), "{name}");
    }
    leadplan()
        .arg("solve")
        .arg(&s)
        .args(["--out", "/dev/null"])
        .assert()
        .code(0);
    assert!(!std::fs::metadata("/dev/null").unwrap().is_file());
}

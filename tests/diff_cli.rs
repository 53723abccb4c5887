//! `archmodel diff` and `check --baseline`, run as CI runs them: the real binary, files and a
//! temporary git repository.

mod diff_support;

use std::path::Path;
use std::process::Command;

use diff_support::{archmodel, save, shop, shop_changed};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
}

fn repo_with_history(dir: &Path) {
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["config", "user.email", "ci@example.org"]);
    git(dir, &["config", "user.name", "CI"]);
    std::fs::create_dir_all(dir.join("models")).expect("mkdir");
    save(&shop(), &dir.join("models"), "shop.ron");
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "-m", "shop"]);
    save(&shop_changed(), &dir.join("models"), "shop.ron");
}

#[test]
fn markdown_and_json_of_two_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    save(&shop(), dir.path(), "old.ron");
    save(&shop_changed(), dir.path(), "new.ron");
    let out = archmodel(&["diff", "old.ron", "new.ron"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let md = text(&out.stdout);
    assert!(md.starts_with("# Architecture changes: Web shop"), "{md}");
    assert!(md.contains("`missing-authentication@spa-gateway`"), "{md}");

    let out = archmodel(
        &["diff", "old.ron", "new.ron", "--format", "json"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["summary"]["added"], 4);
    assert_eq!(doc["summary"]["removed"], 2);
    assert_eq!(doc["old"], "old.ron");
    let introduced = doc["diff"]["findings"]["introduced"]
        .as_array()
        .expect("list");
    assert!(
        introduced
            .iter()
            .any(|f| f["key"] == "missing-authentication@spa-gateway")
    );
}

#[test]
fn fail_on_new_fails_only_for_new_findings_at_the_level() {
    let dir = tempfile::tempdir().expect("tempdir");
    save(&shop(), dir.path(), "old.ron");
    save(&shop_changed(), dir.path(), "new.ron");
    let out = archmodel(
        &["diff", "old.ron", "new.ron", "--fail-on-new", "critical"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("missing-authentication@spa-gateway"));
    // Going back introduces nothing: the old model's own high findings do not count.
    let out = archmodel(
        &["diff", "new.ron", "old.ron", "--fail-on-new", "info"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = archmodel(
        &["diff", "old.ron", "new.ron", "--fail-on-new", "severe"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_old_version_can_come_from_git() {
    let dir = tempfile::tempdir().expect("tempdir");
    repo_with_history(dir.path());
    let by_rev = archmodel(
        &["diff", "HEAD:models/shop.ron", "models/shop.ron"],
        dir.path(),
    );
    assert_eq!(by_rev.status.code(), Some(0), "{}", text(&by_rev.stderr));
    let by_flag = archmodel(&["diff", "--git", "HEAD", "models/shop.ron"], dir.path());
    assert_eq!(by_flag.status.code(), Some(0), "{}", text(&by_flag.stderr));
    assert_eq!(text(&by_rev.stdout), text(&by_flag.stdout));
    assert!(text(&by_rev.stdout).contains("**removed** `email`"));

    let out = archmodel(
        &["diff", "--git", "no-such-rev", "models/shop.ron"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("git show"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn outside_a_repository_git_versions_are_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    save(&shop(), dir.path(), "shop.ron");
    let out = archmodel(&["diff", "--git", "HEAD~1", "shop.ron"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("not inside a git repository"), "{err}");
    let out = archmodel(&["diff", "missing.ron", "shop.ron"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no such file"));
}

#[test]
fn check_against_a_baseline_reports_only_what_the_change_introduced() {
    let dir = tempfile::tempdir().expect("tempdir");
    save(&shop(), dir.path(), "old.ron");
    save(&shop_changed(), dir.path(), "new.ron");
    // The shop has high findings of its own: against itself nothing is new.
    let out = archmodel(&["check", "old.ron", "--baseline", "old.ron"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("0 new"));
    let plain = archmodel(&["check", "old.ron"], dir.path());
    assert_eq!(plain.status.code(), Some(1));

    let out = archmodel(&["check", "new.ron", "--baseline", "old.ron"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let report = text(&out.stdout);
    assert!(report.contains("missing-authentication"), "{report}");
    assert!(
        !report.contains("duplicated-logic"),
        "old findings are not shown: {report}"
    );

    let out = archmodel(
        &[
            "check",
            "new.ron",
            "--baseline",
            "old.ron",
            "--format",
            "sarif",
        ],
        dir.path(),
    );
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF");
    let results = log["runs"][0]["results"].as_array().expect("results");
    let state = |key: &str| {
        results
            .iter()
            .find(|r| r["partialFingerprints"]["archmodelFindingKey/v1"] == key)
            .map(|r| r["baselineState"].clone())
    };
    assert_eq!(
        state("missing-authentication@spa-gateway"),
        Some("new".into())
    );
    assert_eq!(
        state("duplicated-logic@mobile-app"),
        Some("unchanged".into())
    );
    assert!(results.iter().all(|r| r["baselineState"].is_string()));

    let back = archmodel(
        &[
            "check",
            "old.ron",
            "--baseline",
            "new.ron",
            "--format",
            "sarif",
        ],
        dir.path(),
    );
    let log: serde_json::Value = serde_json::from_slice(&back.stdout).expect("SARIF");
    let absent = log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter(|r| r["baselineState"] == "absent")
        .count();
    assert!(absent > 0);
}

#[test]
fn check_baseline_from_git() {
    let dir = tempfile::tempdir().expect("tempdir");
    repo_with_history(dir.path());
    let out = archmodel(
        &[
            "check",
            "models/shop.ron",
            "--baseline",
            "HEAD:models/shop.ron",
            "--fail-on",
            "critical",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Against the baseline HEAD:models/shop.ron"));
}

#[test]
fn export_draws_the_diff_on_the_svg() {
    let dir = tempfile::tempdir().expect("tempdir");
    save(&shop(), dir.path(), "old.ron");
    save(&shop_changed(), dir.path(), "new.ron");
    let out = archmodel(
        &[
            "export",
            "new.ron",
            "--svg",
            "diff.svg",
            "--png",
            "diff.png",
            "--diff-against",
            "old.ron",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let svg = std::fs::read_to_string(dir.path().join("diff.svg")).expect("svg");
    roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let plain = archmodel(&["export", "new.ron", "--svg", "plain.svg"], dir.path());
    assert_eq!(plain.status.code(), Some(0));
    let plain = std::fs::read_to_string(dir.path().join("plain.svg")).expect("svg");
    // Green for the added search service, amber for the renamed order service, red for the
    // ghost of the e-mail service: none of them is in the plain drawing.
    for color in ["#1a7f37", "#bf8700", "#cf222e"] {
        assert!(svg.contains(color), "{color} missing");
        assert!(!plain.contains(color), "{color} in the plain SVG");
    }
    assert!(
        svg.contains("E-mail delivery"),
        "the removed node is drawn as a ghost"
    );
    assert!(dir.path().join("diff.png").is_file());
    let bad = archmodel(
        &[
            "export",
            "new.ron",
            "--svg",
            "x.svg",
            "--diff-against",
            "nope.ron",
        ],
        dir.path(),
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(!dir.path().join("x.svg").exists());
}

//! Recovery files across real processes: every window has its own file, a window that saves
//! never deletes another's unsaved work, and a killed window's work is offered back.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use archmodel::io::recovery::RecoveryStore;
use archmodel::model::Model;

/// Plays one window: writes a recovery file for `ARCHMODEL_TEST_ORIGINAL` holding a model
/// named `ARCHMODEL_TEST_NAME`, then either saves (releases its file) and exits, or waits to
/// be killed. Prints `ready` once its file is written. Run by the tests below.
#[test]
#[ignore = "a helper process: runs only when a recovery test starts it"]
fn helper_window() {
    let (Some(dir), Some(original), Some(name), Some(role)) = (
        std::env::var_os("ARCHMODEL_TEST_RECOVERY"),
        std::env::var_os("ARCHMODEL_TEST_ORIGINAL"),
        std::env::var("ARCHMODEL_TEST_NAME").ok(),
        std::env::var("ARCHMODEL_TEST_ROLE").ok(),
    ) else {
        return;
    };
    let store = RecoveryStore::new(dir);
    let slot = store.claim().expect("a slot");
    let original = PathBuf::from(original);
    store
        .write(slot.path(), Some(&original), &Model::new(name))
        .expect("write");
    if role == "save" {
        store.release(slot);
        println!("ready");
        return;
    }
    println!("ready");
    loop {
        std::thread::sleep(std::time::Duration::from_secs(60));
    }
}

/// Starts a window process and waits until its recovery file is written.
fn window(dir: &Path, original: &Path, name: &str, role: &str) -> Child {
    let mut child = Command::new(std::env::current_exe().expect("test binary"))
        .args(["--exact", "helper_window", "--ignored", "--nocapture"])
        .env("ARCHMODEL_TEST_RECOVERY", dir)
        .env("ARCHMODEL_TEST_ORIGINAL", original)
        .env("ARCHMODEL_TEST_NAME", name)
        .env("ARCHMODEL_TEST_ROLE", role)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start a window");
    let stdout = child.stdout.take().expect("stdout");
    let ready = BufReader::new(stdout)
        .lines()
        .any(|l| l.is_ok_and(|l| l.trim() == "ready"));
    assert!(ready, "the window never wrote its recovery file");
    child
}

#[test]
fn a_window_that_saves_leaves_the_other_windows_work_and_a_killed_window_is_offered_back() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let store_dir = tmp.path().join("recovery");
    let original = tmp.path().join("shop.ron");
    let store = RecoveryStore::new(&store_dir);

    let mut a = window(&store_dir, &original, "A's unsaved edits", "crash");
    assert!(store.orphans().is_empty(), "A is running: nothing to offer");
    let mut b = window(&store_dir, &original, "B's edits", "save");
    b.wait().expect("B exits after saving");
    assert!(
        store.orphans().is_empty(),
        "B's save took only B's file, and A is still running"
    );

    a.kill().expect("kill -9 A");
    a.wait().expect("reaped");
    let orphans = store.orphans();
    assert_eq!(orphans.len(), 1, "{orphans:?}");
    assert_eq!(orphans[0].original.as_deref(), Some(original.as_path()));
    assert_eq!(orphans[0].problem, None);
    let model = store.load(&orphans[0]).expect("loads");
    assert_eq!(model.name, "A's unsaved edits");
    store.discard_orphan(&orphans[0]);
    assert_eq!(std::fs::read_dir(&store_dir).expect("dir").count(), 0);
}

#[test]
fn an_unreadable_recovery_file_is_reported_with_its_reason() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let store = RecoveryStore::new(tmp.path());
    std::fs::write(
        tmp.path().join("4242-0.ron"),
        "// archmodel-recovery {\"original\": nul",
    )
    .expect("write");
    let orphans = store.orphans();
    assert_eq!(orphans.len(), 1);
    let problem = orphans[0].problem.as_deref().expect("a problem");
    assert!(problem.contains("header is damaged"), "{problem}");
}

//! Three-way merge of models: clean merges, conflicts that still load and can be resolved, git's
//! merge driver end to end, and merge(A, A, B) = B for any models.

mod diff_support;

use std::path::Path;
use std::process::Command;

use archmodel::diff::conflicts;
use archmodel::diff::merge::{self, Side};
use archmodel::model::{Link, Model, Tls};
use diff_support::{archmodel, edited, save, shop};
use proptest::prelude::*;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn rename(base: &Model, id: &str, name: &str) -> Model {
    edited(base, |d| {
        if let Some(n) = d.nodes.iter_mut().find(|n| n.id == id) {
            n.name = name.into();
        }
    })
}

#[test]
fn changes_to_different_fields_and_elements_combine() {
    let base = shop();
    let ours = rename(&base, "orders", "Order API");
    let theirs = edited(&base, |d| {
        if let Some(n) = d.nodes.iter_mut().find(|n| n.id == "orders") {
            n.replicas = 5;
        }
        d.links
            .push(Link::new("worker-catalogue", "worker", "catalogue"));
    });
    let merged = merge::merge(&base, &ours, &theirs).expect("merges");
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    let orders = merged.model.node("orders").expect("orders");
    assert_eq!((orders.name.as_str(), orders.replicas), ("Order API", 5));
    assert!(merged.model.link("worker-catalogue").is_some());
}

#[test]
fn the_same_field_changed_both_ways_is_a_conflict_keeping_ours() {
    let base = shop();
    let ours = rename(&base, "orders", "Order API");
    let theirs = rename(&base, "orders", "Orders");
    let merged = merge::merge(&base, &ours, &theirs).expect("merges");
    assert_eq!(merged.conflicts.len(), 1);
    assert_eq!(merged.conflicts[0].fields, ["name"]);
    assert_eq!(
        merged.model.node("orders").map(|n| n.name.as_str()),
        Some("Order API")
    );

    let text = conflicts::write(
        &archmodel::io::to_string(&merged.model).expect("text"),
        &merged.conflicts,
    );
    let mut file = conflicts::parse(&text).expect("a conflicted file loads");
    assert_eq!(file.conflicts, merged.conflicts);
    file.resolve(|_, _| Some(Side::Theirs))
        .expect("taking theirs works");
    assert!(file.conflicts.is_empty());
    assert_eq!(
        file.model.node("orders").map(|n| n.name.as_str()),
        Some("Orders")
    );
    let clean = file.to_text().expect("text");
    assert!(!conflicts::has_conflicts(&clean));
}

#[test]
fn a_link_to_a_node_we_removed_is_a_conflict_and_the_result_stays_valid() {
    let base = shop();
    let ours = edited(&base, |d| {
        d.nodes.retain(|n| n.id != "email");
        d.links.retain(|l| l.from != "email" && l.to != "email");
        d.layout.positions.remove("email");
    });
    let theirs = edited(&base, |d| {
        let mut l = Link::new("orders-email", "orders", "email");
        l.tls = Tls::Mutual;
        d.links.push(l);
    });
    let merged = merge::merge(&base, &ours, &theirs).expect("merges");
    assert!(merged.model.node("email").is_none(), "ours removed it");
    assert!(merged.model.link("orders-email").is_none());
    assert!(
        merged.conflicts.iter().any(|c| c.id == "orders-email"),
        "{:?}",
        merged.conflicts
    );
    // Taking theirs everywhere restores the node and the link together.
    let text = conflicts::write(
        &archmodel::io::to_string(&merged.model).expect("text"),
        &merged.conflicts,
    );
    let mut file = conflicts::parse(&text).expect("loads");
    let taken = file.resolve(|_, _| Some(Side::Theirs));
    assert!(taken.is_ok(), "{taken:?}");
    assert!(file.model.node("email").is_some() && file.model.link("orders-email").is_some());
}

#[test]
fn taking_one_side_that_breaks_the_model_changes_nothing() {
    let base = shop();
    let ours = edited(&base, |d| {
        d.nodes.retain(|n| n.id != "email");
        d.links.retain(|l| l.from != "email" && l.to != "email");
        d.layout.positions.remove("email");
    });
    let theirs = edited(&base, |d| {
        d.links.push(Link::new("orders-email", "orders", "email"))
    });
    let merged = merge::merge(&base, &ours, &theirs).expect("merges");
    let text = conflicts::write(
        &archmodel::io::to_string(&merged.model).expect("text"),
        &merged.conflicts,
    );
    let mut file = conflicts::parse(&text).expect("loads");
    let before = file.conflicts.clone();
    let link_only = file.resolve(|_, c| (c.id == "orders-email").then_some(Side::Theirs));
    assert_eq!(
        before.len(),
        2,
        "the link and the node it needs: {before:?}"
    );
    assert!(link_only.is_err(), "the link needs the node");
    assert_eq!(file.conflicts, before);
}

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs")
}

fn ok(dir: &Path, args: &[&str]) {
    let out = git(dir, args);
    assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
}

/// A repository with the merge driver set up as the README says, and two branches.
fn repo(dir: &Path, ours: &Model, theirs: &Model) -> std::process::Output {
    ok(dir, &["init", "-q", "-b", "main"]);
    ok(dir, &["config", "user.email", "ci@example.org"]);
    ok(dir, &["config", "user.name", "CI"]);
    let driver = format!("{} merge %O %A %B", env!("CARGO_BIN_EXE_archmodel"));
    ok(dir, &["config", "merge.archmodel.driver", &driver]);
    std::fs::write(dir.join(".gitattributes"), "*.ron merge=archmodel\n").expect("write");
    save(&shop(), dir, "shop.ron");
    ok(dir, &["add", "."]);
    ok(dir, &["commit", "-q", "-m", "base"]);
    ok(dir, &["checkout", "-q", "-b", "theirs"]);
    save(theirs, dir, "shop.ron");
    ok(dir, &["commit", "-q", "-am", "theirs"]);
    ok(dir, &["checkout", "-q", "main"]);
    save(ours, dir, "shop.ron");
    ok(dir, &["commit", "-q", "-am", "ours"]);
    git(dir, &["merge", "-q", "--no-edit", "theirs"])
}

#[test]
fn git_merges_models_with_the_driver() {
    let dir = tempfile::tempdir().expect("tempdir");
    let base = shop();
    // Both sides touch the same node: git's line merge would conflict on adjacent lines.
    let ours = rename(&base, "orders", "Order API");
    let theirs = edited(&base, |d| {
        if let Some(n) = d.nodes.iter_mut().find(|n| n.id == "orders") {
            n.description = "Prices and places orders.".into();
        }
    });
    let out = repo(dir.path(), &ours, &theirs);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    let merged = archmodel::io::load(&dir.path().join("shop.ron")).expect("loads");
    let orders = merged.node("orders").expect("orders");
    assert_eq!(orders.name, "Order API");
    assert_eq!(orders.description, "Prices and places orders.");
}

#[test]
fn git_conflicts_leave_a_file_that_loads_validates_as_conflicted_and_resolves() {
    let dir = tempfile::tempdir().expect("tempdir");
    let base = shop();
    let out = repo(
        dir.path(),
        &rename(&base, "orders", "Order API"),
        &rename(&base, "orders", "Orders"),
    );
    assert!(!out.status.success(), "a conflict fails the merge");
    let file = dir.path().join("shop.ron");
    let model = archmodel::io::load(&file).expect("the conflicted file still loads");
    assert_eq!(
        model.node("orders").map(|n| n.name.as_str()),
        Some("Order API")
    );

    let v = archmodel(&["validate", "shop.ron"], dir.path());
    assert_eq!(v.status.code(), Some(1));
    assert!(
        text(&v.stderr).contains("1 unresolved merge conflict"),
        "{}",
        text(&v.stderr)
    );
    let f = archmodel(&["fmt", "shop.ron"], dir.path());
    assert_eq!(f.status.code(), Some(1));
    let before = std::fs::read_to_string(&file).expect("read");
    assert!(
        conflicts::has_conflicts(&before),
        "fmt left the conflicts alone"
    );

    let list = archmodel(&["resolve", "shop.ron"], dir.path());
    assert_eq!(list.status.code(), Some(1));
    assert!(
        text(&list.stdout).contains("1. node `orders` (name)"),
        "{}",
        text(&list.stdout)
    );
    let take = archmodel(&["resolve", "shop.ron", "--take", "theirs"], dir.path());
    assert_eq!(take.status.code(), Some(0), "{}", text(&take.stderr));
    let v = archmodel(&["validate", "shop.ron"], dir.path());
    assert_eq!(v.status.code(), Some(0), "{}", text(&v.stderr));
    let resolved = archmodel::io::load(&file).expect("loads");
    assert_eq!(
        resolved.node("orders").map(|n| n.name.as_str()),
        Some("Orders")
    );
}

#[test]
fn merge_refuses_unreadable_versions_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    save(&shop(), dir.path(), "base.ron");
    save(&shop(), dir.path(), "ours.ron");
    std::fs::write(dir.path().join("theirs.ron"), "(format: 1, name: ").expect("write");
    let before = std::fs::read(dir.path().join("ours.ron")).expect("read");
    let out = archmodel(&["merge", "base.ron", "ours.ron", "theirs.ron"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("theirs.ron:"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read(dir.path().join("ours.ron")).expect("read"),
        before
    );
}

/// A synthetic model with a few of its nodes renamed.
fn model_strategy() -> impl Strategy<Value = Model> {
    (
        1usize..60,
        any::<u64>(),
        proptest::collection::vec(any::<u16>(), 0..6),
    )
        .prop_map(|(n, seed, renames)| {
            let base = archmodel::generate::synthetic(n, seed);
            edited(&base, |d| {
                for r in renames {
                    let len = d.nodes.len().max(1);
                    if let Some(node) = d.nodes.get_mut(usize::from(r) % len) {
                        node.name = format!("renamed {r}");
                    }
                }
            })
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn a_model_has_no_diff_with_itself(a in model_strategy()) {
        prop_assert!(archmodel::diff::diff(&a, &a).is_empty());
    }

    #[test]
    fn merging_a_change_into_an_unchanged_side_gives_the_change(a in model_strategy(), b in model_strategy()) {
        let merged = merge::merge(&a, &a, &b).expect("merges");
        prop_assert!(merged.conflicts.is_empty());
        prop_assert_eq!(&merged.model, &b);
        let merged = merge::merge(&a, &b, &a).expect("merges");
        prop_assert_eq!(&merged.model, &b);
        let merged = merge::merge(&a, &b, &b).expect("merges");
        prop_assert_eq!(&merged.model, &b);
    }
}

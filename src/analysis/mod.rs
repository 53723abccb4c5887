//! The review: rules that check a model against the client-server / peer-to-peer paradigm.
//!
//! [`check`] runs every rule of the catalogue ([`rules`]) and returns findings keyed
//! `rule-id@element-id`; [`checklist`] and [`skew_matrix`] summarise the same model for the
//! app and the ADR; [`report`] renders findings as text, JSON or SARIF.

mod checklist;
mod facts;
mod finding;
mod index;
mod names;
pub mod report;
mod rules;
mod skew;
mod version;

use foldhash::{HashMap, HashSet};

pub use checklist::{ChecklistStep, checklist, step_elements};
pub use finding::{Area, Finding, ParseSeverityError, Rule, Severity};
pub use skew::{SkewCell, SkewColumn, SkewMatrix, SkewRow, skew_matrix};
pub use version::{Version, VersionReq};

use crate::model::{Model, Triage, TriageStatus};
use index::ModelIndex;

/// Runs every rule on the model; findings are sorted by severity (most severe first), then key.
///
/// Every finding has a distinct key. The model is read only; any valid model can be checked.
pub fn check(model: &Model) -> Vec<Finding> {
    let ix = ModelIndex::new(model);
    let workers = if ix.nodes.len() + ix.links.len() < PARALLEL_FROM {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_WORKERS))
    };
    in_order(run_rules(&ix, workers))
}

/// Models with fewer nodes and links than this are checked on the calling thread: starting
/// threads would cost more than they save.
const PARALLEL_FROM: usize = 4_000;
/// Most threads one check uses.
const MAX_WORKERS: usize = 4;

/// Each catalogue rule's findings, in catalogue order, keys made unique within each rule.
///
/// The rules only read the index, so `workers` threads (the calling one included) take them one
/// at a time; the result is the same for any number of workers. Where a thread cannot be
/// started, the others (at least the calling one) do its share.
fn run_rules(ix: &ModelIndex<'_>, workers: usize) -> Vec<Vec<Finding>> {
    let run = |i: usize| -> Vec<Finding> {
        let mut found = Vec::new();
        if let Some((_, rule_check)) = rules::CATALOGUE.get(i) {
            rule_check(ix, &mut found);
        }
        make_keys_unique(&mut found);
        found
    };
    if workers <= 1 {
        return (0..rules::CATALOGUE.len()).map(run).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let take = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if i >= rules::CATALOGUE.len() {
                return done;
            }
            done.push((i, run(i)));
        }
    };
    let finished: Vec<Vec<(usize, Vec<Finding>)>> = std::thread::scope(|s| {
        let helpers: Vec<_> = (1..workers)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .name("check".into())
                    .spawn_scoped(s, take)
                    .ok()
            })
            .collect();
        let mut all = vec![take()];
        for helper in helpers {
            // A rule that panicked on a helper panics here, as it would have on this thread.
            all.push(
                helper
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e)),
            );
        }
        all
    });
    let mut by_rule: Vec<Vec<Finding>> = Vec::new();
    by_rule.resize_with(rules::CATALOGUE.len(), Vec::new);
    for (i, found) in finished.into_iter().flatten() {
        by_rule[i] = found;
    }
    by_rule
}

/// The findings of every rule (in catalogue order) sorted by severity, most severe first, then
/// by key.
fn in_order(by_rule: Vec<Vec<Finding>>) -> Vec<Finding> {
    let ranks = rule_ranks();
    // Each finding's bucket: severity (most severe first), then rule rank. Each rule's findings
    // are in key order and keys start with the rule id, so listing the buckets in order, each in
    // position order, orders by severity, then key, without comparing any string: O(findings).
    let total = by_rule.iter().map(Vec::len).sum();
    let mut bucket: Vec<usize> = Vec::with_capacity(total);
    for (found, rank) in by_rule.iter().zip(ranks) {
        bucket.extend(found.iter().map(|f| bucket_of(f.severity, rank)));
    }
    let order = counting_sort(&bucket, BUCKETS);
    let mut slots: Vec<Option<Finding>> = by_rule.into_iter().flatten().map(Some).collect();
    order
        .iter()
        .filter_map(|&i| slots.get_mut(i).and_then(Option::take))
        .collect()
}

/// How many (severity, rule rank) buckets there are.
const BUCKETS: usize = Severity::ALL.len() * rules::CATALOGUE.len();

/// The bucket of a finding: the most severe first, then by its rule's rank.
fn bucket_of(severity: Severity, rank: usize) -> usize {
    let from_top = Severity::ALL.len() - 1 - severity as usize;
    from_top * rules::CATALOGUE.len() + rank
}

/// The positions 0..n ordered by bucket, positions in increasing order within a bucket.
fn counting_sort(bucket: &[usize], buckets: usize) -> Vec<usize> {
    let mut start = vec![0usize; buckets + 1];
    for &b in bucket {
        start[b + 1] += 1;
    }
    for b in 0..buckets {
        start[b + 1] += start[b];
    }
    let mut order = vec![0usize; bucket.len()];
    for (i, &b) in bucket.iter().enumerate() {
        order[start[b]] = i;
        start[b] += 1;
    }
    order
}

/// Each catalogue rule's place in the order of keys: rule ids compared as key prefixes
/// (`id@`), so a rule whose id extends another's still sorts as its keys do.
fn rule_ranks() -> [usize; rules::CATALOGUE.len()] {
    let mut by_prefix: Vec<(String, usize)> = rules::CATALOGUE
        .iter()
        .enumerate()
        .map(|(i, (r, _))| (format!("{}@", r.id), i))
        .collect();
    by_prefix.sort();
    let mut ranks = [0; rules::CATALOGUE.len()];
    for (rank, (_, i)) in by_prefix.into_iter().enumerate() {
        ranks[i] = rank;
    }
    ranks
}

/// Rules key findings by element, so a clash within a rule is a bug in it; suffixing keeps triage
/// unambiguous. Keys of different rules never clash: they start with the rule id.
///
/// Leaves the findings sorted by key (a suffix `#2` sorts right after its base, as `#` comes
/// before every character an id may hold). Rules mostly report in id order already.
fn make_keys_unique(findings: &mut [Finding]) {
    if findings.windows(2).all(|w| w[0].key < w[1].key) {
        return;
    }
    findings.sort_by(|a, b| a.key.cmp(&b.key));
    let mut i = 1;
    while i < findings.len() {
        if findings[i].key != findings[i - 1].key {
            i += 1;
            continue;
        }
        let base = findings[i - 1].key.clone();
        let mut n = 2;
        while i < findings.len() && findings[i].key == base {
            let key = format!("{base}#{n}");
            if !findings.iter().any(|f| f.key == key) {
                findings[i].key = key;
                i += 1;
            }
            n += 1;
        }
    }
}

/// Every rule in the catalogue, in paradigm-step order.
pub fn rules() -> Vec<&'static Rule> {
    rules::CATALOGUE.iter().map(|(r, _)| *r).collect()
}

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    rules::CATALOGUE
        .iter()
        .map(|(r, _)| *r)
        .find(|r| r.id == id)
}

/// The triage recorded in the model for a finding key, if any.
pub fn triage_of<'m>(model: &'m Model, key: &str) -> Option<&'m Triage> {
    model.triage.iter().find(|t| t.finding == key)
}

/// Triage entries whose key matches no current finding (the element changed or the risk is gone).
pub fn stale_triage<'m>(model: &'m Model, findings: &[Finding]) -> Vec<&'m Triage> {
    let keys: HashSet<&str> = findings.iter().map(|f| f.key.as_str()).collect();
    model
        .triage
        .iter()
        .filter(|t| !keys.contains(t.finding.as_str()))
        .collect()
}

/// Whether a triage verdict settles the finding (accepted, mitigated or a false positive).
///
/// A finding marked in progress is still open.
pub fn settles(status: TriageStatus) -> bool {
    !matches!(status, TriageStatus::InProgress)
}

/// The findings no triage settles, in the order given.
pub fn open_findings<'f>(model: &Model, findings: &'f [Finding]) -> Vec<&'f Finding> {
    let verdicts = triage_map(model);
    findings
        .iter()
        .filter(|f| {
            !verdicts
                .get(f.key.as_str())
                .is_some_and(|t| settles(t.status))
        })
        .collect()
}

/// Triage by finding key, for reports that look up many findings.
fn triage_map(model: &Model) -> HashMap<&str, &Triage> {
    model
        .triage
        .iter()
        .map(|t| (t.finding.as_str(), t))
        .collect()
}

#[cfg(test)]
mod tests;

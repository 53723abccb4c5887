//! An in-process fuzzer for the model loader, on stable Rust (cargo-fuzz needs a nightly
//! compiler): it mutates the shipped examples, small generated models and random bytes, and
//! feeds each input to everything that reads a file.
//!
//! What must hold for every input: no panic and no hang; an error has at least one diagnostic
//! with a 1-based position; a file that loads saves, loads back to the same model and saves to
//! the same text; the review and the locator run on it.
//!
//! CI runs a few hundred inputs. For a long run, in release:
//! `ARCHMODEL_FUZZ_EXECS=1000000 cargo test --release --test fuzz_loader -- --nocapture`
//! (`ARCHMODEL_FUZZ_SEED` picks another sequence). A failing input is written to a temporary
//! file whose path the failure message names.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Instant;

use archmodel::io::{self, LoadError, locate};
use archmodel::{analysis, examples, generate};

/// Executions when `ARCHMODEL_FUZZ_EXECS` is not set.
const CI_EXECS: u64 = 400;

/// Pieces a mutation splices in: RON syntax, escapes, hostile characters, field names.
const TOKENS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "\"",
    "\\",
    "r#\"",
    "\"#",
    "Some(",
    "None",
    "true",
    "-1",
    "0",
    "1e309",
    "NaN",
    "inf",
    "4294967296",
    "18446744073709551616",
    "0x1F",
    "'a'",
    "/*",
    "*/",
    "//",
    "\n",
    "\r\n",
    "\t",
    "\u{0}",
    "\\0",
    "\\u{0}",
    "\u{feff}",
    "\u{1b}[31m",
    "\u{202e}",
    "é",
    "😀",
    "format: 2",
    "format: 0",
    "id: \"x\"",
    "parent: Some(\"x\")",
    "zone: Some(\"nope\")",
    "tls: Plaintext",
    "protocol: Https",
    "kind: Cdn",
    "zones: [",
    "nodes: [",
    "links: [",
    "layout: (",
    "positions: {",
    "(id: \"z\", name: \"Z\", kind: Dmz, trust: 9),",
];

/// splitmix64: a tiny deterministic generator, so a failure can be replayed from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// The inputs mutations start from: the examples and a few generated models, as saved text.
fn corpus() -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = examples::EXAMPLES
        .iter()
        .map(|e| e.source.as_bytes().to_vec())
        .collect();
    for (nodes, seed) in [(8, 1), (30, 2)] {
        let text = io::to_string(&generate::synthetic(nodes, seed)).expect("saves");
        out.push(text.into_bytes());
    }
    let shape = generate::RandomShape {
        nodes: 20,
        links: 40,
        zones: 6,
        depth: 4,
    };
    out.push(
        io::to_string(&generate::random(shape, 3))
            .expect("saves")
            .into_bytes(),
    );
    out
}

/// One to four edits of a corpus entry, or random bytes.
fn mutate(rng: &mut Rng, corpus: &[Vec<u8>]) -> Vec<u8> {
    if rng.below(50) == 0 {
        let len = rng.below(200);
        return (0..len).map(|_| rng.next() as u8).collect();
    }
    let mut data = corpus[rng.below(corpus.len())].clone();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(data.len() + 1);
        match rng.below(9) {
            0 => {
                // Flip a bit.
                if let Some(b) = data.get_mut(at) {
                    *b ^= 1 << rng.below(8);
                }
            }
            1 => {
                // Overwrite a byte with an interesting one.
                let pick = [
                    b'"', b'(', b')', b'[', b']', b',', b':', 0, 0xff, b'\\', b'9',
                ];
                if let Some(b) = data.get_mut(at) {
                    *b = pick[rng.below(pick.len())];
                }
            }
            2 | 3 => {
                // Delete a range.
                let end = (at + 1 + rng.below(64)).min(data.len());
                if at < end {
                    data.drain(at..end);
                }
            }
            4 | 5 => {
                // Splice a token in.
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                data.splice(at..at, token.iter().copied());
            }
            6 => {
                // Duplicate a range (repeated elements, duplicate ids).
                let end = (at + 1 + rng.below(400)).min(data.len());
                let piece = data[at.min(end)..end].to_vec();
                data.splice(end..end, piece);
            }
            7 => {
                // Splice in a range of another corpus entry.
                let other = &corpus[rng.below(corpus.len())];
                let from = rng.below(other.len());
                let end = (from + rng.below(300)).min(other.len());
                data.splice(at..at, other[from..end].iter().copied());
            }
            _ => {
                // Cut the file off.
                data.truncate(at);
            }
        }
    }
    data
}

/// Feeds one input to the loader and what runs on a loaded file; panics on a broken promise.
/// Returns whether the input loaded.
fn exercise(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    let _ = locate::element_positions(&text);
    let _ = locate::format_field(&text);
    match io::parse(&text) {
        Ok(model) => {
            let saved = io::to_string(&model).expect("a loaded model saves");
            let again = io::parse(&saved).expect("a saved model loads");
            assert!(again == model, "save → load changed the model");
            assert_eq!(
                io::to_string(&again).expect("saves"),
                saved,
                "not canonical"
            );
            let findings = analysis::check(&model);
            let _ = analysis::report::text(&model, &findings, "f.ron", |_| None);
            return true;
        }
        Err(LoadError::Invalid(diagnostics)) => {
            assert!(
                !diagnostics.is_empty(),
                "an invalid file with no diagnostic"
            );
            for d in &diagnostics {
                assert!(d.position.line >= 1 && d.position.col >= 1, "{d}");
                assert!(!d.message.is_empty());
            }
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
    false
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().replace('_', "").parse().ok())
        .unwrap_or(default)
}

#[test]
fn the_loader_survives_mutated_files_and_random_bytes() {
    let execs = env_number("ARCHMODEL_FUZZ_EXECS", CI_EXECS);
    let seed = env_number("ARCHMODEL_FUZZ_SEED", 0xA2C4_F022);
    fuzz(execs, seed);
}

/// Runs `execs` inputs of the sequence `seed`; panics naming the first input that breaks a promise.
pub fn fuzz(execs: u64, seed: u64) {
    let corpus = corpus();
    let mut rng = Rng(seed);
    let start = Instant::now();
    let (mut loaded, mut refused) = (0u64, 0u64);
    for i in 0..execs {
        let input = mutate(&mut rng, &corpus);
        let result = catch_unwind(AssertUnwindSafe(|| exercise(&input)));
        let panic = match result {
            Ok(true) => {
                loaded += 1;
                continue;
            }
            Ok(false) => {
                refused += 1;
                continue;
            }
            Err(panic) => panic,
        };
        {
            let dir = std::env::temp_dir().join(format!("archmodel-fuzz-{seed}-{i}.ron"));
            let _ = std::fs::write(&dir, &input);
            let why = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            panic!(
                "input {i} (seed {seed}) broke a promise: {why}; written to {}",
                dir.display()
            );
        }
    }
    eprintln!(
        "fuzz_loader: {execs} executions (seed {seed}) in {:.1} s: {loaded} loaded, {refused} refused",
        start.elapsed().as_secs_f64()
    );
    assert_eq!(loaded + refused, execs);
}

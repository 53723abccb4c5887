//! The compatibility matrix: every client release in the field against the version of each
//! contract it needs, with the test each cell implies, as Markdown (a table and the test list)
//! and CSV (one row per cell, for a test planner or a spreadsheet).

use std::fmt::Write;

use super::markdown;
use crate::analysis::{SkewCell, SkewColumn, SkewMatrix, SkewRow, skew_matrix};
use crate::model::Model;

/// The test a cell of the matrix implies.
pub fn implied_test(row: &SkewRow, column: &SkewColumn, need: &str, cell: &SkewCell) -> String {
    let client = format!("{} {}", row.client_name, row.version);
    let provider = if column.version.is_empty() {
        column.name.clone()
    } else {
        format!("{} {}", column.name, column.version)
    };
    match cell {
        SkewCell::NotNeeded => String::new(),
        SkewCell::Works => {
            let oldest = if column.supported.is_empty() {
                String::new()
            } else {
                format!(
                    " and the oldest version of its supported range ({})",
                    column.supported
                )
            };
            format!("Contract test: {client}'s requests (needs {need}) against {provider}{oldest}")
        }
        SkewCell::Broken(reason) => format!(
            "Release gate: {reason}; either keep serving {need} (test {client} against it) or \
             retire {client} before the release"
        ),
        SkewCell::Unknown(reason) => format!(
            "No test possible yet: {reason}; state the versions, then test {client} against {provider}"
        ),
    }
}

/// The range a release needs of a contract ("" when it does not use it).
fn need_of<'m>(model: &'m Model, row: &SkewRow, contract: &str) -> &'m str {
    model
        .releases
        .iter()
        .find(|r| r.client == row.client && r.version == row.version)
        .and_then(|r| r.needs.iter().find(|n| n.0 == contract))
        .map_or("", |n| n.1.as_str())
}

/// The matrix as Markdown: a table of releases against contract versions, then each test.
pub fn markdown(model: &Model) -> String {
    let matrix = skew_matrix(model);
    let mut out = format!(
        "# Compatibility matrix: {}\n\n",
        markdown::heading_text(&model.name)
    );
    if matrix.is_empty() {
        out.push_str("No client release states which contract versions it needs.\n");
        return out;
    }
    out.push_str("| Client release |");
    for c in &matrix.columns {
        let _ = write!(out, " {} |", cell_text(&column_title(c)));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(matrix.columns.len()));
    out.push('\n');
    let mut tests = Vec::new();
    for row in &matrix.rows {
        let _ = write!(
            out,
            "| {} |",
            cell_text(&format!("{} {}", row.client_name, row.version))
        );
        for (c, cell) in matrix.columns.iter().zip(&row.cells) {
            if matches!(cell, SkewCell::NotNeeded) {
                out.push_str(" — |");
                continue;
            }
            tests.push(implied_test(row, c, need_of(model, row, &c.contract), cell));
            let _ = write!(out, " {} (T{}) |", cell.label(), tests.len());
        }
        out.push('\n');
    }
    out.push_str("\n## Tests\n\n");
    for (i, t) in tests.iter().enumerate() {
        let _ = writeln!(out, "- **T{}**: {}", i + 1, markdown::text(t));
    }
    out
}

/// The matrix as CSV: a header and one row per release and contract it needs.
pub fn csv(model: &Model) -> String {
    let matrix: SkewMatrix = skew_matrix(model);
    let mut out = String::from(
        "client,client_name,release,contract,contract_name,contract_version,supported,needs,status,reason,test\n",
    );
    for row in &matrix.rows {
        for (c, cell) in matrix.columns.iter().zip(&row.cells) {
            if matches!(cell, SkewCell::NotNeeded) {
                continue;
            }
            let need = need_of(model, row, &c.contract);
            let fields = [
                row.client.as_str(),
                &row.client_name,
                &row.version,
                &c.contract,
                &c.name,
                &c.version,
                &c.supported,
                need,
                cell.label(),
                cell.reason().unwrap_or(""),
                &implied_test(row, c, need, cell),
            ];
            let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
            out.push_str(&line.join(","));
            out.push('\n');
        }
    }
    out
}

fn column_title(c: &SkewColumn) -> String {
    match (c.version.is_empty(), c.supported.is_empty()) {
        (true, true) => c.name.clone(),
        (false, true) => format!("{} {}", c.name, c.version),
        (true, false) => format!("{} (serves {})", c.name, c.supported),
        (false, false) => format!("{} {} (serves {})", c.name, c.version, c.supported),
    }
}

/// Text for a Markdown table cell: escaped, on one line, pipes escaped.
fn cell_text(s: &str) -> String {
    markdown::text(&super::escape::one_line(s)).replace('|', "\\|")
}

/// A CSV field (RFC 4180): quoted when it holds a comma, quote or line break; a leading `=`,
/// `+`, `-` or `@` gets a `'` so spreadsheets do not run it as a formula.
fn csv_field(s: &str) -> String {
    let s = super::escape::clean(s);
    let guarded = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_formula_safe() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=cmd()"), "'=cmd()");
        assert_eq!(csv_field(">=2.0, <3"), "\">=2.0, <3\"");
    }

    #[test]
    fn every_needed_cell_has_a_test() {
        let model = crate::examples::template("web-app").expect("example");
        let md = markdown(&model);
        let csv = csv(&model);
        let matrix = skew_matrix(&model);
        let needed = matrix
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .filter(|c| !matches!(c, SkewCell::NotNeeded))
            .count();
        assert!(needed > 0);
        assert_eq!(csv.lines().count(), needed + 1);
        assert_eq!(md.matches("- **T").count(), needed);
    }
}

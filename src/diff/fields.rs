//! Field-by-field comparison of two versions of one element, through their serde shape, and the
//! readable form of a field's value (RON-like: `Server(role: Api)`, `"Order service"`).

use serde::Serialize;
use serde_json::{Map, Value};

use super::FieldChange;

/// Fields whose string values are enum variants, shown bare (`Tls13`, not `"Tls13"`).
const ENUM_FIELDS: &[&str] = &[
    "kind",
    "protocol",
    "tls",
    "authn",
    "style",
    "negotiation",
    "status",
    "platform",
    "thickness",
    "role",
    "strategy",
    "direction",
    "sync",
];

/// The fields in which `old` and `new` differ, in field-name order; `skip` names fields left out
/// (the id, or fields reported in a section of their own).
pub(super) fn changed_fields<T: Serialize>(old: &T, new: &T, skip: &[&str]) -> Vec<FieldChange> {
    let (a, b) = (object(old), object(new));
    let mut names: Vec<&String> = a.keys().chain(b.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|name| !skip.contains(&name.as_str()))
        .filter_map(|name| {
            let (x, y) = (a.get(name), b.get(name));
            (x != y).then(|| FieldChange {
                field: name.clone(),
                old: x.cloned().unwrap_or(Value::Null),
                new: y.cloned().unwrap_or(Value::Null),
            })
        })
        .collect()
}

/// An element's fields as a JSON object (empty when it does not serialize to one).
pub(super) fn object<T: Serialize>(value: &T) -> Map<String, Value> {
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// The value of `field` as a person reads it; a missing value (`null`) is the field's default.
pub fn show(field: &str, value: &Value) -> String {
    if value.is_null() {
        return default_of(field).to_owned();
    }
    let mut out = String::new();
    write_value(&mut out, value, ENUM_FIELDS.contains(&field));
    out
}

/// What a field left out of the file holds (the file skips defaults).
fn default_of(field: &str) -> &'static str {
    match field {
        "replicas" | "calls_per_action" => "1",
        "telemetry" | "bidirectional" => "false",
        "description" | "label" | "version" | "supported" | "date" | "context" | "outcome"
        | "confirmation" | "note" => "\"\"",
        "responsibilities" | "data" | "deciders" | "drivers" | "options" | "consequences"
        | "concerns" | "needs" => "[]",
        _ => "none",
    }
}

fn write_value(out: &mut String, value: &Value, bare: bool) {
    match value {
        Value::Null => out.push_str("none"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) if bare && is_variant(s) => out.push_str(s),
        Value::String(s) => {
            out.push('"');
            out.push_str(s);
            out.push('"');
        }
        Value::Array(items) => {
            // Two-element arrays are tuples in the model (data flows, contract needs).
            let tuple = items.len() == 2 && items.iter().all(|v| !v.is_object());
            out.push(if tuple { '(' } else { '[' });
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(out, item, bare || (tuple && i == 1));
            }
            out.push(if tuple { ')' } else { ']' });
        }
        Value::Object(map) => {
            // An object with one capitalised key is an enum variant with data.
            if map.len() == 1
                && let Some((variant, inner)) = map.iter().next()
                && is_variant(variant)
            {
                out.push_str(variant);
                match inner {
                    Value::Object(_) => write_value(out, inner, true),
                    _ => {
                        out.push('(');
                        write_value(out, inner, false);
                        out.push(')');
                    }
                }
                return;
            }
            out.push('(');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(k);
                out.push_str(": ");
                write_value(out, v, bare || ENUM_FIELDS.contains(&k.as_str()));
            }
            out.push(')');
        }
    }
}

/// Whether a string looks like an enum variant name (`Tls13`, `ApiGateway`).
fn is_variant(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && s.chars().all(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Link, Node, NodeKind, ServerRole, Tls};

    #[test]
    fn only_changed_fields_are_listed_in_name_order() {
        let old = Link::new("l", "a", "b");
        let mut new = old.clone();
        new.tls = Tls::None;
        new.telemetry = true;
        let fields = changed_fields(&old, &new, &["id"]);
        let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(names, ["telemetry", "tls"]);
        assert_eq!(show("tls", &fields[1].old), "Tls13");
        assert_eq!(show("tls", &fields[1].new), "Plaintext");
        assert_eq!(show("telemetry", &fields[0].old), "false");
    }

    #[test]
    fn enum_values_read_like_the_file() {
        let node = Node::new(
            "n",
            "Orders",
            NodeKind::Server {
                role: ServerRole::Worker,
            },
        );
        let map = object(&node);
        assert_eq!(show("kind", &map["kind"]), "Server(role: Worker)");
        assert_eq!(show("name", &map["name"]), "\"Orders\"");
        assert_eq!(show("replicas", &Value::Null), "1");
    }
}

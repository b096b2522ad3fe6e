//! The dependency rule of `src/`, checked on the source itself: `http → workflows → {store,
//! mailer, matching} → domain`, entities named only by the store, and no module importing one
//! that imports it back. A change that breaks the rule fails here, naming the files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every module of `src/` (`http::pages::form`, …) and its source without unit tests.
fn modules() -> BTreeMap<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src/ is readable") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let source = std::fs::read_to_string(&path).expect("a source file");
                out.insert(module_name(&root, &path), without_tests(&source));
            }
        }
    }
    out
}

fn module_name(root: &Path, path: &Path) -> String {
    let relative = path
        .strip_prefix(root)
        .expect("under src/")
        .with_extension("");
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let parts = match parts.as_slice() {
        [one] if one == "lib" || one == "main" => Vec::new(),
        [rest @ .., last] if last == "mod" => rest.to_vec(),
        _ => parts,
    };
    parts.join("::")
}

/// The source up to its unit tests, which may reach anywhere.
fn without_tests(source: &str) -> String {
    match source.find("#[cfg(test)]\nmod tests") {
        Some(at) => source[..at].to_owned(),
        None => source.to_owned(),
    }
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Every path written in `source` that starts with `crate`, `super` or `self`, with `use`
/// groups (`a::{b, c::d}`) spelled out.
fn paths(source: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes: Vec<char> = source.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let starts_word = i == 0 || !is_ident(bytes[i - 1]) && bytes[i - 1] != ':';
        if starts_word && is_ident(bytes[i]) {
            let mut j = i;
            while j < bytes.len() && is_ident(bytes[j]) {
                j += 1;
            }
            let word: String = bytes[i..j].iter().collect();
            if matches!(word.as_str(), "crate" | "super" | "self") {
                let (found, end) = read_path(&bytes, i, Vec::new());
                out.extend(found);
                i = end.max(j);
                continue;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// Reads `a::b::{c, d::e}` from `at`, after `prefix`; returns the paths and where it ended.
fn read_path(text: &[char], mut at: usize, mut prefix: Vec<String>) -> (Vec<Vec<String>>, usize) {
    loop {
        while at < text.len() && text[at].is_whitespace() {
            at += 1;
        }
        if at < text.len() && text[at] == '{' {
            let mut out = Vec::new();
            at += 1;
            loop {
                while at < text.len() && (text[at].is_whitespace() || text[at] == ',') {
                    at += 1;
                }
                if at >= text.len() || text[at] == '}' {
                    return (out, at + 1);
                }
                let (found, end) = read_path(text, at, prefix.clone());
                out.extend(found);
                at = end;
                // Skip an `as name` or anything else up to the next item.
                while at < text.len() && text[at] != ',' && text[at] != '}' {
                    at += 1;
                }
            }
        }
        let start = at;
        while at < text.len() && is_ident(text[at]) {
            at += 1;
        }
        if start == at {
            return (vec![prefix], at);
        }
        prefix.push(text[start..at].iter().collect());
        if text.get(at) == Some(&':') && text.get(at + 1) == Some(&':') {
            at += 2;
        } else {
            return (vec![prefix], at);
        }
    }
}

/// The module a path written in `module` points into: the longest prefix that is a module.
fn target(module: &str, path: &[String], known: &BTreeMap<String, String>) -> Option<String> {
    let mut base: Vec<String> = if module.is_empty() {
        Vec::new()
    } else {
        module.split("::").map(str::to_owned).collect()
    };
    let mut rest = path;
    match rest.first().map(String::as_str) {
        Some("crate") => {
            base.clear();
            rest = &rest[1..];
        }
        _ => {
            while let Some(first) = rest.first() {
                match first.as_str() {
                    "super" => {
                        base.pop();
                    }
                    "self" => {}
                    _ => break,
                }
                rest = &rest[1..];
            }
        }
    }
    let full: Vec<String> = base.into_iter().chain(rest.iter().cloned()).collect();
    (1..=full.len())
        .rev()
        .map(|n| full[..n].join("::"))
        .find(|m| known.contains_key(m))
}

/// Which modules each module uses, leaving out its own ancestors (a child may use what its
/// parent declares) and itself; a parent's use of its child counts.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let known = modules();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, source) in &known {
        let mut to: BTreeSet<String> = paths(source)
            .iter()
            .filter_map(|p| target(module, p, &known))
            .filter(|t| t != module && !module.starts_with(&format!("{t}::")) && !t.is_empty())
            .collect();
        let prefix = if module.is_empty() {
            String::new()
        } else {
            format!("{module}::")
        };
        for child in known.keys().filter(|c| {
            c.starts_with(&prefix)
                && !c[prefix.len()..].is_empty()
                && !c[prefix.len()..].contains("::")
        }) {
            let name = &child[prefix.len()..];
            let used = source.match_indices(&format!("{name}::")).any(|(at, _)| {
                let before = source[..at].chars().next_back();
                !before.is_some_and(|c| is_ident(c) || c == ':')
            });
            if used && !prefix.is_empty() {
                to.insert(child.clone());
            }
        }
        edges.insert(module.clone(), to);
    }
    edges
}

fn top(module: &str) -> &str {
    module.split("::").next().unwrap_or(module)
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let edges = graph();
    // Depth-first search for a cycle; the first found is reported as a path.
    fn visit(
        at: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(at.to_owned(), 1);
        path.push(at.to_owned());
        for next in edges.get(at).into_iter().flatten() {
            match state.get(next.as_str()) {
                Some(1) => {
                    let from = path.iter().position(|m| m == next).unwrap_or(0);
                    let mut cycle = path[from..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                Some(_) => {}
                None => {
                    if let Some(cycle) = visit(next, edges, state, path) {
                        return Some(cycle);
                    }
                }
            }
        }
        path.pop();
        state.insert(at.to_owned(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for module in edges.keys() {
        if !state.contains_key(module.as_str()) {
            let cycle = visit(module, &edges, &mut state, &mut Vec::new());
            assert!(
                cycle.is_none(),
                "an import circle: {}",
                cycle.unwrap_or_default().join(" → ")
            );
        }
    }
}

#[test]
fn layers_depend_only_downwards() {
    // What each layer may use besides itself; `error`, `secrets`, `telemetry`, `metrics` and
    // `outbound` (the HTTP client for addresses organizers give) are shared.
    let allowed: &[(&str, &[&str])] = &[
        ("domain", &[]),
        ("matching", &[]),
        ("entities", &[]),
        // The catalogues and their formatting: pure, beside `domain`, for pages and emails.
        ("i18n", &["domain"]),
        ("store", &["domain", "entities", "error", "metrics"]),
        (
            "mailer",
            &["domain", "i18n", "store", "error", "secrets", "metrics"],
        ),
        (
            "webhooks",
            &[
                "domain", "store", "mailer", "error", "secrets", "metrics", "outbound",
            ],
        ),
        // Proving handles fetches from the networks and stores nothing.
        ("verification", &["domain", "error", "outbound"]),
        (
            "workflows",
            &[
                "domain",
                "store",
                "mailer",
                "matching",
                "verification",
                "error",
                "secrets",
                "metrics",
                "outbound",
            ],
        ),
        (
            "http",
            &[
                "domain",
                "i18n",
                "workflows",
                "matching",
                "error",
                "secrets",
                "metrics",
            ],
        ),
    ];
    let mut broken = Vec::new();
    for (module, uses) in graph() {
        let Some((_, may)) = allowed.iter().find(|(layer, _)| *layer == top(&module)) else {
            continue;
        };
        for used in uses {
            let layer = top(&used);
            if layer != top(&module) && !may.contains(&layer) {
                broken.push(format!("{module} uses {used}"));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "layer rule broken:\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_checker_reads_use_groups_and_relative_paths() {
    let text: Vec<char> = "use crate::a::{b, c::d as e};".chars().collect();
    let (found, _) = read_path(&text, 4, Vec::new());
    let found: Vec<String> = found.iter().map(|p| p.join("::")).collect();
    assert_eq!(found, ["crate::a::b", "crate::a::c::d"]);
    let known: BTreeMap<String, String> = ["a", "a::b", "a::c"]
        .iter()
        .map(|m| ((*m).to_owned(), String::new()))
        .collect();
    let path: Vec<String> = ["super", "c", "f"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    assert_eq!(target("a::b", &path, &known).as_deref(), Some("a::c"));
}

//! Every crate's module graph, read from its source: no module imports a module that imports it back (directly or
//! through others) — in the widget, the filter crate, the sandbox and xtask — and the sandbox's sync engine and
//! store never reach into the Carbon endpoints or their state.
//!
//! An edge A → B is drawn when A's code outside `#[cfg(test)]` names B by a `crate::…`, `super::…` or `self::…` path
//! (in `use` lines or inline, `{…}` groups included), or — in `lib.rs` / `mod.rs` — by a path starting with one of
//! its own child modules. Declaring `mod b;` is not an edge. A path names the deepest module it passes through.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Module = Vec<String>;

fn name(module: &Module) -> String {
    if module.is_empty() {
        "crate".to_owned()
    } else {
        module.join("::")
    }
}

/// The crates whose graphs are checked: their `src` folder, and whether `main.rs` is the crate root (a binary
/// crate) or another crate beside a library (`lib.rs`).
const CRATES: [(&str, bool); 4] = [
    ("src", false),
    ("crates/filter/src", false),
    ("crates/sandbox/src", false),
    ("xtask/src", true),
];

/// Every module file of one crate, by module path.
fn modules(src: &Path, main_is_root: bool) -> BTreeMap<Module, PathBuf> {
    let mut found = BTreeMap::new();
    let mut pending = vec![src.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("src dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            if path.extension().is_none_or(|extension| extension != "rs") {
                continue;
            }
            let relative = path
                .strip_prefix(src)
                .expect("inside src")
                .with_extension("");
            let mut module: Module = relative
                .components()
                .map(|part| part.as_os_str().to_string_lossy().into_owned())
                .collect();
            if module == ["main"] && !main_is_root {
                continue;
            }
            if module == ["main"]
                || matches!(module.last().map(String::as_str), Some("lib" | "mod"))
            {
                module.pop();
            }
            found.insert(module, path);
        }
    }
    found
}

/// The code of a module file without its tests and comments.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("source");
    let test_code = ["#[cfg(test)]", "#[cfg(all(test"]
        .iter()
        .filter_map(|marker| text.find(marker))
        .min()
        .unwrap_or(text.len());
    let text = &text[..test_code];
    text.lines()
        .map(|line| line.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The paths written from `at` on (`a::b`, `a::{b, c::{d}}`), each prefixed by `base`.
fn paths_at(chars: &[char], mut at: usize, base: &Module, out: &mut Vec<Module>) -> usize {
    let mut path = base.clone();
    loop {
        while chars.get(at).is_some_and(|c| c.is_whitespace()) {
            at += 1;
        }
        if chars.get(at) == Some(&'{') {
            at += 1;
            loop {
                at = paths_at(chars, at, &path, out);
                at = skip_alias(chars, at);
                while chars
                    .get(at)
                    .is_some_and(|c| c.is_whitespace() || *c == ',')
                {
                    at += 1;
                }
                match chars.get(at) {
                    Some('}') => return at + 1,
                    None => return at,
                    _ => {}
                }
            }
        }
        let start = at;
        while chars.get(at).is_some_and(|c| is_ident(*c)) {
            at += 1;
        }
        let segment: String = chars[start..at].iter().collect();
        match segment.as_str() {
            "" => break,
            "super" => {
                path.pop();
            }
            "self" => {}
            _ => path.push(segment),
        }
        if chars.get(at) == Some(&':') && chars.get(at + 1) == Some(&':') {
            at += 2;
        } else {
            break;
        }
    }
    out.push(path);
    at
}

/// Past an ` as alias` after a path, if there is one.
fn skip_alias(chars: &[char], at: usize) -> usize {
    let mut next = at;
    while chars.get(next).is_some_and(|c| c.is_whitespace()) {
        next += 1;
    }
    let is_as = chars.get(next) == Some(&'a')
        && chars.get(next + 1) == Some(&'s')
        && chars.get(next + 2).is_some_and(|c| c.is_whitespace());
    if !is_as {
        return at;
    }
    next += 2;
    while chars.get(next).is_some_and(|c| c.is_whitespace()) {
        next += 1;
    }
    while chars.get(next).is_some_and(|c| is_ident(*c)) {
        next += 1;
    }
    next
}

/// The modules `module`'s code names.
fn imports(module: &Module, code: &str, known: &BTreeMap<Module, PathBuf>) -> BTreeSet<Module> {
    let chars: Vec<char> = code.chars().collect();
    let children: BTreeSet<String> = known
        .keys()
        .filter(|other| other.len() == module.len() + 1 && other.starts_with(module))
        .map(|child| child[module.len()].clone())
        .collect();
    let mut paths = Vec::new();
    for at in 0..chars.len() {
        let starts_word = at == 0 || !(is_ident(chars[at - 1]) || chars[at - 1] == ':');
        if !starts_word || !is_ident(chars[at]) {
            continue;
        }
        let end = (at..chars.len())
            .find(|&i| !is_ident(chars[i]))
            .unwrap_or(chars.len());
        let word: String = chars[at..end].iter().collect();
        let followed_by_path = chars.get(end) == Some(&':') && chars.get(end + 1) == Some(&':');
        if !followed_by_path {
            continue;
        }
        let base: Module = match word.as_str() {
            "crate" => Vec::new(),
            "super" => module[..module.len().saturating_sub(1)].to_vec(),
            "self" => module.clone(),
            child if children.contains(child) => {
                let mut base = module.clone();
                base.push(child.to_owned());
                base
            }
            _ => continue,
        };
        paths_at(&chars, end + 2, &base, &mut paths);
    }
    paths
        .into_iter()
        .map(|mut path| {
            while !path.is_empty() && !known.contains_key(&path) {
                path.pop();
            }
            path
        })
        .filter(|target| target != module && known.contains_key(target))
        .collect()
}

fn graph(src: &str, main_is_root: bool) -> BTreeMap<Module, BTreeSet<Module>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(src);
    let known = modules(&src, main_is_root);
    known
        .iter()
        .map(|(module, path)| (module.clone(), imports(module, &code(path), &known)))
        .collect()
}

/// A cycle of the graph, if there is one, as the modules along it.
fn find_cycle(graph: &BTreeMap<Module, BTreeSet<Module>>) -> Option<Vec<Module>> {
    fn visit(
        module: &Module,
        graph: &BTreeMap<Module, BTreeSet<Module>>,
        done: &mut BTreeSet<Module>,
        stack: &mut Vec<Module>,
    ) -> Option<Vec<Module>> {
        if let Some(position) = stack.iter().position(|on_stack| on_stack == module) {
            let mut cycle = stack[position..].to_vec();
            cycle.push(module.clone());
            return Some(cycle);
        }
        if done.contains(module) {
            return None;
        }
        stack.push(module.clone());
        for target in graph.get(module).into_iter().flatten() {
            if let Some(cycle) = visit(target, graph, done, stack) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(module.clone());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|module| visit(module, graph, &mut done, &mut Vec::new()))
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    for (src, main_is_root) in CRATES {
        let graph = graph(src, main_is_root);
        assert!(graph.len() > 5, "{src} was read: {} modules", graph.len());
        let listing: Vec<String> = graph
            .iter()
            .map(|(module, targets)| {
                let targets: Vec<String> = targets.iter().map(name).collect();
                format!("{} -> {}", name(module), targets.join(", "))
            })
            .collect();
        if let Some(cycle) = find_cycle(&graph) {
            let cycle: Vec<String> = cycle.iter().map(name).collect();
            panic!(
                "import cycle in {src}: {}\n{}",
                cycle.join(" -> "),
                listing.join("\n")
            );
        }
    }
}

#[test]
fn the_sync_engine_and_the_store_stay_below_the_endpoints() {
    let graph = graph("crates/sandbox/src", false);
    for lower in ["sync", "store"] {
        let targets = &graph[&vec![lower.to_owned()]];
        for target in targets {
            assert!(
                !matches!(
                    target.first().map(String::as_str),
                    Some("carbon" | "state" | "auth")
                ),
                "{lower} imports {}",
                name(target)
            );
        }
    }
}

#[test]
fn the_reader_sees_paths_groups_and_child_modules() {
    let known: BTreeMap<Module, PathBuf> = [
        vec![],
        vec!["a".into()],
        vec!["a".into(), "b".into()],
        vec!["c".into()],
    ]
    .into_iter()
    .map(|module| (module, PathBuf::new()))
    .collect();
    let root = imports(&vec![], "fn f() { a::b::g(); }", &known);
    assert_eq!(root, BTreeSet::from([vec!["a".to_owned(), "b".to_owned()]]));
    let from_c = imports(
        &vec!["c".into()],
        "use crate::{a::{b::X as W, Y}, c::Z};",
        &known,
    );
    assert_eq!(
        from_c,
        BTreeSet::from([vec!["a".to_owned()], vec!["a".to_owned(), "b".to_owned()]])
    );
    let from_b = imports(
        &vec!["a".into(), "b".into()],
        "use super::T; let x = super::super::c::f();",
        &known,
    );
    assert_eq!(
        from_b,
        BTreeSet::from([vec!["a".to_owned()], vec!["c".to_owned()]])
    );
}

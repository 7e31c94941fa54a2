//! The split step of `cargo xtask dist`: cuts the widget's wasm at its `#[wasm_split]` points into the first-load
//! module and one chunk per lazily loaded screen (`wasm_split_cli_support`, as a library — what cargo-leptos's
//! `--split` does), and turns the splitter's ES-module link file into the plain object the no-modules glue needs.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{IoContext, Result, XtaskError};

/// The module name the split points import their loaders from; the glue `require`s it (see [`link_object`]).
pub const LINK_MODULE: &str = "./__wasm_split.js";

/// What the splitter wrote.
#[derive(Debug)]
pub struct SplitFiles {
    /// The first-load module, for wasm-bindgen.
    pub main: PathBuf,
    /// One wasm file per chunk, named as the link file fetches them.
    pub chunks: Vec<PathBuf>,
    /// The link file (an ES module: `import { initSync } …`, `export const __wasm_split_load_… = …`).
    pub link_js: String,
}

/// Splits `input` (linked with `--emit-relocs`) into `out_dir`.
pub fn split(input: &Path, out_dir: &Path) -> Result<SplitFiles> {
    if out_dir.exists() {
        fs::remove_dir_all(out_dir)
            .context(|| format!("removing the old {}", out_dir.display()))?;
    }
    fs::create_dir_all(out_dir).context(|| format!("creating {}", out_dir.display()))?;
    let wasm = fs::read(input).context(|| format!("reading {}", input.display()))?;
    let main = out_dir.join("main.wasm");
    let mut options = wasm_split_cli_support::Options::new(&wasm);
    options.output_dir = out_dir;
    options.main_out_path = &main;
    options.link_name = LINK_MODULE;
    options.main_module = "./main.js";
    println!("$ wasm_split_cli_support::transform {}", input.display());
    let split = wasm_split_cli_support::transform(options).map_err(|error| {
        XtaskError::Invalid(format!("splitting {}: {error:#}", input.display()))
    })?;
    let link_path = out_dir.join(LINK_MODULE.trim_start_matches("./"));
    let link_js =
        fs::read_to_string(&link_path).context(|| format!("reading {}", link_path.display()))?;
    Ok(SplitFiles {
        main,
        chunks: split.split_modules,
        link_js,
    })
}

/// The chunks' import module as the splitter names it: the first-load module's exports they share.
pub const SHARED_MODULE: &str = "__wasm_split";
/// What the link object is called inside the loader: the glue's `require(LINK_MODULE)` becomes this name.
pub const LINK_OBJECT: &str = "__wasm_split_link";

/// The names [`link_object`] writes in: the files in `dist/`, and the names the minifier gave the first-load
/// module's exports and loader imports. Empty maps (the `--dev` build) keep every name.
#[derive(Debug, Default)]
pub struct LinkNames {
    /// Each chunk file as the link file fetches it (`chunk_4.wasm`) and as `dist/` has it.
    pub files: Vec<(String, String)>,
    /// The chunks' import module ([`SHARED_MODULE`]) as the chunks now spell it.
    pub shared_module: Option<String>,
    /// A first-load export the chunks import (`memory`, …), old name and new: the chunks import it by the new.
    pub exports: Vec<(String, String)>,
    /// A loader the first-load module imports (`__wasm_split_load_choose`), old name and new.
    pub imports: Vec<(String, String)>,
}

fn renamed<'a>(pairs: &'a [(String, String)], old: &'a str) -> &'a str {
    pairs
        .iter()
        .find(|(from, _)| from == old)
        .map_or(old, |(_, to)| to.as_str())
}

/// Replaces the one occurrence of `from` in `text`, or says how many there were.
fn replace_once(text: &str, from: &str, to: &str) -> std::result::Result<String, String> {
    match text.matches(from).count() {
        1 => Ok(text.replacen(from, to, 1)),
        found => Err(format!(
            "expected `{from}` once in the splitter's link file, found it {found} times"
        )),
    }
}

/// The splitter's link file (an ES module) as a plain script for the no-modules glue: one `var` [`LINK_OBJECT`]
/// holding the loaders the first-load module imports, under their (minified) import names. Run inside the
/// loader before the glue, it reaches the glue through `wasm_bindgen.initSync` (called only when a chunk loads,
/// when the glue has long been defined) and fetches the chunks relative to the loader's `baseUrl`, like
/// `outlook-connect.wasm`. Every rewrite must match exactly what the pinned splitter writes, or this fails.
pub fn link_object(link_js: &str, names: &LinkNames) -> std::result::Result<String, String> {
    let mut js = replace_once(link_js, "import { initSync } from \"./main.js\";\n", "")?;

    // The shared imports: the first-load module's exports under the names the chunks import them by.
    let block_start = "let sharedImports = undefined;\n";
    let block_end = "    return sharedImports;\n}\n";
    let start = js
        .find(block_start)
        .ok_or("no sharedImports in the link file")?;
    let end = js[start..]
        .find(block_end)
        .map(|at| start + at + block_end.len())
        .ok_or("getSharedImports does not end as expected")?;
    let block = &js[start..end];
    let destructure = "const { ";
    let list_start = block
        .find(destructure)
        .map(|at| at + destructure.len())
        .ok_or("getSharedImports destructures nothing")?;
    let list_end = block[list_start..]
        .find(" } = initSync(undefined, undefined);")
        .map(|at| list_start + at)
        .ok_or("getSharedImports does not call initSync as expected")?;
    let shared: Vec<&str> = block[list_start..list_end]
        .split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .collect();
    if !shared.contains(&"__indirect_function_table") {
        return Err("the chunks do not share the function table".to_owned());
    }
    // A build with debug assertions (`--dev`) also hands the chunks a canary (`name: ~0xdead,`), which they import
    // to check they belong to this build: kept as it is.
    let canary_start = "sharedImports = { __wasm_split: { ";
    let canary = block
        .find(canary_start)
        .map(|at| &block[at + canary_start.len()..])
        .and_then(|rest| rest.find(" } };").map(|end| rest[..end].trim()))
        .ok_or("getSharedImports does not build the shared imports as expected")?;
    let module = names.shared_module.as_deref().unwrap_or(SHARED_MODULE);
    let fields: Vec<String> = canary
        .split(',')
        .map(str::trim)
        .filter(|field| !field.is_empty())
        .map(str::to_owned)
        .chain(shared.iter().map(|name| {
            let new = renamed(&names.exports, name);
            format!("\"{new}\": main.{new}")
        }))
        .collect();
    let replacement = format!(
        "let sharedImports = undefined;\nfunction getSharedImports() {{\n    if (sharedImports === undefined) {{\n        \
         const main = wasm_bindgen.initSync(undefined, undefined);\n        \
         sharedImports = {{ \"{module}\": {{ {} }} }};\n    }}\n    return sharedImports;\n}}\n",
        fields.join(", ")
    );
    js.replace_range(start..end, &replacement);
    js = replace_once(
        &js,
        "sharedImports.__wasm_split.__indirect_function_table.get(",
        &format!(
            "sharedImports[\"{module}\"][\"{}\"].get(",
            renamed(&names.exports, "__indirect_function_table")
        ),
    )?;

    // A failed load is the widget's to report (an `error` event when someone waits for the screen; nothing for a
    // fetch ahead): the reason goes to the console as a warning, not an error.
    js = replace_once(
        &js,
        "console.error(e);",
        "console.warn(\"outlook-connect: a screen's code could not be loaded:\", e);",
    )?;

    for (file, shipped) in &names.files {
        js = replace_once(
            &js,
            &format!("new URL(\"./{file}\", import.meta.url)"),
            &format!("new URL(\"{shipped}\", baseUrl)"),
        )?;
    }
    if js.contains("import.meta") {
        return Err(
            "the link file fetches a chunk that is not in the list of chunk files".to_owned(),
        );
    }

    let mut loaders = Vec::new();
    while let Some(at) = js.find("export const ") {
        let name_start = at + "export const ".len();
        let name_len = js[name_start..]
            .find(" = ")
            .ok_or("an export of the link file is not `export const name = …`")?;
        loaders.push(js[name_start..name_start + name_len].to_owned());
        js.replace_range(at..name_start, "const ");
    }
    if loaders.is_empty() {
        return Err("the link file exports no loader".to_owned());
    }
    let properties: Vec<String> = loaders
        .iter()
        .map(|name| format!("\"{}\": {name}", renamed(&names.imports, name)))
        .collect();
    Ok(format!(
        "var {LINK_OBJECT} = (function () {{\n{js}return {{ {} }};\n}})();\n",
        properties.join(", ")
    ))
}

/// The glue with every `require(LINK_MODULE)` (one per split point) replaced by [`LINK_OBJECT`].
pub fn glue_without_require(glue: &str) -> std::result::Result<String, String> {
    let require = format!("require(\"{LINK_MODULE}\")");
    if !glue.contains(&require) {
        return Err(format!("the glue has no {require}: was the wasm split?"));
    }
    Ok(glue.replace(&require, LINK_OBJECT))
}

/// A chunk's lasting name — `choose` for the split point's own module, `shared-choose-files` for the code two
/// or more of them share (as the link file's comment above its loader lists them) — by its file name.
pub fn chunk_name(link_js: &str, file: &str) -> std::result::Result<String, String> {
    let stem = file.strip_suffix(".wasm").unwrap_or(file);
    if let Some(split) = stem.strip_prefix("split_") {
        return Ok(split.to_owned());
    }
    let loader = format!("const __{stem} = makeLoad(");
    let at = link_js
        .find(&loader)
        .ok_or_else(|| format!("the link file does not load {file}"))?;
    let comment = link_js[..at]
        .trim_end()
        .strip_suffix("*/")
        .and_then(|before| before.rfind("/*").map(|open| &before[open + 2..]))
        .ok_or_else(|| format!("no comment naming the users of {file}"))?;
    let users: Vec<&str> = comment.split(',').map(str::trim).collect();
    Ok(format!("shared-{}", users.join("-")))
}

/// The file name a chunk ships under: `outlook-connect.<name>.<hash>.wasm`, the hash (16 hex digits, FNV-1a of
/// the bytes) making it a versioned name the sandbox and CDNs cache for good: a chunk belongs to one build of the
/// first-load module, so a new build must never meet an old chunk under the same name.
pub fn shipped_chunk_name(name: &str, bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    let mut hex = format!("{hash:016x}");
    // A versioned name's hash part has a digit (see the sandbox's `is_versioned`); all letters is a 1-in-7-million case.
    if !hex.chars().any(|c| c.is_ascii_digit()) {
        hex.replace_range(15.., "0");
    }
    format!("outlook-connect.{name}.{hex}.wasm")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The link file as wasm_split_cli_support 0.2.4 writes it (the runtime part shortened to what is rewritten).
    const LINK_JS: &str = r#"import { initSync } from "./main.js";

let sharedImports = undefined;
function getSharedImports() {
    if (sharedImports === undefined) {
        sharedImports = { __wasm_split: {  } };
        const { __indirect_function_table, __wasm_split_shared0, memory,  } = initSync(undefined, undefined);
        Object.assign(sharedImports.__wasm_split, { __indirect_function_table, __wasm_split_shared0, memory,  });
    }
    return sharedImports;
}
function wrapAsyncCb(callee) {
        } catch (e) {
            console.error(e);
            success = false;
    sharedImports.__wasm_split.__indirect_function_table.get(callbackIndex)(callbackData, success);
}
/* choose, files */
const __chunk_4 = makeLoad(() => {
    const src = fetch(new URL("./chunk_4.wasm", import.meta.url));
}
, []);
export const __wasm_split_load_choose = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split_choose.wasm", import.meta.url));
}
, [__chunk_4]));
export const __wasm_split_load_files = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split_files.wasm", import.meta.url));
}
, [__chunk_4]));
"#;

    fn names() -> LinkNames {
        let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
            list.iter()
                .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
                .collect()
        };
        LinkNames {
            files: pairs(&[
                ("chunk_4.wasm", "c4.wasm"),
                ("split_choose.wasm", "ch.wasm"),
                ("split_files.wasm", "fi.wasm"),
            ]),
            shared_module: Some("s".to_owned()),
            exports: pairs(&[
                ("__indirect_function_table", "t"),
                ("__wasm_split_shared0", "g"),
                ("memory", "m"),
            ]),
            imports: pairs(&[
                ("__wasm_split_load_choose", "a"),
                ("__wasm_split_load_files", "b"),
            ]),
        }
    }

    #[test]
    fn the_link_file_becomes_a_script_object_under_the_new_names() {
        let object = link_object(LINK_JS, &names()).unwrap();
        assert!(
            object.starts_with("var __wasm_split_link = (function () {\n"),
            "{object}"
        );
        assert!(object.ends_with("return { \"a\": __wasm_split_load_choose, \"b\": __wasm_split_load_files };\n})();\n"), "{object}");
        for gone in [
            "import",
            "export",
            "initSync(undefined, undefined);\n        Object",
        ] {
            assert!(!object.contains(gone), "{gone} in {object}");
        }
        assert!(object.contains("const main = wasm_bindgen.initSync(undefined, undefined);"));
        assert!(
            object.contains(
                "sharedImports = { \"s\": { \"t\": main.t, \"g\": main.g, \"m\": main.m } };"
            ),
            "{object}"
        );
        assert!(
            object.contains("sharedImports[\"s\"][\"t\"].get(callbackIndex)"),
            "{object}"
        );
        assert!(object.contains("fetch(new URL(\"c4.wasm\", baseUrl))"));
        assert!(object.contains("fetch(new URL(\"ch.wasm\", baseUrl))"));
        assert!(object.contains("const __wasm_split_load_files = wrapAsyncCb("));
    }

    #[test]
    fn without_renames_the_names_stay_and_a_missing_file_or_shape_is_an_error() {
        let mut dev = names();
        dev.exports.clear();
        dev.imports.clear();
        dev.shared_module = None;
        let object = link_object(LINK_JS, &dev).unwrap();
        assert!(object.contains("\"__wasm_split\": { \"__indirect_function_table\": main.__indirect_function_table,"), "{object}");
        assert!(object.contains("\"__wasm_split_load_choose\": __wasm_split_load_choose"));

        let debug = LINK_JS.replace(
            "sharedImports = { __wasm_split: {  } };",
            "sharedImports = { __wasm_split: { __wasm_split_canary_0a: ~0xdead, } };",
        );
        let object = link_object(&debug, &dev).unwrap();
        assert!(
            object.contains("\"__wasm_split\": { __wasm_split_canary_0a: ~0xdead, \"__indirect_function_table\""),
            "the canary of a build with debug assertions is kept: {object}"
        );

        let mut missing = names();
        missing.files.pop();
        let problem = link_object(LINK_JS, &missing).unwrap_err();
        assert!(problem.contains("not in the list"), "{problem}");
        let problem = link_object(
            &LINK_JS.replace("import { initSync }", "import { other }"),
            &names(),
        )
        .unwrap_err();
        assert!(problem.contains("import { initSync }"), "{problem}");
    }

    #[test]
    fn every_require_of_the_link_module_becomes_the_object() {
        let glue = "const import1 = require(\"./__wasm_split.js\");\nconst import2 = require(\"./__wasm_split.js\");";
        assert_eq!(
            glue_without_require(glue).unwrap(),
            "const import1 = __wasm_split_link;\nconst import2 = __wasm_split_link;"
        );
        assert!(glue_without_require("const a = 1;").is_err());
    }

    #[test]
    fn chunks_are_named_by_their_split_point_or_by_the_split_points_that_share_them() {
        assert_eq!(chunk_name(LINK_JS, "split_choose.wasm").unwrap(), "choose");
        assert_eq!(
            chunk_name(LINK_JS, "chunk_4.wasm").unwrap(),
            "shared-choose-files"
        );
        assert!(chunk_name(LINK_JS, "chunk_9.wasm").is_err());
    }

    #[test]
    fn shipped_names_change_with_the_content_and_always_look_versioned() {
        let one = shipped_chunk_name("choose", b"one");
        assert!(
            one.starts_with("outlook-connect.choose.") && one.ends_with(".wasm"),
            "{one}"
        );
        assert_ne!(one, shipped_chunk_name("choose", b"two"));
        assert_eq!(one, shipped_chunk_name("choose", b"one"));
        for content in 0..2000u32 {
            let name = shipped_chunk_name("x", &content.to_le_bytes());
            let hash = name.split('.').nth(2).unwrap();
            assert_eq!(hash.len(), 16);
            assert!(
                hash.chars().all(|c| c.is_ascii_hexdigit())
                    && hash.chars().any(|c| c.is_ascii_digit())
            );
        }
    }
}

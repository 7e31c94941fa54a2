//! The npm package `cargo xtask dist` writes to `dist/npm/` (`npm pack dist/npm` turns it into the tarball):
//! `index.js`, the loader as an ES module (`import { create, parseFilters, ready } from 'outlook-connect'`) whose
//! wasm files are referenced as `new URL('./….wasm', import.meta.url)` so bundlers that follow that pattern copy
//! them; `element.js` (`outlook-connect/element` defines `<outlook-connect>`); `react.js` (`outlook-connect/react`);
//! the classic script `outlook-connect.js`; the types; every wasm file of the build; `package.json` with the crate's
//! version. The hand-written parts live in `www/npm/`; this module only assembles them.

use std::fs;
use std::path::Path;

use serde_json::json;

use crate::error::{IoContext, Result, XtaskError};

/// Where the package goes, under `dist/`.
pub const NPM_DIR: &str = "npm";
/// The hand-written files copied as they are from `www/npm/`.
const COPIED: [&str; 6] = [
    "element.js",
    "element.d.ts",
    "react.js",
    "react.d.ts",
    "index.d.ts",
    "README.md",
];
/// The loader's switch for its module build (see `www/outlook-connect.js`).
const SCRIPT_SWITCH: &str = "var AS_MODULE = false;";
const IIFE_START: &str = "(function (global) {";

/// The loader (script build, readable, glue spliced in) as an ES module. `wasm_files` are the names of the wasm
/// files beside it; every reference to one becomes `new URL("./<file>", import.meta.url)`, the form bundlers copy.
pub fn module_source(script: &str, wasm_files: &[String]) -> std::result::Result<String, String> {
    if script.matches(SCRIPT_SWITCH).count() != 1 {
        return Err(format!(
            "the loader must contain `{SCRIPT_SWITCH}` exactly once"
        ));
    }
    let start = script
        .find(IIFE_START)
        .ok_or_else(|| format!("the loader does not start its body with `{IIFE_START}`"))?;
    let mut module = String::with_capacity(script.len() + 512);
    module.push_str(&script[..start]);
    module.push_str("const OutlookConnect = ");
    module.push_str(&script[start..].replacen(SCRIPT_SWITCH, "var AS_MODULE = true;", 1));
    for file in wasm_files {
        let bundler_form = format!("new URL(\"./{file}\", import.meta.url)");
        for quote in ['\'', '"'] {
            let relative = format!("new URL({quote}{file}{quote}, baseUrl)");
            module = module.replace(&relative, &bundler_form);
        }
        if !module.contains(&bundler_form) {
            return Err(format!("the loader never fetches {file}"));
        }
    }
    if module.contains(", baseUrl)") {
        return Err(
            "a URL is still resolved against the script's baseUrl in the module build".into(),
        );
    }
    module.push_str(
        "\nexport default OutlookConnect;\n\
         export const create = OutlookConnect.create;\n\
         export const parseFilters = OutlookConnect.parseFilters;\n\
         export const ready = OutlookConnect.ready;\n\
         export const version = OutlookConnect.version;\n",
    );
    Ok(module)
}

/// `package.json` for `version`.
pub fn package_json(version: &str) -> String {
    let manifest = json!({
        "name": "outlook-connect",
        "version": version,
        "description": "Let your users connect their Outlook mailbox and choose which e-mails sync into a Carbon-compatible retrieval API: sign-in popup, folder picker, AND/OR filter editor, sync progress (Rust + WebAssembly).",
        "license": "MIT",
        "type": "module",
        "main": "./index.js",
        "module": "./index.js",
        "types": "./index.d.ts",
        "exports": {
            ".": { "types": "./index.d.ts", "default": "./index.js" },
            "./element": { "types": "./element.d.ts", "default": "./element.js" },
            "./react": { "types": "./react.d.ts", "default": "./react.js" },
            "./script": "./outlook-connect.js",
            "./*.wasm": "./*.wasm",
            "./package.json": "./package.json"
        },
        "files": ["*.js", "*.d.ts", "*.wasm", "frame.html", "README.md"],
        "sideEffects": ["./element.js", "./outlook-connect.js"],
        "peerDependencies": { "react": ">=17" },
        "peerDependenciesMeta": { "react": { "optional": true } },
        "keywords": ["outlook", "microsoft-graph", "carbon", "email", "oauth", "webassembly", "react", "widget"]
    });
    format!(
        "{}\n",
        serde_json::to_string_pretty(&manifest).unwrap_or_default()
    )
}

/// Writes `dist/npm/`: `module` (the ES module, already minified or not), the files of `www/npm/`, the script
/// loader, its types, frame mode's files and the wasm files from `dist`.
pub fn write(
    www: &Path,
    dist: &Path,
    module: &str,
    version: &str,
    wasm_files: &[String],
) -> Result<()> {
    let out = dist.join(NPM_DIR);
    if out.exists() {
        fs::remove_dir_all(&out).context(|| format!("removing {}", out.display()))?;
    }
    fs::create_dir_all(&out).context(|| format!("creating {}", out.display()))?;
    let write = |name: &str, text: &str| {
        let path = out.join(name);
        fs::write(&path, text).context(|| format!("writing {}", path.display()))
    };
    write("index.js", module)?;
    write("package.json", &package_json(version))?;
    for name in COPIED {
        let from = www.join(NPM_DIR).join(name);
        let text = fs::read_to_string(&from).context(|| format!("reading {}", from.display()))?;
        write(name, &text)?;
    }
    for name in wasm_files
        .iter()
        .map(String::as_str)
        .chain(["outlook-connect.js", "outlook-connect.d.ts"])
        // Frame mode is the script build's (`./script`): served from the widget's own origin beside it.
        .chain(crate::paths::FRAME_FILES)
    {
        let from = dist.join(name);
        fs::copy(&from, out.join(name)).context(|| format!("copying {}", from.display()))?;
    }
    if !out.join("index.js").is_file() {
        return Err(XtaskError::Invalid(
            "dist/npm/index.js was not written".into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCRIPT: &str = "/*! loader */\n(function (global) {\n  var AS_MODULE = false;\n  var baseUrl = new URL('.', x).href;\n  var wasmUrl = new URL('outlook-connect.wasm', baseUrl).href;\n  fetch(new URL(\"outlook-connect.choose.ab.wasm\", baseUrl));\n  return api;\n})(window);\n";

    #[test]
    fn the_module_build_names_every_wasm_file_the_way_bundlers_copy_it() {
        let files = [
            "outlook-connect.wasm".to_string(),
            "outlook-connect.choose.ab.wasm".to_string(),
        ];
        let module = module_source(SCRIPT, &files).unwrap();
        assert!(module.starts_with("/*! loader */\nconst OutlookConnect = (function (global) {"));
        assert!(module.contains("var AS_MODULE = true;"));
        assert!(module.contains("new URL(\"./outlook-connect.wasm\", import.meta.url).href"));
        assert!(module
            .contains("fetch(new URL(\"./outlook-connect.choose.ab.wasm\", import.meta.url))"));
        assert!(module.contains("export const create = OutlookConnect.create;"));
        assert!(module.contains("export default OutlookConnect;"));
    }

    #[test]
    fn a_wasm_file_the_loader_never_fetches_or_a_missing_switch_is_an_error() {
        let unknown = module_source(SCRIPT, &["other.wasm".to_string()]).unwrap_err();
        assert!(unknown.contains("other.wasm"), "{unknown}");
        let no_switch = module_source("(function (global) {})(window);", &[]).unwrap_err();
        assert!(no_switch.contains("AS_MODULE"), "{no_switch}");
        let left = module_source(SCRIPT, &["outlook-connect.wasm".to_string()]).unwrap_err();
        assert!(left.contains("baseUrl"), "{left}");
    }

    #[test]
    fn the_manifest_carries_the_version_and_the_entry_points() {
        let manifest: serde_json::Value = serde_json::from_str(&package_json("1.2.3")).unwrap();
        assert_eq!(manifest["version"], "1.2.3");
        assert_eq!(manifest["exports"]["."]["default"], "./index.js");
        assert_eq!(manifest["exports"]["./react"]["types"], "./react.d.ts");
        assert_eq!(manifest["peerDependenciesMeta"]["react"]["optional"], true);
    }
}

//! `cargo xtask dist [--dev]`: THE one build path of the shippable bundle.
//!
//! 1. cargo builds the widget for wasm32 (`dist` profile; `dev` with `--dev`);
//! 2. wasm-bindgen writes the no-modules glue and the `_bg.wasm` into `target/wasm-bindgen/`;
//! 3. wasm-opt -Oz and friends (npm binaryen, see [`WASM_OPT_PASSES`]) writes `dist/outlook-connect.wasm` (`--dev` copies it as is);
//! 4. `dist/outlook-connect.js` is the loader `www/outlook-connect.js` with its marker line
//!    replaced by the glue (the loader's IIFE keeps the glue's `wasm_bindgen` private) and every
//!    `@@VERSION@@` replaced by the widget crate's version, then minified by terser (npm; the
//!    `/*! … */` licence comment is kept; `--dev` leaves it readable);
//! 5. the TypeScript declarations, frame mode's files ([`FRAME_FILES`](crate::paths::FRAME_FILES)) and
//!    everything under `www/demo/` are copied into `dist/`;
//! 6. the size report is printed and written to `target/size-report.json`; over budget is a warning
//!    here (the `size` test layer is what fails on it).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::composition::Composition;
use crate::early_paint;
use crate::error::{IoContext, Result, XtaskError};
use crate::install::{locked_version, Toolchain};
use crate::npm;
use crate::paths::{
    RepoPaths, FRAME_FILES, LOADER_FILE, TYPES_FILE, WASM_FILE, WASM_TARGET, WIDGET_PACKAGE,
};
use crate::process::{self, cargo};
use crate::size::{collect_files, SizeReport};
use crate::split;
use crate::wasm_bin;

/// The line of `www/outlook-connect.js` that the wasm-bindgen glue replaces.
pub const GLUE_MARKER: &str = "/*@@WASM_BINDGEN_GLUE@@*/";
/// Placeholder in the loader for the widget crate's version (`OutlookConnect.version`).
pub const VERSION_PLACEHOLDER: &str = "@@VERSION@@";

/// Features rustc ≥ 1.87 emits for wasm32 that binaryen must be told about (see toolchain notes).
const WASM_OPT_FEATURES: [&str; 2] = ["--enable-bulk-memory", "--enable-nontrapping-float-to-int"];

/// The size passes (measured on the bundle, gzip -9 of the wasm):
/// - `--one-caller-inline-max-function-size 20`: binaryen inlines every function that has one caller, whatever
///   its size; inlined into big functions the bodies get fresh local numbers and compress worse. Keeping those
///   over 20 instructions as calls makes the code 3 % bigger raw but −7.2 KB gzip (10: −7.0 KB, 30: −7.1 KB,
///   50: −6.2 KB, 200: −2.8 KB);
/// - `-Oz --converge`: repeat -Oz until the output stops shrinking (−640 B);
/// - `--low-memory-unused --zero-filled-memory`: true for rustc output (static data starts at 1 MiB, the
///   module owns a fresh zeroed memory), so loads/stores fold their offsets and zero data is dropped (−860 B).
///
/// Measured and left out: `--merge-similar-functions` (−320 B alone, +170 B with the inlining limit),
/// `--gufa` (+230 B), `--monomorphize`, `-O3` before `-Oz`, `-Os` instead of `-Oz` (+210 B), and LLVM's
/// `-inline-threshold=0` (+140 B).
const WASM_OPT_PASSES: [&str; 6] = [
    "--one-caller-inline-max-function-size",
    "20",
    "-Oz",
    "--converge",
    "--low-memory-unused",
    "--zero-filled-memory",
];

/// The size passes of a chunk: [`WASM_OPT_PASSES`] without `--zero-filled-memory`, which is false for a chunk:
/// its data lands in the memory the first-load module already uses.
const CHUNK_OPT_PASSES: [&str; 5] = [
    "--one-caller-inline-max-function-size",
    "20",
    "-Oz",
    "--converge",
    "--low-memory-unused",
];

/// The chunks' import module in the shipped files (the splitter's [`split::SHARED_MODULE`], minified).
const SHIPPED_SHARED_MODULE: &str = "s";

/// A chunk as shipped: the chunk passes, no metadata sections, and its imports (the first-load module's memory,
/// function table and stack pointer) renamed to the minified names the first-load module exports them by, from
/// the module [`SHIPPED_SHARED_MODULE`] (the link object passes them under those names).
fn optimize_chunk(
    paths: &RepoPaths,
    chunk: &Path,
    optimized: &Path,
    names: &split::LinkNames,
) -> Result<Vec<u8>> {
    process::run(
        Command::new(paths.node_bin("wasm-opt"))
            .args(CHUNK_OPT_PASSES)
            .args(["--strip-producers", "--strip-target-features"])
            .args(WASM_OPT_FEATURES)
            .arg(chunk)
            .arg("-o")
            .arg(optimized),
    )?;
    let wasm = fs::read(optimized).context(|| format!("reading {}", optimized.display()))?;
    let invalid = |problem: String| XtaskError::Invalid(format!("{}: {problem}", chunk.display()));
    for import in wasm_bin::imports(&wasm).map_err(invalid)? {
        let known = import.module == split::SHARED_MODULE
            && names.exports.iter().any(|(old, _)| *old == import.name);
        if !known {
            return Err(invalid(format!(
                "imports {}.{}, which the first-load module does not export",
                import.module, import.name
            )));
        }
    }
    wasm_bin::rename_imports(&wasm, |import| {
        let new = names.exports.iter().find(|(old, _)| *old == import.name)?;
        Some((SHIPPED_SHARED_MODULE.to_owned(), new.1.clone()))
    })
    .map_err(invalid)
}

/// How the bundle is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DistMode {
    /// `dist` profile + wasm-opt: what we ship and measure.
    Release,
    /// `dev` profile, no wasm-opt: for fast iteration.
    Dev,
}

impl DistMode {
    fn cargo_profile(self) -> &'static str {
        match self {
            DistMode::Release => "dist",
            DistMode::Dev => "dev",
        }
    }

    /// Directory name cargo uses under `target/<triple>/` for the profile.
    fn profile_dir(self) -> &'static str {
        match self {
            DistMode::Release => "dist",
            DistMode::Dev => "debug",
        }
    }
}

/// The rustflags of the shipped build: the caller's own (`CARGO_ENCODED_RUSTFLAGS` or `RUSTFLAGS`) plus a
/// `--remap-path-prefix` that cuts every crates.io source directory (`~/.cargo/registry/src/<index>/`) from the
/// file names panic locations keep in the wasm: shorter strings (−266 B gzip) and no build-machine paths in
/// what we ship. Encoded (0x1f-separated) so a path with spaces stays one argument.
fn rustflags(mode: DistMode) -> String {
    let mut flags: Vec<String> = match std::env::var("CARGO_ENCODED_RUSTFLAGS") {
        Ok(encoded) => encoded
            .split('\u{1f}')
            .filter(|flag| !flag.is_empty())
            .map(str::to_owned)
            .collect(),
        Err(_) => std::env::var("RUSTFLAGS")
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_owned)
            .collect(),
    };
    // The splitter reads the linker's relocations to move code between modules (and removes them again).
    flags.push("-Clink-args=--emit-relocs".to_owned());
    if mode == DistMode::Dev {
        return flags.join("\u{1f}");
    }
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")));
    if let Some(cargo_home) = cargo_home {
        let registry = cargo_home.join("registry").join("src");
        for index in fs::read_dir(&registry).into_iter().flatten().flatten() {
            let mut prefix = index.path().into_os_string();
            prefix.push("/");
            flags.push(format!("--remap-path-prefix={}=", prefix.to_string_lossy()));
        }
    }
    flags.join("\u{1f}")
}

/// Renames every import, export and import module of `optimized` to one or two letters (binaryen's
/// `--minify-imports-and-exports-and-modules`) and drops its metadata sections, writing `shipped`, and returns
/// the renames for the glue.
///
/// wasm-bindgen names its imports `__wbg_<name>_<16 hex digits>` and prefixes each with the module
/// `./outlook_connect_bg.js`; the hashes do not compress, and they are in both files: −2.9 KB gzip in the wasm
/// and −1.1 KB in the JS (measured on the bundle before the API was wired).
fn minify_wasm_names(paths: &RepoPaths, optimized: &Path, shipped: &Path) -> Result<NameRenames> {
    let mut command = Command::new(paths.node_bin("wasm-opt"));
    command
        .arg("--minify-imports-and-exports-and-modules")
        // Metadata no browser reads (which compiler, which target features): −199 B gzip.
        .args(["--strip-producers", "--strip-target-features"])
        .args(WASM_OPT_FEATURES)
        .arg(optimized)
        .arg("-o")
        .arg(shipped);
    println!(
        "$ wasm-opt --minify-imports-and-exports-and-modules … (renames read from its output)"
    );
    let output = command
        .output()
        .context(|| format!("running {}", paths.node_bin("wasm-opt").display()))?;
    if !output.status.success() {
        return Err(XtaskError::CommandFailed {
            command: "wasm-opt --minify-imports-and-exports-and-modules".to_owned(),
            status: output.status,
        });
    }
    let listing = String::from_utf8_lossy(&output.stdout);
    let before = fs::read(optimized).context(|| format!("reading {}", optimized.display()))?;
    let after = fs::read(shipped).context(|| format!("reading {}", shipped.display()))?;
    NameRenames::parse(&listing, &before, &after)
        .map_err(|problem| XtaskError::Invalid(format!("wasm-opt's renames: {problem}")))
}

/// What `--minify-imports-and-exports-and-modules` renamed: the glue (and the split link object) must use the new
/// names.
#[derive(Debug, PartialEq)]
pub struct NameRenames {
    /// Each import module, before and after: wasm-bindgen's (`./outlook_connect_bg.js`) and the splitter's
    /// ([`split::LINK_MODULE`]).
    pub modules: Vec<(String, String)>,
    /// Each import: its module before, its name before and after.
    pub imports: Vec<(String, String, String)>,
    pub exports: Vec<(String, String)>,
}

impl NameRenames {
    /// Reads binaryen's listing (`{"imports": [[module, old, new], …], "exports": [[old, new], …]}`) and the
    /// import sections before and after (binaryen does not list the modules' new names; it keeps the imports'
    /// order, so the two sections pair up entry by entry).
    fn parse(listing: &str, wasm: &[u8], renamed_wasm: &[u8]) -> std::result::Result<Self, String> {
        let listing: serde_json::Value = serde_json::from_str(listing)
            .map_err(|error| format!("not the expected JSON listing ({error})"))?;
        let pairs = |key: &str, width: usize| -> std::result::Result<Vec<Vec<String>>, String> {
            listing[key]
                .as_array()
                .ok_or_else(|| format!("no \"{key}\" list"))?
                .iter()
                .map(|entry| {
                    let texts: Option<Vec<String>> = entry
                        .as_array()
                        .filter(|items| items.len() == width)
                        .and_then(|items| {
                            items
                                .iter()
                                .map(|item| item.as_str().map(str::to_owned))
                                .collect()
                        });
                    texts
                        .ok_or_else(|| format!("a \"{key}\" entry is not {width} strings: {entry}"))
                })
                .collect()
        };
        let (before, after) = (wasm_bin::imports(wasm)?, wasm_bin::imports(renamed_wasm)?);
        if before.len() != after.len() {
            return Err(format!(
                "{} imports before renaming, {} after",
                before.len(),
                after.len()
            ));
        }
        let mut modules: Vec<(String, String)> = Vec::new();
        for (old, new) in before.iter().zip(&after) {
            match modules.iter().find(|(known, _)| *known == old.module) {
                Some((_, known_new)) if *known_new != new.module => {
                    return Err(format!(
                        "the module {} was renamed to both {known_new} and {}",
                        old.module, new.module
                    ))
                }
                Some(_) => {}
                None => modules.push((old.module.clone(), new.module.clone())),
            }
        }
        Ok(NameRenames {
            modules,
            imports: pairs("imports", 3)?
                .into_iter()
                .map(|entry| (entry[0].clone(), entry[1].clone(), entry[2].clone()))
                .collect(),
            exports: pairs("exports", 2)?
                .into_iter()
                .map(|entry| (entry[0].clone(), entry[1].clone()))
                .collect(),
        })
    }

    /// The glue with the new names: each import of wasm-bindgen's module is a ` name: function(` key of the
    /// imports object (found exactly once, or this fails rather than ship a glue that cannot link; the split
    /// link module's imports are the link object's, renamed by [`split::link_object`]), each module is a key
    /// `"<module>": importN` (the splitter's may be there more than once), and exports are read as
    /// `wasm.<name>`.
    fn apply_to_glue(&self, glue: &str) -> std::result::Result<String, String> {
        let mut glue = glue.to_owned();
        for (module, old, new) in &self.imports {
            if module == split::LINK_MODULE {
                continue;
            }
            let key = format!(" {old}: function(");
            match glue.matches(&key).count() {
                1 => glue = glue.replacen(&key, &format!(" {new}: function("), 1),
                found => {
                    return Err(format!(
                        "the import {old} is defined {found} times, expected once"
                    ))
                }
            }
        }
        for (old_module, new_module) in &self.modules {
            let module_key = format!("\"{old_module}\": import");
            if !glue.contains(&module_key) {
                return Err(format!("no {module_key}N key for the module {old_module}"));
            }
            glue = glue.replace(&module_key, &format!("\"{new_module}\": import"));
        }
        let mut merged: Vec<&str> = Vec::new();
        for (_, new_module) in &self.modules {
            if !merged.contains(&new_module.as_str()) {
                glue = merge_module_keys(&glue, new_module);
                merged.push(new_module);
            }
        }
        Ok(rename_export_uses(&glue, &self.exports))
    }
}

/// The glue's imports object with one key for `module`: binaryen gives every import module the same short name,
/// so wasm-bindgen's `"a": import0` and the split link module's `"a": import1`, `"a": import2`, … (one line each)
/// become `"a": Object.assign(import0, import1, import2)` (the import names are unique across modules). A module
/// with one key is left as it is.
fn merge_module_keys(glue: &str, module: &str) -> String {
    let key = format!("\"{module}\": ");
    let entry = |line: &str| -> Option<String> {
        let value = line.trim().strip_prefix(&key)?.strip_suffix(',')?;
        let number = value.strip_prefix("import")?;
        (!number.is_empty() && number.chars().all(|c| c.is_ascii_digit())).then(|| value.to_owned())
    };
    let values: Vec<String> = glue.lines().filter_map(entry).collect();
    if values.len() < 2 {
        return glue.to_owned();
    }
    let mut out = String::with_capacity(glue.len());
    let mut first = true;
    for line in glue.split_inclusive('\n') {
        if entry(line).is_none() {
            out.push_str(line);
        } else if first {
            first = false;
            let indent = &line[..line.len() - line.trim_start().len()];
            out.push_str(&format!(
                "{indent}{key}Object.assign({}),\n",
                values.join(", ")
            ));
        }
    }
    out
}

/// Every `wasm.<name>` whose name was renamed, with its new name (other text is copied as is).
fn rename_export_uses(glue: &str, exports: &[(String, String)]) -> String {
    let is_name_char = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    let mut out = String::with_capacity(glue.len());
    let mut rest = glue;
    while let Some(at) = rest.find("wasm.") {
        let preceded_by_name = rest[..at].chars().next_back().is_some_and(is_name_char);
        out.push_str(&rest[..at + "wasm.".len()]);
        rest = &rest[at + "wasm.".len()..];
        let name_len = rest.find(|c: char| !is_name_char(c)).unwrap_or(rest.len());
        let name = &rest[..name_len];
        match exports.iter().find(|(old, _)| old == name) {
            Some((_, new)) if !preceded_by_name => out.push_str(new),
            _ => out.push_str(name),
        }
        rest = &rest[name_len..];
    }
    out.push_str(rest);
    out
}

/// Builds `dist/` and returns its size report (already printed and written as JSON).
pub fn build(paths: &RepoPaths, tools: &Toolchain, mode: DistMode) -> Result<SizeReport> {
    let started = Instant::now();
    let mut build = cargo(paths);
    build.args([
        "build",
        "-p",
        WIDGET_PACKAGE,
        "--lib",
        "--target",
        WASM_TARGET,
        "--profile",
        mode.cargo_profile(),
        "--features",
        "split",
    ]);
    build.env("CARGO_ENCODED_RUSTFLAGS", rustflags(mode));
    process::run(&mut build)?;

    let split = split::split(
        &paths.widget_wasm(mode.profile_dir()),
        &paths.wasm_split_out_dir(),
    )?;

    let glue_dir = paths.wasm_bindgen_out_dir();
    process::run(
        Command::new(&tools.wasm_bindgen)
            .args([
                "--target",
                "no-modules",
                "--no-typescript",
                "--keep-lld-exports",
            ])
            .args(["--out-name", "outlook_connect", "--out-dir"])
            .arg(&glue_dir)
            .arg(&split.main),
    )?;

    let dist = paths.dist_dir();
    recreate_dir(&dist)?;
    let bindgen_wasm = glue_dir.join("outlook_connect_bg.wasm");
    let shipped_wasm = dist.join(WASM_FILE);
    let glue_path = glue_dir.join("outlook_connect.js");
    let invalid_glue =
        |problem: String| XtaskError::Invalid(format!("{}: {problem}", paths.display(&glue_path)));
    let mut link_names = split::LinkNames::default();
    let glue = match mode {
        DistMode::Release => {
            let optimized = glue_dir.join("outlook_connect_opt.wasm");
            process::run(
                Command::new(paths.node_bin("wasm-opt"))
                    .args(WASM_OPT_PASSES)
                    .args(WASM_OPT_FEATURES)
                    .arg(&bindgen_wasm)
                    .arg("-o")
                    .arg(&optimized),
            )?;
            let renames = minify_wasm_names(paths, &optimized, &shipped_wasm)?;
            link_names.shared_module = Some(SHIPPED_SHARED_MODULE.to_owned());
            link_names.exports = renames.exports.clone();
            link_names.imports = renames
                .imports
                .iter()
                .filter(|(module, _, _)| module == split::LINK_MODULE)
                .map(|(_, old, new)| (old.clone(), new.clone()))
                .collect();
            renames
                .apply_to_glue(&read_text(&glue_path)?)
                .map_err(invalid_glue)?
        }
        DistMode::Dev => {
            copy_file(&bindgen_wasm, &shipped_wasm)?;
            read_text(&glue_path)?
        }
    };
    for chunk in &split.chunks {
        let file = chunk
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = split::chunk_name(&split.link_js, &file).map_err(XtaskError::Invalid)?;
        let bytes = match mode {
            DistMode::Release => optimize_chunk(paths, chunk, &glue_dir.join(&file), &link_names)?,
            DistMode::Dev => fs::read(chunk).context(|| format!("reading {}", chunk.display()))?,
        };
        let shipped = split::shipped_chunk_name(&name, &bytes);
        fs::write(dist.join(&shipped), &bytes)
            .context(|| format!("writing {}", dist.join(&shipped).display()))?;
        link_names.files.push((file, shipped));
    }
    let link = split::link_object(&split.link_js, &link_names).map_err(|problem| {
        XtaskError::Invalid(format!("the splitter's {}: {problem}", split::LINK_MODULE))
    })?;
    let glue = format!(
        "{link}{}",
        split::glue_without_require(&glue).map_err(invalid_glue)?
    );

    let loader_path = paths.www_dir().join(LOADER_FILE);
    // The placeholder is replaced before the glue goes in, so the glue's text is never touched.
    let loader = read_text(&loader_path)?.replace(VERSION_PLACEHOLDER, &widget_version(paths)?);
    let styles = read_text(&paths.root().join("src/styles.css"))?;
    let i18n = read_text(&paths.root().join("src/i18n.rs"))?;
    let loader = early_paint::splice(&loader, &styles, &i18n).map_err(|problem| {
        XtaskError::Invalid(format!("{}: {problem}", paths.display(&loader_path)))
    })?;
    let bundled = splice_glue(&loader, &glue).map_err(|problem| {
        XtaskError::Invalid(format!("{}: {problem}", paths.display(&loader_path)))
    })?;
    let bundled_path = dist.join(LOADER_FILE);
    let wasm_files: Vec<String> = std::iter::once(WASM_FILE.to_string())
        .chain(link_names.files.iter().map(|(_, shipped)| shipped.clone()))
        .collect();
    let module = npm::module_source(&bundled, &wasm_files).map_err(|problem| {
        XtaskError::Invalid(format!("{}: {problem}", paths.display(&loader_path)))
    })?;
    match mode {
        DistMode::Release => {
            let readable = paths.wasm_bindgen_out_dir().join(LOADER_FILE);
            fs::write(&readable, bundled).context(|| format!("writing {}", readable.display()))?;
            process::run(
                Command::new(paths.node_bin("terser"))
                    .arg(&readable)
                    .args(["--compress", "--mangle", "--comments", "/^!/", "-o"])
                    .arg(&bundled_path),
            )?;
        }
        DistMode::Dev => fs::write(&bundled_path, bundled)
            .context(|| format!("writing {}", bundled_path.display()))?,
    }

    copy_file(&paths.www_dir().join(TYPES_FILE), &dist.join(TYPES_FILE))?;
    for name in FRAME_FILES {
        let from = paths.www_dir().join(name);
        let to = dist.join(name);
        match mode {
            DistMode::Release if name.ends_with(".js") => process::run(
                Command::new(paths.node_bin("terser"))
                    .arg(&from)
                    .args(["--compress", "--mangle", "--comments", "/^!/", "-o"])
                    .arg(&to),
            )?,
            _ => copy_file(&from, &to)?,
        }
    }
    let module = match mode {
        DistMode::Release => {
            let readable = paths.wasm_bindgen_out_dir().join("index.module.js");
            let minified = paths.wasm_bindgen_out_dir().join("index.module.min.js");
            fs::write(&readable, &module).context(|| format!("writing {}", readable.display()))?;
            process::run(
                Command::new(paths.node_bin("terser"))
                    .arg(&readable)
                    .args([
                        "--module",
                        "--compress",
                        "--mangle",
                        "--comments",
                        "/^!/",
                        "-o",
                    ])
                    .arg(&minified),
            )?;
            read_text(&minified)?
        }
        DistMode::Dev => module,
    };
    npm::write(
        &paths.www_dir(),
        &dist,
        &module,
        &widget_version(paths)?,
        &wasm_files,
    )?;
    let demo_dir = paths.www_dir().join("demo");
    copy_tree(&demo_dir, &dist)?;
    let mut demo_files = Vec::new();
    collect_files(&demo_dir, &mut demo_files)?;
    let demo_files: Vec<PathBuf> = demo_files
        .iter()
        .filter_map(|file| file.strip_prefix(&demo_dir).ok().map(Path::to_path_buf))
        .collect();

    let report = SizeReport::measure(&dist, &demo_files)?;
    println!("{}", report.render());
    report.write_json(&paths.size_report_json())?;
    let first_module = paths.wasm_bindgen_out_dir().join("outlook_connect_bg.wasm");
    if mode == DistMode::Release && first_module.is_file() {
        let composition = Composition::of_file(&first_module)?;
        print!(
            "{}",
            composition.render(
                "first-load module by origin (function and data bytes before wasm-opt):",
                14
            )
        );
    }
    match mode {
        DistMode::Release if !report.within_ceiling() => {
            println!(
                "warning: the bundle is over the enforced gzip ceiling; `cargo xtask test` will fail"
            )
        }
        DistMode::Release => {}
        DistMode::Dev => println!(
            "note: a --dev bundle is unoptimised; the ceiling applies to `cargo xtask dist`"
        ),
    }
    println!(
        "dist: built {} ({:?}) in {:.1} s",
        paths.display(&dist),
        mode,
        started.elapsed().as_secs_f64()
    );
    Ok(report)
}

/// The loader with the one line holding [`GLUE_MARKER`] replaced by the full glue text.
/// Errors (as text) when the marker is missing or appears more than once.
pub fn splice_glue(loader: &str, glue: &str) -> std::result::Result<String, String> {
    let marker_lines = loader
        .lines()
        .filter(|line| line.contains(GLUE_MARKER))
        .count();
    match marker_lines {
        1 => {}
        0 => {
            return Err(format!(
            "no line contains the marker {GLUE_MARKER}; add it where the wasm-bindgen glue belongs"
        ))
        }
        n => {
            return Err(format!(
                "the marker {GLUE_MARKER} is on {n} lines; it must appear exactly once"
            ))
        }
    }
    let mut out = String::with_capacity(loader.len() + glue.len());
    for line in loader.split_inclusive('\n') {
        if line.contains(GLUE_MARKER) {
            out.push_str(glue);
            if !glue.ends_with('\n') {
                out.push('\n');
            }
        } else {
            out.push_str(line);
        }
    }
    Ok(out)
}

/// The widget crate's version as Cargo.lock records it.
fn widget_version(paths: &RepoPaths) -> Result<String> {
    let lock_path = paths.cargo_lock();
    let lock = read_text(&lock_path)?;
    locked_version(&lock, WIDGET_PACKAGE).ok_or_else(|| {
        XtaskError::Invalid(format!(
            "{} lists no `{WIDGET_PACKAGE}` package, so the loader's version is unknown",
            lock_path.display()
        ))
    })
}

fn read_text(path: &Path) -> Result<String> {
    fs::read_to_string(path).context(|| format!("reading {}", path.display()))
}

fn recreate_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        fs::remove_dir_all(dir).context(|| format!("removing the old {}", dir.display()))?;
    }
    fs::create_dir_all(dir).context(|| format!("creating {}", dir.display()))
}

fn copy_file(from: &Path, to: &Path) -> Result<()> {
    fs::copy(from, to)
        .map(drop)
        .context(|| format!("copying {} to {}", from.display(), to.display()))
}

/// Copies every file under `from` into `to`, keeping sub-directories.
fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    let entries = fs::read_dir(from).context(|| format!("listing {}", from.display()))?;
    for entry in entries {
        let entry = entry.context(|| format!("listing {}", from.display()))?;
        let source = entry.path();
        let destination = to.join(entry.file_name());
        if source.is_dir() {
            fs::create_dir_all(&destination)
                .context(|| format!("creating {}", destination.display()))?;
            copy_tree(&source, &destination)?;
        } else {
            copy_file(&source, &destination)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{merge_module_keys, rename_export_uses, splice_glue, NameRenames, GLUE_MARKER};
    use crate::wasm_bin::test_module;

    #[test]
    fn renames_imports_modules_and_exports_in_the_glue() {
        let listing = r#"{"imports": [["./m_bg.js", "__wbg_log_0123456789abcdef", "a"]],
                          "exports": [["memory", "b"], ["create", "c"]]}"#;
        let renames = NameRenames::parse(
            listing,
            &test_module(&[("./m_bg.js", "__wbg_log_0123456789abcdef")]),
            &test_module(&[("z", "a")]),
        )
        .unwrap();
        assert_eq!(renames.modules, [("./m_bg.js".to_owned(), "z".to_owned())]);
        let glue = "const import0 = {\n    __wbg_log_0123456789abcdef: function(arg0) {},\n};\n\
                    return { \"./m_bg.js\": import0 };\nwasm.create(); wasm.memory.buffer; mywasm.create;";
        assert_eq!(
            renames.apply_to_glue(glue).unwrap(),
            "const import0 = {\n    a: function(arg0) {},\n};\n\
             return { \"z\": import0 };\nwasm.c(); wasm.b.buffer; mywasm.create;"
        );
    }

    #[test]
    fn the_split_link_module_shares_the_one_minified_module_name() {
        let listing = r#"{"imports": [["./m_bg.js", "__wbg_log_0123456789abcdef", "a"],
                                      ["./__wasm_split.js", "__wasm_split_load_choose", "b"]],
                          "exports": []}"#;
        let renames = NameRenames::parse(
            listing,
            &test_module(&[
                ("./m_bg.js", "__wbg_log_0123456789abcdef"),
                ("./__wasm_split.js", "__wasm_split_load_choose"),
            ]),
            &test_module(&[("a", "a"), ("a", "b")]),
        )
        .unwrap();
        let glue = "    const import0 = {\n        __wbg_log_0123456789abcdef: function(arg0) {},\n    };\n\
                    return {\n        __proto__: null,\n        \"./m_bg.js\": import0,\n        \
                    \"./__wasm_split.js\": import1,\n        \"./__wasm_split.js\": import2,\n    };\n";
        let renamed = renames.apply_to_glue(glue).unwrap();
        assert!(
            renamed.contains("        __proto__: null,\n        \"a\": Object.assign(import0, import1, import2),\n    };"),
            "{renamed}"
        );
        assert!(renamed.contains(" a: function(arg0)"), "{renamed}");
        assert!(
            !renamed.contains("__wasm_split_load_choose: function"),
            "the link object's imports are not glue keys"
        );
    }

    #[test]
    fn one_key_per_module_stays_as_it_is() {
        let glue = "  \"a\": import0,\n  \"b\": import1,\n";
        assert_eq!(merge_module_keys(glue, "a"), glue);
    }

    #[test]
    fn an_import_the_glue_does_not_define_once_or_a_changed_import_count_is_an_error() {
        let listing = r#"{"imports": [["m", "__wbg_gone_0123456789abcdef", "a"]], "exports": []}"#;
        let renames = NameRenames::parse(
            listing,
            &test_module(&[("m", "__wbg_gone_0123456789abcdef")]),
            &test_module(&[("z", "a")]),
        )
        .unwrap();
        let problem = renames
            .apply_to_glue("return { \"m\": import0 };")
            .unwrap_err();
        assert!(problem.contains("__wbg_gone_0123456789abcdef"), "{problem}");
        assert!(NameRenames::parse("{}", &test_module(&[]), &test_module(&[])).is_err());
        let fewer = NameRenames::parse(listing, &test_module(&[("m", "x")]), &test_module(&[]));
        assert!(fewer
            .unwrap_err()
            .contains("1 imports before renaming, 0 after"));
    }

    #[test]
    fn export_uses_keep_unrelated_names() {
        let exports = [("f".to_owned(), "a".to_owned())];
        assert_eq!(
            rename_export_uses("wasm.f(wasm.fx, wasm.f)", &exports),
            "wasm.a(wasm.fx, wasm.a)"
        );
    }

    #[test]
    fn replaces_the_whole_marker_line_with_the_glue() {
        let loader = format!("(function () {{\n  {GLUE_MARKER} // glue\n  start();\n}})();\n");
        let spliced = splice_glue(&loader, "let wasm_bindgen = 1;").unwrap();
        assert_eq!(
            spliced,
            "(function () {\nlet wasm_bindgen = 1;\n  start();\n})();\n"
        );
    }

    #[test]
    fn keeps_glue_dollar_signs_and_last_line_without_newline() {
        let loader = format!("a\n{GLUE_MARKER}");
        assert_eq!(
            splice_glue(&loader, "x = '$&';\n").unwrap(),
            "a\nx = '$&';\n"
        );
    }

    #[test]
    fn missing_or_repeated_marker_is_an_error_naming_it() {
        let missing = splice_glue("(function(){})();", "glue").unwrap_err();
        assert!(missing.contains(GLUE_MARKER), "{missing}");
        let twice = splice_glue(&format!("{GLUE_MARKER}\n{GLUE_MARKER}\n"), "glue").unwrap_err();
        assert!(twice.contains("2 lines"), "{twice}");
    }
}

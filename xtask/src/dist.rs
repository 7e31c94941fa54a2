//! `cargo xtask dist [--dev]`: THE one build path of the shippable bundle.
//!
//! 1. cargo builds the widget for wasm32 (`dist` profile; `dev` with `--dev`);
//! 2. wasm-bindgen writes the no-modules glue and the `_bg.wasm` into `target/wasm-bindgen/`;
//! 3. wasm-opt -Oz and friends (npm binaryen, see [`WASM_OPT_PASSES`]) writes `dist/outlook-connect.wasm` (`--dev` copies it as is);
//! 4. `dist/outlook-connect.js` is the loader `www/outlook-connect.js` with its marker line
//!    replaced by the glue (the loader's IIFE keeps the glue's `wasm_bindgen` private) and every
//!    `@@VERSION@@` replaced by the widget crate's version, then minified by terser (npm; the
//!    `/*! … */` licence comment is kept; `--dev` leaves it readable);
//! 5. the TypeScript declarations and everything under `www/demo/` are copied into `dist/`;
//! 6. the size report is printed and written to `target/size-report.json`; over budget is a warning
//!    here (the `size` test layer is what fails on it).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::error::{IoContext, Result, XtaskError};
use crate::install::{locked_version, Toolchain};
use crate::paths::{RepoPaths, LOADER_FILE, TYPES_FILE, WASM_FILE, WASM_TARGET, WIDGET_PACKAGE};
use crate::process::{self, cargo};
use crate::size::{collect_files, SizeReport};

/// The line of `www/outlook-connect.js` that the wasm-bindgen glue replaces.
pub const GLUE_MARKER: &str = "/*@@WASM_BINDGEN_GLUE@@*/";
/// Placeholder in the loader for the widget crate's version (`OutlookConnect.version`).
pub const VERSION_PLACEHOLDER: &str = "@@VERSION@@";

/// Features rustc ≥ 1.87 emits for wasm32 that binaryen must be told about (see toolchain notes).
const WASM_OPT_FEATURES: [&str; 2] = ["--enable-bulk-memory", "--enable-nontrapping-float-to-int"];

/// The size passes, in order (measured on the bundle, gzip -9 of the wasm):
/// - `--merge-similar-functions` first: folds the many generic copies that differ only in constants
///   (−320 B on top of the rest; run after -Oz it finds nothing);
/// - `-Oz --converge`: repeat -Oz until the output stops shrinking (−640 B);
/// - `--low-memory-unused --zero-filled-memory`: true for rustc output (static data starts at 1 MiB, the
///   module owns a fresh zeroed memory), so loads/stores fold their offsets and zero data is dropped (−860 B).
///
/// `--gufa` (+230 B), `--monomorphize` and `-O3` before `-Oz` were measured too and do not pay.
const WASM_OPT_PASSES: [&str; 5] = [
    "--merge-similar-functions",
    "-Oz",
    "--converge",
    "--low-memory-unused",
    "--zero-filled-memory",
];

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
fn release_rustflags() -> String {
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
    ]);
    if mode == DistMode::Release {
        build.env("CARGO_ENCODED_RUSTFLAGS", release_rustflags());
    }
    process::run(&mut build)?;

    let glue_dir = paths.wasm_bindgen_out_dir();
    process::run(
        Command::new(&tools.wasm_bindgen)
            .args(["--target", "no-modules", "--no-typescript", "--out-dir"])
            .arg(&glue_dir)
            .arg(paths.widget_wasm(mode.profile_dir())),
    )?;

    let dist = paths.dist_dir();
    recreate_dir(&dist)?;
    let bindgen_wasm = glue_dir.join("outlook_connect_bg.wasm");
    let shipped_wasm = dist.join(WASM_FILE);
    match mode {
        DistMode::Release => process::run(
            Command::new(paths.node_bin("wasm-opt"))
                .args(WASM_OPT_PASSES)
                .args(WASM_OPT_FEATURES)
                .arg(&bindgen_wasm)
                .arg("-o")
                .arg(&shipped_wasm),
        )?,
        DistMode::Dev => copy_file(&bindgen_wasm, &shipped_wasm)?,
    }

    let loader_path = paths.www_dir().join(LOADER_FILE);
    // The placeholder is replaced before the glue goes in, so the glue's text is never touched.
    let loader = read_text(&loader_path)?.replace(VERSION_PLACEHOLDER, &widget_version(paths)?);
    let glue = read_text(&glue_dir.join("outlook_connect.js"))?;
    let bundled = splice_glue(&loader, &glue).map_err(|problem| {
        XtaskError::Invalid(format!("{}: {problem}", paths.display(&loader_path)))
    })?;
    let bundled_path = dist.join(LOADER_FILE);
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
    match mode {
        DistMode::Release if !report.within_budget() => {
            println!(
                "warning: the bundle is over the gzip size budget; `cargo xtask test` will fail"
            )
        }
        DistMode::Release => {}
        DistMode::Dev => println!(
            "note: a --dev bundle is unoptimised; the budget applies to `cargo xtask dist`"
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
    use super::{splice_glue, GLUE_MARKER};

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

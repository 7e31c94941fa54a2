//! `cargo xtask install`, also run first by every other command: puts in place whatever the build
//! and the tests need, checking before acting so that a warm machine pays only a few probes.
//!
//! Steps: the `wasm32-unknown-unknown` rust target; the `wasm-bindgen` CLI (with its test runner)
//! at exactly the version Cargo.lock pins; the npm tools in `tools/` (`npm ci` when
//! `tools/node_modules` is missing or older than `tools/package-lock.json`); the browsers from
//! Debian (`chromium` + `chromium-driver`, `firefox-esr`, `webkit2gtk-driver` with WebKitGTK's
//! MiniBrowser, `xvfb` for its display); `geckodriver` from crates.io at a pinned version. Each
//! step that did something prints one line.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::error::{IoContext, Result, XtaskError};
use crate::paths::{RepoPaths, WASM_TARGET};
use crate::process::{self, describe, find_on_path, probe_stdout};

/// Headless browser used by the browser and end-to-end layers.
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// WebDriver server used by wasm-bindgen-test-runner.
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Firefox ESR, driven by geckodriver.
pub const FIREFOX: &str = "/usr/bin/firefox-esr";
/// WebKitGTK's WebDriver server; it starts WebKitGTK's MiniBrowser, which needs an X display.
pub const WEBKIT_WEBDRIVER: &str = "/usr/bin/WebKitWebDriver";
/// Runs a command with a virtual X display (for the WebKitGTK runs).
pub const XVFB_RUN: &str = "/usr/bin/xvfb-run";
/// xvfb-run needs it, and `xvfb` only recommends it (an apt set not to install recommends skips it).
const XAUTH: &str = "/usr/bin/xauth";

/// Debian packages providing the browser files above, in the same order.
const BROWSER_PACKAGES: [(&str, &str); 6] = [
    (CHROMIUM, "chromium"),
    (CHROMEDRIVER, "chromium-driver"),
    (FIREFOX, "firefox-esr"),
    (WEBKIT_WEBDRIVER, "webkit2gtk-driver"),
    (XVFB_RUN, "xvfb"),
    (XAUTH, "xauth"),
];

/// geckodriver from crates.io, pinned (built with `cargo install --locked`, ~3 min on 2 cores; 0.37.1
/// builds on Rust 1.95 and drives Debian 12's firefox-esr 140 and 153).
pub const GECKODRIVER_VERSION: &str = "0.37.1";

/// Executables and packages that `npm ci --prefix tools` must leave behind.
const NODE_BINS: [&str; 3] = ["wasm-opt", "tsc", "terser"];
const NODE_PACKAGES: [&str; 10] = [
    "binaryen",
    "playwright-core",
    "selenium-webdriver",
    "terser",
    "typescript",
    "ajv",
    "axe-core",
    "esbuild",
    "react",
    "react-dom",
];

/// Copy of the lockfile that was last installed, kept inside node_modules to detect staleness.
const NODE_STAMP: &str = ".xtask-installed-package-lock.json";

/// The tools found or installed, for the commands that run them.
#[derive(Debug, Clone)]
pub struct Toolchain {
    /// The `wasm-bindgen` executable matching Cargo.lock.
    pub wasm_bindgen: PathBuf,
    /// Directory holding `wasm-bindgen` and `wasm-bindgen-test-runner` (put first on PATH).
    pub wasm_bindgen_dir: PathBuf,
    /// `geckodriver` at [`GECKODRIVER_VERSION`].
    pub geckodriver: PathBuf,
}

/// Runs every install step and returns where the tools are.
pub fn ensure_all(paths: &RepoPaths) -> Result<Toolchain> {
    ensure_wasm_target()?;
    ensure_rustfmt()?;
    let (wasm_bindgen, wasm_bindgen_dir) = ensure_wasm_bindgen(paths)?;
    ensure_node_tools(paths)?;
    ensure_browser()?;
    let geckodriver = ensure_geckodriver()?;
    Ok(Toolchain {
        wasm_bindgen,
        wasm_bindgen_dir,
        geckodriver,
    })
}

fn report_step(what: &str, started: Instant) {
    println!("install: {what} ({:.1} s)", started.elapsed().as_secs_f64());
}

fn ensure_wasm_target() -> Result<()> {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
    let has_target = probe_stdout(&rustc, &["--print", "sysroot"])
        .map(|sysroot| {
            Path::new(&sysroot)
                .join("lib/rustlib")
                .join(WASM_TARGET)
                .join("lib")
                .is_dir()
        })
        .unwrap_or(false);
    if has_target {
        return Ok(());
    }
    let started = Instant::now();
    if find_on_path("rustup").is_none() {
        return Err(XtaskError::MissingPrerequisite {
            what: format!("the rust target {WASM_TARGET}"),
            install_hint: format!(
                "rustup was not found on PATH; install rustup, then run `rustup target add {WASM_TARGET}`."
            ),
        });
    }
    process::run(Command::new("rustup").args(["target", "add", WASM_TARGET]))?;
    report_step(&format!("added rust target {WASM_TARGET}"), started);
    Ok(())
}

/// rustfmt, for the lint layer's `cargo fmt --check`: rustup's default profile has it, a minimal one does not.
fn ensure_rustfmt() -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    if probe_stdout(&cargo, &["fmt", "--version"]).is_some() {
        return Ok(());
    }
    let started = Instant::now();
    if find_on_path("rustup").is_none() {
        return Err(XtaskError::MissingPrerequisite {
            what: "rustfmt".to_string(),
            install_hint: "rustup was not found on PATH; install rustup, then run `rustup component add rustfmt`."
                .to_string(),
        });
    }
    process::run(Command::new("rustup").args(["component", "add", "rustfmt"]))?;
    report_step("added the rustfmt component", started);
    Ok(())
}

/// The version of `package` recorded in a Cargo.lock text, if it is listed once or more.
pub fn locked_version(lock_text: &str, package: &str) -> Option<String> {
    let name_line = format!("name = \"{package}\"");
    let mut lines = lock_text.lines().map(str::trim);
    while let Some(line) = lines.next() {
        if line == name_line {
            let version_line = lines.next()?;
            let version = version_line
                .strip_prefix("version = \"")?
                .strip_suffix('"')?;
            return Some(version.to_string());
        }
    }
    None
}

fn cargo_home_bin() -> Option<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))?;
    Some(home.join("bin"))
}

/// A `wasm-bindgen` that reports `version` and has the test runner beside it.
fn matching_wasm_bindgen(candidate: &Path, version: &str) -> bool {
    let expected = format!("wasm-bindgen {version}");
    let reports_version =
        probe_stdout(candidate, &["--version"]).is_some_and(|out| out == expected);
    let runner = candidate.with_file_name("wasm-bindgen-test-runner");
    reports_version && runner.is_file()
}

fn ensure_wasm_bindgen(paths: &RepoPaths) -> Result<(PathBuf, PathBuf)> {
    let lock_path = paths.cargo_lock();
    let lock_text =
        fs::read_to_string(&lock_path).context(|| format!("reading {}", lock_path.display()))?;
    let version = locked_version(&lock_text, "wasm-bindgen").ok_or_else(|| {
        XtaskError::Invalid(format!(
            "{} lists no `wasm-bindgen` package, so the CLI version to install is unknown",
            lock_path.display()
        ))
    })?;
    let installed_into = cargo_home_bin().map(|dir| dir.join("wasm-bindgen"));
    let candidates = installed_into
        .iter()
        .cloned()
        .chain(find_on_path("wasm-bindgen"));
    for candidate in candidates {
        if matching_wasm_bindgen(&candidate, &version) {
            return Ok(toolchain_at(candidate));
        }
    }

    let started = Instant::now();
    // Without --locked: the CLI's own lockfile wants crate versions this registry lacks.
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut install = Command::new(cargo);
    install.args(["install", "wasm-bindgen-cli", "--version", &version]);
    process::run(&mut install)?;
    let installed = installed_into
        .filter(|path| matching_wasm_bindgen(path, &version))
        .ok_or_else(|| XtaskError::MissingPrerequisite {
            what: format!("wasm-bindgen {version}"),
            install_hint: format!(
                "`{}` finished but no matching wasm-bindgen appeared in $CARGO_HOME/bin; \
                 check CARGO_HOME and PATH.",
                describe(&install)
            ),
        })?;
    report_step(&format!("installed wasm-bindgen-cli {version}"), started);
    Ok(toolchain_at(installed))
}

/// The `wasm-bindgen` executable and its directory.
fn toolchain_at(wasm_bindgen: PathBuf) -> (PathBuf, PathBuf) {
    let wasm_bindgen_dir = wasm_bindgen
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    (wasm_bindgen, wasm_bindgen_dir)
}

/// A `geckodriver` whose `--version` starts with `geckodriver <version>`.
fn matching_geckodriver(candidate: &Path, version: &str) -> bool {
    let expected = format!("geckodriver {version}");
    probe_stdout(candidate, &["--version"]).is_some_and(|out| {
        out.lines()
            .next()
            .is_some_and(|line| line.trim() == expected)
    })
}

fn ensure_geckodriver() -> Result<PathBuf> {
    let installed_into = cargo_home_bin().map(|dir| dir.join("geckodriver"));
    let candidates = installed_into
        .iter()
        .cloned()
        .chain(find_on_path("geckodriver"));
    for candidate in candidates {
        if matching_geckodriver(&candidate, GECKODRIVER_VERSION) {
            return Ok(candidate);
        }
    }
    let started = Instant::now();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut install = Command::new(cargo);
    install.args([
        "install",
        "geckodriver",
        "--locked",
        "--version",
        GECKODRIVER_VERSION,
    ]);
    process::run(&mut install)?;
    let installed = installed_into
        .filter(|path| matching_geckodriver(path, GECKODRIVER_VERSION))
        .ok_or_else(|| XtaskError::MissingPrerequisite {
            what: format!("geckodriver {GECKODRIVER_VERSION}"),
            install_hint: format!(
                "`{}` finished but no matching geckodriver appeared in $CARGO_HOME/bin; \
                 check CARGO_HOME and PATH.",
                describe(&install)
            ),
        })?;
    report_step(
        &format!("installed geckodriver {GECKODRIVER_VERSION}"),
        started,
    );
    Ok(installed)
}

fn node_tools_current(paths: &RepoPaths, lockfile: &[u8]) -> bool {
    let node_modules = paths.node_modules();
    let stamp_matches =
        fs::read(node_modules.join(NODE_STAMP)).is_ok_and(|stamp| stamp == lockfile);
    stamp_matches
        && NODE_BINS.iter().all(|bin| paths.node_bin(bin).is_file())
        && NODE_PACKAGES
            .iter()
            .all(|package| node_modules.join(package).join("package.json").is_file())
}

fn ensure_node_tools(paths: &RepoPaths) -> Result<()> {
    let lock_path = paths.tools_dir().join("package-lock.json");
    let lockfile = fs::read(&lock_path).context(|| format!("reading {}", lock_path.display()))?;
    if node_tools_current(paths, &lockfile) {
        return Ok(());
    }
    let started = Instant::now();
    let npm = find_on_path("npm").ok_or_else(|| XtaskError::MissingPrerequisite {
        what: "npm (Node.js 20 or newer)".to_string(),
        install_hint: "Install Node.js 20 with npm, e.g. as root: apt-get update && apt-get install -y nodejs npm"
            .to_string(),
    })?;
    let mut npm_ci = Command::new(npm);
    npm_ci
        .args(["ci", "--prefix"])
        .arg(paths.tools_dir())
        .args(["--no-audit", "--no-fund"]);
    process::run(&mut npm_ci)?;
    let stamp = paths.node_modules().join(NODE_STAMP);
    fs::write(&stamp, &lockfile).context(|| format!("writing {}", stamp.display()))?;
    if !node_tools_current(paths, &lockfile) {
        return Err(XtaskError::Invalid(format!(
            "`npm ci` succeeded but tools/node_modules lacks one of {NODE_PACKAGES:?} or {NODE_BINS:?}; \
             check tools/package.json"
        )));
    }
    report_step(
        "installed npm tools (binaryen, playwright-core, selenium-webdriver, terser, typescript, ajv, axe-core)",
        started,
    );
    Ok(())
}

fn ensure_browser() -> Result<()> {
    let missing: Vec<&str> = BROWSER_PACKAGES
        .iter()
        .filter(|(file, _)| !Path::new(file).is_file())
        .map(|(_, package)| *package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let started = Instant::now();
    let packages = missing.join(" ");
    let hint = format!(
        "Install the Debian packages as root: apt-get update && apt-get install -y {packages}\n\
         (they must provide {CHROMIUM}, {CHROMEDRIVER}, {FIREFOX}, {WEBKIT_WEBDRIVER} and {XVFB_RUN})"
    );
    let Some(apt_get) = find_on_path("apt-get") else {
        return Err(XtaskError::MissingPrerequisite {
            what: format!("{packages} (apt-get not found)"),
            install_hint: hint,
        });
    };
    let apt = |args: &[&str]| -> Result<()> {
        let mut command = Command::new(&apt_get);
        command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        process::run(&mut command)
    };
    let installed = apt(&["update"]).and_then(|()| {
        let mut args = vec!["install", "-y"];
        args.extend(&missing);
        apt(&args)
    });
    if let Err(error) = installed {
        return Err(XtaskError::MissingPrerequisite {
            what: packages,
            install_hint: format!("{error}\n{hint}"),
        });
    }
    if let Some((file, _)) = BROWSER_PACKAGES
        .iter()
        .find(|(file, _)| !Path::new(file).is_file())
    {
        return Err(XtaskError::MissingPrerequisite {
            what: file.to_string(),
            install_hint: hint,
        });
    }
    report_step(&format!("installed {packages}"), started);
    Ok(())
}

/// Trunk, for `cargo xtask dev` only (the tests never need it): 0.21.14, the last release that builds with Rust
/// 1.95 (0.22 needs 1.96); about 6 minutes to compile the first time.
pub const TRUNK_VERSION: &str = "0.21.14";

/// A `trunk` reporting [`TRUNK_VERSION`], installed with `cargo install --locked` when there is none.
pub fn ensure_trunk() -> Result<PathBuf> {
    let expected = format!("trunk {TRUNK_VERSION}");
    let installed_into = cargo_home_bin().map(|dir| dir.join("trunk"));
    let matches = |candidate: &Path| {
        probe_stdout(candidate, &["--version"]).is_some_and(|out| out == expected)
    };
    if let Some(found) = installed_into
        .iter()
        .cloned()
        .chain(find_on_path("trunk"))
        .find(|c| matches(c))
    {
        return Ok(found);
    }
    let started = Instant::now();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut install = Command::new(cargo);
    install.args(["install", "--locked", "trunk", "--version", TRUNK_VERSION]);
    process::run(&mut install)?;
    let installed = installed_into
        .filter(|path| matches(path))
        .ok_or_else(|| XtaskError::MissingPrerequisite {
            what: expected.clone(),
            install_hint: format!(
                "`{}` finished but no matching trunk appeared in $CARGO_HOME/bin; check CARGO_HOME and PATH.",
                describe(&install)
            ),
        })?;
    report_step(&format!("installed trunk {TRUNK_VERSION}"), started);
    Ok(installed)
}

#[cfg(test)]
mod tests {
    use super::locked_version;

    const LOCK: &str = r#"
[[package]]
name = "wasm-bindgen-futures"
version = "0.4.80"

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
"#;

    #[test]
    fn finds_the_exact_package_not_a_prefix_match() {
        assert_eq!(
            locked_version(LOCK, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(
            locked_version(LOCK, "wasm-bindgen-futures").as_deref(),
            Some("0.4.80")
        );
    }

    #[test]
    fn absent_or_malformed_package_gives_none() {
        assert_eq!(locked_version(LOCK, "yew"), None);
        assert_eq!(
            locked_version("name = \"wasm-bindgen\"\nchecksum = \"x\"", "wasm-bindgen"),
            None
        );
    }
}

//! Where things live in the repository: the one place that knows every path xtask reads or writes,
//! so the commands agree on them (and the README can point here).

use std::path::{Path, PathBuf};

/// File name of the shipped loader (with the wasm-bindgen glue spliced in).
pub const LOADER_FILE: &str = "outlook-connect.js";
/// File name of the shipped, optimised WebAssembly module.
pub const WASM_FILE: &str = "outlook-connect.wasm";
/// File name of the TypeScript declarations shipped beside the loader.
pub const TYPES_FILE: &str = "outlook-connect.d.ts";
/// Frame mode's files (issue #13), shipped beside the loader as they are (scripts minified): the page the widget
/// runs in when the host page blocks WebAssembly, its script, and the host-side client the loader fetches only then.
pub const FRAME_FILES: [&str; 3] = [
    "frame.html",
    "outlook-connect-frame.js",
    "outlook-connect-frame-client.js",
];
/// Rust target the widget is compiled for.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Cargo package name of the widget crate.
pub const WIDGET_PACKAGE: &str = "outlook-connect";
/// Cargo package (and binary) name of the sandbox server.
pub const SANDBOX_PACKAGE: &str = "outlook-connect-sandbox";

/// Absolute paths inside the repository checkout that contains this xtask.
#[derive(Debug, Clone)]
pub struct RepoPaths {
    root: PathBuf,
}

impl RepoPaths {
    /// The checkout this xtask binary was built from (xtask/ sits at the repository root).
    pub fn of_this_checkout() -> Self {
        let xtask_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let root = xtask_dir.parent().unwrap_or(xtask_dir).to_path_buf();
        RepoPaths { root }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn cargo_lock(&self) -> PathBuf {
        self.root.join("Cargo.lock")
    }

    /// The repository's own cargo target directory; every build xtask starts uses it.
    pub fn target_dir(&self) -> PathBuf {
        self.root.join("target")
    }

    /// Where cargo leaves the widget's raw `.wasm` for a given profile directory name.
    pub fn widget_wasm(&self, profile_dir: &str) -> PathBuf {
        self.target_dir()
            .join(WASM_TARGET)
            .join(profile_dir)
            .join("outlook_connect.wasm")
    }

    pub fn wasm_bindgen_out_dir(&self) -> PathBuf {
        self.target_dir().join("wasm-bindgen")
    }

    /// Where the splitter leaves the first-load module, the chunks and its link file.
    pub fn wasm_split_out_dir(&self) -> PathBuf {
        self.target_dir().join("wasm-split")
    }

    pub fn size_report_json(&self) -> PathBuf {
        self.target_dir().join("size-report.json")
    }

    pub fn bench_report(&self) -> PathBuf {
        self.target_dir().join("bench-report.txt")
    }

    pub fn dist_dir(&self) -> PathBuf {
        self.root.join("dist")
    }

    pub fn www_dir(&self) -> PathBuf {
        self.root.join("www")
    }

    pub fn tools_dir(&self) -> PathBuf {
        self.root.join("tools")
    }

    pub fn node_modules(&self) -> PathBuf {
        self.tools_dir().join("node_modules")
    }

    /// An executable installed by `npm ci --prefix tools`.
    pub fn node_bin(&self, name: &str) -> PathBuf {
        self.node_modules().join(".bin").join(name)
    }

    pub fn e2e_tests_dir(&self) -> PathBuf {
        self.root.join("tests").join("e2e")
    }

    /// The WebDriver tests run in every engine (the `engines` layer).
    pub fn engines_tests_dir(&self) -> PathBuf {
        self.root.join("tests").join("engines")
    }

    pub fn types_test_project(&self) -> PathBuf {
        self.root.join("tests").join("types")
    }

    pub fn browser_bench_script(&self) -> PathBuf {
        self.root.join("tests").join("bench").join("run.mjs")
    }

    /// Capabilities handed to chromedriver by wasm-bindgen-test-runner (Chromium binary and flags).
    pub fn webdriver_json(&self) -> PathBuf {
        self.root.join("webdriver.json")
    }

    /// Capabilities handed to geckodriver by wasm-bindgen-test-runner (the Firefox ESR binary, quiet prefs).
    pub fn webdriver_firefox_json(&self) -> PathBuf {
        self.root.join("webdriver-firefox.json")
    }

    /// Path relative to the repository root, for messages; absolute if it lies elsewhere.
    pub fn display<'a>(&self, path: &'a Path) -> std::path::Display<'a> {
        path.strip_prefix(&self.root).unwrap_or(path).display()
    }
}

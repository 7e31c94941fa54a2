//! `cargo xtask test [--layer NAME]`: installs what is missing, then runs every test layer —
//! lint, native, browser, types, size, e2e — reporting each as `layer: N passed, N failed` and closing
//! with one line `N passed, N failed` (the sum). A layer that cannot even start counts one failure.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::dist::{self, DistMode};
use crate::error::{Result, XtaskError};
use crate::install::{self, Toolchain, CHROMEDRIVER};
use crate::paths::{RepoPaths, WASM_TARGET, WIDGET_PACKAGE};
use crate::process::{self, cargo, find_on_path, path_with_first, TeedOutput};
use crate::sandbox_proc::{self, SandboxProfile, TestSandboxes};

/// `cargo test` of the widget for wasm32 in headless Chromium: chromedriver, the repo's
/// `webdriver.json` and the matching `wasm-bindgen-test-runner` first on PATH. Callers add the targets.
pub fn browser_cargo_test(paths: &RepoPaths, tools: &Toolchain) -> Command {
    let mut command = cargo(paths);
    command
        .args(["test", "-p", WIDGET_PACKAGE, "--target", WASM_TARGET])
        .env("CHROMEDRIVER", CHROMEDRIVER)
        .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", paths.webdriver_json())
        .env("PATH", path_with_first(&tools.wasm_bindgen_dir));
    command
}

/// One test layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    Lint,
    Native,
    Browser,
    Types,
    Size,
    E2e,
}

impl Layer {
    /// Every layer, in the order a full run executes them (size before e2e: e2e reuses its dist).
    pub const ALL: [Layer; 6] = [
        Layer::Lint,
        Layer::Native,
        Layer::Browser,
        Layer::Types,
        Layer::Size,
        Layer::E2e,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Layer::Lint => "lint",
            Layer::Native => "native",
            Layer::Browser => "browser",
            Layer::Types => "types",
            Layer::Size => "size",
            Layer::E2e => "e2e",
        }
    }

    pub fn parse(name: &str) -> Option<Layer> {
        Layer::ALL.into_iter().find(|layer| layer.name() == name)
    }
}

/// Passed and failed test counts.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct TestCounts {
    pub passed: u64,
    pub failed: u64,
}

impl TestCounts {
    fn add(self, other: TestCounts) -> TestCounts {
        TestCounts {
            passed: self.passed + other.passed,
            failed: self.failed + other.failed,
        }
    }

    fn single(ok: bool) -> TestCounts {
        TestCounts {
            passed: u64::from(ok),
            failed: u64::from(!ok),
        }
    }
}

/// Sums the `test result: ok. N passed; M failed; …` lines of cargo test and wasm-bindgen-test.
pub fn parse_cargo_test_counts(output: &str) -> TestCounts {
    output
        .lines()
        .filter_map(|line| line.trim().strip_prefix("test result: "))
        .map(|rest| TestCounts {
            passed: count_before(rest, " passed"),
            failed: count_before(rest, " failed"),
        })
        .fold(TestCounts::default(), TestCounts::add)
}

/// The number just before `label` in `text` (`0` when absent).
fn count_before(text: &str, label: &str) -> u64 {
    text.find(label)
        .and_then(|end| text[..end].rsplit(|c: char| !c.is_ascii_digit()).next())
        .and_then(|digits| digits.parse().ok())
        .unwrap_or(0)
}

/// Reads node's closing `ℹ pass N` / `ℹ fail N` (spec reporter) or `# pass N` (TAP) lines.
pub fn parse_node_test_counts(output: &str) -> Option<TestCounts> {
    let mut passed = None;
    let mut failed = None;
    for line in output.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if let [prefix, label, number] = words[..] {
            if prefix != "ℹ" && prefix != "#" {
                continue;
            }
            match (label, number.parse::<u64>()) {
                ("pass", Ok(n)) => passed = Some(n),
                ("fail", Ok(n)) => failed = Some(n),
                _ => {}
            }
        }
    }
    Some(TestCounts {
        passed: passed?,
        failed: failed?,
    })
}

/// What one layer ended with: its counts and, if something went wrong outside the tests, why.
struct LayerOutcome {
    counts: TestCounts,
    problem: Option<String>,
}

impl LayerOutcome {
    fn from_counts(counts: TestCounts) -> LayerOutcome {
        LayerOutcome {
            counts,
            problem: None,
        }
    }

    /// The layer could not run: one failure, with the reason.
    fn broken(problem: String) -> LayerOutcome {
        LayerOutcome {
            counts: TestCounts::single(false),
            problem: Some(problem),
        }
    }

    /// Counts from a test runner's output. A failing exit without a failed test, or a runner whose
    /// summary cannot be found, counts one failure.
    fn from_runner(output: &TeedOutput, counts: Option<TestCounts>) -> LayerOutcome {
        let Some(counts) = counts else {
            return LayerOutcome::broken(format!(
                "the runner exited with {} and printed no pass/fail summary",
                output.status
            ));
        };
        if output.status.success() || counts.failed > 0 {
            LayerOutcome::from_counts(counts)
        } else {
            LayerOutcome {
                counts: counts.add(TestCounts::single(false)),
                problem: Some(format!(
                    "the runner exited with {} without reporting a failed test (build error?)",
                    output.status
                )),
            }
        }
    }
}

/// Runs the given layers and prints the report; errs with `TestsFailed` when anything failed.
pub fn run(paths: &RepoPaths, layers: &[Layer]) -> Result<()> {
    let tools = install::ensure_all(paths)?;
    let mut session = TestSession {
        paths,
        tools: &tools,
        dist_built: false,
    };
    let mut results = Vec::new();
    for &layer in layers {
        println!("\n=== layer {} ===", layer.name());
        let started = Instant::now();
        let outcome = session.run_layer(layer);
        println!(
            "=== layer {} done in {:.1} s ===",
            layer.name(),
            started.elapsed().as_secs_f64()
        );
        results.push((layer, outcome));
    }

    println!();
    let mut total = TestCounts::default();
    for (layer, outcome) in &results {
        let TestCounts { passed, failed } = outcome.counts;
        println!("{}: {passed} passed, {failed} failed", layer.name());
        if let Some(problem) = &outcome.problem {
            println!("  ({problem})");
        }
        total = total.add(outcome.counts);
    }
    println!("{} passed, {} failed", total.passed, total.failed);
    if total.failed > 0 {
        Err(XtaskError::TestsFailed {
            failed: total.failed,
        })
    } else {
        Ok(())
    }
}

struct TestSession<'a> {
    paths: &'a RepoPaths,
    tools: &'a Toolchain,
    dist_built: bool,
}

impl TestSession<'_> {
    fn run_layer(&mut self, layer: Layer) -> LayerOutcome {
        let outcome = match layer {
            Layer::Lint => self.lint(),
            Layer::Native => self.native(),
            Layer::Browser => self.browser(),
            Layer::Types => self.types(),
            Layer::Size => self.size(),
            Layer::E2e => self.e2e(),
        };
        outcome.unwrap_or_else(|error| LayerOutcome::broken(error.to_string()))
    }

    /// Clippy with `-D warnings`, two checks: the widget's shipped code as it is built for the browser, where
    /// the root `clippy.toml` turns the size rules of ARCHITECTURE.md into errors; and every crate and test
    /// natively, for the rest of clippy's lints (the size rules are about the bundle, not about tests or tools).
    fn lint(&self) -> Result<LayerOutcome> {
        let shipped = process::run_teed(cargo(self.paths).args([
            "clippy",
            "-p",
            WIDGET_PACKAGE,
            "--lib",
            "--target",
            WASM_TARGET,
            // As `cargo xtask dist` builds it: with the split points.
            "--features",
            "split",
            "--",
            "-D",
            "warnings",
        ]))?;
        let everything = process::run_teed(cargo(self.paths).args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
            "-A",
            "clippy::disallowed_methods",
            "-A",
            "clippy::disallowed_macros",
            "-A",
            "clippy::disallowed_types",
        ]))?;
        let counts = TestCounts::single(shipped.status.success())
            .add(TestCounts::single(everything.status.success()));
        let mut outcome = LayerOutcome::from_counts(counts);
        if counts.failed > 0 {
            outcome.problem = Some(
                "clippy found warnings (a size rule of ARCHITECTURE.md, or another lint): see its output above"
                    .to_string(),
            );
        }
        Ok(outcome)
    }

    fn native(&self) -> Result<LayerOutcome> {
        let output =
            process::run_teed(cargo(self.paths).args(["test", "--workspace", "--no-fail-fast"]))?;
        Ok(LayerOutcome::from_runner(
            &output,
            Some(parse_cargo_test_counts(&output.stdout)),
        ))
    }

    /// wasm-bindgen-test in headless Chromium through chromedriver. Doctests are left to the native
    /// layer (`--tests`): they are not browser tests.
    fn browser(&self) -> Result<LayerOutcome> {
        let mut command = browser_cargo_test(self.paths, self.tools);
        command.args(["--tests", "--no-fail-fast"]);
        let output = process::run_teed(&mut command)?;
        Ok(LayerOutcome::from_runner(
            &output,
            Some(parse_cargo_test_counts(&output.stdout)),
        ))
    }

    /// `tsc --noEmit` over the example host script: one check.
    fn types(&self) -> Result<LayerOutcome> {
        let project = self.paths.types_test_project();
        require_exists(self.paths, &project.join("tsconfig.json"))?;
        let passed = process::run(
            Command::new(self.paths.node_bin("tsc"))
                .arg("--noEmit")
                .arg("-p")
                .arg(&project)
                .current_dir(self.paths.root()),
        )
        .is_ok();
        Ok(LayerOutcome::from_counts(TestCounts::single(passed)))
    }

    /// Builds the shippable bundle and checks the enforced gzip ceiling (see `size.rs`): one check.
    fn size(&mut self) -> Result<LayerOutcome> {
        let report = dist::build(self.paths, self.tools, DistMode::Release)?;
        self.dist_built = true;
        let within = report.within_ceiling();
        let mut outcome = LayerOutcome::from_counts(TestCounts::single(within));
        if !within {
            outcome.problem = report.ceiling_problem();
        }
        Ok(outcome)
    }

    /// Playwright scripts under tests/e2e against two sandboxes (with and without COOP).
    fn e2e(&mut self) -> Result<LayerOutcome> {
        let tests_dir = self.paths.e2e_tests_dir();
        require_exists(self.paths, &tests_dir)?;
        if !self.dist_built {
            dist::build(self.paths, self.tools, DistMode::Release)?;
            self.dist_built = true;
        }
        let binary = sandbox_proc::build(self.paths, SandboxProfile::Dev)?;
        let sandboxes = TestSandboxes::start(self.paths, &binary)?;
        let mut command = node_command()?;
        command
            // One file at a time: the sandboxes' faults and request log are shared by every test file.
            .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
            .current_dir(self.paths.root())
            .envs(sandboxes.node_env(self.paths));
        // OC_E2E_FILES="early embed" runs only tests/e2e/early.test.mjs and embed.test.mjs (while working on them).
        match std::env::var("OC_E2E_FILES") {
            Ok(names) if !names.trim().is_empty() => {
                command.args(
                    names
                        .split_whitespace()
                        .map(|name| tests_dir.join(format!("{name}.test.mjs"))),
                );
            }
            _ => {
                command.arg(&tests_dir);
            }
        }
        let output = process::run_teed(&mut command);
        drop(sandboxes);
        let output = output?;
        Ok(LayerOutcome::from_runner(
            &output,
            parse_node_test_counts(&output.stdout),
        ))
    }
}

/// A `node` command, or a clear error if Node.js is not installed.
pub fn node_command() -> Result<Command> {
    find_on_path("node")
        .map(Command::new)
        .ok_or_else(|| XtaskError::MissingPrerequisite {
            what: "node (Node.js 20 or newer)".to_string(),
            install_hint:
                "Install Node.js 20, e.g. as root: apt-get update && apt-get install -y nodejs npm"
                    .to_string(),
        })
}

fn require_exists(paths: &RepoPaths, path: &Path) -> Result<()> {
    if path.exists() {
        Ok(())
    } else {
        Err(XtaskError::Invalid(format!(
            "{} is missing, so this layer has nothing to run",
            paths.display(path)
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_every_cargo_test_result_line() {
        let output = "\
running 3 tests
test result: ok. 3 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s
test result: FAILED. 12 passed; 2 failed; 1 ignored; 0 measured; 0 filtered out; finished in 1.20s
   Doc-tests outlook_connect
test result: ok. 0 passed; 0 failed; 0 ignored; 0 filtered out; finished in 0.00s
";
        assert_eq!(
            parse_cargo_test_counts(output),
            TestCounts {
                passed: 15,
                failed: 2
            }
        );
        assert_eq!(
            parse_cargo_test_counts("error[E0425]: cannot find value"),
            TestCounts::default()
        );
    }

    #[test]
    fn reads_node_spec_and_tap_summaries() {
        let spec = "✔ renders (12ms)\nℹ tests 5\nℹ suites 0\nℹ pass 4\nℹ fail 1\nℹ cancelled 0\n";
        assert_eq!(
            parse_node_test_counts(spec),
            Some(TestCounts {
                passed: 4,
                failed: 1
            })
        );
        let tap = "# tests 2\n# pass 2\n# fail 0\n";
        assert_eq!(
            parse_node_test_counts(tap),
            Some(TestCounts {
                passed: 2,
                failed: 0
            })
        );
        assert_eq!(parse_node_test_counts("✔ a test named pass 3\n"), None);
    }

    #[test]
    fn failing_runner_without_failed_tests_counts_one_failure() {
        use std::os::unix::process::ExitStatusExt;
        let broken = TeedOutput {
            stdout: String::new(),
            status: std::process::ExitStatus::from_raw(101 << 8),
        };
        let outcome = LayerOutcome::from_runner(
            &broken,
            Some(TestCounts {
                passed: 7,
                failed: 0,
            }),
        );
        assert_eq!(
            outcome.counts,
            TestCounts {
                passed: 7,
                failed: 1
            }
        );
        assert!(outcome.problem.is_some());
        let ok = TeedOutput {
            stdout: String::new(),
            status: std::process::ExitStatus::from_raw(0),
        };
        let silent = LayerOutcome::from_runner(&ok, None);
        assert_eq!(
            silent.counts,
            TestCounts {
                passed: 0,
                failed: 1
            }
        );
    }

    #[test]
    fn layer_names_round_trip() {
        for layer in Layer::ALL {
            assert_eq!(Layer::parse(layer.name()), Some(layer));
        }
        assert_eq!(Layer::parse("unit"), None);
    }
}

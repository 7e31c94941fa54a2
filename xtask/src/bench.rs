//! `cargo xtask bench`: runs the sandbox's benchmark (`cargo bench -p outlook-connect-sandbox`,
//! a harness-less bench that prints a table), the editor's bench in headless Chromium (`tests/bench`,
//! ignored wasm-bindgen tests run in the `dist` profile, printing medians) and, when
//! `tests/bench/run.mjs` exists, a browser bench against the same two sandboxes the end-to-end tests use (time to the
//! first screen on loopback and slow 4G, with the bytes on the wire before it). Prints the figures and
//! writes them all to `target/bench-report.txt`. Nothing here asserts on time.

use std::fmt::Write as _;
use std::fs;

use crate::dist::{self, DistMode};
use crate::error::{IoContext, Result, XtaskError};
use crate::install;
use crate::paths::{RepoPaths, SANDBOX_PACKAGE};
use crate::process::{self, cargo, describe, TeedOutput};
use crate::sandbox_proc::{self, SandboxProfile, TestSandboxes};
use crate::test::node_command;

pub fn run(paths: &RepoPaths) -> Result<()> {
    let tools = install::ensure_all(paths)?;
    let mut report = String::new();

    let mut sandbox_bench = cargo(paths);
    sandbox_bench.args(["bench", "-p", SANDBOX_PACKAGE]);
    let output = process::run_teed(&mut sandbox_bench)?;
    append_section(&mut report, &describe(&sandbox_bench), &output);
    let mut failures = failure_of(&sandbox_bench, &output)
        .into_iter()
        .collect::<Vec<_>>();

    // The editor bench: one edit in a 200-condition tree, one keystroke over 5,000 folders (medians).
    let mut editor_bench = crate::test::browser_cargo_test(paths, &tools);
    editor_bench.args([
        "--profile",
        "dist",
        "--test",
        "bench",
        "--",
        "--include-ignored",
        "--nocapture",
    ]);
    let output = process::run_teed(&mut editor_bench)?;
    append_section(&mut report, &describe(&editor_bench), &output);
    failures.extend(failure_of(&editor_bench, &output));

    let script = paths.browser_bench_script();
    if script.is_file() {
        dist::build(paths, &tools, DistMode::Release)?;
        let binary = sandbox_proc::build(paths, SandboxProfile::Release)?;
        let sandboxes = TestSandboxes::start(paths, &binary)?;
        let mut browser_bench = node_command()?;
        browser_bench
            .arg(&script)
            .current_dir(paths.root())
            .envs(sandboxes.node_env(paths));
        let output = process::run_teed(&mut browser_bench);
        drop(sandboxes);
        let output = output?;
        append_section(&mut report, &describe(&browser_bench), &output);
        failures.extend(failure_of(&browser_bench, &output));
    } else {
        let note = format!(
            "(no browser bench: {} does not exist)\n",
            paths.display(&script)
        );
        print!("{note}");
        report.push_str(&note);
    }

    let report_path = paths.bench_report();
    fs::write(&report_path, &report).context(|| format!("writing {}", report_path.display()))?;
    println!("bench: figures written to {}", paths.display(&report_path));
    match failures.into_iter().next() {
        Some(error) => Err(error),
        None => Ok(()),
    }
}

fn append_section(report: &mut String, command: &str, output: &TeedOutput) {
    let _ = writeln!(report, "$ {command}\n{}", output.stdout);
}

fn failure_of(command: &std::process::Command, output: &TeedOutput) -> Option<XtaskError> {
    (!output.status.success()).then(|| XtaskError::CommandFailed {
        command: describe(command),
        status: output.status,
    })
}

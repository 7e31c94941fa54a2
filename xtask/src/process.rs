//! Running external programs: echo what runs, turn a non-zero exit into an error that names the
//! command, and "tee" a program's stdout (shown live and kept) when its closing lines must be parsed.

use std::ffi::{OsStr, OsString};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};

use crate::error::{IoContext, Result, XtaskError};
use crate::paths::RepoPaths;

/// A readable one-line rendering of a command (program and arguments, no environment).
pub fn describe(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

fn spawn_error(command: &Command, source: std::io::Error) -> XtaskError {
    XtaskError::Io {
        action: format!("could not start `{}`", describe(command)),
        source,
    }
}

/// Runs a command with inherited stdio and fails unless it exits successfully.
pub fn run(command: &mut Command) -> Result<()> {
    println!("$ {}", describe(command));
    let status = command.status().map_err(|e| spawn_error(command, e))?;
    if status.success() {
        Ok(())
    } else {
        Err(XtaskError::CommandFailed {
            command: describe(command),
            status,
        })
    }
}

/// What a teed command printed on stdout, and how it ended.
pub struct TeedOutput {
    pub stdout: String,
    pub status: ExitStatus,
}

/// Runs a command, streaming its stdout to ours line by line while keeping a copy; stderr is
/// inherited. A non-zero exit is *not* an error here: callers parse the output to learn why.
pub fn run_teed(command: &mut Command) -> Result<TeedOutput> {
    println!("$ {}", describe(command));
    let mut child = command
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| spawn_error(command, e))?;
    let mut kept = String::new();
    if let Some(stdout) = child.stdout.take() {
        let mut reader = BufReader::new(stdout);
        let mut line = Vec::new();
        let mut console = std::io::stdout();
        loop {
            line.clear();
            let read = reader
                .read_until(b'\n', &mut line)
                .context(|| format!("reading the output of `{}`", describe(command)))?;
            if read == 0 {
                break;
            }
            // Console output is best effort: a closed terminal must not abort the run.
            let _ = console.write_all(&line);
            let _ = console.flush();
            kept.push_str(&String::from_utf8_lossy(&line));
        }
    }
    let status = child
        .wait()
        .context(|| format!("waiting for `{}`", describe(command)))?;
    Ok(TeedOutput {
        stdout: kept,
        status,
    })
}

/// Runs a command quietly and returns its trimmed stdout, or `None` if it cannot start or fails.
/// Used for version probes, where "absent" and "broken" mean the same thing: install it.
pub fn probe_stdout(program: impl AsRef<OsStr>, args: &[&str]) -> Option<String> {
    let output = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    Some(String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// A `cargo` command (the same cargo that runs xtask) building into the repository's target dir.
pub fn cargo(paths: &RepoPaths) -> Command {
    let program = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let mut command = Command::new(program);
    command
        .current_dir(paths.root())
        .env("CARGO_TARGET_DIR", paths.target_dir());
    command
}

/// Finds an executable by name on `PATH`.
pub fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// `PATH` with `dir` put first, for child processes that look tools up by name.
pub fn path_with_first(dir: &Path) -> OsString {
    let mut dirs = vec![dir.to_path_buf()];
    if let Some(current) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&current));
    }
    std::env::join_paths(dirs).unwrap_or_else(|_| dir.as_os_str().to_owned())
}

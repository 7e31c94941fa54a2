//! Starting and stopping the sandbox server binary (crates/sandbox) for the demo, the end-to-end
//! tests and the benchmarks: build it once, start it with `--ready-file`, wait until it has written
//! its URLs there, and kill it when the handle is dropped (also when a test run fails).

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::error::{IoContext, Result, XtaskError};
use crate::paths::{RepoPaths, SANDBOX_PACKAGE};
use crate::process::{self, cargo, describe};

const READY_TIMEOUT: Duration = Duration::from_secs(60);
const READY_POLL: Duration = Duration::from_millis(100);

/// Which cargo profile the sandbox binary is built with.
#[derive(Debug, Clone, Copy)]
pub enum SandboxProfile {
    /// Fast to build; what the end-to-end tests use.
    Dev,
    /// What the demo and the benchmarks use.
    Release,
}

/// Builds the sandbox binary and returns its path.
pub fn build(paths: &RepoPaths, profile: SandboxProfile) -> Result<PathBuf> {
    let mut command = cargo(paths);
    command.args(["build", "-p", SANDBOX_PACKAGE, "--bin", SANDBOX_PACKAGE]);
    let profile_dir = match profile {
        SandboxProfile::Dev => "debug",
        SandboxProfile::Release => {
            command.arg("--release");
            "release"
        }
    };
    process::run(&mut command)?;
    Ok(paths.target_dir().join(profile_dir).join(SANDBOX_PACKAGE))
}

/// Where the sandbox's output goes.
pub enum SandboxOutput {
    /// Shown in our terminal (the demo).
    Inherit,
    /// Written to a log file (replaced on each start), so it does not interleave with test output.
    LogFile(PathBuf),
}

/// The URLs the sandbox writes into its ready file once it listens.
#[derive(Debug, Clone)]
pub struct ReadyInfo {
    pub host_url: String,
    pub api_url: String,
    pub microsoft_url: String,
}

/// Parses the ready file's JSON; `Err` names the missing or mistyped field.
pub fn parse_ready(text: &str) -> std::result::Result<ReadyInfo, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("not valid JSON ({e})"))?;
    let field = |name: &str| -> std::result::Result<String, String> {
        value
            .get(name)
            .and_then(serde_json::Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| format!("field `{name}` is missing or not a string"))
    };
    Ok(ReadyInfo {
        host_url: field("host_url")?,
        api_url: field("api_url")?,
        microsoft_url: field("microsoft_url")?,
    })
}

/// A running sandbox; dropping it kills the process.
pub struct SandboxProcess {
    child: Child,
    pub ready: ReadyInfo,
    pub ready_file: PathBuf,
}

impl SandboxProcess {
    /// Starts `binary` with `args` plus `--ready-file <ready_file>` and waits until it is ready.
    pub fn start(
        binary: &Path,
        args: &[String],
        ready_file: &Path,
        output: SandboxOutput,
    ) -> Result<SandboxProcess> {
        match fs::remove_file(ready_file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(XtaskError::Io {
                    action: format!("removing the stale {}", ready_file.display()),
                    source: e,
                })
            }
        }
        if let Some(dir) = ready_file.parent() {
            fs::create_dir_all(dir).context(|| format!("creating {}", dir.display()))?;
        }
        let mut command = Command::new(binary);
        command
            .args(args)
            .arg("--ready-file")
            .arg(ready_file)
            .stdin(Stdio::null());
        if let SandboxOutput::LogFile(log) = &output {
            let file = File::options()
                .create(true)
                .write(true)
                .truncate(true)
                .open(log)
                .context(|| format!("opening {}", log.display()))?;
            let second = file
                .try_clone()
                .context(|| format!("opening {}", log.display()))?;
            command.stdout(file).stderr(second);
        }
        println!("$ {}", describe(&command));
        let child = command
            .spawn()
            .context(|| format!("starting {}", binary.display()))?;
        // From here on the guard owns the child: any early return kills it.
        let mut guard = SandboxProcess {
            child,
            ready: ReadyInfo {
                host_url: String::new(),
                api_url: String::new(),
                microsoft_url: String::new(),
            },
            ready_file: ready_file.to_path_buf(),
        };
        guard.ready = guard.wait_until_ready(&output)?;
        Ok(guard)
    }

    fn wait_until_ready(&mut self, output: &SandboxOutput) -> Result<ReadyInfo> {
        let log_hint = match output {
            SandboxOutput::LogFile(log) => format!("; its output is in {}", log.display()),
            SandboxOutput::Inherit => String::new(),
        };
        let started = Instant::now();
        let mut last_problem = "the file was not written".to_string();
        while started.elapsed() < READY_TIMEOUT {
            if let Some(status) = self
                .child
                .try_wait()
                .context(|| "checking on the sandbox process".to_string())?
            {
                return Err(XtaskError::Invalid(format!(
                    "the sandbox exited ({status}) before it was ready{log_hint}"
                )));
            }
            // The file may be caught half-written: a parse failure just means "not yet".
            if let Ok(text) = fs::read_to_string(&self.ready_file) {
                match parse_ready(&text) {
                    Ok(ready) => return Ok(ready),
                    Err(problem) => last_problem = problem,
                }
            }
            thread::sleep(READY_POLL);
        }
        Err(XtaskError::Timeout {
            what: format!(
                "the sandbox's ready file {} (last problem: {last_problem}){log_hint}",
                self.ready_file.display()
            ),
            seconds: READY_TIMEOUT.as_secs(),
        })
    }

    /// Waits for the sandbox to exit by itself (the demo runs it in the foreground).
    pub fn wait(mut self) -> Result<()> {
        let status = self
            .child
            .wait()
            .context(|| "waiting for the sandbox".to_string())?;
        if status.success() {
            Ok(())
        } else {
            Err(XtaskError::Invalid(format!(
                "the sandbox exited with {status}"
            )))
        }
    }
}

impl Drop for SandboxProcess {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// The two sandboxes the end-to-end tests and the browser bench talk to: one as production (the
/// emulated Microsoft pages send COOP) and one started with `--no-coop`. Both use an in-memory
/// database, test controls and ephemeral ports.
pub struct TestSandboxes {
    pub coop: SandboxProcess,
    pub no_coop: SandboxProcess,
}

impl TestSandboxes {
    pub fn start(paths: &RepoPaths, binary: &Path) -> Result<TestSandboxes> {
        let target = paths.target_dir();
        let start = |label: &str, extra: &[&str]| {
            let mut args: Vec<String> = [
                "--port",
                "0",
                "--db",
                ":memory:",
                "--test-controls",
                "--processing-delay-ms",
                "50",
            ]
            .iter()
            .chain(extra)
            .map(|arg| arg.to_string())
            .collect();
            args.push("--dist".to_string());
            args.push(paths.dist_dir().display().to_string());
            SandboxProcess::start(
                binary,
                &args,
                &target.join(format!("{label}.json")),
                SandboxOutput::LogFile(target.join(format!("{label}.log"))),
            )
        };
        let coop = start("e2e-ready", &[])?;
        let no_coop = start("e2e-ready-nocoop", &["--no-coop"])?;
        Ok(TestSandboxes { coop, no_coop })
    }

    /// The environment the node test and bench scripts read.
    pub fn node_env(&self, paths: &RepoPaths) -> Vec<(&'static str, PathBuf)> {
        vec![
            ("OC_E2E_READY", self.coop.ready_file.clone()),
            ("OC_E2E_READY_NOCOOP", self.no_coop.ready_file.clone()),
            ("CHROMIUM", PathBuf::from(crate::install::CHROMIUM)),
            ("NODE_PATH", paths.node_modules()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::parse_ready;

    #[test]
    fn reads_the_three_urls() {
        let ready = parse_ready(
            r#"{"host_url":"http://127.0.0.1:1","api_url":"http://127.0.0.1:2","microsoft_url":"http://127.0.0.1:3","api_key":"k"}"#,
        )
        .unwrap();
        assert_eq!(ready.host_url, "http://127.0.0.1:1");
        assert_eq!(ready.api_url, "http://127.0.0.1:2");
        assert_eq!(ready.microsoft_url, "http://127.0.0.1:3");
    }

    #[test]
    fn names_the_bad_field_or_the_json_problem() {
        let missing = parse_ready(r#"{"host_url":"h","api_url":"a"}"#).unwrap_err();
        assert!(missing.contains("microsoft_url"), "{missing}");
        let wrong_type = parse_ready(r#"{"host_url":1}"#).unwrap_err();
        assert!(wrong_type.contains("host_url"), "{wrong_type}");
        assert!(parse_ready(r#"{"host_url":"#).unwrap_err().contains("JSON"));
    }
}

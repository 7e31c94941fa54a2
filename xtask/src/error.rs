//! The one error type of xtask: every failure says what was being done and, where we know it,
//! what the person running the command should do about it.

use std::fmt;
use std::io;
use std::process::ExitStatus;

/// Everything that can stop an xtask command.
#[derive(Debug)]
pub enum XtaskError {
    /// The command line was not understood; the text names the argument and what was expected.
    Usage(String),
    /// A file-system or process-spawning operation failed.
    Io { action: String, source: io::Error },
    /// An external program ran and exited unsuccessfully.
    CommandFailed { command: String, status: ExitStatus },
    /// A tool the project needs is absent and could not be installed automatically.
    MissingPrerequisite { what: String, install_hint: String },
    /// A project file or a program's output did not have the shape we rely on.
    Invalid(String),
    /// Something we waited for did not happen in time.
    Timeout { what: String, seconds: u64 },
    /// Tests ran and some failed (the per-layer report has already been printed).
    TestsFailed { failed: u64 },
}

/// Result alias used across xtask.
pub type Result<T> = std::result::Result<T, XtaskError>;

impl fmt::Display for XtaskError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            XtaskError::Usage(message) => write!(f, "{message}"),
            XtaskError::Io { action, source } => write!(f, "{action}: {source}"),
            XtaskError::CommandFailed { command, status } => {
                write!(f, "`{command}` failed ({status})")
            }
            XtaskError::MissingPrerequisite { what, install_hint } => {
                write!(
                    f,
                    "{what} is missing and could not be installed automatically.\n{install_hint}"
                )
            }
            XtaskError::Invalid(message) => f.write_str(message),
            XtaskError::Timeout { what, seconds } => {
                write!(f, "timed out after {seconds} s waiting for {what}")
            }
            XtaskError::TestsFailed { failed } => write!(f, "{failed} test(s) failed"),
        }
    }
}

impl std::error::Error for XtaskError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            XtaskError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Attaches "what we were doing" to an `io::Result`.
pub trait IoContext<T> {
    fn context(self, action: impl FnOnce() -> String) -> Result<T>;
}

impl<T> IoContext<T> for io::Result<T> {
    fn context(self, action: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|source| XtaskError::Io {
            action: action(),
            source,
        })
    }
}

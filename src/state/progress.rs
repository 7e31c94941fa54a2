//! The Progress screen's slice: the syncs "Sync" started and their files' counts, as the polling in
//! `crate::flow::sync` reports them (the schedule itself is `super::poller`). Changed only through [`reduce`].

use super::failure::Failure;
use super::shell::{Changed, Screen, Shell};
use crate::api::{StageCounts, UserFile};
use std::rc::Rc;

/// One accepted folder sync and its files' counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub folder: String,
    pub request_id: String,
    pub counts: StageCounts,
}

/// What the Progress screen shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    pub data_source_id: i64,
    pub runs: Vec<Run>,
    /// Folders whose sync request the API did not accept.
    pub failed: Vec<Failure>,
    /// Every file of every run is final (or no file came).
    pub done: bool,
    /// Why the last count failed (offline, a server error, a refused token); cleared by the next count.
    pub trouble: Option<Failure>,
    /// Counting has stopped for good after a failure that waiting does not mend (a 401 or 422): the screen must
    /// not promise another try.
    pub stopped: bool,
}

impl Progress {
    pub fn request_ids(&self) -> Vec<String> {
        self.runs.iter().map(|run| run.request_id.clone()).collect()
    }

    /// The counts of every run added up.
    pub fn total(&self) -> StageCounts {
        total(self.runs.iter().map(|run| &run.counts))
    }
}

/// The slice: the last accepted syncs (`None` before the first).
pub type ProgressState = Option<Rc<Progress>>;

/// A change to [`ProgressState`] (and the screen it leads to).
#[derive(Clone, Debug, PartialEq)]
pub enum ProgressAction {
    /// At least one sync was accepted: the Progress screen.
    Started {
        data_source_id: i64,
        runs: Vec<Run>,
        failed: Vec<Failure>,
    },
    /// A count of the runs' files (in the order of `Progress::runs`).
    Counted {
        counts: Vec<StageCounts>,
        done: bool,
    },
    /// A count failed; polling goes on while `retrying`, and stops otherwise.
    CountFailed { failure: Failure, retrying: bool },
}

pub fn reduce(progress: &mut ProgressState, action: ProgressAction, shell: &mut Shell) -> Changed {
    match action {
        ProgressAction::Started {
            data_source_id,
            runs,
            failed,
        } => {
            *progress = Some(Rc::new(Progress {
                data_source_id,
                runs,
                failed,
                done: false,
                trouble: None,
                stopped: false,
            }));
            *shell.screen = Screen::Progress;
        }
        ProgressAction::Counted { counts, done } => {
            let Some(progress) = progress.as_mut() else {
                return Changed::No;
            };
            if counts.len() != progress.runs.len() {
                return Changed::No;
            }
            let progress = Rc::make_mut(progress);
            for (run, counts) in progress.runs.iter_mut().zip(counts) {
                run.counts = counts;
            }
            progress.done = done;
            progress.trouble = None;
        }
        ProgressAction::CountFailed { failure, retrying } => {
            let Some(progress) = progress.as_mut() else {
                return Changed::No;
            };
            let progress = Rc::make_mut(progress);
            progress.trouble = Some(failure);
            progress.stopped = !retrying;
        }
    }
    Changed::Yes
}

/// Each run's counts from the files listed for their `request_ids` (files of other syncs are ignored).
pub fn count_runs(runs: &[Run], files: &[UserFile]) -> Vec<StageCounts> {
    runs.iter()
        .map(|run| {
            StageCounts::tally(
                files
                    .iter()
                    .filter(|file| file.request_id.as_deref() == Some(run.request_id.as_str())),
            )
        })
        .collect()
}

/// Counts added up.
pub fn total<'a>(counts: impl IntoIterator<Item = &'a StageCounts>) -> StageCounts {
    let mut sum = StageCounts::default();
    for counts in counts {
        sum.queued += counts.queued;
        sum.syncing += counts.syncing;
        sum.ready += counts.ready;
        sum.failed += counts.failed;
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(folder: &str, request_id: &str) -> Run {
        Run {
            folder: folder.into(),
            request_id: request_id.into(),
            counts: StageCounts::default(),
        }
    }

    fn file(id: i64, request_id: &str, status: &str) -> UserFile {
        UserFile {
            request_id: Some(request_id.into()),
            ..UserFile::sample(id, status)
        }
    }

    #[test]
    fn counts_are_per_request_id_and_add_up_to_the_total() {
        let runs = [run("Inbox", "a"), run("Archive", "b")];
        let files = [
            file(1, "a", "READY"),
            file(2, "a", "SYNCING"),
            file(3, "b", "QUEUED_FOR_SYNC"),
            file(4, "b", "SYNC_ERROR"),
            file(5, "other", "READY"),
        ];
        let counted = count_runs(&runs, &files);
        assert_eq!(
            counted,
            [StageCounts::of(0, 1, 1, 0), StageCounts::of(1, 0, 0, 1)]
        );
        assert_eq!(total(&counted), StageCounts::of(1, 1, 1, 1));
    }
}

//! The sign-in popup state machine, path by path: blocked, opened, navigated, connected by poll and by message,
//! closed before and after navigation (COOP), cancelled, reopened, timed out, failed — and messages from other
//! origins or of other shapes ignored. A property test drives random input sequences and checks the invariants.
#![cfg(not(target_arch = "wasm32"))]

use outlook_connect::api::request::ConnectMode;
use outlook_connect::api::response::{DataSourceSyncStatus, LastSyncAction};
use outlook_connect::api::{ApiError, ApiErrorKind};
use outlook_connect::events::{CancelReason, Event, EventType};
use outlook_connect::oauth::machine::{
    find_connected, looks_reconnected, origin_of, popup_features, POLL_INTERVAL_MS, POPUP_NAME,
    TICK_INTERVAL_MS,
};
use outlook_connect::oauth::{Command, HostWindow, Input, Machine, Phase, SourceSnapshot};
use proptest::prelude::*;
use serde_json::{json, Value};

const API: &str = "http://127.0.0.1:8788";
const ORIGIN: &str = "http://127.0.0.1:8788";
const TIMEOUT: u32 = 60_000;
const HOST: HostWindow = HostWindow {
    left: 100.0,
    top: 50.0,
    width: 1200.0,
    height: 800.0,
};

fn source(id: i64, updated_at: &str) -> SourceSnapshot {
    SourceSnapshot {
        id,
        updated_at: updated_at.to_owned(),
        last_sync_action: LastSyncAction::Add,
        sync_status: DataSourceSyncStatus::Ready,
    }
}

fn start(known: Option<Vec<SourceSnapshot>>) -> Input {
    Input::Start {
        mode: ConnectMode::NewAccount,
        known,
        host: HOST,
        now_ms: 0.0,
    }
}

fn events(commands: &[Command]) -> Vec<Event> {
    commands
        .iter()
        .filter_map(|c| match c {
            Command::Emit(event) => Some(event.clone()),
            _ => None,
        })
        .collect()
}

fn tick(now_ms: f64, popup_closed: bool) -> Input {
    Input::Tick {
        now_ms,
        popup_closed,
    }
}

/// A machine whose popup is on the sign-in page, with `known` data sources.
fn navigated(known: Vec<SourceSnapshot>) -> Machine {
    let mut machine = Machine::new(API, TIMEOUT);
    machine.handle(start(Some(known)));
    machine.handle(Input::PopupOpened);
    let attempt = machine.attempt();
    let commands = machine.handle(Input::OAuthUrlAnswered {
        attempt,
        result: Ok("https://login.test/authorize".into()),
    });
    assert_eq!(
        commands,
        [Command::NavigatePopup {
            url: "https://login.test/authorize".into()
        }]
    );
    machine
}

#[test]
fn the_popup_is_centred_on_the_host_window() {
    assert_eq!(
        popup_features(&HOST),
        "popup=yes,width=500,height=600,left=450,top=150"
    );
    let small = HostWindow {
        left: 0.0,
        top: 0.0,
        width: 300.0,
        height: 200.0,
    };
    assert_eq!(
        popup_features(&small),
        "popup=yes,width=500,height=600,left=0,top=0"
    );
}

#[test]
fn origins_are_written_as_browsers_write_them() {
    assert_eq!(origin_of("http://127.0.0.1:8788"), "http://127.0.0.1:8788");
    assert_eq!(
        origin_of("https://API.Carbon.ai/v1/"),
        "https://api.carbon.ai"
    );
    assert_eq!(
        origin_of("https://api.carbon.ai:443"),
        "https://api.carbon.ai"
    );
    assert_eq!(origin_of("http://localhost:80/x?y#z"), "http://localhost");
    assert_eq!(origin_of("http://[::1]:8788/base"), "http://[::1]:8788");
}

#[test]
fn a_click_opens_the_popup_synchronously_then_asks_for_the_url_and_starts_ticking() {
    let mut machine = Machine::new(API, TIMEOUT);
    assert_eq!(machine.phase(), &Phase::Idle);
    let commands = machine.handle(start(None));
    assert_eq!(
        commands,
        [Command::OpenPopup {
            name: POPUP_NAME,
            features: popup_features(&HOST)
        }]
    );
    assert_eq!(machine.phase(), &Phase::PopupOpening);
    let attempt = machine.attempt();
    let commands = machine.handle(Input::PopupOpened);
    assert_eq!(
        commands,
        [
            Command::Emit(Event::PopupOpened),
            Command::RequestOAuthUrl {
                attempt,
                mode: ConnectMode::NewAccount
            },
            Command::StartTicking {
                interval_ms: TICK_INTERVAL_MS
            },
            Command::PollDataSources { attempt },
        ]
    );
    assert_eq!(machine.phase(), &Phase::WaitingForUrl);
}

#[test]
fn with_known_sources_no_baseline_poll_is_needed() {
    let mut machine = Machine::new(API, TIMEOUT);
    machine.handle(start(Some(vec![])));
    let commands = machine.handle(Input::PopupOpened);
    assert!(!commands
        .iter()
        .any(|c| matches!(c, Command::PollDataSources { .. })));
}

#[test]
fn a_blocked_popup_is_reported_and_a_fresh_click_opens_it() {
    let mut machine = Machine::new(API, TIMEOUT);
    machine.handle(start(None));
    let commands = machine.handle(Input::PopupBlocked);
    assert_eq!(events(&commands), [Event::PopupBlocked]);
    assert_eq!(machine.phase(), &Phase::Blocked);
    assert!(machine.phase().is_active());
    assert!(
        machine.handle(tick(100.0, true)).is_empty(),
        "nothing runs while blocked before the flow began"
    );
    let commands = machine.handle(Input::OpenWindow {
        host: HOST,
        now_ms: 1_000.0,
    });
    assert_eq!(
        commands,
        [Command::OpenPopup {
            name: POPUP_NAME,
            features: popup_features(&HOST)
        }]
    );
    let commands = machine.handle(Input::PopupOpened);
    assert!(commands
        .iter()
        .any(|c| matches!(c, Command::RequestOAuthUrl { .. })));
    assert_eq!(machine.phase(), &Phase::WaitingForUrl);
}

#[test]
fn connected_by_the_poll_even_when_coop_makes_the_popup_read_closed() {
    let mut machine = navigated(vec![source(1, "a")]);
    assert_eq!(
        machine.phase(),
        &Phase::WaitingForSignIn {
            popup_closed: false
        }
    );
    let attempt = machine.attempt();
    let commands = machine.handle(tick(500.0, true));
    assert_eq!(commands, [Command::PollDataSources { attempt }]);
    assert_eq!(
        machine.phase(),
        &Phase::WaitingForSignIn { popup_closed: true },
        "closed after navigation: keep waiting"
    );
    assert!(
        machine.handle(tick(1_000.0, true)).is_empty(),
        "no second poll while one is in flight"
    );
    let commands = machine.handle(Input::PollAnswered {
        attempt,
        result: Ok(vec![source(1, "a")]),
    });
    assert!(commands.is_empty());
    assert!(
        machine.handle(tick(1_900.0, true)).is_empty(),
        "the poll interval is respected"
    );
    assert_eq!(
        machine.handle(tick(500.0 + POLL_INTERVAL_MS, true)),
        [Command::PollDataSources { attempt }]
    );
    let commands = machine.handle(Input::PollAnswered {
        attempt,
        result: Ok(vec![source(1, "a"), source(9, "b")]),
    });
    assert_eq!(
        commands,
        [
            Command::ClosePopup,
            Command::StopTicking,
            Command::Emit(Event::Connected {
                data_source_id: Some(9)
            }),
        ]
    );
    assert_eq!(
        machine.phase(),
        &Phase::Connected {
            data_source_id: Some(9)
        }
    );
    assert!(
        machine.handle(tick(10_000.0, true)).is_empty(),
        "nothing runs after the end"
    );
}

/// A machine started without a list, its popup open; returns it with its attempt.
fn opened_without_a_list() -> (Machine, u32) {
    let mut machine = Machine::new(API, TIMEOUT);
    machine.handle(start(None));
    machine.handle(Input::PopupOpened);
    let attempt = machine.attempt();
    (machine, attempt)
}

fn answer_url(machine: &mut Machine, attempt: u32) -> Vec<Command> {
    machine.handle(Input::OAuthUrlAnswered {
        attempt,
        result: Ok("https://login.test/a".into()),
    })
}

fn poll_answer(machine: &mut Machine, attempt: u32, ids: &[i64]) -> Vec<Command> {
    let sources = ids.iter().map(|&id| source(id, "a")).collect();
    machine.handle(Input::PollAnswered {
        attempt,
        result: Ok(sources),
    })
}

fn navigates_to_sign_in() -> [Command; 1] {
    [Command::NavigatePopup {
        url: "https://login.test/a".into(),
    }]
}

/// The poll at `now_ms` lists mailbox 2 beside mailbox 1: the flow is connected to 2.
fn connects_to_the_new_mailbox(machine: &mut Machine, attempt: u32, now_ms: f64) {
    machine.handle(tick(now_ms, false));
    let commands = poll_answer(machine, attempt, &[1, 2]);
    assert_eq!(
        events(&commands),
        [Event::Connected {
            data_source_id: Some(2)
        }]
    );
}

#[test]
fn the_first_poll_is_the_baseline_when_nothing_was_known() {
    let (mut machine, attempt) = opened_without_a_list();
    assert!(poll_answer(&mut machine, attempt, &[1]).is_empty());
    assert_eq!(answer_url(&mut machine, attempt), navigates_to_sign_in());
    connects_to_the_new_mailbox(&mut machine, attempt, 2_000.0);
}

/// Microsoft can answer the sign-in page at once (the person is remembered) and the callback connects the mailbox
/// within a second. Without a list to compare with, the popup stays blank until the first poll has answered, so
/// that answer cannot already hold the new mailbox.
#[test]
fn without_a_list_the_sign_in_page_waits_for_the_first_poll() {
    let (mut machine, attempt) = opened_without_a_list();
    assert!(answer_url(&mut machine, attempt).is_empty());
    assert_eq!(machine.phase(), &Phase::WaitingForUrl);
    assert_eq!(
        machine.handle(tick(500.0, false)),
        [],
        "no second poll while the first is out"
    );
    assert_eq!(
        poll_answer(&mut machine, attempt, &[1]),
        navigates_to_sign_in()
    );
    assert_eq!(
        machine.phase(),
        &Phase::WaitingForSignIn {
            popup_closed: false
        }
    );
    connects_to_the_new_mailbox(&mut machine, attempt, 2_000.0);
}

#[test]
fn a_failed_first_poll_does_not_hold_the_sign_in_back() {
    let (mut machine, attempt) = opened_without_a_list();
    answer_url(&mut machine, attempt);
    let error = ApiError::new(ApiErrorKind::Network, "Failed to fetch");
    assert_eq!(
        machine.handle(Input::PollAnswered {
            attempt,
            result: Err(error)
        }),
        navigates_to_sign_in()
    );
    assert_eq!(
        machine.handle(tick(2_000.0, false)),
        [Command::PollDataSources { attempt }]
    );
    assert!(poll_answer(&mut machine, attempt, &[1]).is_empty());
    connects_to_the_new_mailbox(&mut machine, attempt, 4_000.0);
}

#[test]
fn closing_the_blank_popup_while_the_first_poll_is_out_is_a_cancel() {
    let (mut machine, attempt) = opened_without_a_list();
    answer_url(&mut machine, attempt);
    let commands = machine.handle(tick(500.0, true));
    assert_eq!(
        events(&commands),
        [Event::AuthCancelled {
            reason: CancelReason::PopupClosed
        }]
    );
    assert!(poll_answer(&mut machine, attempt, &[]).is_empty());
}

#[test]
fn a_popup_closed_before_navigation_is_a_cancel() {
    let mut machine = Machine::new(API, TIMEOUT);
    machine.handle(start(Some(vec![])));
    machine.handle(Input::PopupOpened);
    assert!(machine
        .handle(tick(500.0, false))
        .iter()
        .all(|c| matches!(c, Command::PollDataSources { .. })));
    let commands = machine.handle(tick(1_000.0, true));
    assert_eq!(
        commands,
        [
            Command::ClosePopup,
            Command::StopTicking,
            Command::Emit(Event::AuthCancelled {
                reason: CancelReason::PopupClosed
            }),
        ]
    );
    assert_eq!(machine.phase(), &Phase::Cancelled);
    let attempt = machine.attempt();
    let late = machine.handle(Input::OAuthUrlAnswered {
        attempt,
        result: Ok("https://login.test".into()),
    });
    assert!(late.is_empty(), "an answer after the end is ignored");
}

#[test]
fn cancel_while_waiting_ends_the_flow() {
    let mut machine = navigated(vec![]);
    machine.handle(tick(500.0, true));
    let commands = machine.handle(Input::Cancel);
    assert_eq!(
        commands,
        [
            Command::ClosePopup,
            Command::StopTicking,
            Command::Emit(Event::AuthCancelled {
                reason: CancelReason::Cancelled
            }),
        ]
    );
    assert!(!machine.phase().is_active());
    assert!(
        machine.handle(Input::Cancel).is_empty(),
        "a second cancel does nothing"
    );
}

#[test]
fn cancel_while_blocked_ends_the_flow_without_stopping_a_timer_that_never_ran() {
    let mut machine = Machine::new(API, TIMEOUT);
    machine.handle(start(None));
    machine.handle(Input::PopupBlocked);
    let commands = machine.handle(Input::Cancel);
    assert_eq!(commands[0], Command::ClosePopup);
    assert!(!commands.contains(&Command::StopTicking));
    assert_eq!(machine.phase(), &Phase::Cancelled);
}

#[test]
fn no_answer_within_the_timeout_is_auth_timeout() {
    let mut machine = navigated(vec![]);
    machine.handle(tick(30_000.0, true));
    let attempt = machine.attempt();
    machine.handle(Input::PollAnswered {
        attempt,
        result: Ok(vec![]),
    });
    let commands = machine.handle(tick(f64::from(TIMEOUT), true));
    assert_eq!(
        commands,
        [
            Command::ClosePopup,
            Command::StopTicking,
            Command::Emit(Event::AuthTimeout { timeout_ms: 60000 }),
        ]
    );
    assert_eq!(machine.phase(), &Phase::TimedOut);
}

#[test]
fn reopening_navigates_the_new_window_at_once_and_restarts_the_timeout() {
    let mut machine = navigated(vec![]);
    machine.handle(tick(500.0, true));
    let commands = machine.handle(Input::OpenWindow {
        host: HOST,
        now_ms: 50_000.0,
    });
    assert_eq!(
        commands,
        [
            Command::ClosePopup,
            Command::OpenPopup {
                name: POPUP_NAME,
                features: popup_features(&HOST)
            }
        ]
    );
    let commands = machine.handle(Input::PopupOpened);
    assert_eq!(
        commands,
        [
            Command::Emit(Event::PopupOpened),
            Command::NavigatePopup {
                url: "https://login.test/authorize".into()
            },
        ],
        "the same URL, no second oauth_url, the timer keeps running"
    );
    assert_eq!(
        machine.phase(),
        &Phase::WaitingForSignIn {
            popup_closed: false
        }
    );
    let at_old_deadline = machine.handle(tick(f64::from(TIMEOUT) + 1.0, false));
    assert!(!events(&at_old_deadline)
        .iter()
        .any(|e| e.event_type() == EventType::AuthTimeout));
    let at_new_deadline = machine.handle(tick(50_000.0 + f64::from(TIMEOUT), false));
    assert_eq!(
        events(&at_new_deadline)[0].event_type(),
        EventType::AuthTimeout
    );
}

#[test]
fn a_blocked_reopen_keeps_the_flow_and_its_poll_running() {
    let mut machine = navigated(vec![]);
    machine.handle(Input::OpenWindow {
        host: HOST,
        now_ms: 1_000.0,
    });
    let commands = machine.handle(Input::PopupBlocked);
    assert_eq!(events(&commands), [Event::PopupBlocked]);
    let attempt = machine.attempt();
    assert_eq!(
        machine.handle(tick(2_000.0, true)),
        [Command::PollDataSources { attempt }]
    );
    let commands = machine.handle(Input::PollAnswered {
        attempt,
        result: Ok(vec![source(4, "x")]),
    });
    assert_eq!(
        events(&commands),
        [Event::Connected {
            data_source_id: Some(4)
        }]
    );
}

#[test]
fn an_oauth_url_failure_closes_the_popup_with_the_servers_message() {
    let mut machine = Machine::new(API, TIMEOUT);
    machine.handle(start(Some(vec![])));
    machine.handle(Input::PopupOpened);
    let attempt = machine.attempt();
    let error = ApiError::from_response(
        400,
        r#"{"detail":"The sandbox connects OUTLOOK only"}"#,
        None,
    );
    let commands = machine.handle(Input::OAuthUrlAnswered {
        attempt,
        result: Err(error),
    });
    assert_eq!(
        commands,
        [
            Command::ClosePopup,
            Command::StopTicking,
            Command::Emit(Event::AuthError {
                code: "validation".into(),
                message: "The sandbox connects OUTLOOK only".into(),
            }),
        ]
    );
    assert_eq!(
        machine.phase(),
        &Phase::Failed {
            code: "validation".into(),
            message: "The sandbox connects OUTLOOK only".into()
        }
    );
}

#[test]
fn a_sign_in_url_that_is_not_http_is_never_opened() {
    let mut machine = Machine::new(API, TIMEOUT);
    machine.handle(start(Some(vec![])));
    machine.handle(Input::PopupOpened);
    let attempt = machine.attempt();
    let commands = machine.handle(Input::OAuthUrlAnswered {
        attempt,
        result: Ok("javascript:alert(1)".into()),
    });
    assert!(!commands
        .iter()
        .any(|c| matches!(c, Command::NavigatePopup { .. })));
    assert!(matches!(machine.phase(), Phase::Failed { code, .. } if code == "malformed_response"));
}

fn message(status: &str, id: Value, text: &str) -> Value {
    json!({"type": "outlook-connect:oauth", "status": status, "data_source_id": id, "message": text})
}

#[test]
fn the_callback_message_is_a_fast_path() {
    let mut machine = navigated(vec![]);
    let commands = machine.handle(Input::Message {
        origin: ORIGIN.into(),
        from_popup: true,
        data: message("connected", json!(12), "ok"),
    });
    assert_eq!(
        events(&commands),
        [Event::Connected {
            data_source_id: Some(12)
        }]
    );
    assert!(commands.contains(&Command::StopTicking));
    assert_eq!(
        machine.phase(),
        &Phase::Connected {
            data_source_id: Some(12)
        }
    );
}

#[test]
fn an_error_message_is_auth_error_with_its_text() {
    let mut machine = navigated(vec![]);
    let data = message("error", Value::Null, "The user denied consent");
    let commands = machine.handle(Input::Message {
        origin: ORIGIN.into(),
        from_popup: true,
        data,
    });
    assert_eq!(
        events(&commands),
        [Event::AuthError {
            code: "sign_in_failed".into(),
            message: "The user denied consent".into(),
        }]
    );
}

#[test]
fn messages_from_other_origins_or_of_other_shapes_are_ignored() {
    let good = message("connected", json!(12), "ok");
    let mut with_extra = good.clone();
    with_extra["extra"] = json!(1);
    let cases: Vec<(&str, Value)> = vec![
        ("http://127.0.0.1:8789", good.clone()),
        ("http://localhost:8788", good.clone()),
        ("https://127.0.0.1:8788", good.clone()),
        ("null", good.clone()),
        ("", good.clone()),
        ("http://127.0.0.1:8788.evil.test", good.clone()),
        (ORIGIN, with_extra),
        (
            ORIGIN,
            json!({"type": "other", "status": "connected", "data_source_id": 1}),
        ),
        (ORIGIN, json!({"status": "connected", "data_source_id": 1})),
        (ORIGIN, message("connected", json!("12"), "ok")),
        (ORIGIN, message("connected", Value::Null, "ok")),
        (ORIGIN, message("connected", json!(1.5), "ok")),
        (ORIGIN, message("done", json!(12), "ok")),
        (ORIGIN, message("error", json!(3), "x")),
        (
            ORIGIN,
            json!({"type": "outlook-connect:oauth", "status": "error", "message": 5}),
        ),
        (ORIGIN, json!("outlook-connect:oauth")),
        (ORIGIN, json!(["outlook-connect:oauth", "connected"])),
        (ORIGIN, Value::Null),
    ];
    for (origin, data) in cases {
        let mut machine = navigated(vec![]);
        let before = machine.phase().clone();
        let commands = machine.handle(Input::Message {
            origin: origin.into(),
            from_popup: true,
            data: data.clone(),
        });
        assert!(commands.is_empty(), "{origin} {data} must be ignored");
        assert_eq!(machine.phase(), &before);
    }
}

#[test]
fn a_message_from_another_window_is_ignored_even_at_the_api_origin() {
    let mut machine = navigated(vec![]);
    let data = message("connected", json!(12), "ok");
    let commands = machine.handle(Input::Message {
        origin: ORIGIN.into(),
        from_popup: false,
        data,
    });
    assert!(
        commands.is_empty(),
        "another widget's popup (another customer) must not complete this flow"
    );
    assert_eq!(
        machine.phase(),
        &Phase::WaitingForSignIn {
            popup_closed: false
        }
    );
}

#[test]
fn a_message_without_a_running_flow_is_ignored() {
    let mut machine = Machine::new(API, TIMEOUT);
    let data = message("connected", json!(1), "ok");
    assert!(machine
        .handle(Input::Message {
            origin: ORIGIN.into(),
            from_popup: true,
            data
        })
        .is_empty());
    assert_eq!(machine.phase(), &Phase::Idle);
}

#[test]
fn answers_for_an_earlier_attempt_are_ignored() {
    let mut machine = navigated(vec![]);
    let old = machine.attempt();
    machine.handle(Input::Cancel);
    machine.handle(start(Some(vec![])));
    machine.handle(Input::PopupOpened);
    assert_ne!(machine.attempt(), old);
    let stale = machine.handle(Input::OAuthUrlAnswered {
        attempt: old,
        result: Ok("https://old.test".into()),
    });
    assert!(stale.is_empty());
    let stale = machine.handle(Input::PollAnswered {
        attempt: old,
        result: Ok(vec![source(5, "z")]),
    });
    assert!(stale.is_empty());
    assert_eq!(machine.phase(), &Phase::WaitingForUrl);
}

#[test]
fn a_failed_poll_keeps_waiting() {
    let mut machine = navigated(vec![]);
    let attempt = machine.attempt();
    machine.handle(tick(500.0, false));
    let error = ApiError::new(ApiErrorKind::Network, "Failed to fetch");
    assert!(machine
        .handle(Input::PollAnswered {
            attempt,
            result: Err(error)
        })
        .is_empty());
    assert_eq!(
        machine.handle(tick(2_000.0, false)),
        [Command::PollDataSources { attempt }]
    );
}

#[test]
fn starting_again_while_waiting_abandons_the_old_flow_quietly() {
    let mut machine = navigated(vec![]);
    let commands = machine.handle(Input::Start {
        mode: ConnectMode::Reconnect { data_source_id: 3 },
        known: None,
        host: HOST,
        now_ms: 5.0,
    });
    assert_eq!(commands[..2], [Command::ClosePopup, Command::StopTicking]);
    assert!(matches!(commands[2], Command::OpenPopup { .. }));
    assert!(events(&commands).is_empty());
    let commands = machine.handle(Input::PopupOpened);
    let attempt = machine.attempt();
    assert!(commands.contains(&Command::RequestOAuthUrl {
        attempt,
        mode: ConnectMode::Reconnect { data_source_id: 3 }
    }));
}

#[test]
fn inputs_that_do_not_fit_the_phase_are_ignored() {
    let mut machine = Machine::new(API, TIMEOUT);
    for input in [
        Input::PopupOpened,
        Input::PopupBlocked,
        tick(1.0, true),
        Input::Cancel,
        Input::OpenWindow {
            host: HOST,
            now_ms: 0.0,
        },
        Input::OAuthUrlAnswered {
            attempt: 0,
            result: Ok("https://x".into()),
        },
        Input::PollAnswered {
            attempt: 0,
            result: Ok(vec![source(1, "a")]),
        },
    ] {
        assert!(machine.handle(input.clone()).is_empty(), "{input:?}");
        assert_eq!(machine.phase(), &Phase::Idle);
    }
}

#[test]
fn reconnecting_is_noticed_but_a_running_sync_is_not() {
    let before = source(1, "t1");
    let reconnected = SourceSnapshot {
        updated_at: "t2".into(),
        last_sync_action: LastSyncAction::Update,
        ..before.clone()
    };
    assert!(looks_reconnected(&before, &reconnected));
    let signed_in_again = SourceSnapshot {
        updated_at: "t2".into(),
        ..before.clone()
    };
    assert!(
        looks_reconnected(&before, &signed_in_again),
        "same status, new updated_at: a sign-in"
    );
    let syncing = SourceSnapshot {
        updated_at: "t2".into(),
        sync_status: DataSourceSyncStatus::Syncing,
        ..before.clone()
    };
    assert!(!looks_reconnected(&before, &syncing));
    let still_syncing = SourceSnapshot {
        updated_at: "t3".into(),
        ..syncing.clone()
    };
    assert!(
        !looks_reconnected(&syncing, &still_syncing),
        "progress of a sync is not a sign-in"
    );
    let sync_done = SourceSnapshot {
        updated_at: "t4".into(),
        ..before.clone()
    };
    assert!(
        !looks_reconnected(&syncing, &sync_done),
        "a sync finishing is not a sign-in"
    );
    let broken = SourceSnapshot {
        sync_status: DataSourceSyncStatus::SyncError,
        ..before.clone()
    };
    let repaired = SourceSnapshot {
        updated_at: "t5".into(),
        ..before.clone()
    };
    assert!(looks_reconnected(&broken, &repaired));
    assert!(!looks_reconnected(&before, &before.clone()));
    assert_eq!(
        find_connected(std::slice::from_ref(&before), std::slice::from_ref(&before)),
        None
    );
    assert_eq!(
        find_connected(std::slice::from_ref(&before), &[reconnected]),
        Some(1)
    );
    assert_eq!(
        find_connected(&[before], &[]),
        None,
        "a source disappearing is no sign-in"
    );
}

fn input_strategy() -> impl Strategy<Value = Input> {
    let snapshot = (1i64..4, 0u8..3).prop_map(|(id, t)| source(id, &format!("t{t}")));
    let origin = prop_oneof![Just(ORIGIN.to_owned()), Just("http://evil.test".to_owned())];
    let data = prop_oneof![
        Just(message("connected", json!(2), "ok")),
        Just(message("error", Value::Null, "denied")),
        Just(json!({"type": "x"})),
    ];
    prop_oneof![
        (
            0u8..2,
            proptest::option::of(proptest::collection::vec(snapshot.clone(), 0..3)),
            0.0f64..200_000.0
        )
            .prop_map(|(reconnect, known, now_ms)| Input::Start {
                mode: if reconnect == 0 {
                    ConnectMode::NewAccount
                } else {
                    ConnectMode::Reconnect { data_source_id: 1 }
                },
                known,
                host: HOST,
                now_ms,
            }),
        (0.0f64..200_000.0).prop_map(|now_ms| Input::OpenWindow { host: HOST, now_ms }),
        Just(Input::PopupOpened),
        Just(Input::PopupBlocked),
        (0u32..4, any::<bool>()).prop_map(|(attempt, ok)| Input::OAuthUrlAnswered {
            attempt,
            result: if ok {
                Ok("https://login.test".into())
            } else {
                Err(ApiError::new(ApiErrorKind::Network, "x"))
            },
        }),
        (0u32..4, proptest::collection::vec(snapshot, 0..4)).prop_map(|(attempt, sources)| {
            Input::PollAnswered {
                attempt,
                result: Ok(sources),
            }
        }),
        (origin, any::<bool>(), data).prop_map(|(origin, from_popup, data)| Input::Message {
            origin,
            from_popup,
            data
        }),
        (0.0f64..200_000.0, any::<bool>()).prop_map(|(now_ms, popup_closed)| Input::Tick {
            now_ms,
            popup_closed
        }),
        Just(Input::Cancel),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn any_input_sequence_keeps_the_invariants(inputs in proptest::collection::vec(input_strategy(), 1..40)) {
        let mut machine = Machine::new(API, TIMEOUT);
        let mut ticking = false;
        // A flow started without a list whose first poll has not answered: its popup must stay blank.
        let mut awaits_baseline = false;
        for input in inputs {
            let from_elsewhere = matches!(&input, Input::Message { origin, from_popup, .. } if origin != ORIGIN || !from_popup);
            match &input {
                Input::Start { known, .. } => awaits_baseline = known.is_none(),
                Input::PollAnswered { attempt, .. } if *attempt == machine.attempt() && machine.phase().is_active() => {
                    awaits_baseline = false;
                }
                _ => {}
            }
            let before = machine.phase().clone();
            let commands = machine.handle(input);
            if from_elsewhere {
                prop_assert!(commands.is_empty());
                prop_assert_eq!(machine.phase(), &before);
            }
            for command in &commands {
                match command {
                    Command::StartTicking { .. } => { prop_assert!(!ticking, "started twice"); ticking = true; }
                    Command::StopTicking => { prop_assert!(ticking, "stopped while not running"); ticking = false; }
                    Command::Emit(
                        Event::Connected { .. } | Event::AuthCancelled { .. } | Event::AuthTimeout { .. } | Event::AuthError { .. },
                    ) => {
                        prop_assert!(!machine.phase().is_active(), "a final event leaves no flow running");
                        prop_assert!(!ticking, "a final event comes after the timer stopped");
                    }
                    Command::NavigatePopup { url } => {
                        prop_assert!(url.starts_with("https://"));
                        prop_assert!(!awaits_baseline, "the sign-in page opened before the first poll answered");
                    }
                    _ => {}
                }
            }
            if !machine.phase().is_active() {
                prop_assert!(!ticking, "the timer runs only during a flow (phase {:?})", machine.phase());
            }
        }
    }
}

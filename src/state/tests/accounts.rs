//! The accounts slice (`state/accounts.rs`) through the root reducer: the screens a list or a sign-in leads to.

use crate::api::DataSource;
use crate::oauth::Phase;
use crate::state::accounts::*;
use crate::state::folders::tests::sample;
use crate::state::{Action, Screen, WidgetState};
use outlook_connect_filter::Filter;
use std::rc::Rc;
use yew::Reducible;

fn start() -> Rc<WidgetState> {
    Rc::new(WidgetState::new(Filter::Empty, vec!["Inbox".to_owned()]))
}

fn act(state: Rc<WidgetState>, action: AccountsAction) -> Rc<WidgetState> {
    state.reduce(Action::Accounts(action))
}

fn listed(state: Rc<WidgetState>, sources: Vec<DataSource>) -> Rc<WidgetState> {
    let request = state.accounts.list_request + 1;
    let state = act(state, AccountsAction::ListStarted { request });
    act(
        state,
        AccountsAction::ListAnswered {
            request,
            total: sources.len(),
            sources: Rc::new(sources),
        },
    )
}

fn waiting_phase() -> Phase {
    Phase::WaitingForSignIn {
        popup_closed: false,
    }
}

/// The ids of the listed mailboxes, in order.
fn listed_ids(state: &WidgetState) -> Vec<i64> {
    state
        .accounts
        .sources
        .as_deref()
        .into_iter()
        .flatten()
        .map(|source| source.id)
        .collect()
}

#[test]
fn the_first_list_leads_to_accounts_when_there_are_mailboxes_and_to_connect_when_none() {
    let loading = act(start(), AccountsAction::ListStarted { request: 1 });
    assert_eq!(loading.accounts.listing, Listing::Loading);
    assert_eq!(
        loading.screen,
        Screen::Connect,
        "the list loads behind the Connect screen (the one the loader drew)"
    );

    let some = act(
        start(),
        AccountsAction::Listed(Rc::new(vec![DataSource::sample(7, "alex@contoso.test")])),
    );
    assert_eq!(some.screen, Screen::Accounts);
    assert_eq!(some.accounts.listing, Listing::Loaded);
    assert_eq!(some.accounts.source(7).unwrap().id, 7);

    let none = listed(start(), Vec::new());
    assert_eq!(none.screen, Screen::Connect);
    assert_eq!(none.accounts.sources.as_deref(), Some(&Vec::new()));
}

#[test]
fn a_folder_tree_the_host_gave_before_the_list_arrived_keeps_its_choose_screen() {
    let loading = act(start(), AccountsAction::ListStarted { request: 1 });
    let chosen = loading.reduce(Action::SetFolderTree(Rc::new(sample())));
    assert_eq!(chosen.screen, Screen::Choose);
    let answered = act(
        chosen,
        AccountsAction::ListAnswered {
            request: 1,
            sources: Rc::new(Vec::new()),
            total: 0,
        },
    );
    assert_eq!(
        answered.screen,
        Screen::Choose,
        "the host's tree is not lost to the list"
    );
    assert!(answered.folder_picker.is_some());
}

#[test]
fn more_mailboxes_than_a_page_are_listed_a_page_at_a_time() {
    let first: Vec<DataSource> = (1..=3)
        .map(|id| DataSource::sample(id, "a@contoso.test"))
        .collect();
    let state = act(start(), AccountsAction::ListStarted { request: 1 });
    let state = act(
        state,
        AccountsAction::ListAnswered {
            request: 1,
            sources: Rc::new(first),
            total: 5,
        },
    );
    assert_eq!(
        (
            state.accounts.sources.as_ref().unwrap().len(),
            state.accounts.total
        ),
        (3, 5)
    );
    let state = act(state, AccountsAction::ListStarted { request: 2 });
    let more = vec![
        DataSource::sample(3, "again@contoso.test"),
        DataSource::sample(4, "d@contoso.test"),
        DataSource::sample(5, "e@contoso.test"),
    ];
    let state = act(
        state,
        AccountsAction::MoreAnswered {
            request: 2,
            sources: more,
            total: 5,
        },
    );
    let ids = listed_ids(&state);
    assert_eq!(
        ids,
        [1, 2, 3, 4, 5],
        "appended in order, a mailbox already shown is not shown twice"
    );
    assert_eq!(state.accounts.listing, Listing::Loaded);
}

#[test]
fn an_answer_to_an_older_list_request_is_ignored() {
    let state = act(start(), AccountsAction::ListStarted { request: 1 });
    let state = act(state, AccountsAction::ListStarted { request: 2 });
    let stale = act(
        state.clone(),
        AccountsAction::ListAnswered {
            request: 1,
            sources: Rc::new(vec![DataSource::sample(1, "old@contoso.test")]),
            total: 1,
        },
    );
    assert!(Rc::ptr_eq(&state, &stale));
    let stale = act(state.clone(), AccountsAction::ListFailed { request: 1 });
    assert!(Rc::ptr_eq(&state, &stale));
    let failed = act(state, AccountsAction::ListFailed { request: 2 });
    assert_eq!(failed.accounts.listing, Listing::Failed);
    assert_eq!(
        failed.accounts.sources, None,
        "nothing is invented on failure"
    );
    assert_eq!(
        failed.screen,
        Screen::Connect,
        "the first list failed: Connect, not an empty list"
    );
    let retried = listed(failed, vec![DataSource::sample(1, "a@x.test")]);
    assert_eq!(
        (retried.screen, retried.accounts.listing.clone()),
        (Screen::Accounts, Listing::Loaded)
    );
}

#[test]
fn a_failed_refresh_keeps_the_list_and_the_screen() {
    let state = listed(start(), vec![DataSource::sample(1, "a@x.test")]);
    let state = act(state, AccountsAction::ListStarted { request: 2 });
    let failed = act(state, AccountsAction::ListFailed { request: 2 });
    assert_eq!(failed.screen, Screen::Accounts);
    assert_eq!(failed.accounts.sources.as_ref().unwrap().len(), 1);
    assert_eq!(failed.accounts.listing, Listing::Failed);
}

#[test]
fn a_refresh_keeps_the_choose_screen_while_its_mailbox_is_listed_and_leaves_it_when_not() {
    let state = listed(
        start(),
        vec![
            DataSource::sample(1, "a@x.test"),
            DataSource::sample(2, "b@x.test"),
        ],
    );
    let state = act(state, AccountsAction::Activate(2));
    let state = state.reduce(Action::Navigate(Screen::Choose));
    let kept = listed(
        state.clone(),
        vec![
            DataSource::sample(1, "a@x.test"),
            DataSource::sample(2, "b@x.test"),
        ],
    );
    assert_eq!(
        (kept.screen, kept.accounts.active),
        (Screen::Choose, Some(2))
    );

    let gone = listed(state.clone(), vec![DataSource::sample(1, "a@x.test")]);
    assert_eq!(
        (gone.screen, gone.accounts.active),
        (Screen::Accounts, None)
    );
    let empty = listed(state, Vec::new());
    assert_eq!(empty.screen, Screen::Connect);
}

#[test]
fn signing_in_shows_its_screen_and_a_failure_returns_where_the_user_was() {
    let accounts = listed(start(), vec![DataSource::sample(1, "a@x.test")]);
    let opening = act(accounts, AccountsAction::SignIn(Phase::PopupOpening));
    assert_eq!(opening.screen, Screen::SigningIn);
    assert_eq!(opening.accounts.return_to, Screen::Accounts);
    let blocked = act(opening, AccountsAction::SignIn(Phase::Blocked));
    let waiting = act(blocked, AccountsAction::SignIn(waiting_phase()));
    assert_eq!(waiting.screen, Screen::SigningIn);
    assert_eq!(
        waiting.accounts.return_to,
        Screen::Accounts,
        "kept across phases"
    );

    for end in [
        Phase::Cancelled,
        Phase::TimedOut,
        Phase::Failed {
            code: "sign_in_failed".into(),
            message: "access_denied".into(),
        },
    ] {
        let ended = act(waiting.clone(), AccountsAction::SignIn(end.clone()));
        assert_eq!(ended.screen, Screen::Accounts, "{end:?}");
        assert_eq!(ended.accounts.sign_in, end);
    }

    let from_connect = listed(start(), Vec::new());
    let waiting = act(from_connect, AccountsAction::SignIn(waiting_phase()));
    let cancelled = act(waiting, AccountsAction::SignIn(Phase::Cancelled));
    assert_eq!(cancelled.screen, Screen::Connect);
}

#[test]
fn connected_stays_on_the_signing_in_screen_until_the_flow_opens_the_mailbox() {
    let waiting = act(
        listed(start(), Vec::new()),
        AccountsAction::SignIn(waiting_phase()),
    );
    let connected = act(
        waiting,
        AccountsAction::SignIn(Phase::Connected {
            data_source_id: Some(9),
        }),
    );
    assert_eq!(connected.screen, Screen::SigningIn);
    let refreshed = listed(connected, vec![DataSource::sample(9, "new@x.test")]);
    assert_eq!(
        refreshed.screen,
        Screen::SigningIn,
        "the list does not pull the user away"
    );
}

#[test]
fn a_late_end_of_sign_in_does_not_move_a_user_who_already_left() {
    let waiting = act(
        listed(start(), Vec::new()),
        AccountsAction::SignIn(waiting_phase()),
    );
    let moved = waiting.reduce(Action::Navigate(Screen::Accounts));
    let ended = act(moved, AccountsAction::SignIn(Phase::Cancelled));
    assert_eq!(ended.screen, Screen::Accounts);
}

#[test]
fn disconnect_is_confirmed_then_sent_then_leaves_the_list() {
    let state = listed(
        start(),
        vec![
            DataSource::sample(1, "a@x.test"),
            DataSource::sample(2, "b@x.test"),
        ],
    );
    let asked = act(state, AccountsAction::ConfirmDisconnect(Some(2)));
    assert_eq!(asked.accounts.confirm_disconnect, Some(2));
    let kept = act(asked.clone(), AccountsAction::ConfirmDisconnect(None));
    assert_eq!(kept.accounts.confirm_disconnect, None);

    let sending = act(asked, AccountsAction::DisconnectStarted(2));
    assert_eq!(
        (
            sending.accounts.confirm_disconnect,
            sending.accounts.disconnecting
        ),
        (None, Some(2))
    );
    let failed = act(sending.clone(), AccountsAction::DisconnectFailed(2));
    assert_eq!(failed.accounts.disconnecting, None);
    assert_eq!(
        failed.accounts.sources.as_ref().unwrap().len(),
        2,
        "nothing lost on failure"
    );

    let done = act(sending, AccountsAction::Disconnected(2));
    let ids = listed_ids(&done);
    assert_eq!(ids, vec![1]);
    assert_eq!(done.screen, Screen::Accounts);
    let last = act(done, AccountsAction::Disconnected(1));
    assert_eq!(
        last.screen,
        Screen::Connect,
        "no mailbox left: back to Connect"
    );
}

#[test]
fn disconnecting_the_active_mailbox_clears_it() {
    let state = listed(start(), vec![DataSource::sample(1, "a@x.test")]);
    let state = act(state, AccountsAction::Activate(1));
    let state = act(state, AccountsAction::DisconnectStarted(1));
    let done = act(state, AccountsAction::Disconnected(1));
    assert_eq!(done.accounts.active, None);
}

#[test]
fn actions_that_change_nothing_keep_the_same_state() {
    let state = act(start(), AccountsAction::Activate(3));
    assert!(Rc::ptr_eq(
        &state,
        &act(state.clone(), AccountsAction::Activate(3))
    ));
    assert!(Rc::ptr_eq(
        &state,
        &act(state.clone(), AccountsAction::SignIn(Phase::Idle))
    ));
    assert!(Rc::ptr_eq(
        &state,
        &act(state.clone(), AccountsAction::ConfirmDisconnect(None))
    ));
    assert!(Rc::ptr_eq(
        &state,
        &act(state.clone(), AccountsAction::DisconnectFailed(3))
    ));
}

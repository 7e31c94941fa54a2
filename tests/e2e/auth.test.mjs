// End-to-end: Connect → Signing in → Accounts against the sandbox. The sign-in popup with COOP on (polling
// completes it) and off (the callback's postMessage completes it, before the next poll), a blocked popup, a popup
// closed before and after the sign-in page, Cancel, a short authTimeoutMs, denied consent, disconnect, and two
// widgets for two customers on one page. Each test asserts what the user sees, the events, and from
// /sandbox/requests exactly what the widget sent (validated against the contract).
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  sandbox, launch, openPage, serveFixture, screenshot, hostPage, connectViaHttp, clearRequests, sentRequests,
  injectFault, assertAllSentMatchContract, widgetSent, customer, mountWidget, widgetScript, widgetEvents,
  SIGN_IN_PAGE,
} from './harness.mjs';

const coop = sandbox('OC_E2E_READY');
const noCoop = sandbox('OC_E2E_READY_NOCOOP');
let browser;

/** Removes the faults a test injected and did not use up (`DELETE /sandbox/faults`), so no later test meets them. */
async function clearFaults(sb) {
  const answer = await fetch(`${sb.api_url}/sandbox/faults`, { method: 'DELETE' });
  assert.ok(answer.ok, `DELETE /sandbox/faults answered ${answer.status}`);
}

before(async () => { browser = await launch(); });
afterEach(async () => { await Promise.all([clearFaults(coop), clearFaults(noCoop)]); });
after(async () => { await browser?.close(); });

/** The widget's `user_data_sources` body: connected Outlook mailboxes, newest first. */
const CONNECTED_QUERY = {
  pagination: { limit: 100, offset: 0 },
  order_by: 'created_at',
  order_dir: 'desc',
  filters: { source: 'OUTLOOK', revoked_access: false },
};
/** How long the no-COOP test holds back every `user_data_sources` answer (a `delay` fault). */
const HELD_POLL_MS = 4000;

/**
 * Fixture pages are fulfilled by Playwright, so Chromium cannot tell they come from the loopback address: without
 * this permission its Local Network Access check refuses their calls to the (loopback) API.
 */
const CONTEXT = { permissions: ['local-network-access'] };

/** A page on `sb`'s host origin with one widget, `#w` (org "Acme CRM"), for `customerId`; see `mountWidget`. */
function widgetPage(sb, customerId, { configScript, init } = {}) {
  return mountWidget(browser, sb, customerId,
    { id: 'w', config: { orgName: 'Acme CRM' }, configScript, init, context: CONTEXT });
}

/** `part` of the element focused inside widget `id`. */
const focusedPart = (page, id = 'w') => page.evaluate(
  (key) => document.getElementById(key).shadowRoot.activeElement?.getAttribute('part') ?? null, id);

const eventTypes = async (page, id = 'w') => (await widgetEvents(page, id)).map((e) => e.type);

async function waitForEvent(page, type, id = 'w') {
  await page.waitForFunction(([key, wanted]) => (window.events[key] || []).some((e) => e.type === wanted), [id, type]);
  return (await widgetEvents(page, id)).find((e) => e.type === type);
}

/** Clicks `selector` in the widget and returns the popup the click opened. */
async function clickForPopup(page, selector) {
  const popup = page.waitForEvent('popup');
  await page.locator(selector).click();
  return popup;
}

/** Asserts the list requests were all the same connected-mailboxes query; returns how many there were. */
function assertListQueries(entries) {
  for (const entry of entries) {
    assert.equal(entry.method, 'POST');
    assert.deepEqual(entry.body, CONNECTED_QUERY);
    assert.equal(entry.headers.authorization, 'Token <redacted>');
  }
  return entries.length;
}

test('connect with COOP on: the popup loses its opener, polling finds the new mailbox, its Choose screen opens', async (t) => {
  await clearRequests(coop);
  const page = await widgetPage(coop, customer('auth-coop'));
  const connect = page.locator('#w [part=connect-button]');
  await connect.waitFor();
  assert.equal(await connect.isEnabled(), true);
  await screenshot(page, 'auth-connect');

  const popup = await clickForPopup(page, '#w [part=connect-button]');
  await popup.waitForURL(SIGN_IN_PAGE);
  await page.locator('#w [part=sign-in-status]', { hasText: 'Finish signing in in the window that opened.' }).waitFor();
  await page.locator('#w [part=cancel-button]').waitFor();
  await page.locator('#w [part=open-again-button]').waitFor();
  assert.equal(await focusedPart(page), 'cancel-button', 'focus follows to the Signing-in screen');
  await screenshot(page, 'auth-signing-in-waiting');

  await popup.locator('button[value="alex@contoso.test"]').click();
  await popup.waitForURL(/\/integrations\/outlook\?/);
  assert.equal(await popup.evaluate(() => window.opener), null, 'COOP severed the opener: no message can arrive');
  const connected = await waitForEvent(page, 'connected');
  await page.locator('#w [part=active-mailbox]', { hasText: 'alex@contoso.test' }).waitFor();
  await page.locator('#w [part=choose-tab][aria-current=page]').waitFor();
  await popup.close();
  await screenshot(page, 'auth-connected-choose');
  await page.locator('#w [part=back-button]').click();
  await page.locator('#w [part=account-address]', { hasText: 'alex@contoso.test' }).waitFor();

  // The popup's callback carries no token: read it from the whole log.
  const [callback] = (await sentRequests(coop, { path: '/integrations/outlook' })).filter((e) => e.method === 'GET');
  const calledBackAt = Date.parse(callback.ts);
  const lists = await widgetSent(coop, '/user_data_sources');
  const pollsAfterCallback = lists.filter((e) => Date.parse(e.ts) >= calledBackAt && Date.parse(e.ts) <= connected.ts);
  assert.ok(pollsAfterCallback.length >= 1, 'a poll after the callback is what completed the sign-in');
  t.diagnostic(`COOP on: connected ${connected.ts - calledBackAt} ms after the callback (by a poll)`);
  assertListQueries(lists);
  const oauth = await widgetSent(coop, '/integrations/oauth_url');
  assert.equal(oauth.length, 1);
  assert.deepEqual(oauth[0].body, { service: 'OUTLOOK', connecting_new_account: true });
  assert.ok(lists.length >= 3, 'mount list, at least one poll, and the refresh after connecting');

  const listed = lists.at(-1);
  assert.equal(listed.status, 200);
  assert.equal(typeof connected.data.data_source_id, 'number');
  // Connected, then its Choose screen loads the mailbox's folders.
  assert.deepEqual((await eventTypes(page)).slice(0, 3), ['ready', 'popup_opened', 'connected']);
  await assertAllSentMatchContract(coop, assert);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('connect with COOP off: the callback page\'s message completes it before the next poll', async (t) => {
  await clearRequests(noCoop);
  const page = await widgetPage(noCoop, customer('auth-nocoop'));
  await page.locator('#w [part=connect-button]').waitFor();
  const popup = await clickForPopup(page, '#w [part=connect-button]');
  await popup.waitForURL(SIGN_IN_PAGE);
  // From now on user_data_sources answers only after 4 s: the sign-in poll cannot be what completes the flow. (Not
  // before the click: a widget that has no list yet keeps the popup blank until its first poll has answered.)
  await injectFault(noCoop, { path: '/user_data_sources', method: 'POST', kind: 'delay', delay_ms: HELD_POLL_MS, count: 10 });
  const closed = popup.waitForEvent('close');
  await popup.locator('button[value="alex@contoso.test"]').click();
  await closed; // the callback page posted its message to the opener and closed itself
  const connected = await waitForEvent(page, 'connected');
  await page.locator('#w [part=active-mailbox]', { hasText: 'alex@contoso.test' }).waitFor();

  const [callback] = (await sentRequests(noCoop, { path: '/integrations/outlook' })).filter((e) => e.method === 'GET');
  const calledBackAt = Date.parse(callback.ts);
  const lists = await widgetSent(noCoop, '/user_data_sources');
  const polls = lists.filter((e) => Date.parse(e.ts) < connected.ts).slice(1);
  assert.ok(polls.every((poll) => Date.parse(poll.ts) + HELD_POLL_MS > connected.ts),
    'no poll could have answered before `connected`: the message did it');
  assert.ok(connected.ts - calledBackAt < HELD_POLL_MS,
    `connected ${connected.ts - calledBackAt} ms after the callback, before any held-back poll could answer`);
  t.diagnostic(`COOP off: connected ${connected.ts - calledBackAt} ms after the callback (by the message)`);
  assertListQueries(lists);
  const sources = lists.at(-1);
  assert.ok(Date.parse(sources.ts) >= connected.ts, 'the list is refreshed after connecting');
  assert.equal(typeof connected.data.data_source_id, 'number');
  await assertAllSentMatchContract(noCoop, assert);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a blocked popup says so; "Open sign-in window" opens it on a fresh click; Cancel ends it', async () => {
  await clearRequests(coop);
  // The browser refuses the first window.open, as a popup blocker does.
  const page = await widgetPage(coop, customer('auth-blocked'), {
    init: () => {
      const open = window.open;
      let refused = false;
      window.open = function (...args) {
        if (!refused) { refused = true; return null; }
        return open.apply(this, args);
      };
    },
  });
  await page.locator('#w [part=connect-button]').click();
  await page.locator('#w [part=sign-in-status]', { hasText: 'Your browser blocked the sign-in window.' }).waitFor();
  await screenshot(page, 'auth-signing-in-blocked');
  assert.equal(await focusedPart(page), 'open-window-button');
  assert.deepEqual(await eventTypes(page), ['ready', 'popup_blocked']);
  assert.deepEqual(await widgetSent(coop, '/integrations/oauth_url'), [], 'nothing is asked before a window exists');

  const popup = await clickForPopup(page, '#w [part=open-window-button]');
  await popup.waitForURL(SIGN_IN_PAGE);
  await page.locator('#w [part=sign-in-status]', { hasText: 'Finish signing in' }).waitFor();
  await page.locator('#w [part=cancel-button]').click();
  await page.locator('#w [part=notice]', { hasText: 'Signing in was cancelled.' }).waitFor();
  await page.locator('#w [part=connect-button]').waitFor();
  assert.equal(await focusedPart(page), 'connect-button', 'focus returns to where signing in started');
  assert.deepEqual(await eventTypes(page), ['ready', 'popup_blocked', 'popup_opened', 'auth_cancelled']);
  assert.deepEqual((await widgetEvents(page, 'w')).at(-1).data, { reason: 'cancelled' });

  const oauth = await widgetSent(coop, '/integrations/oauth_url');
  assert.equal(oauth.length, 1);
  assert.deepEqual(oauth[0].body, { service: 'OUTLOOK', connecting_new_account: true });
  await assertAllSentMatchContract(coop, assert);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the popup closed before the sign-in page loads is a cancel', async () => {
  await clearRequests(coop);
  const page = await widgetPage(coop, customer('auth-closed-early'));
  await page.locator('#w [part=connect-button]').waitFor();
  // oauth_url answers slowly, so the popup is still on about:blank when the user closes it.
  await injectFault(coop, { path: '/integrations/oauth_url', method: 'POST', kind: 'delay', delay_ms: 3000, count: 1 });
  const popup = await clickForPopup(page, '#w [part=connect-button]');
  await page.locator('#w [part=sign-in-status]', { hasText: 'Preparing the Microsoft sign-in page' }).waitFor();
  await popup.close();
  const cancelled = await waitForEvent(page, 'auth_cancelled');
  assert.deepEqual(cancelled.data, { reason: 'popup_closed' });
  await page.locator('#w [part=notice][role=status]', { hasText: 'Signing in was cancelled.' }).waitFor();
  await page.locator('#w [part=connect-button]').waitFor();
  assert.deepEqual(await eventTypes(page), ['ready', 'popup_opened', 'auth_cancelled']);

  await page.locator('#w [part=notice-dismiss]').click();
  assert.equal(await page.locator('#w [part=notice]').count(), 0, 'the notice can be dismissed');
  const oauth = await widgetSent(coop, '/integrations/oauth_url');
  assert.equal(oauth.length, 1);
  assertListQueries(await widgetSent(coop, '/user_data_sources'));
  await assertAllSentMatchContract(coop, assert);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the popup closed on the sign-in page keeps waiting (COOP); Cancel works; a short authTimeoutMs times out', async () => {
  await clearRequests(coop);
  const page = await widgetPage(coop, customer('auth-closed-late'), { configScript: 'authTimeoutMs: 4000,' });
  const popup = await clickForPopup(page, '#w [part=connect-button]');
  await popup.waitForURL(SIGN_IN_PAGE);
  await popup.close();
  // Two ticks and a poll later the widget still waits: after navigation `closed` is no cancel signal.
  await page.waitForTimeout(1200);
  await page.locator('#w [part=sign-in-status]', { hasText: 'Finish signing in in the window that opened.' }).waitFor();
  await page.locator('#w [part=sign-in-hint]').waitFor();
  assert.deepEqual(await eventTypes(page), ['ready', 'popup_opened']);
  await page.locator('#w [part=cancel-button]').click();
  await page.locator('#w [part=connect-button]').waitFor();
  assert.deepEqual((await waitForEvent(page, 'auth_cancelled')).data, { reason: 'cancelled' });

  // Again, and this time nobody answers within authTimeoutMs.
  const second = await clickForPopup(page, '#w [part=connect-button]');
  await second.waitForURL(SIGN_IN_PAGE);
  const started = Date.now();
  const timedOut = await waitForEvent(page, 'auth_timeout');
  assert.deepEqual(timedOut.data, { timeout_ms: 4000 });
  assert.ok(Date.now() - started < 8000);
  await page.locator('#w [part=notice][role=alert]', { hasText: 'Signing in took too long' }).waitFor();
  await page.locator('#w [part=connect-button]').waitFor();
  assert.deepEqual(await eventTypes(page),
    ['ready', 'popup_opened', 'auth_cancelled', 'popup_opened', 'auth_timeout']);

  const oauth = await widgetSent(coop, '/integrations/oauth_url');
  assert.equal(oauth.length, 2, 'one oauth_url per attempt');
  const polls = assertListQueries(await widgetSent(coop, '/user_data_sources'));
  assert.ok(polls >= 3, 'the widget kept polling while it waited');
  await assertAllSentMatchContract(coop, assert);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('consent denied: auth_error with the server\'s message, shown in the widget', async () => {
  await clearRequests(noCoop);
  const page = await widgetPage(noCoop, customer('auth-denied'));
  const popup = await clickForPopup(page, '#w [part=connect-button]');
  await popup.waitForURL(SIGN_IN_PAGE);
  await popup.locator('button[value="denied@contoso.test"]').click();
  const failed = await waitForEvent(page, 'auth_error');
  assert.equal(failed.data.code, 'sign_in_failed');
  assert.match(failed.data.message, /Access was not granted: AADSTS65004: User declined to consent/);
  const notice = page.locator('#w [part=notice][role=alert]');
  await notice.waitFor();
  assert.equal(await notice.locator('p').innerText(), `Signing in failed: ${failed.data.message}`);
  await page.locator('#w [part=connect-button]').waitFor();
  await screenshot(page, 'auth-denied');
  assert.deepEqual(await eventTypes(page), ['ready', 'popup_opened', 'auth_error']);
  assertListQueries(await widgetSent(noCoop, '/user_data_sources'));
  await assertAllSentMatchContract(noCoop, assert);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('disconnect: confirmed in place, revoke sent, the list updated, `disconnected` emitted', async () => {
  const who = customer('auth-disconnect');
  const alex = await connectViaHttp(coop, who, 'alex@contoso.test');
  const folders = await connectViaHttp(coop, who, 'folders@contoso.test');
  await clearRequests(coop);
  const page = await widgetPage(coop, who);
  const rows = page.locator('#w [part=account]');
  await rows.nth(1).waitFor();
  assert.deepEqual(await page.locator('#w [part=account-address]').allInnerTexts(),
    ['folders@contoso.test', 'alex@contoso.test'], 'newest first');
  assert.match(await rows.first().locator('[part=account-status]').innerText(), /Ready/);
  await screenshot(page, 'auth-accounts');

  const alexRow = page.locator(`#w [part=account][data-source-id="${alex.dataSourceId}"]`);
  await alexRow.locator('[part=account-disconnect]').click();
  const confirm = alexRow.locator('[part=disconnect-confirm]');
  await confirm.waitFor();
  assert.match(await confirm.innerText(), /Disconnect alex@contoso\.test\? Acme CRM stops syncing from it/);
  await screenshot(page, 'auth-disconnect-confirm');
  const focused = () => page.evaluate(() => {
    const active = document.querySelector('#w').shadowRoot.activeElement;
    return active && `${active.closest('[part=account]')?.dataset.sourceId}:${active.getAttribute('part')}`;
  });
  assert.equal(await focused(), `${alex.dataSourceId}:keep-mailbox-button`, 'focus moves to the safe answer');
  await page.keyboard.press('Enter');
  assert.equal(await alexRow.locator('[part=disconnect-confirm]').count(), 0);
  assert.equal(await focused(), `${alex.dataSourceId}:account-disconnect`, 'and back to the button that asked');
  assert.deepEqual(await widgetSent(coop, '/revoke_access_token'), [], '"Keep it" sends nothing');
  // Escape answers the question the safe way too.
  await alexRow.locator('[part=account-disconnect]').click();
  await confirm.waitFor();
  await page.keyboard.press('Escape');
  assert.equal(await alexRow.locator('[part=disconnect-confirm]').count(), 0);
  assert.equal(await focused(), `${alex.dataSourceId}:account-disconnect`, 'Escape gives focus back too');
  assert.deepEqual(await widgetSent(coop, '/revoke_access_token'), [], 'Escape sends nothing');

  await alexRow.locator('[part=account-disconnect]').click();
  await alexRow.locator('[part=confirm-disconnect-button]').click();
  const disconnected = await waitForEvent(page, 'disconnected');
  assert.deepEqual(disconnected.data, { data_source_id: alex.dataSourceId });
  await page.waitForFunction(() => document.querySelectorAll('#w').length === 1
    && document.querySelector('#w').shadowRoot.querySelectorAll('[part=account]').length === 1);
  assert.deepEqual(await page.locator('#w [part=account-address]').allInnerTexts(), ['folders@contoso.test']);

  const revokes = await widgetSent(coop, '/revoke_access_token');
  assert.equal(revokes.length, 1);
  assert.deepEqual(revokes[0].body, { data_source_id: alex.dataSourceId });
  assert.equal(revokes[0].status, 200);
  const lists = await widgetSent(coop, '/user_data_sources');
  assert.equal(assertListQueries(lists), 2, 'the mount list and the refresh after the revoke');
  assert.ok(Date.parse(lists[1].ts) >= Date.parse(revokes[0].ts));
  assert.deepEqual(await eventTypes(page), ['ready', 'disconnected']);
  assert.equal(folders.dataSourceId !== alex.dataSourceId, true);
  await assertAllSentMatchContract(coop, assert);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a failed revoke keeps the mailbox and says why', async () => {
  const who = customer('auth-revoke-fails');
  const alex = await connectViaHttp(coop, who, 'alex@contoso.test');
  await clearRequests(coop);
  const page = await widgetPage(coop, who);
  await page.locator('#w [part=account]').waitFor();
  await injectFault(coop, { path: '/revoke_access_token', method: 'POST', kind: '500', count: 1 });
  await page.locator('#w [part=account-disconnect]').click();
  await page.locator('#w [part=confirm-disconnect-button]').click();
  const error = await waitForEvent(page, 'error');
  assert.equal(error.data.code, 'server_error');
  await page.locator('#w [part=notice][role=alert]', { hasText: 'alex@contoso.test could not be disconnected: ' }).waitFor();
  assert.deepEqual(await page.locator('#w [part=account-address]').allInnerTexts(), ['alex@contoso.test']);
  await page.locator('#w [part=account-disconnect]:not([disabled])').waitFor();
  const revokes = await widgetSent(coop, '/revoke_access_token');
  assert.equal(revokes.length, 1, 'a revoke is not retried on its own');
  assert.deepEqual(revokes[0].body, { data_source_id: alex.dataSourceId });
  assert.equal(revokes[0].status, 500);
  assert.ok(!(await eventTypes(page)).includes('disconnected'));
  await assertAllSentMatchContract(coop, assert);
  await page.context().close();
});

test('two widgets for two customers on one page: each lists only its mailboxes with its own token', async () => {
  const first = customer('auth-first');
  const second = customer('auth-second');
  await connectViaHttp(coop, first, 'alex@contoso.test');
  await connectViaHttp(coop, second, 'folders@contoso.test');
  await clearRequests(coop);

  const page = await openPage(browser, CONTEXT);
  const sentTokens = [];
  page.on('request', (request) => {
    if (request.url().startsWith(coop.api_url) && request.method() === 'POST') {
      sentTokens.push(request.headers().authorization);
    }
  });
  const url = `${coop.host_url}/fixtures/auth-two.html`;
  await serveFixture(page, url, hostPage({
    body: `<div id="a"></div><div id="b"></div>
      <script>${widgetScript(coop, first, { id: 'a', config: { orgName: 'Acme CRM' } })}
        ${widgetScript(coop, second, { id: 'b', config: { orgName: 'Acme CRM' } })}</script>`,
  }));
  await page.goto(url);
  await page.locator('#a [part=account-address]').waitFor();
  await page.locator('#b [part=account-address]').waitFor();
  assert.deepEqual(await page.locator('#a [part=account-address]').allInnerTexts(), ['alex@contoso.test']);
  assert.deepEqual(await page.locator('#b [part=account-address]').allInnerTexts(), ['folders@contoso.test']);

  const tokens = await page.evaluate(() => window.tokens);
  assert.notEqual(tokens.a, tokens.b);
  assert.deepEqual([...new Set(sentTokens)].sort(), [`Token ${tokens.a}`, `Token ${tokens.b}`].sort(),
    'each widget sent its own token, and nothing else was sent');
  const lists = await widgetSent(coop, '/user_data_sources');
  assert.equal(assertListQueries(lists), 2, 'one list per widget');
  assert.ok(lists.every((entry) => entry.status === 200));
  await assertAllSentMatchContract(coop, assert);
  await screenshot(page, 'auth-two-widgets');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('update({tokenFetcher}) cancels a sign-in in progress and lists the other customer\'s mailboxes', async () => {
  const first = customer('auth-update-first');
  const second = customer('auth-update-second');
  await connectViaHttp(coop, first, 'alex@contoso.test');
  await connectViaHttp(coop, second, 'folders@contoso.test');
  await clearRequests(coop);
  const page = await widgetPage(coop, first);
  await page.locator('#w [part=account-address]', { hasText: 'alex@contoso.test' }).waitFor();
  const popup = await clickForPopup(page, '#w [part=add-mailbox-button]');
  await popup.waitForURL(SIGN_IN_PAGE);
  await page.locator('#w [part=cancel-button]').waitFor();

  await page.evaluate((customerId) => window.w.update({
    tokenFetcher: () => fetch('/demo/token', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customer_id: customerId }) })
      .then((r) => r.json())
      .then((answer) => { window.tokens.second = answer.access_token; return answer; }),
  }), second);
  assert.deepEqual((await waitForEvent(page, 'auth_cancelled')).data, { reason: 'cancelled' });
  await page.locator('#w [part=account-address]', { hasText: 'folders@contoso.test' }).waitFor();
  assert.deepEqual(await page.locator('#w [part=account-address]').allInnerTexts(), ['folders@contoso.test']);
  assert.deepEqual(await eventTypes(page), ['ready', 'popup_opened', 'auth_cancelled']);

  const lists = await widgetSent(coop, '/user_data_sources');
  assertListQueries(lists);
  assert.equal(lists.at(-1).status, 200);
  const oauth = await widgetSent(coop, '/integrations/oauth_url');
  assert.equal(oauth.length, 1);
  assert.deepEqual(oauth[0].body, { service: 'OUTLOOK', connecting_new_account: true });
  assert.notEqual(await page.evaluate(() => window.tokens.second), await page.evaluate(() => window.tokens.w));
  await assertAllSentMatchContract(coop, assert);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the mailboxes cannot be listed: Connect with a notice and "Try again", which recovers', async () => {
  const who = customer('auth-list-fails');
  await connectViaHttp(coop, who, 'alex@contoso.test');
  await clearRequests(coop);
  // Every attempt of the first list (the client retries a 5xx up to 4 sends) answers 500.
  await injectFault(coop, { path: '/user_data_sources', method: 'POST', kind: '500', count: 4 });
  const page = await widgetPage(coop, who);
  const notice = page.locator('#w [part=notice][role=alert]');
  await notice.waitFor({ timeout: 15000 });
  await page.locator('#w [part=connect-button]').waitFor();
  const error = await waitForEvent(page, 'error');
  assert.equal(error.data.code, 'server_error');
  assert.equal(await notice.locator('p').innerText(), `Your connected mailboxes could not be loaded: ${error.data.message}`);
  await screenshot(page, 'auth-list-failed');
  const failed = await widgetSent(coop, '/user_data_sources');
  assert.equal(assertListQueries(failed), 4);
  assert.ok(failed.every((entry) => entry.status === 500));

  await notice.locator('[part=retry-button]').click();
  await page.locator('#w [part=account-address]', { hasText: 'alex@contoso.test' }).waitFor();
  assert.equal(await page.locator('#w [part=retry-button]').count(), 0, '"Try again" goes once the list loaded');
  const lists = await widgetSent(coop, '/user_data_sources');
  assert.equal(assertListQueries(lists), 5);
  assert.equal(lists.at(-1).status, 200);
  assert.deepEqual(await eventTypes(page), ['ready', 'error']);
  await assertAllSentMatchContract(coop, assert);
  await page.context().close();
});

test('reconnect: oauth_url names the mailbox, the poll sees it signed in again, its Choose screen opens', async () => {
  const who = customer('auth-reconnect');
  const alex = await connectViaHttp(coop, who, 'alex@contoso.test');
  await clearRequests(coop);
  const page = await widgetPage(coop, who);
  await page.locator('#w [part=account-address]', { hasText: 'alex@contoso.test' }).waitFor();
  const popup = await clickForPopup(page, '#w [part=account-reconnect]');
  await popup.waitForURL(SIGN_IN_PAGE);
  await popup.locator('button[value="alex@contoso.test"]').click();
  const connected = await waitForEvent(page, 'connected');
  assert.deepEqual(connected.data, { data_source_id: alex.dataSourceId });
  await page.locator('#w [part=active-mailbox]', { hasText: 'alex@contoso.test' }).waitFor();
  await popup.close();

  const oauth = await widgetSent(coop, '/integrations/oauth_url');
  assert.equal(oauth.length, 1);
  assert.deepEqual(oauth[0].body, { service: 'OUTLOOK', data_source_id: alex.dataSourceId });
  assertListQueries(await widgetSent(coop, '/user_data_sources'));
  assert.deepEqual((await eventTypes(page)).slice(0, 3), ['ready', 'popup_opened', 'connected']);
  await assertAllSentMatchContract(coop, assert);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

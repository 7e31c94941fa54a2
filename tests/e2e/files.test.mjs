// End-to-end: the synced e-mails list against the sandbox — a mailbox connected and synced over HTTP, then the
// widget's "Synced e-mails" screen: rows match the API, search and pages, resync (and its 409), delete after the
// in-widget confirmation, a subject carrying markup shown as text, the empty state, and the auto-sync switch
// calling the host's onChange. Each test asserts what the person sees and exactly what the widget sent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  sandbox, launch, screenshot, api, connectViaHttp, clearRequests, sentRequests, assertAllSentMatchContract,
  injectFault, widgetSent, mountWidget, events, assertNoProblems,
} from './harness.mjs';

const sb = sandbox();
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// folders@contoso.test: 25 messages in Inbox (two pages of 20), the newest with a subject carrying markup.
const MAILBOX = 'folders@contoso.test';
const MARKUP_SUBJECT = '<script>alert("subject")</script> Quarterly <b>numbers</b> & more';
const ORG = 'Files Co';

/** Syncs `folder` over HTTP and waits until every root file of the source is READY; returns them, newest first. */
async function syncAndWait(token, dataSourceId, folder = 'Inbox') {
  const requestId = `files-e2e-${dataSourceId}-${Date.now()}`;
  await api(sb, token, 'POST', '/integrations/outlook/sync', {
    data_source_id: dataSourceId, folder, filters: {}, request_id: requestId, sync_attachments: false,
  });
  const deadline = Date.now() + 20_000;
  for (;;) {
    const listed = await api(sb, token, 'POST', '/user_files_v2', {
      pagination: { limit: 100, offset: 0 }, order_by: 'created_at', order_dir: 'desc',
      filters: { source: 'OUTLOOK', organization_user_data_source_id: [dataSourceId], root_files_only: true },
    });
    if (listed.count > 0 && listed.results.every((file) => file.sync_status === 'READY')) return listed;
    if (Date.now() > deadline) throw new Error(`files of source ${dataSourceId} not READY: ${JSON.stringify(listed)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** From the Accounts screen to the Synced e-mails screen of `dataSourceId`; waits for the first page. */
async function openFiles(page, dataSourceId) {
  await page.locator(`#host [part=account][data-source-id="${dataSourceId}"] [part=account-files]`).click();
  await page.locator('#host [part=files-range], #host [part=files-empty]').first().waitFor();
}

async function rowNames(page) {
  return page.locator('#host [part=file] [part=file-name]').allTextContents();
}

async function waitForRange(page, text) {
  await page.locator('#host [part=files-range]', { hasText: text }).waitFor();
}

/** Clicks Refresh until `locator` shows up (a status changing on the server shows after a reload). */
async function refreshUntil(page, locator) {
  const deadline = Date.now() + 10_000;
  while (await locator.count() === 0) {
    if (Date.now() > deadline) throw new Error('the awaited row state never showed');
    await page.locator('#host [part=files-refresh]:not([disabled])').click();
    await page.waitForTimeout(150);
  }
}

test('the list shows the synced e-mails as the API lists them, pages, searches and shows markup as text', async () => {
  await clearRequests(sb);
  const { token, dataSourceId } = await connectViaHttp(sb, 'files-list', MAILBOX);
  const synced = await syncAndWait(token, dataSourceId);
  assert.equal(synced.count, 25);
  const page = await mountWidget(browser, sb, 'files-list', { config: { orgName: ORG } });
  await openFiles(page, dataSourceId);

  await waitForRange(page, '1–20 of 25');
  const names = await rowNames(page);
  assert.deepEqual(names, synced.results.slice(0, 20).map((file) => file.name), 'page 1: the API\'s 20 newest');
  assert.equal(await page.locator('#host [part=file-status]', { hasText: 'Ready' }).count(), 20);
  assert.equal(await page.locator('#host [part=active-mailbox]').innerText(), MAILBOX, 'the header names the mailbox');
  assert.equal((await page.locator('#host [part=root]').innerText()).split(MAILBOX).length - 1, 1,
    'and nothing else on the screen repeats it');
  const [first] = await widgetSent(sb, '/user_files_v2');
  assert.deepEqual(first.body, {
    pagination: { limit: 20, offset: 0 }, order_by: 'created_at', order_dir: 'desc',
    filters: { source: 'OUTLOOK', organization_user_data_source_id: [dataSourceId], root_files_only: true },
  });
  await screenshot(page, 'files-loaded');

  await page.locator('#host [part=files-next]').click();
  await waitForRange(page, '21–25 of 25');
  assert.deepEqual(await rowNames(page), synced.results.slice(20).map((file) => file.name));
  assert.equal(await page.locator('#host [part=files-next]').isDisabled(), true);
  await page.locator('#host [part=files-previous]').click();
  await waitForRange(page, '1–20 of 25');

  // Typing searches after a short pause, from page 1; Enter searches at once.
  await clearRequests(sb);
  await page.locator('#host [part=files-search]').pressSequentially('quarterly', { delay: 40 });
  await waitForRange(page, '1–1 of 1');
  assert.deepEqual(await rowNames(page), [MARKUP_SUBJECT]);
  // The subject carrying markup is text: no element was made from it.
  assert.equal(await page.locator('#host [part=files] script, #host [part=files] b').count(), 0);
  await screenshot(page, 'files-markup-subject');
  let searches = await widgetSent(sb, '/user_files_v2');
  assert.equal(searches.length, 1, 'one search after the pause, not one per keystroke');
  assert.deepEqual(searches[0].body.filters,
    { source: 'OUTLOOK', organization_user_data_source_id: [dataSourceId], name: 'quarterly', root_files_only: true });
  assert.deepEqual(searches[0].body.pagination, { limit: 20, offset: 0 });
  await page.locator('#host [part=files-search]').fill('no such subject');
  await page.locator('#host [part=files-search]').press('Enter');
  await page.locator('#host [part=files-empty]', { hasText: 'No synced e-mail matches “no such subject”' }).waitFor();
  searches = await widgetSent(sb, '/user_files_v2');
  assert.equal(searches.at(-1).body.filters.name, 'no such subject');

  await assertAllSentMatchContract(sb, assert);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('resync sends resync_file for the selected e-mail, says file_resynced, and a 409 says still syncing', async () => {
  await clearRequests(sb);
  const { token, dataSourceId } = await connectViaHttp(sb, 'files-resync', MAILBOX);
  const synced = await syncAndWait(token, dataSourceId);
  const target = synced.results[1];
  const page = await mountWidget(browser, sb, 'files-resync', { config: { orgName: ORG } });
  await openFiles(page, dataSourceId);
  const row = page.locator(`#host [part=file][data-file-id="${target.id}"]`);

  await row.locator('[part=file-select]').check();
  await page.locator('#host [part=files-selected]', { hasText: '1 selected' }).waitFor();
  await screenshot(page, 'files-selection');
  await page.locator('#host [part=files-resync]').click();
  await row.locator('[part=file-note]', { hasText: 'Resync requested' }).waitFor();
  assert.deepEqual((await widgetSent(sb, '/resync_file')).map((entry) => entry.body), [{ file_id: target.id }]);
  assert.deepEqual(await events(page, 'file_resynced'), [{ file_id: target.id }]);
  assert.equal(await row.locator('[part=file-select]').isChecked(), true, 'the selection stays for a next action');

  // The same e-mail again while it is queued (the sandbox keeps a resynced file QUEUED_FOR_SYNC, then SYNCING,
  // for 50 ms each): once it is Ready, resync it from the page's own script and, at once, from the widget.
  await refreshUntil(page, row.locator('[part=file-status]', { hasText: 'Ready' }));
  // The list can show Ready a moment before its attachments settle: wait until the API says READY twice in a row.
  for (let settled = 0; settled < 2;) {
    const { results } = await api(sb, token, 'POST', '/user_files_v2', { filters: { ids: [target.id] } });
    settled = results[0]?.sync_status === 'READY' ? settled + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  const secondAnswer = await page.evaluate(async ({ apiUrl, fileId }) => {
    const { access_token: accessToken } = await fetch('/demo/token', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customer_id: 'files-resync' }),
    }).then((r) => r.json());
    const first = await fetch(`${apiUrl}/resync_file`, {
      method: 'POST', headers: { authorization: `Token ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ file_id: fileId }),
    });
    document.querySelector('#host').shadowRoot.querySelector('[part=files-resync]').click();
    return first.status;
  }, { apiUrl: sb.api_url, fileId: target.id });
  assert.equal(secondAnswer, 200);
  await row.locator('[part=file-note]', { hasText: 'Still syncing — try again shortly' }).waitFor();
  // The page's own call carries the page's Origin too: widget 200, page 200, widget 409.
  const resyncs = await widgetSent(sb, '/resync_file');
  assert.deepEqual(resyncs.map((entry) => [entry.body, entry.status]),
    [[{ file_id: target.id }, 200], [{ file_id: target.id }, 200], [{ file_id: target.id }, 409]]);
  assert.equal((await events(page, 'file_resynced')).length, 1, 'no file_resynced for the 409');
  assert.equal(await row.locator('[part=file-select]').isChecked(), true);
  await screenshot(page, 'files-resync-409');

  await assertAllSentMatchContract(sb, assert);
  // The browser itself logs every non-2xx answer; the 409 is the one expected here.
  assertNoProblems(page, [409]);
  await page.context().close();
});

test('delete asks first, then sends delete_files_v2 with exactly the selected ids and the rows go', async () => {
  await clearRequests(sb);
  const { token, dataSourceId } = await connectViaHttp(sb, 'files-delete', MAILBOX);
  const synced = await syncAndWait(token, dataSourceId);
  const [keep, gone1, gone2] = synced.results;
  const page = await mountWidget(browser, sb, 'files-delete', { config: { orgName: ORG } });
  await openFiles(page, dataSourceId);

  for (const file of [gone1, gone2]) {
    await page.locator(`#host [part=file][data-file-id="${file.id}"] [part=file-select]`).check();
  }
  await page.locator('#host [part=files-delete]').click();
  const confirm = page.locator('#host [part=files-confirm]');
  assert.equal(await confirm.innerText().then((t) => t.split('\n')[0]),
    `Delete 2 e-mails from ${ORG}? They stay in Outlook.`);
  assert.equal((await widgetSent(sb, '/delete_files_v2')).length, 0, 'nothing is deleted before the confirmation');
  await screenshot(page, 'files-confirm-delete');
  // Cancel keeps everything.
  await page.locator('#host [part=files-cancel-delete]').click();
  assert.equal(await confirm.count(), 0);
  // So does Escape (the question holds the focus on its Cancel).
  await page.locator('#host [part=files-delete]').click();
  await confirm.waitFor();
  await page.keyboard.press('Escape');
  assert.equal(await confirm.count(), 0);
  assert.equal((await widgetSent(sb, '/delete_files_v2')).length, 0, 'Escape deletes nothing');
  // A failed delete (never retried: it is not safe to) says why and keeps the selection.
  await injectFault(sb, { path: '/delete_files_v2', kind: '500', count: 1 });
  await page.locator('#host [part=files-delete]').click();
  await page.locator('#host [part=files-confirm-delete]').click();
  await page.locator('#host [part=files-delete-error]', { hasText: 'Could not delete: Injected fault' }).waitFor();
  assert.equal(await page.locator('#host [part=files-selected]').innerText(), '2 selected');
  assert.deepEqual((await events(page, 'error')).map((data) => data.code), ['server_error']);
  // Then it works.
  await page.locator('#host [part=files-delete]').click();
  await page.locator('#host [part=files-confirm-delete]').click();

  await waitForRange(page, '1–20 of 23');
  for (const file of [gone1, gone2]) {
    assert.equal(await page.locator(`#host [part=file][data-file-id="${file.id}"]`).count(), 0);
  }
  assert.equal(await page.locator(`#host [part=file][data-file-id="${keep.id}"]`).count(), 1);
  const deletes = await widgetSent(sb, '/delete_files_v2');
  assert.deepEqual(deletes.map((entry) => [entry.body, entry.status]),
    [[{ filters: { ids: [gone1.id, gone2.id] } }, 500], [{ filters: { ids: [gone1.id, gone2.id] } }, 200]]);
  assert.deepEqual(await events(page, 'file_deleted'), [{ file_ids: [gone1.id, gone2.id] }]);
  const left = await api(sb, token, 'POST', '/user_files_v2',
    { filters: { source: 'OUTLOOK', ids: [keep.id, gone1.id, gone2.id] } });
  assert.deepEqual(left.results.map((file) => file.id), [keep.id]);

  await assertAllSentMatchContract(sb, assert);
  assertNoProblems(page, [500]);
  await page.context().close();
});

test('a mailbox with nothing synced says so and leads to Choose e-mails', async () => {
  await clearRequests(sb);
  const { dataSourceId } = await connectViaHttp(sb, 'files-empty', MAILBOX);
  const page = await mountWidget(browser, sb, 'files-empty', { config: { orgName: ORG } });
  await openFiles(page, dataSourceId);
  const empty = page.locator('#host [part=files-empty]');
  assert.match(await empty.innerText(), /No e-mails synced yet/);
  await screenshot(page, 'files-empty');
  await page.locator('#host [part=files-choose]').click();
  await empty.waitFor({ state: 'detached' });
  await assertAllSentMatchContract(sb, assert);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the auto-sync switch waits for the host's onChange and goes back when it fails", async () => {
  await clearRequests(sb);
  const { dataSourceId } = await connectViaHttp(sb, 'files-auto', MAILBOX);
  const page = await mountWidget(browser, sb, 'files-auto', {
    config: { orgName: ORG },
    configScript: `autoSync: { enabled: false, onChange: (on) => {
      window.autoSyncCalls = (window.autoSyncCalls || []).concat([on]);
      return new Promise((resolve, reject) => { window.settleAutoSync = { resolve, reject }; });
    } },`,
  });
  await openFiles(page, dataSourceId);
  const toggle = page.locator('#host [part=auto-sync-switch]');
  assert.equal(await toggle.getAttribute('aria-checked'), 'false');

  await toggle.click();
  await page.locator('#host [part=auto-sync-switch][aria-busy=true][aria-checked=true]').waitFor();
  assert.equal(await toggle.isDisabled(), true, 'no second call while the host works');
  assert.deepEqual(await page.evaluate(() => window.autoSyncCalls), [true]);
  await page.evaluate(() => window.settleAutoSync.resolve());
  await page.locator('#host [part=auto-sync-switch][aria-busy=false][aria-checked=true]').waitFor();

  await toggle.click();
  await page.evaluate(() => window.settleAutoSync.reject(new Error('backend down')));
  await page.locator('#host [part=auto-sync-error]', { hasText: 'Could not change auto-sync: backend down' }).waitFor();
  assert.equal(await toggle.getAttribute('aria-checked'), 'true', 'the switch went back');
  assert.deepEqual(await page.evaluate(() => window.autoSyncCalls), [true, false]);
  const errors = await events(page, 'error');
  assert.deepEqual(errors.map((data) => data.code), ['auto_sync_failed']);
  assert.match(errors[0].message, /backend down/);
  await screenshot(page, 'files-auto-sync-failed');
  // The host's own value rules again after update({autoSync}); the old failure is gone.
  await page.evaluate(() => window.host.update({ autoSync: { enabled: false, onChange: () => Promise.resolve() } }));
  await page.locator('#host [part=auto-sync-switch][aria-checked=false]').waitFor();
  assert.equal(await page.locator('#host [part=auto-sync-error]').count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a list that fails to load says why, and Retry loads it', async () => {
  await clearRequests(sb);
  const { token, dataSourceId } = await connectViaHttp(sb, 'files-error', MAILBOX);
  await syncAndWait(token, dataSourceId);
  const page = await mountWidget(browser, sb, 'files-error', { config: { orgName: ORG } });
  await page.locator(`#host [part=account][data-source-id="${dataSourceId}"]`).waitFor();
  // An answer that is not JSON is not retried by the client: the screen says so at once.
  await injectFault(sb, { path: '/user_files_v2', kind: 'malformed', count: 1 });
  await page.locator(`#host [part=account][data-source-id="${dataSourceId}"] [part=account-files]`).click();
  const problem = page.locator('#host [part=files-error]');
  await problem.waitFor();
  assert.match(await problem.innerText(), /Could not load the synced e-mails: The API answered \/user_files_v2 with something unexpected/);
  const errors = (await events(page, 'error')).map((data) => data.code);
  assert.deepEqual(errors, ['malformed_response']);
  await screenshot(page, 'files-load-error');
  await page.locator('#host [part=files-retry]').click();
  await waitForRange(page, '1–20 of 25');
  assert.equal(await problem.count(), 0, 'the error goes once the list loads');
  assert.equal((await widgetSent(sb, '/user_files_v2')).length, 2);
  await assertAllSentMatchContract(sb, assert);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

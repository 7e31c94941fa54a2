// End-to-end: Choose e-mails → Sync → Progress against the sandbox. Each test starts from a mailbox connected over
// HTTP for its own customer, drives the widget like a person, and checks both what the person sees and exactly
// what the widget sent (every body against contract/carbon-openapi.json).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  sandbox, launch, screenshot, api, connectViaHttp, clearRequests, sentRequests, injectFault,
  assertAllSentMatchContract, customer, mountWidget, events, assertNoProblems,
} from './harness.mjs';

const server = sandbox();
const SYNC = '/integrations/outlook/sync';
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Accounts → "Choose e-mails" on the mailbox `dataSourceId`. */
async function openChoose(page, dataSourceId) {
  await page.locator(`#host [part=account][data-source-id="${dataSourceId}"] [part=account-choose]`).click();
  await page.locator('#host [part=choose]').waitFor();
}

function folderRow(page, name) {
  return page.locator('#host [role=treeitem]').filter({ has: page.locator('.oc-folder-name', { hasText: name }) }).first();
}

async function waitForFolders(page) {
  await page.locator('#host [part=folder-picker] [role=treeitem]').first().waitFor();
}

/** Waits for the Progress screen to say every file is final. */
async function waitForDone(page) {
  await page.locator('#host [part=progress][data-done=true]').waitFor({ timeout: 60_000 });
}

async function cellNumber(locator) {
  return Number(await locator.innerText());
}

/** The API's own count of files of these syncs (or of the data source), for cross-checking the screen. */
async function filesCount(token, filters) {
  const answer = await api(server, token, 'POST', '/user_files_v2', { filters, pagination: { limit: 1 } });
  return answer.count;
}

test('happy path: folders and categories load, two folders with a built filter sync once each, Progress reaches all READY', async () => {
  const id = customer('sync-happy');
  const { token, dataSourceId } = await connectViaHttp(server, id, 'alex@contoso.test');
  await clearRequests(server);
  const page = await mountWidget(browser, server, id,
    { config: { syncOptions: { syncAttachments: true, chunkSize: 800 } } });
  await injectFault(server, { path: '/integrations/outlook/user_folders', method: 'GET', kind: 'delay', delay_ms: 1500, count: 1 });
  await openChoose(page, dataSourceId);
  await page.locator('#host [part=folders-loading]').waitFor();
  await screenshot(page, 'sync-choose-loading');
  await waitForFolders(page);
  assert.equal(await page.locator('#host [part=folders-loading]').count(), 0);
  assert.deepEqual(await events(page, 'folders_loaded'), [{ data_source_id: dataSourceId, count: 13 }]);

  // Inbox is the default selection; add Archive.
  assert.equal(await folderRow(page, 'Inbox').getAttribute('aria-selected'), 'true');
  await folderRow(page, 'Archive').click();
  assert.equal(await folderRow(page, 'Archive').getAttribute('aria-selected'), 'true');
  assert.deepEqual(await page.evaluate(() => window.host.getFolders()), ['Inbox', 'Archive']);

  // Build "received on or after 1 Jan 2020" in the visual editor.
  await page.locator('#host [part=filter-editor] button', { hasText: 'Add condition' }).first().click();
  await page.locator('#host select[aria-label=Condition]').selectOption({ label: 'Received on or after' });
  await page.locator('#host [part=filter-editor] input[type=date]').fill('2020-01-01');
  const filters = await page.evaluate(() => window.host.getFilters());
  assert.equal(JSON.stringify(filters).includes('"after"'), true, `the built filter is a date filter: ${JSON.stringify(filters)}`);

  // Options: attachments seeded from the config, incremental switched on here.
  assert.equal(await page.locator('#host [part=option-attachments]').isChecked(), true);
  assert.equal(await page.locator('#host [part=option-incremental]').isChecked(), false);
  await page.locator('#host [part=option-incremental]').check();
  assert.equal(await page.locator('#host [part=sync-reason]').isHidden(), true);
  await screenshot(page, 'sync-choose-loaded');

  await page.locator('#host [part=sync-button]').click();
  await page.locator('#host [part=progress]').waitFor();
  await screenshot(page, 'sync-progress-running');
  await waitForDone(page);
  await screenshot(page, 'sync-progress-done');

  // Exactly one sync per folder, each with its own request_id, the built filter and the options.
  const syncs = await sentRequests(server, { path: SYNC });
  assert.equal(syncs.length, 2, 'one sync request per selected folder');
  assert.deepEqual(syncs.map((entry) => entry.body.folder).sort(), ['Archive', 'Inbox']);
  for (const entry of syncs) {
    assert.equal(entry.status, 200);
    assert.deepEqual(entry.body.filters, filters);
    assert.equal(entry.body.data_source_id, dataSourceId);
    assert.equal(entry.body.sync_attachments, true);
    assert.equal(entry.body.incremental_sync, true);
    assert.equal(entry.body.chunk_size, 800, 'pass-through options are sent as given');
    assert.equal(typeof entry.body.request_id, 'string');
  }
  const requestIds = syncs.map((entry) => entry.body.request_id);
  assert.notEqual(requestIds[0], requestIds[1], 'a fresh request_id per folder');

  // The screen's counts are the API's: every file READY.
  const total = page.locator('#host [part=progress-total]');
  const ready = await cellNumber(total.locator('[part=count-ready]'));
  assert.ok(ready > 0, 'some e-mails synced');
  assert.equal(await cellNumber(total.locator('[part=count-queued]')), 0);
  assert.equal(await cellNumber(total.locator('[part=count-syncing]')), 0);
  assert.equal(await cellNumber(total.locator('[part=count-failed]')), 0);
  assert.equal(await filesCount(token, { request_ids: requestIds }), ready);
  assert.equal(await page.locator('#host [part=progress-run]').count(), 2);

  const requested = await events(page, 'sync_requested');
  assert.deepEqual(requested.map((data) => data.request_id).sort(), [...requestIds].sort());
  assert.ok(requested.every((data) => data.data_source_id === dataSourceId));
  const [completed] = await events(page, 'sync_completed');
  assert.deepEqual(completed.counts, { queued: 0, syncing: 0, ready, failed: 0 });
  assert.deepEqual([...completed.request_ids].sort(), [...requestIds].sort());
  assert.ok((await events(page, 'sync_progress')).length >= 1);

  // Counting asked only for these syncs' files.
  const counts = await sentRequests(server, { path: '/user_files_v2' });
  assert.ok(counts.length >= 2);
  assert.ok(counts.every((entry) => [...entry.body.filters.request_ids].sort().join() === [...requestIds].sort().join()));
  await assertAllSentMatchContract(server, assert);

  // Leaving the screen stops the polling.
  await page.locator('#host [part=back]').click();
  await page.locator('#host [part=choose]').waitFor();
  assert.deepEqual(await page.evaluate(() => window.host.getFilters()), filters, 'the filter is kept');
  assertNoProblems(page);
  await page.context().close();
});

test('handle.sync() resolves with the request ids, and rejects with a code when nothing can be sent', async () => {
  const id = customer('sync-handle');
  const { dataSourceId } = await connectViaHttp(server, id, 'alex@contoso.test');
  await clearRequests(server);
  const page = await mountWidget(browser, server, id);
  await page.locator('#host [part=account]').waitFor();
  const noAccount = await page.evaluate(() => window.host.sync().then(() => null, (e) => e.code));
  assert.equal(noAccount, 'no_account');
  await openChoose(page, dataSourceId);
  await waitForFolders(page);

  await folderRow(page, 'Inbox').click();
  assert.deepEqual(await page.evaluate(() => window.host.getFolders()), [], 'the only folder was unchecked');
  assert.equal(await page.evaluate(() => window.host.sync().then(() => null, (e) => e.code)), 'no_folder');
  assert.match(await page.locator('#host [part=sync-reason]').innerText(), /Select at least one folder/);
  assert.equal(await page.locator('#host [part=sync-button]').isDisabled(), true);

  // An invalid filter (an empty condition) is never sent; the edits stay.
  await page.evaluate(() => window.host.setFolders(['Archive']));
  await page.locator('#host [part=filter-editor] button', { hasText: 'Add condition' }).first().click();
  assert.equal(await page.evaluate(() => window.host.sync().then(() => null, (e) => e.code)), 'filters_invalid');
  assert.match(await page.locator('#host [part=sync-reason]').innerText(), /Fix the filter/);
  assert.equal(await page.locator('#host [part=sync-button]').isDisabled(), true);
  assert.equal(await page.locator('#host [part=filter-editor] select[aria-label=Condition]').count(), 1, 'the condition stays');
  assert.equal((await sentRequests(server, { path: SYNC })).length, 0, 'nothing was sent');

  await page.locator('#host [part=filter-editor] select[aria-label=Condition]').selectOption({ label: 'Is flagged' });
  const started = await page.evaluate(() => window.host.sync());
  assert.equal(started.requestIds.length, 1);
  assert.deepEqual(started.failed, []);
  await page.locator('#host [part=progress]').waitFor();
  const [sent] = await sentRequests(server, { path: SYNC });
  assert.equal(sent.body.request_id, started.requestIds[0]);
  assert.equal(sent.body.folder, 'Archive');
  assert.deepEqual(sent.body.filters, await page.evaluate(() => window.host.getFilters()));
  await waitForDone(page);
  await assertAllSentMatchContract(server, assert);
  assertNoProblems(page);
  await page.context().close();
});

test('a token that expires mid-session is fetched again exactly once, with no visible error', async () => {
  const id = customer('sync-expiry');
  const { dataSourceId } = await connectViaHttp(server, id, 'alex@contoso.test');
  await clearRequests(server);
  const page = await mountWidget(browser, server, id, { config: { folders: ['Archive'] } });
  await openChoose(page, dataSourceId);
  await waitForFolders(page);
  assert.equal(await page.evaluate(() => window.tokenCalls.host), 1);
  const expired = await fetch(`${server.api_url}/sandbox/expire-tokens`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customer_id: id }),
  });
  assert.equal(expired.status, 200);
  await page.locator('#host [part=sync-button]').click();
  await waitForDone(page);
  assert.equal(await page.evaluate(() => window.tokenCalls.host), 2, 'one more token fetch');
  const syncs = await sentRequests(server, { path: SYNC });
  assert.deepEqual(syncs.map((entry) => entry.status), [401, 200], 'refused once, then sent with the new token');
  assert.equal(syncs[0].body.request_id, syncs[1].body.request_id);
  assert.equal(await page.locator('#host [part=sync-error], #host [part=progress-trouble]').count(), 0);
  assert.deepEqual(await events(page, 'sync_error'), []);
  assert.deepEqual(await events(page, 'error'), []);
  await assertAllSentMatchContract(server, assert);
  assertNoProblems(page, [401]);
  await page.context().close();
});

test('a 500 on sync is retried with the same request_id and makes no duplicate files', async () => {
  const id = customer('sync-retry500');
  const { token, dataSourceId } = await connectViaHttp(server, id, 'alex@contoso.test');
  await clearRequests(server);
  const page = await mountWidget(browser, server, id, { config: { folders: ['Archive'], theme: 'dark' } });
  await openChoose(page, dataSourceId);
  await waitForFolders(page);
  await injectFault(server, { path: SYNC, method: 'POST', kind: '500', count: 1 });
  await page.locator('#host [part=sync-button]').click();
  await waitForDone(page);
  await screenshot(page, 'sync-progress-done-dark');

  const syncs = await sentRequests(server, { path: SYNC });
  assert.deepEqual(syncs.map((entry) => entry.status), [500, 200], 'one failure, one retry');
  assert.equal(syncs[0].body.request_id, syncs[1].body.request_id, 'the retry keeps the request_id');
  assert.deepEqual(syncs[0].body, syncs[1].body, 'the retry sends the same body');
  const ready = await cellNumber(page.locator('#host [part=progress-total] [part=count-ready]'));
  assert.equal(ready, 14, "Archive's 14 e-mails");
  assert.equal(await filesCount(token, { organization_user_data_source_id: [dataSourceId] }), 14, 'no duplicates');
  assert.equal(await page.locator('#host [part=sync-error], #host [part=progress-trouble]').count(), 0);
  assert.deepEqual(await events(page, 'sync_error'), []);
  await assertAllSentMatchContract(server, assert);
  assertNoProblems(page, [500]);
  await page.context().close();
});

test("a 429 on sync waits out the Retry-After before the retry", async () => {
  const id = customer('sync-retry429');
  const { dataSourceId } = await connectViaHttp(server, id, 'alex@contoso.test');
  await clearRequests(server);
  const page = await mountWidget(browser, server, id, { config: { folders: ['Archive'] } });
  await openChoose(page, dataSourceId);
  await waitForFolders(page);
  await injectFault(server, { path: SYNC, method: 'POST', kind: '429', retry_after_secs: 2, count: 1 });
  await page.locator('#host [part=sync-button]').click();
  await page.locator('#host [part=progress]').waitFor({ timeout: 15_000 });
  const syncs = await sentRequests(server, { path: SYNC });
  assert.deepEqual(syncs.map((entry) => entry.status), [429, 200]);
  const gap = Date.parse(syncs[1].ts) - Date.parse(syncs[0].ts);
  assert.ok(gap >= 1900, `the retry came ${gap} ms after the 429 (Retry-After: 2)`);
  assert.equal(syncs[0].body.request_id, syncs[1].body.request_id);
  await waitForDone(page);
  await assertAllSentMatchContract(server, assert);
  assertNoProblems(page, [429]);
  await page.context().close();
});

test('malformed JSON from user_folders or sync is a clear error and the filter is kept', async () => {
  const id = customer('sync-malformed');
  const { dataSourceId } = await connectViaHttp(server, id, 'alex@contoso.test');
  await clearRequests(server);
  const filters = { key: 'has', value: 'attachment' };
  const page = await mountWidget(browser, server, id, { config: { filters, folders: ['Archive'] } });
  await page.locator('#host [part=account]').waitFor();
  await injectFault(server, { path: '/integrations/outlook/user_folders', kind: 'malformed', count: 1 });
  await openChoose(page, dataSourceId);
  const error = page.locator('#host [part=folders-error]');
  await error.waitFor();
  assert.match(await error.innerText(), /could not be loaded: The API answered \/integrations\/outlook\/user_folders with something unexpected \(not JSON/);
  await screenshot(page, 'sync-choose-error');
  const [loadError] = await events(page, 'error');
  assert.equal(loadError.code, 'malformed_response', 'the host hears of it too');
  assert.deepEqual(await page.evaluate(() => window.host.getFilters()), filters);
  await error.locator('[part=retry]').click();
  await waitForFolders(page);
  assert.equal(await error.count(), 0);

  await injectFault(server, { path: SYNC, kind: 'malformed', count: 1 });
  await page.locator('#host [part=sync-button]').click();
  const syncError = page.locator('#host [part=sync-error]');
  await syncError.waitFor();
  assert.match(await syncError.innerText(), /The sync did not start: The API answered \/integrations\/outlook\/sync with something unexpected/);
  assert.equal(await page.locator('#host [part=choose]').count(), 1, 'still on Choose');
  assert.deepEqual(await page.evaluate(() => window.host.getFilters()), filters, 'the filter is kept');
  assert.deepEqual(await page.evaluate(() => window.host.getFolders()), ['Archive'], 'the folders are kept');
  await screenshot(page, 'sync-choose-sync-error');
  const [syncError1] = await events(page, 'sync_error');
  assert.equal(syncError1.code, 'malformed_response');
  assert.equal(syncError1.folder, 'Archive');
  assert.equal((await sentRequests(server, { path: SYNC })).length, 1, 'a garbled answer is not retried');
  await assertAllSentMatchContract(server, assert);
  assertNoProblems(page);
  await page.context().close();
});

test('categories that fail leave the folder tree usable, and "Try again" loads them alone', async () => {
  const id = customer('sync-categories');
  const { dataSourceId } = await connectViaHttp(server, id, 'alex@contoso.test');
  const page = await mountWidget(browser, server, id);
  await page.locator('#host [part=account]').waitFor();
  await injectFault(server, { path: '/integrations/outlook/user_categories', kind: 'malformed', count: 1 });
  await openChoose(page, dataSourceId);
  await waitForFolders(page);
  const error = page.locator('#host [part=categories-error]');
  await error.waitFor();
  assert.match(await error.innerText(), /The categories could not be loaded/);
  await screenshot(page, 'sync-categories-error');
  assert.equal(await page.locator('#host [part=folders-error]').count(), 0, 'the folders did load: no folder error');
  const [loadError] = await events(page, 'error');
  assert.equal(loadError.code, 'malformed_response');
  const foldersCalls = (await sentRequests(server, { path: '/integrations/outlook/user_folders' })).length;
  await error.locator('[part=retry-categories]').click();
  await error.waitFor({ state: 'detached' });
  assert.equal((await sentRequests(server, { path: '/integrations/outlook/user_folders' })).length, foldersCalls,
    'only the categories are asked again');
  await waitForFolders(page);
  assertNoProblems(page);
  await page.context().close();
});

test('a count the API refuses for good (401) says counting stopped, not "trying again"', async () => {
  const id = customer('sync-count401');
  const { dataSourceId } = await connectViaHttp(server, id, 'alex@contoso.test');
  const page = await mountWidget(browser, server, id);
  await page.locator('#host [part=account]').waitFor();
  await openChoose(page, dataSourceId);
  await waitForFolders(page);
  await page.locator('#host [part=sync-button]').click();
  await page.locator('#host [part=progress]').waitFor();
  // From now on the host hands out a token Carbon refuses: the count's one refresh cannot mend it.
  await page.evaluate(() => window.host.update({ tokenFetcher: () => Promise.resolve({ access_token: 'not-a-carbon-token' }) }));
  const trouble = page.locator('#host [part=progress-trouble]');
  await trouble.waitFor({ timeout: 20_000 });
  const said = await trouble.innerText();
  assert.match(said, /counting has stopped/);
  assert.equal(await page.locator('#host [part=progress-status]').innerText(), 'Counting stopped.', 'the status no longer says it is counting');
  await screenshot(page, 'sync-progress-stopped');
  assert.doesNotMatch(said, /trying again/);
  const [stopped] = await events(page, 'sync_error');
  assert.equal(stopped.code, 'unauthorized');
  assertNoProblems(page, [401]);
  await page.context().close();
});

test('offline: a clear offline state on loading and on Sync, and both recover when back online', async () => {
  const id = customer('sync-offline');
  const { dataSourceId } = await connectViaHttp(server, id, 'alex@contoso.test');
  await clearRequests(server);
  const page = await mountWidget(browser, server, id, { config: { folders: ['Archive'] } });
  await page.locator('#host [part=account]').waitFor();
  // The Choose screen's code is a chunk fetched ahead when the browser is idle: on a busy machine that can come
  // after the test goes offline, and the screen would then (rightly) show "could not load". Wait for it first.
  await page.waitForFunction(() => performance.getEntriesByType('resource')
    .some((entry) => /outlook-connect\.choose\.[0-9a-f]+\.wasm$/.test(entry.name)));
  await page.context().setOffline(true);
  await openChoose(page, dataSourceId);
  const error = page.locator('#host [part=folders-error]');
  await error.waitFor();
  assert.match(await error.innerText(), /offline/i);
  await page.context().setOffline(false);
  await error.locator('[part=retry]').click();
  await waitForFolders(page);

  await page.context().setOffline(true);
  await page.locator('#host [part=sync-button]').click();
  const syncError = page.locator('#host [part=sync-error]');
  await syncError.waitFor();
  assert.match(await syncError.innerText(), /offline/i);
  assert.equal((await sentRequests(server, { path: SYNC })).length, 0, 'nothing left the browser');
  await page.context().setOffline(false);
  await page.locator('#host [part=sync-button]').click();
  await page.locator('#host [part=progress]').waitFor();

  // Offline while the progress is counted: said in place, and counting resumes by itself.
  await page.context().setOffline(true);
  const trouble = page.locator('#host [part=progress-trouble]');
  await trouble.waitFor();
  assert.match(await trouble.innerText(), /could not be checked \(You appear to be offline/);
  await screenshot(page, 'sync-progress-offline');
  await page.context().setOffline(false);
  await waitForDone(page);
  assert.equal(await trouble.count(), 0);
  assert.equal((await sentRequests(server, { path: SYNC })).length, 1);
  await assertAllSentMatchContract(server, assert);
  assertNoProblems(page);
  await page.context().close();
});

test('a folder named with markup renders as text, and syncs under its exact name', async () => {
  const id = customer('sync-markup');
  const { dataSourceId } = await connectViaHttp(server, id, 'folders@contoso.test');
  await clearRequests(server);
  const hostile = '<img src=x onerror=alert(1)>';
  const page = await mountWidget(browser, server, id, { config: { folders: [hostile] } });
  await openChoose(page, dataSourceId);
  await waitForFolders(page);
  const row = folderRow(page, hostile);
  assert.equal(await row.locator('.oc-folder-name').innerText(), hostile);
  await row.scrollIntoViewIfNeeded();
  await screenshot(page, 'sync-choose-markup');
  assert.equal(await row.getAttribute('aria-selected'), 'true');
  assert.equal(await page.locator('#host img').count(), 0, 'no element was made from a folder name');
  await page.locator('#host [part=sync-button]').click();
  await waitForDone(page);
  assert.equal(await page.locator('#host [part=progress-run] th').innerText(), hostile);
  const [sent] = await sentRequests(server, { path: SYNC });
  assert.equal(sent.body.folder, hostile);
  assert.equal(await page.locator('#host img').count(), 0);
  await assertAllSentMatchContract(server, assert);
  assertNoProblems(page);
  await page.context().close();
});

test('leaving the Progress screen, or destroying the widget, stops the polling', async () => {
  const id = customer('sync-stop');
  const { dataSourceId } = await connectViaHttp(server, id, 'alex@contoso.test');
  await clearRequests(server);
  const page = await mountWidget(browser, server, id, { config: { folders: ['Archive'] } });
  await openChoose(page, dataSourceId);
  await waitForFolders(page);

  const quietAfter = async (leave) => {
    await page.locator('#host [part=sync-button]').click();
    await page.locator('#host [part=progress]').waitFor();
    await leave();
    const left = Date.now();
    await page.waitForTimeout(3_000);
    const late = (await sentRequests(server, { path: '/user_files_v2' })).filter((entry) => Date.parse(entry.ts) > left + 100);
    assert.deepEqual(late.map((entry) => entry.ts), [], 'no count after leaving');
  };
  await quietAfter(() => page.locator('#host [part=back]').click());
  await page.locator('#host [part=choose]').waitFor();
  await quietAfter(() => page.evaluate(() => window.host.destroy()));
  assert.equal(await page.locator('#host [part=root]').count(), 0);
  assert.equal((await sentRequests(server, { path: SYNC })).length, 2);
  await assertAllSentMatchContract(server, assert);
  assertNoProblems(page);
  await page.context().close();
});

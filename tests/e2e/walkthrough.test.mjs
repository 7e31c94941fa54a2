// End-to-end: the demo page's guide, followed exactly as a new user would — a fresh customer, the REAL sign-in
// popup (alex@contoso.test on the emulated Microsoft page), folders, a filter built in the visual editor, Sync,
// Progress, the synced e-mails (search, resync, delete after confirming), back to all mailboxes and disconnect.
// Each step asserts what the person sees, what the page's event log shows, and at the end every request the
// widget sent validates against contract/carbon-openapi.json. Screenshots: target/screenshots/walk-*.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  sandbox, launch, openPage, screenshot, clearRequests, sentRequests, assertAllSentMatchContract,
  widgetSent, inDemoWidget as widget, SIGN_IN_PAGE,
} from './harness.mjs';

const sb = sandbox();
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/**
 * The page's event log (`#events`, newest first, one `HH:MM:SS  type  {json}` line each) as
 * `[{type, data}]`, oldest first.
 */
async function loggedEvents(page) {
  const text = await page.locator('#events').textContent();
  return text.split('\n').filter(Boolean).reverse().map((line) => {
    const [, type, ...rest] = line.split('  ');
    return { type, data: JSON.parse(rest.join('  ')) };
  });
}

async function loggedTypes(page) {
  return (await loggedEvents(page)).map((event) => event.type);
}

/** Waits until the page's log shows an event of `type`, and returns its data (the newest one). */
async function waitForLogged(page, type) {
  await page.locator('#events', { hasText: `  ${type}  ` }).waitFor();
  return (await loggedEvents(page)).filter((event) => event.type === type).at(-1).data;
}

function folderRow(page, name) {
  return widget(page, '[role=treeitem]').filter({ has: page.locator('.oc-folder-name', { hasText: new RegExp(`^${name}$`) }) });
}

/** What holds keyboard focus, looking into shadow roots: `part` and text of the element, or `body`. */
async function focused(page) {
  return page.evaluate(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    if (!element || element === document.body) return 'body';
    return `${element.getAttribute('part')}: ${element.textContent.trim()}`;
  });
}

/** The widget's text (options of closed selects included) at every screenshot, to check the guide's words. */
const seenTexts = [];

/**
 * Screenshots in light (and dark), and notes what the widget says at that step.
 */
async function shoot(page, name, { dark = false } = {}) {
  seenTexts.push(await widget(page, '[part=root]').evaluate((root) => root.textContent.replace(/\s+/g, ' ')));
  await screenshot(page, `walk-${name}`);
  if (!dark) return;
  // The theme changes through the handle (what the page's theme radios call), so focus stays where it was.
  await page.evaluate(() => window.demoWidget.update({ theme: 'dark' }));
  await page.locator('#mail-sync [part=root]').evaluate(() => new Promise((resolve) => {
    requestAnimationFrame(() => requestAnimationFrame(resolve));
  }));
  await screenshot(page, `walk-${name}-dark`);
  await page.evaluate(() => window.demoWidget.update({ theme: 'light' }));
}

test('the guide on the demo page, step by step, as a new customer through the real popup', async () => {
  const timings = [];
  let mark = Date.now();
  const step = (name) => { const now = Date.now(); timings.push(`${name} ${now - mark} ms`); mark = now; };

  await clearRequests(sb);
  const customerId = `walk-${Date.now().toString(36)}`;
  const page = await openPage(browser);
  await page.goto(`${sb.host_url}/?customer=${customerId}`);
  assert.equal(await page.locator('#customer-id').innerText(), customerId);
  const guide = page.locator('.guide');

  // ---- 1. Connect: "Press Connect Outlook. In the sign-in window, pick alex@contoso.test".
  const connect = widget(page, '[part=connect-button]');
  await connect.waitFor();
  assert.match(await guide.innerText(), /Press Connect Outlook\. In the sign-in window, pick alex@contoso\.test/);
  assert.equal(await connect.innerText(), 'Connect Outlook', 'the button the guide names');
  assert.deepEqual(await loggedTypes(page), ['ready']);
  await shoot(page, '01-connect', { dark: true });
  step('page ready');

  const popupOpened = page.waitForEvent('popup');
  await connect.click();
  const popup = await popupOpened;
  await popup.waitForURL(SIGN_IN_PAGE);
  await widget(page, '[part=sign-in-status]').waitFor();
  await shoot(page, '02-signing-in');
  await screenshot(popup, 'walk-03-sign-in-popup');
  const mailboxButton = popup.locator('button[value="alex@contoso.test"]');
  assert.equal(await mailboxButton.count(), 1, 'the sign-in page offers the mailbox the guide names');
  await mailboxButton.click();
  await popup.waitForURL(/\/integrations\/outlook\?/);
  await popup.close();
  step('signed in through the popup');

  // ---- 2. Choose folders: "Inbox is ticked for you; open Inbox › Projects with the ▸ arrows and tick Apollo too".
  await widget(page, '[part=active-mailbox]', { hasText: 'alex@contoso.test' }).waitFor();
  const connected = await waitForLogged(page, 'connected');
  const dataSourceId = connected.data_source_id;
  assert.equal(typeof dataSourceId, 'number', `connected carries the data source id: ${JSON.stringify(connected)}`);
  await widget(page, '[part=choose]').waitFor();
  await widget(page, '[part=folder-picker] [role=treeitem]').first().waitFor();
  assert.deepEqual(await waitForLogged(page, 'folders_loaded'), { data_source_id: dataSourceId, count: 13 });
  assert.equal(await folderRow(page, 'Inbox').getAttribute('aria-selected'), 'true', 'Inbox is chosen for you');
  assert.equal(await folderRow(page, 'Apollo').count(), 0, 'Apollo is inside Inbox › Projects, closed at first');
  await folderRow(page, 'Inbox').locator('.oc-twisty').click();
  await folderRow(page, 'Projects').locator('.oc-twisty').click();
  await folderRow(page, 'Apollo').click();
  assert.equal(await folderRow(page, 'Apollo').getAttribute('aria-selected'), 'true');
  assert.equal(await folderRow(page, 'Projects').getAttribute('aria-selected'), 'false', 'only the folder ticked');
  assert.deepEqual(await page.evaluate(() => window.demoWidget.getFolders()), ['Inbox', 'Apollo']);
  // "To find a folder, type in the box above the tree."
  const folderFilter = widget(page, '[part=folder-picker] input[type=search]');
  await folderFilter.fill('zeph');
  await folderRow(page, 'Zephyr').waitFor();
  assert.equal(await widget(page, '[part=folder-picker] [role=treeitem]').count() <= 3, true,
    'the box narrows the tree to the match and its parents');
  await folderFilter.fill('');
  await folderRow(page, 'Apollo').waitFor();
  await shoot(page, '04-choose-folders', { dark: true });
  step('folders chosen');

  // ---- 3. Build a filter: "Received on or after 7 Jan 2024" is there; "Add group", Personal, "Add condition", Test.
  const editor = widget(page, '[part=filter-editor]');
  assert.equal(await editor.locator('select[aria-label=Condition]').first().inputValue(), 'after');
  assert.equal(await editor.locator('input[type=date]').inputValue(), '2024-01-07', 'the page seeds the date condition');
  await editor.getByRole('button', { name: 'Add group', exact: true }).click();
  const group = editor.locator('[role=group][aria-label^="Group "]');
  const operator = group.locator('.oc-group-head select').first();
  assert.equal(await operator.locator('option:checked').innerText(), 'any of these (OR)', 'a new group is any of');
  const categories = group.locator('input[role=combobox]');
  await categories.first().pressSequentially('Pers');
  await group.getByRole('option', { name: 'Personal', exact: true }).click();
  await group.getByRole('button', { name: 'Add condition', exact: true }).click();
  await categories.nth(1).pressSequentially('Tes');
  await group.getByRole('option', { name: 'Test', exact: true }).click();
  const filters = { AND: [{ key: 'after', value: '2024/01/07' },
    { OR: [{ key: 'category', value: 'Personal' }, { key: 'category', value: 'Test' }] }] };
  assert.deepEqual(await page.evaluate(() => window.demoWidget.getFilters()), filters);
  // "What will sync says it in plain words".
  assert.equal(await widget(page, '[part=summary] p').innerText(),
    'E-mails in Inbox and Apollo received on or after 7 Jan 2024 and in category Personal or Test.');
  assert.deepEqual((await waitForLogged(page, 'filters_changed')), { filters });
  // "the JSON tab edits the same filter".
  await editor.getByRole('tab', { name: 'JSON' }).click();
  const json = JSON.parse(await editor.locator('textarea').inputValue());
  assert.deepEqual(json, filters);
  await editor.getByRole('tab', { name: 'Builder' }).click();
  await shoot(page, '05-filter', { dark: true });
  step('filter built');

  // ---- 4. "Sync and watch the counts go from queued to syncing to ready".
  const syncButton = widget(page, '[part=sync-button]');
  assert.equal(await syncButton.innerText(), 'Sync');
  await syncButton.click();
  await widget(page, '[part=progress]').waitFor();
  await shoot(page, '06-progress-running');
  await widget(page, '[part=progress][data-done=true]').waitFor({ timeout: 60_000 });
  const completed = await waitForLogged(page, 'sync_completed');
  const total = widget(page, '[part=progress-total]');
  const ready = Number(await total.locator('[part=count-ready]').innerText());
  assert.ok(ready > 0, 'some e-mails synced');
  assert.deepEqual(completed.counts, { queued: 0, syncing: 0, ready, failed: 0 });
  const syncs = await widgetSent(sb, '/integrations/outlook/sync');
  assert.deepEqual(syncs.map((entry) => entry.body.folder), ['Inbox', 'Apollo'], 'one sync per folder, in order');
  for (const entry of syncs) {
    assert.equal(entry.status, 200);
    assert.deepEqual(entry.body.filters, filters);
    assert.equal(entry.body.data_source_id, dataSourceId);
  }
  const requested = (await loggedEvents(page)).filter((event) => event.type === 'sync_requested');
  assert.deepEqual(requested.map((event) => event.data.request_id).sort(),
    syncs.map((entry) => entry.body.request_id).sort());
  await shoot(page, '07-progress-done', { dark: true });
  step('synced');

  // ---- 5. Synced e-mails: search by subject, resync one, delete one after the confirmation.
  await widget(page, '[part=see-files]').click();
  const range = widget(page, '[part=files-range]');
  await range.waitFor();
  assert.equal(await focused(page), 'title: Synced e-mails', 'the button went with its screen: focus is on the new title');
  assert.match(await range.innerText(), new RegExp(`of ${ready}$`), 'the list counts what the sync made ready');
  const names = await widget(page, '[part=file] [part=file-name]').allTextContents();
  assert.ok(names.length > 0);
  await shoot(page, '08-files', { dark: true });
  const word = names[0].split(/\s+/).find((part) => /^[A-Za-z]{4,}$/.test(part));
  assert.ok(word, `a word to search for in ${names[0]}`);
  await widget(page, '[part=files-search]').fill(word);
  await widget(page, '[part=files-search]').press('Enter');
  await page.waitForFunction((expected) => {
    const root = document.querySelector('#mail-sync').shadowRoot;
    const rows = [...root.querySelectorAll('[part=file] [part=file-name]')].map((cell) => cell.textContent);
    return rows.length > 0 && rows.every((name) => name.toLowerCase().includes(expected.toLowerCase()));
  }, word);
  const searches = await widgetSent(sb, '/user_files_v2');
  assert.equal(searches.at(-1).body.filters.name, word, 'the search went to the API');
  await shoot(page, '09-files-search');
  step('searched');

  const resyncRow = widget(page, '[part=file]').first();
  const resyncId = Number(await resyncRow.getAttribute('data-file-id'));
  await resyncRow.locator('[part=file-select]').check();
  await widget(page, '[part=files-selected]', { hasText: '1 selected' }).waitFor();
  await widget(page, '[part=files-resync]').click();
  await resyncRow.locator('[part=file-note]', { hasText: 'Resync requested' }).waitFor();
  assert.deepEqual(await waitForLogged(page, 'file_resynced'), { file_id: resyncId });
  assert.deepEqual((await widgetSent(sb, '/resync_file')).map((entry) => [entry.body, entry.status]),
    [[{ file_id: resyncId }, 200]]);
  await shoot(page, '10-files-resynced');
  await resyncRow.locator('[part=file-select]').uncheck();
  step('resynced');

  const deleteRow = widget(page, '[part=file]').nth(1);
  const rowsBefore = await widget(page, '[part=file]').count();
  const deleteId = Number(await deleteRow.getAttribute('data-file-id'));
  await deleteRow.locator('[part=file-select]').check();
  await widget(page, '[part=files-delete]').click();
  const confirm = widget(page, '[part=files-confirm]');
  assert.match(await confirm.innerText(), /Delete 1 e-mail from Acme CRM\? It stays in Outlook\./);
  assert.equal((await widgetSent(sb, '/delete_files_v2')).length, 0, 'nothing deleted before the confirmation');
  assert.equal(await focused(page), 'files-cancel-delete: Cancel', 'the question focuses its safe answer');
  await shoot(page, '11-files-confirm-delete', { dark: true });
  // By keyboard: Shift+Tab from Cancel reaches the confirming Delete.
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focused(page), 'files-confirm-delete: Delete');
  await page.keyboard.press('Enter');
  await widget(page, `[part=file][data-file-id="${deleteId}"]`).waitFor({ state: 'detached' });
  assert.deepEqual(await waitForLogged(page, 'file_deleted'), { file_ids: [deleteId] });
  assert.deepEqual((await widgetSent(sb, '/delete_files_v2')).map((entry) => [entry.body, entry.status]),
    [[{ filters: { ids: [deleteId] } }, 200]]);
  assert.equal(await widget(page, '[part=file]').count(), rowsBefore - 1);
  assert.equal(await focused(page), 'files-search: ', 'with nothing selected, focus goes back to the search box');
  await shoot(page, '12-files-deleted');
  step('deleted');

  // ---- 6. "On the same screen, flip Auto-sync new e-mails": the page's backend calls update_users.
  const autoSync = widget(page, '[part=auto-sync-switch]');
  assert.equal(await autoSync.getAttribute('aria-checked'), 'false');
  await autoSync.click();
  await widget(page, '[part=auto-sync-switch][aria-busy=false][aria-checked=true]').waitFor();
  await page.locator('#events', { hasText: 'host: POST /demo/auto-sync → 200' }).waitFor();
  const updates = await sentRequests(sb, { path: '/update_users' });
  assert.deepEqual(updates.map((entry) => [entry.body, entry.status]),
    [[{ customer_ids: [customerId], auto_sync_enabled_sources: ['OUTLOOK'] }, 200]]);
  await shoot(page, '12b-auto-sync-on');
  step('auto-sync on');

  // ---- Back to all mailboxes, then disconnect after confirming: the Connect screen again.
  await widget(page, '[part=back-button]').click();
  const account = widget(page, `[part=account][data-source-id="${dataSourceId}"]`);
  await account.waitFor();
  assert.match(await account.locator('[part=account-address]').innerText(), /alex@contoso\.test/);
  // The customer-wide auto-sync switch sits under the mailbox list too, showing what was just turned on.
  await widget(page, '[part=accounts] ~ [part=auto-sync] [part=auto-sync-switch][aria-checked=true]').waitFor();
  await shoot(page, '13-accounts', { dark: true });
  await account.locator('[part=account-disconnect]').click();
  const question = widget(page, '[part=disconnect-confirm]');
  assert.match(await question.innerText(), /Disconnect alex@contoso\.test\? Acme CRM stops syncing from it/);
  assert.equal((await widgetSent(sb, '/revoke_access_token')).length, 0, 'nothing revoked before the confirmation');
  assert.equal(await focused(page), 'keep-mailbox-button: Keep it', 'the question focuses its safe answer');
  await shoot(page, '14-confirm-disconnect');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focused(page), 'confirm-disconnect-button: Disconnect');
  await page.keyboard.press('Enter');
  await connect.waitFor();
  assert.equal(await focused(page), 'title: Connect your Outlook mailbox');
  assert.deepEqual(await waitForLogged(page, 'disconnected'), { data_source_id: dataSourceId });
  assert.deepEqual((await widgetSent(sb, '/revoke_access_token')).map((entry) => [entry.body, entry.status]),
    [[{ data_source_id: dataSourceId }, 200]]);
  await shoot(page, '15-connect-again');
  step('disconnected');

  // The whole walk in the page's log, in order; a run of filter edits or progress ticks is one line.
  const walk = await loggedTypes(page);
  const runs = ['sync_progress', 'filters_changed'];
  assert.ok(walk.every((type, index) => !runs.includes(type) || type !== walk[index - 1]),
    `a run of filter edits or progress ticks is one line: ${walk}`);
  assert.deepEqual(walk.filter((type) => !runs.includes(type)), [
    'ready', 'popup_opened', 'connected', 'folders_loaded', 'sync_requested', 'sync_requested', 'sync_completed',
    'file_resynced', 'file_deleted', 'host: POST /demo/auto-sync → 200', 'disconnected',
  ]);
  // Every control or label the guide names in italics is one the widget showed on the way.
  const named = await page.locator('.guide em').allTextContents();
  assert.ok(named.length >= 15, `the guide names the controls: ${named}`);
  const missing = named.map((words) => words.replace(/\s+/g, ' '))
    .filter((words) => !seenTexts.some((text) => text.includes(words)));
  assert.deepEqual(missing, [], 'the guide names only what the widget shows');
  await assertAllSentMatchContract(sb, assert);
  assert.deepEqual(page.problems, []);
  console.log(`walk-through timings: ${timings.join(', ')}`);
  await page.context().close();
});

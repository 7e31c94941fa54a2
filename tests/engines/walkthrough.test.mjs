// The demo page's walk-through in whichever engine OC_ENGINE names (Chromium, Firefox or WebKitGTK), driven through
// WebDriver as a person would: the REAL sign-in popup (a new window, switched to), folders, a filter built in the
// visual editor (a date typed into the date input, categories picked from the combobox), Sync, Progress, the
// synced e-mails, disconnect after confirming. Each step asserts what the person sees, what the page's event log
// shows and what the sandbox received. The parts most likely to differ between engines are ours: a popup opened
// inside the click (with COOP on the sign-in page), the constructable stylesheet in the shadow root, the wasm
// streamed from the loader's own URL, focus moving across the shadow root, the date input.
// Screenshots: target/screenshots/engine-<engine>-*.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { sandbox, clearRequests, widgetSent, sentRequests, assertAllSentMatchContract } from '../e2e/harness.mjs';
import {
  engine, startSession, browserVersion, Widget, Key, textOf, screenshot, press,
} from './webdriver.mjs';

const sb = sandbox();
let session;

before(async () => {
  session = await startSession();
  console.log(`engine ${engine}: ${await browserVersion(session.driver)}`);
});
after(async () => { await session?.quit(); });

/** The page's event log (`#events`, newest first, `HH:MM:SS  type  {json}`) as `[{type, data}]`, oldest first. */
async function loggedEvents(driver) {
  const text = await driver.executeScript("return document.getElementById('events').textContent;");
  return text.split('\n').filter(Boolean).reverse().map((line) => {
    const [, type, ...rest] = line.split('  ');
    return { type, data: JSON.parse(rest.join('  ')) };
  });
}

/** Waits until the log shows an event of `type` and returns its newest data. */
async function waitForLogged(driver, type, timeout = 15_000) {
  let found;
  await driver.wait(async () => {
    found = (await loggedEvents(driver)).filter((event) => event.type === type).at(-1);
    return found !== undefined;
  }, timeout, `waiting for the event log to show ${type}`);
  return found.data;
}

/** A folder row of the picker by its exact name (the `.oc-folder-name` inside `[role=treeitem]`). */
async function folderRow(widget, name) {
  return widget.driver.executeScript(`
    const root = document.querySelector(arguments[0]).shadowRoot;
    return [...root.querySelectorAll('[role=treeitem]')]
      .find((row) => row.querySelector('.oc-folder-name')?.textContent.trim() === arguments[1]) || null;`,
  widget.host, name);
}

async function within(driver, element, selector) {
  return driver.executeScript('return arguments[0].querySelector(arguments[1]);', element, selector);
}

test(`the demo page's walk-through in ${engine}, through the real popup`, async () => {
  const { driver } = session;
  const widget = new Widget(driver);
  const timings = [];
  let mark = Date.now();
  const step = (name) => { const now = Date.now(); timings.push(`${name} ${now - mark} ms`); mark = now; };

  await clearRequests(sb);
  const customerId = `engine-${engine}-${Date.now().toString(36)}`;
  await driver.get(`${sb.host_url}/?customer=${customerId}`);
  const page = await driver.getWindowHandle();

  // ---- 1. Connect, with the widget's own styles (the constructable stylesheet adopted in the shadow root). The
  // loader paints this screen before the wasm runs and the wasm's first render replaces it: take the button after
  // `ready`, and check the early frame is gone.
  assert.deepEqual((await waitForLogged(driver, 'ready')), {});
  assert.equal(await widget.find('[data-oc-early]'), null, "the wasm's first render replaced the early paint");
  const connect = await widget.waitFor('[part=connect-button]', { text: 'Connect Outlook' });
  assert.equal(await textOf(driver, connect), 'Connect Outlook');
  const styled = await driver.executeScript(`
    const host = document.querySelector('#mail-sync');
    const root = host.shadowRoot;
    const button = root.querySelector('[part=connect-button]');
    return { sheets: root.adoptedStyleSheets ? root.adoptedStyleSheets.length : -1,
             styleElements: root.querySelectorAll('style').length,
             cursor: getComputedStyle(button).cursor, display: getComputedStyle(root.querySelector('[part=root]')).display };`);
  assert.equal(styled.sheets, 1, `one constructable stylesheet adopted: ${JSON.stringify(styled)}`);
  assert.equal(styled.styleElements, 0, 'no <style> fallback where constructable stylesheets exist');
  assert.equal(styled.cursor, 'pointer', 'the stylesheet applies inside the shadow root');
  await screenshot(driver, '01-connect');
  step('page ready');

  // ---- 2. The real popup: opened inside the WebDriver click, a new window to switch to.
  const handlesBefore = await driver.getAllWindowHandles();
  await connect.click();
  let popup;
  await driver.wait(async () => {
    popup = (await driver.getAllWindowHandles()).find((handle) => !handlesBefore.includes(handle));
    return popup !== undefined;
  }, 15_000, 'waiting for the sign-in popup to open');
  await widget.waitFor('[part=sign-in-status]');
  await driver.switchTo().window(popup);
  await driver.wait(async () => /\/oauth2\/v2\.0\/authorize/.test(await driver.getCurrentUrl()), 15_000,
    'waiting for the popup to reach the emulated Microsoft sign-in page');
  await screenshot(driver, '02-sign-in-popup');
  const mailbox = await driver.findElement({ css: 'button[value="alex@contoso.test"]' });
  await mailbox.click();
  await driver.wait(async () => /\/integrations\/outlook\?/.test(await driver.getCurrentUrl()), 15_000,
    'waiting for the popup to reach the OAuth callback');
  await driver.close();
  await driver.switchTo().window(page);
  step('signed in through the popup');

  // ---- 3. Folders: Inbox chosen for you; open Inbox › Projects and tick Apollo.
  await widget.waitFor('[part=active-mailbox]', { text: 'alex@contoso.test' });
  const connected = await waitForLogged(driver, 'connected');
  const dataSourceId = connected.data_source_id;
  assert.equal(typeof dataSourceId, 'number', `connected carries the data source id: ${JSON.stringify(connected)}`);
  await widget.waitFor('[part=folder-picker] [role=treeitem]');
  assert.deepEqual(await waitForLogged(driver, 'folders_loaded'), { data_source_id: dataSourceId, count: 13 });
  const inbox = await folderRow(widget, 'Inbox');
  assert.equal(await inbox.getAttribute('aria-selected'), 'true', 'Inbox is chosen for you');
  assert.equal(await folderRow(widget, 'Apollo'), null, 'Apollo is inside Inbox › Projects, closed at first');
  await (await within(driver, inbox, '.oc-twisty')).click();
  await driver.wait(async () => (await folderRow(widget, 'Projects')) !== null, 5_000, 'Inbox opens');
  await (await within(driver, await folderRow(widget, 'Projects'), '.oc-twisty')).click();
  await driver.wait(async () => (await folderRow(widget, 'Apollo')) !== null, 5_000, 'Projects opens');
  await (await folderRow(widget, 'Apollo')).click();
  await driver.wait(async () => (await (await folderRow(widget, 'Apollo')).getAttribute('aria-selected')) === 'true',
    5_000, 'Apollo is ticked by the click');
  assert.equal(await (await folderRow(widget, 'Projects')).getAttribute('aria-selected'), 'false', 'only the folder ticked');
  assert.deepEqual(await driver.executeScript('return window.demoWidget.getFolders();'), ['Inbox', 'Apollo']);
  await screenshot(driver, '03-folders');
  step('folders chosen');

  // ---- 4. The filter: the seeded date, typed over by keyboard in the date input; a group of two categories.
  const date = await widget.waitFor('[part=filter-editor] input[type=date]');
  assert.equal(await driver.executeScript('return arguments[0].type;', date), 'date', `${engine} has date inputs`);
  assert.equal(await driver.executeScript('return arguments[0].value;', date), '2024-01-07', 'the page seeds the date');
  await typeDate(driver, date, { year: '2024', month: '02', day: '01' });
  await driver.wait(async () => (await driver.executeScript('return arguments[0].value;', date)) === '2024-02-01',
    5_000, 'the date input holds the typed date');
  const addGroup = await widget.waitFor('[part=filter-editor] button', { pattern: /^Add group$/ });
  await addGroup.click();
  const combo = await widget.waitFor('[part=filter-editor] [role=group] input[role=combobox]');
  await combo.sendKeys('Pers');
  await (await widget.waitFor('[part=filter-editor] [role=group] [role=option]', { pattern: /^Personal$/ })).click();
  await (await widget.waitFor('[part=filter-editor] [role=group] button', { pattern: /^Add condition$/ })).click();
  await driver.wait(async () => (await widget.count('[part=filter-editor] [role=group] input[role=combobox]')) === 2,
    5_000, 'a second condition in the group');
  const secondCombo = await driver.executeScript(
    "return document.querySelector('#mail-sync').shadowRoot.querySelectorAll('[part=filter-editor] [role=group] input[role=combobox]')[1];");
  await secondCombo.sendKeys('Tes');
  await (await widget.waitFor('[part=filter-editor] [role=group] [role=option]', { pattern: /^Test$/ })).click();
  const filters = { AND: [{ key: 'after', value: '2024/02/01' },
    { OR: [{ key: 'category', value: 'Personal' }, { key: 'category', value: 'Test' }] }] };
  await driver.wait(async () => isDeepStrictEqual(await driver.executeScript('return window.demoWidget.getFilters();'),
    filters), 5_000, 'the filter tree the editor built');
  assert.equal((await widget.texts('[part=summary] p'))[0],
    'E-mails in Inbox and Apollo received on or after 1 Feb 2024 and in category Personal or Test.');
  assert.deepEqual(await waitForLogged(driver, 'filters_changed'), { filters });
  await screenshot(driver, '04-filter');
  step('filter built');

  // ---- 5. Sync, Progress until done; the sandbox got one sync per folder with the filter.
  const sync = await widget.waitFor('[part=sync-button]', { pattern: /^Sync$/ });
  await sync.click();
  await widget.waitFor('[part=progress]');
  await widget.waitFor('[part=progress][data-done=true]', { timeout: 60_000 });
  const completed = await waitForLogged(driver, 'sync_completed');
  const ready = Number((await widget.texts('[part=progress-total] [part=count-ready]'))[0]);
  assert.ok(ready > 0, 'some e-mails synced');
  assert.deepEqual(completed.counts, { queued: 0, syncing: 0, ready, failed: 0 });
  const syncs = await widgetSent(sb, '/integrations/outlook/sync');
  assert.deepEqual(syncs.map((entry) => entry.body.folder), ['Inbox', 'Apollo'], 'one sync per folder, in order');
  for (const entry of syncs) {
    assert.equal(entry.status, 200);
    assert.deepEqual(entry.body.filters, filters);
    assert.equal(entry.body.data_source_id, dataSourceId);
  }
  await screenshot(driver, '05-progress-done');
  step('synced');

  // ---- 6. The synced e-mails: focus follows the button to the new screen's title (across the shadow root).
  await (await widget.waitFor('[part=see-files]')).click();
  const range = await widget.waitFor('[part=files-range]');
  assert.match(await textOf(driver, range), new RegExp(`of ${ready}$`), 'the list counts what the sync made ready');
  assert.equal(await widget.focused(), 'title: Synced e-mails', 'focus is on the new title');
  const names = await widget.texts('[part=file] [part=file-name]');
  assert.ok(names.length > 0, 'the synced e-mails are listed');
  const listed = await sentRequests(sb, { path: '/user_files_v2' });
  assert.ok(listed.some((entry) => entry.status === 200), 'the list came from the API');
  await screenshot(driver, '06-files');
  step('files');

  // ---- 7. Back to the mailboxes; disconnect after confirming, by keyboard from the safe answer.
  await (await widget.waitFor('[part=back-button]')).click();
  const account = await widget.waitFor(`[part=account][data-source-id="${dataSourceId}"]`, { text: 'alex@contoso.test' });
  await (await within(driver, account, '[part=account-disconnect]')).click();
  const question = await widget.waitFor('[part=disconnect-confirm]');
  assert.match(await textOf(driver, question), /Disconnect alex@contoso\.test\? Acme CRM stops syncing from it/);
  assert.equal((await widgetSent(sb, '/revoke_access_token')).length, 0, 'nothing revoked before the confirmation');
  assert.equal(await widget.focused(), 'keep-mailbox-button: Keep it', 'the question focuses its safe answer');
  await press(driver, [Key.SHIFT, Key.TAB]);
  assert.equal(await widget.focused(), 'confirm-disconnect-button: Disconnect');
  await press(driver, Key.ENTER);
  await widget.waitFor('[part=connect-button]');
  assert.deepEqual(await waitForLogged(driver, 'disconnected'), { data_source_id: dataSourceId });
  assert.equal(await widget.focused(), 'title: Connect your Outlook mailbox');
  assert.deepEqual((await widgetSent(sb, '/revoke_access_token')).map((entry) => [entry.body, entry.status]),
    [[{ data_source_id: dataSourceId }, 200]]);
  await screenshot(driver, '07-connect-again');
  step('disconnected');

  const runs = ['sync_progress', 'filters_changed'];
  assert.deepEqual((await loggedEvents(driver)).map((event) => event.type).filter((type) => !runs.includes(type)), [
    'ready', 'popup_opened', 'connected', 'folders_loaded', 'sync_requested', 'sync_requested', 'sync_completed',
    'disconnected',
  ]);
  await assertAllSentMatchContract(sb, assert);
  console.log(`${engine} walk-through timings: ${timings.join(', ')}`);
});

test(`parseFilters takes a plain object made by a WebDriver script in ${engine} (another realm)`, async () => {
  const { driver } = session;
  await driver.get(`${sb.host_url}/?customer=engine-${engine}-realm`);
  await driver.executeAsyncScript('const done = arguments[arguments.length - 1]; OutlookConnect.ready.then(() => done());');
  const fromObject = await driver.executeScript("return OutlookConnect.parseFilters({ key: 'is', value: 'flagged' });");
  const fromText = await driver.executeScript(
    "return OutlookConnect.parseFilters(JSON.stringify({ key: 'is', value: 'flagged' }));");
  assert.deepEqual(fromObject, fromText, 'the object and its JSON text mean the same filter');
  assert.equal(fromObject.ok, true, JSON.stringify(fromObject));
  assert.deepEqual(fromObject.filters, { key: 'is', value: 'flagged' });
  const nested = await driver.executeScript(
    "return OutlookConnect.parseFilters({ AND: [{ key: 'is', value: 'flagged' }, { OR: [{ key: 'has', value: 'attachment' }] }] });");
  assert.equal(nested.ok, true, JSON.stringify(nested));
  // A class instance is still not a plain object, whichever realm made it.
  const instance = await driver.executeScript(
    "class Filter { constructor() { this.key = 'is'; this.value = 'flagged'; } } return OutlookConnect.parseFilters(new Filter());");
  assert.equal(instance.ok, false, JSON.stringify(instance));
});

/**
 * Types a date into an `<input type=date>` the way a person does with the keyboard, as en-US shows it
 * (month/day/year, the browsers' locale here), separators included: Chromium and Firefox move to the next field
 * after two digits, WebKitGTK only on the separator (typing 02012024 there leaves every digit in the month).
 * Real key events (WebDriver actions), not Element Send Keys: geckodriver treats a date input as a
 * non-typeable control and sets the text as its value.
 */
async function typeDate(driver, input, { year, month, day }) {
  await driver.executeScript('arguments[0].blur(); arguments[0].focus();', input);
  await press(driver, `${month}/${day}/${year}`);
}

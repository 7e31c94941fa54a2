// The demo page's walk-through in whichever engine OC_ENGINE names (Chromium, Firefox or WebKitGTK), driven through
// WebDriver as a person would: the REAL sign-in popup (a new window, switched to), folders, a filter built in the
// visual editor (a date typed into the date input, categories picked from the combobox), Sync, Progress, the synced
// e-mails, disconnect after confirming. Then the strict demo page (a policy without 'wasm-unsafe-eval' whose
// connect-src is only itself): the widget in its frame, signed in from the frame's button. Each step asserts what the
// person sees, what the page's event log shows and what the sandbox received. The parts most likely to differ between
// engines are ours: a popup opened inside the click (with the engine's popup blocker on, and COOP on the sign-in page
// or not), the constructable stylesheet in the shadow root, the wasm fetched from beside the loader, focus moving
// across the shadow root, the date input.
// Screenshots: target/screenshots/engine-<engine>-*.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import {
  sandbox, clearRequests, widgetSent, sentRequests, injectFault, assertAllSentMatchContract,
} from '../e2e/harness.mjs';
import {
  engine, startSession, browserVersion, Widget, Key, textOf, screenshot, press,
} from './webdriver.mjs';

const sb = sandbox();
const noCoop = sandbox('OC_E2E_READY_NOCOOP');
/** How long the mailbox list is held back while the callback page's message must do the work. */
const HELD_POLL_MS = 4000;
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

/** Whether a window.open outside any click (from a script) is allowed: false when the popup blocker is on. */
async function scriptMayOpenWindows(driver) {
  const before = await driver.getAllWindowHandles();
  const opened = await driver.executeScript(
    "const w = window.open('about:blank', '_blank', 'popup'); if (w) w.close(); return w !== null;");
  await driver.wait(async () => (await driver.getAllWindowHandles()).length === before.length, 5_000);
  return opened;
}

/** Waits for a window not in `known` and returns its handle. */
async function newWindow(driver, known) {
  let found;
  await driver.wait(async () => {
    found = (await driver.getAllWindowHandles()).find((handle) => !known.includes(handle));
    return found !== undefined;
  }, 15_000, 'waiting for a new window');
  return found;
}

/**
 * In the sign-in popup `popup`: waits for the emulated Microsoft page, picks alex@contoso.test, waits for the OAuth
 * callback, closes the popup and switches back to `page`.
 */
async function signInAsAlex(driver, popup, page) {
  await driver.switchTo().window(popup);
  await driver.wait(async () => /\/oauth2\/v2\.0\/authorize/.test(await driver.getCurrentUrl()), 20_000,
    'waiting for the popup to reach the emulated Microsoft sign-in page');
  await (await driver.findElement({ css: 'button[value="alex@contoso.test"]' })).click();
  await driver.wait(async () => /\/integrations\/outlook\?/.test(await driver.getCurrentUrl()), 15_000,
    'waiting for the popup to reach the OAuth callback');
  await driver.close();
  await driver.switchTo().window(page);
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
  // The demo page preloads the wasm (`<link rel=preload as=fetch crossorigin>`, as the README suggests) and the
  // loader fetches it from beside itself. Chromium and Firefox hand the loader's fetch the preloaded response;
  // WebKit never does (whatever the caching headers or credentials mode: measured in WebKitGTK 2.50, and reported
  // for Safari), so it downloads the wasm twice. The README says so; if this fails in WebKit, it reuses it now.
  const wasmFetches = (await sentRequests(sb, { origin: 'host', path: '/outlook-connect.wasm' }))
    .filter((entry) => entry.method === 'GET');
  assert.equal(wasmFetches.length, engine === 'webkit' ? 2 : 1,
    `the wasm was downloaded ${wasmFetches.length} times: ${JSON.stringify(wasmFetches.map((e) => e.status))}`);
  assert.ok(wasmFetches.every((entry) => entry.status === 200));
  await screenshot(driver, '01-connect');
  step('page ready');

  // ---- 2. The real popup: opened inside the WebDriver click, a new window to switch to. The engine's popup blocker
  // is on (a window.open outside a click is refused), so the popup opening proves it was opened inside the click.
  assert.equal(await scriptMayOpenWindows(driver), false, `${engine}'s popup blocker is on`);
  const handlesBefore = await driver.getAllWindowHandles();
  await connect.click();
  const popup = await newWindow(driver, handlesBefore);
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

test(`an early click in ${engine}: the loader opens the popup in the click, the widget signs in with it once it runs`, async () => {
  const { driver } = session;
  const widget = new Widget(driver);
  await clearRequests(sb);
  // The wasm answers only after 3 s (both downloads in WebKit, see above): the click lands on the loader's early
  // Connect screen.
  await injectFault(sb, { origin: 'host', path: '/outlook-connect.wasm', method: 'GET', kind: 'delay', delay_ms: 3000,
    count: engine === 'webkit' ? 2 : 1 });
  await driver.get(`${sb.host_url}/?customer=engine-${engine}-early-${Date.now().toString(36)}`);
  const page = await driver.getWindowHandle();
  const early = await widget.waitFor('[data-oc-early] [part=connect-button]', { text: 'Connect Outlook' });
  assert.deepEqual(await loggedEvents(driver), [], 'the wasm is not running yet');
  await early.click();
  const popup = await newWindow(driver, [page]);
  await driver.switchTo().window(popup);
  assert.equal(await driver.getCurrentUrl(), 'about:blank', 'blank until the widget knows the sign-in address');
  await signInAsAlex(driver, popup, page);
  await widget.waitFor('[part=active-mailbox]', { text: 'alex@contoso.test' });
  const types = (await loggedEvents(driver)).map((event) => event.type);
  assert.deepEqual(types.slice(0, 3), ['ready', 'popup_opened', 'connected']);
  assert.deepEqual(await driver.getAllWindowHandles(), [page], 'the widget used the early popup, it opened none of its own');
});

test(`${engine}'s popup blocker really blocks a popup opened outside a click: the widget says so and offers a window`, async () => {
  const { driver } = session;
  const widget = new Widget(driver);
  await clearRequests(sb);
  await driver.get(`${sb.host_url}/?customer=engine-${engine}-blocked-${Date.now().toString(36)}`);
  await waitForLogged(driver, 'ready');
  const page = await driver.getWindowHandle();
  // A click from a script is no user activation: the browser refuses the window the widget opens in it.
  await driver.executeScript(
    "document.querySelector('#mail-sync').shadowRoot.querySelector('[part=connect-button]').click();");
  await widget.waitFor('[part=sign-in-status]', { text: 'Your browser blocked the sign-in window.' });
  assert.deepEqual((await driver.getAllWindowHandles()), [page], 'no window opened');
  assert.deepEqual((await loggedEvents(driver)).map((event) => event.type), ['ready', 'popup_blocked']);
  // The person never was in the widget (the click came from a script), so focus stays where it was.
  assert.equal(await widget.focused(), 'body');
  assert.deepEqual(await widgetSent(sb, '/integrations/oauth_url'), [], 'nothing asked before a window exists');
  await screenshot(driver, 'blocked');

  // A real click on "Open sign-in window" opens it.
  await (await widget.waitFor('[part=open-window-button]')).click();
  const popup = await newWindow(driver, [page]);
  await driver.switchTo().window(popup);
  await driver.wait(async () => /\/oauth2\/v2\.0\/authorize/.test(await driver.getCurrentUrl()), 15_000,
    'waiting for the popup to reach the emulated Microsoft sign-in page');
  await driver.switchTo().window(page);
  await widget.waitFor('[part=sign-in-status]', { text: 'Finish signing in' });
  await (await widget.waitFor('[part=cancel-button]')).click();
  await widget.waitFor('[part=notice]', { text: 'Signing in was cancelled.' });
  assert.deepEqual((await loggedEvents(driver)).map((event) => event.type),
    ['ready', 'popup_blocked', 'popup_opened', 'auth_cancelled']);
  const windows = await driver.getAllWindowHandles();
  if (windows.includes(popup)) {
    await driver.switchTo().window(popup);
    await driver.close();
    await driver.switchTo().window(page);
  }
});

test(`COOP off in ${engine}: the callback page's message to its opener completes sign-in and the popup closes`, async () => {
  const { driver } = session;
  const widget = new Widget(driver);
  await clearRequests(noCoop);
  await driver.get(`${noCoop.host_url}/?customer=engine-${engine}-nocoop-${Date.now().toString(36)}`);
  await waitForLogged(driver, 'ready');
  const page = await driver.getWindowHandle();
  const connect = await widget.waitFor('[part=connect-button]', { text: 'Connect Outlook' });
  await driver.executeScript("window.demoWidget.on('connected', (event) => { window.connectedAt = event.ts; });");
  await connect.click();
  const popup = await newWindow(driver, [page]);
  await driver.switchTo().window(popup);
  await driver.wait(async () => /\/oauth2\/v2\.0\/authorize/.test(await driver.getCurrentUrl()), 15_000,
    'waiting for the popup to reach the emulated Microsoft sign-in page');
  // From now on the mailbox list answers only after 4 s: a poll cannot be what completes the sign-in. (Not before
  // the click: a widget that has no list yet keeps the popup blank until its first poll has answered.)
  await injectFault(noCoop, { path: '/user_data_sources', method: 'POST', kind: 'delay', delay_ms: HELD_POLL_MS, count: 10 });
  await (await driver.findElement({ css: 'button[value="alex@contoso.test"]' })).click();
  // The callback page posts its message to the opener and closes itself.
  await driver.wait(async () => !(await driver.getAllWindowHandles()).includes(popup), 15_000,
    'waiting for the callback page to close its window');
  await driver.switchTo().window(page);
  const connected = await waitForLogged(driver, 'connected');
  await widget.waitFor('[part=active-mailbox]', { text: 'alex@contoso.test' });
  assert.equal(typeof connected.data_source_id, 'number');
  const connectedAt = await driver.executeScript('return window.connectedAt;');
  const [callback] = (await sentRequests(noCoop, { path: '/integrations/outlook' })).filter((e) => e.method === 'GET');
  const calledBackAt = Date.parse(callback.ts);
  const polls = (await widgetSent(noCoop, '/user_data_sources'))
    .filter((entry) => Date.parse(entry.ts) < connectedAt).slice(1);
  assert.ok(polls.every((poll) => Date.parse(poll.ts) + HELD_POLL_MS > connectedAt),
    'no poll could have answered before `connected`: the message did it');
  assert.ok(connectedAt - calledBackAt < HELD_POLL_MS,
    `connected ${connectedAt - calledBackAt} ms after the callback, before any held-back poll could answer`);
  console.log(`${engine}, COOP off: connected ${connectedAt - calledBackAt} ms after the callback (by the message)`);
});

test(`the strict demo page in ${engine}: the page refuses the wasm, the widget goes to its frame, which signs in through the real popup`, async () => {
  const { driver } = session;
  const widget = new Widget(driver);
  // (The loader's first screen while the frame loads is tested in tests/e2e/frame.test.mjs: held here, the frame
  // would hold WebDriver's page load too.)
  await clearRequests(sb);
  await driver.get(`${sb.host_url}/demo/strict?customer=engine-${engine}-strict-${Date.now().toString(36)}`);
  const page = await driver.getWindowHandle();
  await widget.waitFor('iframe');
  await driver.wait(() => driver.executeScript(`const root = document.querySelector('#mail-sync').shadowRoot;
    return !root.querySelector('[data-oc-early]') && root.querySelector('iframe').getBoundingClientRect().height > 100;`),
  20_000, 'waiting for the frame to draw (and take the loader\'s first screen\'s place)');
  await waitForLogged(driver, 'ready');
  // The page's tokenFetcher runs once. WebKit compiles the loader's check module under this policy, so the loader
  // asks for the token before the page refuses the wasm; the frame then takes that answer instead of asking again.
  await driver.wait(async () => (await sentRequests(sb, { path: '/user_data_sources' }))
    .some((entry) => entry.method === 'POST'), 15_000, 'waiting for the frame to list the mailboxes');
  const tokenRequests = (await sentRequests(sb, { origin: 'host', path: '/demo/token' }))
    .filter((entry) => entry.method === 'POST');
  assert.equal(tokenRequests.length, 1, `the page's tokenFetcher ran ${tokenRequests.length} times`);
  await screenshot(driver, 'strict-frame');
  await driver.switchTo().frame(await widget.find('iframe'));
  const connect = await driver.executeScript(
    "return document.getElementById('oc').shadowRoot.querySelector('[part=connect-button]');");
  assert.equal(await driver.executeScript('return arguments[0].disabled;', connect), false);
  await connect.click();
  await driver.switchTo().defaultContent();
  await signInAsAlex(driver, await newWindow(driver, [page]), page);
  const connected = await waitForLogged(driver, 'connected', 20_000);
  assert.equal(typeof connected.data_source_id, 'number', 'the frame\'s event reached the host page\'s log');
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

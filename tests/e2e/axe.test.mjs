// End-to-end: accessibility and guest manners (issue #9). axe-core checks every screen of the demo page's widget
// against WCAG 2.2 AA in light and dark — Connect (also with a notice), Signing in, Choose (with the category list
// open, and the JSON tab, also with errors), Progress, Synced e-mails with a delete confirmation, Accounts and the
// disconnect confirmation; and the error and empty states: a blocked popup, a mailbox list that failed, a screen whose
// chunk failed to load, no synced e-mails — and lists every finding. A host page loading the widget keeps its focus and scroll
// position; focus moves into the widget only after the person acted there. The mailbox header names the mailbox
// once and marks only the tab on show. Screenshots: target/screenshots/axe-*.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  sandbox, launch, openPage, screenshot, axeFindings, connectViaHttp, mountWidget, inDemoWidget as widget, SIGN_IN_PAGE,
  injectFault, customer,
} from './harness.mjs';

const sb = sandbox();
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Two animation frames: what the last change rendered has been painted. */
async function painted(page, host = '#mail-sync') {
  await page.locator(host).evaluate(() => new Promise((resolve) => {
    requestAnimationFrame(() => requestAnimationFrame(resolve));
  }));
}

/**
 * Runs axe over the widget in light and then dark (switched through the handle, as the demo's theme radios do,
 * so focus stays put), screenshots both, and adds every finding to `findings` under the screen's name.
 */
async function check(page, name, findings) {
  for (const theme of ['light', 'dark']) {
    await page.evaluate((value) => window.demoWidget.update({ theme: value }), theme);
    await painted(page);
    await screenshot(page, `axe-${name}-${theme}`);
    findings.push(...(await axeFindings(page, '#mail-sync')).map((line) => `${name} (${theme}): ${line}`));
  }
  await page.evaluate(() => window.demoWidget.update({ theme: 'light' }));
}

test('every screen passes axe-core (WCAG 2.2 AA) in light and dark', async () => {
  const findings = [];
  const checked = [];
  const page = await openPage(browser);
  await page.goto(`${sb.host_url}/?customer=axe-${Date.now().toString(36)}`);
  const connect = widget(page, '[part=connect-button]');
  await connect.waitFor();
  await check(page, 'connect', findings);
  checked.push('connect');

  // Signing in, with the popup open; closed, it says so; Cancel brings Connect back with a notice.
  let popupOpened = page.waitForEvent('popup');
  await connect.click();
  let popup = await popupOpened;
  await popup.waitForURL(SIGN_IN_PAGE);
  await widget(page, '[part=cancel-button]').waitFor();
  await check(page, 'signing-in', findings);
  checked.push('signing-in', 'signing-in-closed');
  await popup.close();
  await widget(page, '[part=sign-in-hint]').waitFor();
  await check(page, 'signing-in-closed', findings);
  await widget(page, '[part=cancel-button]').click();
  await widget(page, '[part=notice]').waitFor();
  await connect.waitFor();
  await check(page, 'connect-notice', findings);
  checked.push('connect-notice');

  popupOpened = page.waitForEvent('popup');
  await connect.click();
  popup = await popupOpened;
  await popup.waitForURL(SIGN_IN_PAGE);
  await popup.locator('button[value="alex@contoso.test"]').click();
  await popup.waitForURL(/\/integrations\/outlook\?/);
  await popup.close();

  // Choose e-mails: folders open, a group in the filter tree with its category list showing, then the JSON tab.
  await widget(page, '[part=folder-picker] [role=treeitem]').first().waitFor();
  const editor = widget(page, '[part=filter-editor]');
  await editor.getByRole('button', { name: 'Add group', exact: true }).click();
  await editor.locator('[role=group][aria-label^="Group "] input[role=combobox]').pressSequentially('Pers');
  await editor.getByRole('option', { name: 'Personal', exact: true }).waitFor();
  await check(page, 'choose', findings);
  await editor.getByRole('option', { name: 'Personal', exact: true }).click();
  await editor.getByRole('tab', { name: 'JSON' }).click();
  await editor.locator('textarea').waitFor();
  await check(page, 'choose-json', findings);
  // The JSON tab with a tree it refuses (its errors listed under the text), then the good text back.
  const json = editor.locator('textarea');
  const good = await json.inputValue();
  await json.fill('{"AND": [{"key": "after", "value": "yesterday"}]}');
  await editor.locator('#oc-json-errors li').first().waitFor();
  await check(page, 'choose-json-errors', findings);
  await json.fill(good);
  await editor.locator('#oc-json-errors').waitFor({ state: 'hidden' });
  await editor.getByRole('tab', { name: 'Builder' }).click();
  checked.push('choose', 'choose-json', 'choose-json-errors');

  // Progress, once the counts are final.
  await widget(page, '[part=sync-button]').click();
  await widget(page, '[part=progress][data-done=true]').waitFor({ timeout: 60_000 });
  await check(page, 'progress', findings);
  checked.push('progress');

  // Synced e-mails: one selected, one resynced, and the delete confirmation open.
  await widget(page, '[part=see-files]').click();
  await widget(page, '[part=file]').first().waitFor();
  await check(page, 'files', findings);
  const row = widget(page, '[part=file]').first();
  await row.locator('[part=file-select]').check();
  await widget(page, '[part=files-resync]').click();
  await row.locator('[part=file-note]').waitFor();
  await widget(page, '[part=files-delete]').click();
  await widget(page, '[part=files-confirm]').waitFor();
  await check(page, 'files-confirm-delete', findings);
  await widget(page, '[part=files-cancel-delete]').click();
  checked.push('files', 'files-confirm-delete');

  // Accounts, and the disconnect confirmation.
  await widget(page, '[part=back-button]').click();
  await widget(page, '[part=account]').first().waitFor();
  await check(page, 'accounts', findings);
  await widget(page, '[part=account-disconnect]').click();
  await widget(page, '[part=disconnect-confirm]').waitFor();
  await check(page, 'disconnect-confirm', findings);
  checked.push('accounts', 'disconnect-confirm');

  assert.deepEqual(checked, ['connect', 'signing-in', 'signing-in-closed', 'connect-notice', 'choose', 'choose-json',
    'choose-json-errors', 'progress', 'files', 'files-confirm-delete', 'accounts', 'disconnect-confirm']);
  assert.deepEqual(findings, [], `axe-core found ${findings.length} WCAG 2.2 AA problems:\n${findings.join('\n')}`);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the error and empty states pass axe too: a blocked popup, a list that failed, a screen whose chunk failed, no synced e-mails', async () => {
  const findings = [];
  const checked = [];
  /** axe over widget `#w` in light and dark (through its handle, `window.w`), with screenshots. */
  async function checkWidget(page, name) {
    for (const theme of ['light', 'dark']) {
      await page.evaluate((value) => window.w.update({ theme: value }), theme);
      await painted(page, '#w');
      await screenshot(page, `axe-${name}-${theme}`);
      findings.push(...(await axeFindings(page, '#w')).map((line) => `${name} (${theme}): ${line}`));
    }
    checked.push(name);
  }

  // The browser refuses the sign-in popup: "Open sign-in window" is offered.
  const blocked = await mountWidget(browser, sb, customer('axe-blocked'), {
    id: 'w', init: () => { window.open = () => null; },
  });
  await blocked.waitForFunction(() => window.events.w.some((e) => e.type === 'ready'));
  await blocked.locator('#w [part=connect-button]').click();
  await blocked.locator('#w [part=open-window-button]').waitFor();
  await checkWidget(blocked, 'signing-in-blocked');
  await blocked.context().close();

  // The mailbox list fails (every retry answers 500): the notice with "Try again" above Connect.
  await injectFault(sb, { path: '/user_data_sources', method: 'POST', kind: '500', count: 4 });
  const failedList = await mountWidget(browser, sb, customer('axe-list-failed'), { id: 'w' });
  await failedList.locator('#w [part=notice] [part=retry-button]').waitFor({ timeout: 15000 });
  await checkWidget(failedList, 'list-failed');
  await failedList.context().close();

  // A connected mailbox with nothing synced: the Files screen's empty state; then the same screen when its chunk
  // cannot load (the failure card with Retry).
  const who = customer('axe-files');
  const { dataSourceId } = await connectViaHttp(sb, who, 'alex@contoso.test');
  const empty = await mountWidget(browser, sb, who, { id: 'w' });
  await empty.locator(`#w [data-source-id="${dataSourceId}"] [part=account-files]`).click();
  await empty.locator('#w [part=files-empty]').waitFor();
  await checkWidget(empty, 'files-empty');
  await empty.context().close();

  const page = await openPage(browser);
  await page.route('**/outlook-connect.files.*.wasm', (route) => route.abort());
  const noChunk = await mountWidget(browser, sb, who, { id: 'w', page });
  await noChunk.locator(`#w [data-source-id="${dataSourceId}"] [part=account-files]`).click();
  await noChunk.locator('#w [part=chunk-error] [part=chunk-retry]').waitFor();
  await checkWidget(noChunk, 'chunk-failed');
  await noChunk.context().close();

  assert.deepEqual(checked, ['signing-in-blocked', 'list-failed', 'files-empty', 'chunk-failed']);
  assert.deepEqual(findings, [], `axe-core found ${findings.length} WCAG 2.2 AA problems:\n${findings.join('\n')}`);
});

// ---- Guest manners: the host page's focus and scroll position are the host's ----

/**
 * A host page with its own search box above a long page, the widget below the fold, scrolled to y = 300.
 * `focusHost` focuses the box first (else nothing on the page has focus, as on the demo page).
 */
async function mountOnLongPage(page, customerId, { focusHost }) {
  await mountWidget(browser, sb, customerId, {
    page,
    id: 'w',
    before: `<label>Search the host <input id="host-search"></label>
    <div style="height: 1400px"></div>
    `,
    after: `
    <div style="height: 1400px"></div>`,
    prelude: `
      ${focusHost ? "document.getElementById('host-search').focus();" : ''}
      window.scrollTo(0, 300);`,
  });
}

/** Where focus is (the host page's element, or the widget's focused element) and how far the page is scrolled. */
async function focusAndScroll(page) {
  return page.evaluate(() => {
    const inside = document.getElementById('w').shadowRoot?.activeElement;
    const active = document.activeElement;
    return {
      active: active === document.body ? 'body' : active.id || active.tagName.toLowerCase(),
      insideWidget: inside ? `${inside.getAttribute('part')}: ${inside.textContent.trim()}` : null,
      scrollY: window.scrollY,
    };
  });
}

test('loading the widget leaves the host page\'s focused field and scroll position alone', async () => {
  const page = await openPage(browser);
  // A new customer: the mailbox list arrives empty and the screen changes from "loading" to Connect.
  await mountOnLongPage(page, `axe-focus-${Date.now().toString(36)}`, { focusHost: true });
  assert.deepEqual(await focusAndScroll(page), { active: 'host-search', insideWidget: null, scrollY: 300 });
  await page.locator('#w [part=connect-button]').waitFor({ state: 'attached' });
  await page.waitForFunction(() => window.events.w.some((e) => e.type === 'ready'));
  await painted(page, '#w');
  assert.deepEqual(await focusAndScroll(page), { active: 'host-search', insideWidget: null, scrollY: 300 },
    'the first render and the mailbox list arriving take neither focus nor scroll');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('with nothing focused on the host page, the widget still takes no focus; a click inside it does', async () => {
  const customerId = `axe-nofocus-${Date.now().toString(36)}`;
  const { dataSourceId } = await connectViaHttp(sb, customerId, 'alex@contoso.test');
  const fresh = `axe-nofocus-new-${Date.now().toString(36)}`;
  for (const [who, ready] of [[fresh, '[part=connect-button]'], [customerId, `[data-source-id="${dataSourceId}"]`]]) {
    const page = await openPage(browser);
    await mountOnLongPage(page, who, { focusHost: false });
    await page.locator(`#w ${ready}`).waitFor({ state: 'attached' });
    await page.waitForFunction(() => window.events.w.some((e) => e.type === 'ready'));
    await painted(page, '#w');
    const what = who === fresh ? 'a new customer (loading → Connect)' : 'a listed mailbox';
    assert.deepEqual(await focusAndScroll(page), { active: 'body', insideWidget: null, scrollY: 300 },
      `${what}: focus and scroll stay the host's`);
    if (who === fresh) {
      await page.context().close();
      continue;
    }
    // The person acts in the widget: "Synced e-mails" goes with its screen, so focus goes to the new title.
    await page.locator(`#w [data-source-id="${dataSourceId}"] [part=account-files]`).click();
    await page.locator('#w [part=files-empty], #w [part=files-range]').first().waitFor();
    await painted(page, '#w');
    const after = await focusAndScroll(page);
    assert.equal(after.active, 'w', 'focus is in the widget');
    assert.equal(after.insideWidget, 'title: Synced e-mails');
    // And by keyboard: back to all mailboxes with Enter, focus on that screen's title.
    await page.locator('#w [part=back-button]').focus();
    await page.keyboard.press('Enter');
    await page.locator('#w [part=account]').first().waitFor();
    await painted(page, '#w');
    assert.equal((await focusAndScroll(page)).insideWidget, 'title: Connected mailboxes');
    // Safari does not focus a button it clicks: the widget's root takes the focus, as it does here for a click on
    // its text. A screen change after such a press still moves focus to the new title.
    await page.evaluate(() => document.getElementById('w').shadowRoot.activeElement.blur());
    const blurred = await focusAndScroll(page);
    assert.deepEqual([blurred.active, blurred.insideWidget], ['body', null]);
    await page.locator('#w [part=account-last-synced]').first().click();
    assert.match((await focusAndScroll(page)).insideWidget, /^root: /, 'a click on the widget\'s text focuses its root');
    await page.locator(`#w [data-source-id="${dataSourceId}"] [part=account-files]`).evaluate((button) => button.click());
    await page.locator('#w [part=files-empty], #w [part=files-range]').first().waitFor();
    await painted(page, '#w');
    assert.equal((await focusAndScroll(page)).insideWidget, 'title: Synced e-mails');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});

test('a sign-in that ends while the person is back on the host page leaves focus there', async () => {
  const page = await openPage(browser);
  await mountOnLongPage(page, `axe-away-${Date.now().toString(36)}`, { focusHost: false });
  const popupOpened = page.waitForEvent('popup');
  await page.locator('#w [part=connect-button]').click();
  const popup = await popupOpened;
  await popup.waitForURL(SIGN_IN_PAGE);
  await page.locator('#w [part=cancel-button]').waitFor();
  assert.equal((await focusAndScroll(page)).insideWidget, 'cancel-button: Cancel', 'the click put focus in the widget');
  // The person goes back to the host page's field while the sign-in window is open…
  await page.locator('#host-search').focus();
  const away = await focusAndScroll(page);
  assert.equal(away.active, 'host-search');
  // …and the sign-in finishes there: the Choose screen opens without taking the focus or scrolling.
  await popup.locator('button[value="alex@contoso.test"]').click();
  await popup.waitForURL(/\/integrations\/outlook\?/);
  await popup.close();
  await page.locator('#w [part=choose]').waitFor();
  await painted(page, '#w');
  assert.deepEqual(await focusAndScroll(page), away);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

// ---- The mailbox header: the address once, and the right tab marked ----

test('the mailbox header names the mailbox once and marks only the tab on show (none on Progress)', async () => {
  const customerId = `axe-tabs-${Date.now().toString(36)}`;
  const { dataSourceId } = await connectViaHttp(sb, customerId, 'alex@contoso.test');
  const page = await openPage(browser);
  await mountOnLongPage(page, customerId, { focusHost: false });
  const current = () => page.locator('#w [part=mailbox-bar] [aria-current]')
    .evaluateAll((tabs) => tabs.map((tab) => `${tab.getAttribute('part')}=${tab.getAttribute('aria-current')}`));
  const mentions = async () => (await page.locator('#w [part=root]').innerText()).split('alex@contoso.test').length - 1;

  await page.locator(`#w [data-source-id="${dataSourceId}"] [part=account-choose]`).click();
  await page.locator('#w [part=folder-picker] [role=treeitem]').first().waitFor();
  assert.deepEqual(await current(), ['choose-tab=page'], 'Choose e-mails');
  assert.equal(await mentions(), 1, 'Choose e-mails names the mailbox once');

  await page.locator('#w [part=sync-button]').click();
  await page.locator('#w [part=progress]').waitFor();
  assert.deepEqual(await current(), [], 'Progress is neither tab');
  await page.locator('#w [part=progress][data-done=true]').waitFor({ timeout: 60_000 });
  assert.deepEqual(await current(), [], 'Progress is neither tab, also once done');
  assert.equal(await mentions(), 1, 'Progress names the mailbox once');
  await screenshot(page, 'axe-header-progress');

  await page.locator('#w [part=files-tab]').click();
  await page.locator('#w [part=file]').first().waitFor();
  assert.deepEqual(await current(), ['files-tab=page'], 'Synced e-mails');
  assert.equal(await mentions(), 1, 'Synced e-mails names the mailbox once, in the header');
  assert.equal(await page.locator('#w [part=active-mailbox]').innerText(), 'alex@contoso.test');
  await screenshot(page, 'axe-header-files');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

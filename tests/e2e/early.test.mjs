// End-to-end: the first screen before the wasm. The loader draws the Connect screen in the host element's shadow
// root at `mount` (and for <outlook-connect>) while the wasm downloads — held back here by the test — and the wasm's
// first render replaces it without moving anything; a click on that early Connect button opens the sign-in popup
// inside the click and the widget signs in with it once it runs; a wasm that fails to load takes the frame and its
// popup away.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  sandbox, launch, openPage, serveFixture, screenshot, hostPage, customer, mountWidget, widgetEvents,
  tokenFetcherScript, widgetSent, SIGN_IN_PAGE, axeFindings, connectViaHttp, injectFault,
} from './harness.mjs';

const sb = sandbox('OC_E2E_READY');
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const CONTEXT = { permissions: ['local-network-access'] };

/** Layout shifts the page lived through, summed (`layout-shift` entries, as Core Web Vitals counts them). */
const RECORD_SHIFTS = `window.shifts = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.shifts.push(e.value); })
    .observe({ type: 'layout-shift', buffered: true });`;

/** Holds every request for the wasm until the returned `release` (or `fail`, which answers 404) is called. */
async function holdWasm(page) {
  let answer;
  const decided = new Promise((resolve) => { answer = resolve; });
  await page.route('**/outlook-connect.wasm', async (route) => {
    const how = await decided;
    if (how === 'fail') await route.fulfill({ status: 404, body: 'not here' });
    else await route.continue();
  });
  return { release: () => answer('go'), fail: () => answer('fail') };
}

/** A page whose wasm is held back, with widget `#w` (org "Acme CRM") mounted for a new customer. */
async function heldPage(label, { config = {} } = {}) {
  const page = await openPage(browser, CONTEXT);
  const wasm = await holdWasm(page);
  const id = customer(label);
  await mountWidget(browser, sb, id, { page, id: 'w', config: { orgName: 'Acme CRM', ...config }, init: RECORD_SHIFTS });
  return { page, wasm, id };
}

const boxes = (page) => page.evaluate(() => {
  const root = document.getElementById('w').shadowRoot;
  return ['[part=card]', '[part=title]', '[part=lead]', '[part=connect-button]', '[part=footer]'].map((selector) => {
    const { x, y, width, height } = root.querySelector(selector).getBoundingClientRect();
    return { selector, x, y, width, height };
  });
});

const waitForEvent = (page, type) => page.waitForFunction(
  (wanted) => (window.events.w || []).some((e) => e.type === wanted), type);

test('the Connect screen is drawn before the wasm arrives, and the wasm replaces it without moving a pixel', async () => {
  const { page, wasm } = await heldPage('early-paint', { config: { theme: 'dark' } });
  await page.locator('#w [data-oc-early] [part=connect-button]', { hasText: 'Connect Outlook' }).waitFor();
  await page.locator('#w [part=org-name]', { hasText: 'Acme CRM' }).waitFor();
  await page.locator('#w [part=lead]', { hasText: 'Acme CRM will read the e-mails you choose' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement === document.body), true, 'no focus taken');
  assert.equal(await page.locator('#w [data-oc-early] [part=root]').getAttribute('data-theme'), 'dark',
    'the configured theme');
  assert.notEqual(await page.locator('#w [part=connect-button]').evaluate((b) => getComputedStyle(b).backgroundColor),
    'rgba(0, 0, 0, 0)', 'styled by the widget\'s sheet');
  assert.deepEqual(await axeFindings(page, '#w'), [], 'the early frame passes axe too');
  await screenshot(page, 'early-connect-frame');
  const early = await boxes(page);
  assert.equal((await widgetEvents(page, 'w')).length, 0, 'no wasm yet: no events');

  wasm.release();
  await waitForEvent(page, 'ready');
  await page.locator('#w [part=connect-button]').waitFor();
  assert.equal(await page.locator('#w [data-oc-early]').count(), 0, 'the early frame is gone');
  assert.deepEqual(await boxes(page), early, 'every part where the early frame had it');
  // The mailbox list arrives: this customer has none, so the Connect screen stays.
  await page.waitForFunction(() => performance.getEntriesByType('resource')
    .some((entry) => entry.name.endsWith('/user_data_sources')));
  await page.waitForTimeout(300);
  assert.equal(await page.locator('#w [part=connect-button]').count(), 1);
  assert.deepEqual(await page.evaluate(() => window.shifts), [], 'no layout shift at all');
  assert.equal(await page.evaluate(() => document.activeElement === document.body), true, 'still no focus taken');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a click on the early Connect button opens the popup in the click; the widget signs in with it once it runs', async () => {
  const { page, wasm, id } = await heldPage('early-click');
  const popupOpened = page.waitForEvent('popup');
  await page.locator('#w [data-oc-early] [part=connect-button]').click();
  const popup = await popupOpened;
  assert.equal(popup.url(), 'about:blank', 'blank until the widget knows the sign-in address');
  assert.equal(await widgetSent(sb, '/integrations/oauth_url').then((sent) => sent.filter(
    (entry) => entry.headers['customer-id'] === id).length), 0);
  await page.locator('#w [data-oc-early] [part=connect-button]').click(); // a second click only raises the popup
  assert.equal(page.context().pages().length, 2, 'still one popup');

  wasm.release();
  await popup.waitForURL(SIGN_IN_PAGE);
  await page.locator('#w [part=sign-in-status]', { hasText: 'Finish signing in in the window that opened.' }).waitFor();
  const focused = await page.evaluate(() => document.getElementById('w').shadowRoot.activeElement?.getAttribute('part'));
  assert.equal(focused, 'cancel-button', 'the person clicked in the widget: focus follows to the Signing-in screen');
  await popup.locator('button[value="alex@contoso.test"]').click();
  await waitForEvent(page, 'connected');
  await page.locator('#w [part=active-mailbox]', { hasText: 'alex@contoso.test' }).waitFor();
  const types = (await widgetEvents(page, 'w')).map((e) => e.type);
  assert.deepEqual(types.slice(0, 3), ['ready', 'popup_opened', 'connected']);
  assert.equal(page.context().pages().length, 2, 'the widget used the early popup, it opened none of its own');
  if (!popup.isClosed()) await popup.close();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('an early click whose popup the browser blocked is not lost: the widget tries, then offers the window', async () => {
  const page = await openPage(browser, CONTEXT);
  // A popup blocker: window.open answers null until the test lets it through.
  await page.addInitScript(() => {
    const open = window.open;
    window.blockPopups = true;
    window.open = function (...args) { return window.blockPopups ? null : open.apply(this, args); };
  });
  const wasm = await holdWasm(page);
  await mountWidget(browser, sb, customer('early-blocked'), { page, id: 'w', config: { orgName: 'Acme CRM' } });
  await page.locator('#w [data-oc-early] [part=connect-button]').click();
  wasm.release();
  await page.locator('#w [part=sign-in-status]', { hasText: 'Your browser blocked the sign-in window.' }).waitFor();
  const focused = await page.evaluate(() => document.getElementById('w').shadowRoot.activeElement?.getAttribute('part'));
  assert.equal(focused, 'open-window-button');
  await page.evaluate(() => { window.blockPopups = false; });
  const popupOpened = page.waitForEvent('popup');
  await page.locator('#w [part=open-window-button]').click();
  const popup = await popupOpened;
  await popup.waitForURL(SIGN_IN_PAGE);
  const types = (await widgetEvents(page, 'w')).map((e) => e.type);
  assert.deepEqual(types, ['ready', 'popup_blocked', 'popup_opened']);
  await popup.close();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a wasm that fails to load takes the early frame and its popup away; ready rejects with load_failed', async () => {
  const { page, wasm } = await heldPage('early-fail');
  const popupOpened = page.waitForEvent('popup');
  await page.locator('#w [data-oc-early] [part=connect-button]').click();
  const popup = await popupOpened;
  const closed = popup.waitForEvent('close');
  wasm.fail();
  const code = await page.evaluate(() => window.w.ready.then(() => 'ready', (error) => error.code));
  assert.equal(code, 'load_failed');
  await closed;
  assert.equal(await page.locator('#w [data-oc-early]').count(), 0);
  const errors = (await widgetEvents(page, 'w')).filter((e) => e.type === 'error').map((e) => e.data.code);
  assert.deepEqual(errors, ['load_failed']);
  await page.context().close();
});

/**
 * A page for a customer with a mailbox connected (then `prepare()` runs), its wasm held back, widget `#w` mounted.
 * `lists` collects the status of every mailbox list the page sent (as the page's network saw it), in order.
 */
async function returningCustomer(label, prepare = async () => {}) {
  const id = customer(label);
  await connectViaHttp(sb, id);
  await prepare();
  const page = await openPage(browser, CONTEXT);
  const wasm = await holdWasm(page);
  const lists = [];
  page.on('requestfinished', async (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/user_data_sources')) {
      lists.push((await request.response()).status());
    }
  });
  await mountWidget(browser, sb, id, { page, id: 'w', config: { orgName: 'Acme CRM' } });
  return { page, wasm, lists };
}

/** Waits until `lists` has `count` entries; fails after 10 s. */
async function untilListed(page, lists, count) {
  for (let waited = 0; lists.length < count; waited += 25) {
    assert.ok(waited < 10_000, `${lists.length} of ${count} mailbox lists sent in 10 s`);
    await page.waitForTimeout(25);
  }
}

test('a returning customer\'s mailboxes are asked for while the wasm downloads, once, and the widget shows that answer', async () => {
  const { page, wasm, lists } = await returningCustomer('early-list');
  await untilListed(page, lists, 1);
  assert.deepEqual(lists, [200]);
  assert.equal(await page.locator('#w [data-oc-early]').count(), 1, 'the wasm is still held back');
  wasm.release();
  await page.locator('#w [part=account-address]', { hasText: 'alex@contoso.test' }).waitFor();
  await waitForEvent(page, 'ready');
  await page.waitForTimeout(300);
  assert.deepEqual(lists, [200], 'the widget took the loader\'s answer instead of asking again');
  assert.equal(await page.evaluate(() => window.tokenCalls.w), 1);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('an early mailbox list that failed is asked again by the widget, which then shows the mailbox', async () => {
  const { page, wasm, lists } = await returningCustomer('early-list-500',
    () => injectFault(sb, { path: '/user_data_sources', method: 'POST', kind: '500', count: 1 }));
  await untilListed(page, lists, 1);
  assert.deepEqual(lists, [500], 'the loader\'s request met the fault');
  wasm.release();
  await page.locator('#w [part=account-address]', { hasText: 'alex@contoso.test' }).waitFor();
  await untilListed(page, lists, 2); // the page's network reports a finished request a little after its answer is used
  assert.deepEqual(lists, [500, 200], 'the widget took the 500 as its own first answer and retried once');
  assert.equal(await page.evaluate(() => window.tokenCalls.w), 1);
  assert.deepEqual(page.problems.filter((problem) => !/status of 500/.test(problem)), []);
  await page.context().close();
});

test('destroy before the wasm arrives stops the mailbox list the loader asked for', async () => {
  const { page, wasm } = await returningCustomer('early-list-destroy',
    () => injectFault(sb, { path: '/user_data_sources', method: 'POST', kind: 'delay', delay_ms: 5000, count: 1 }));
  const failed = [];
  page.on('requestfailed', (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/user_data_sources')) failed.push(request.failure()?.errorText);
  });
  const sent = page.waitForRequest((request) => request.method() === 'POST' && request.url().endsWith('/user_data_sources'));
  await sent;
  await page.evaluate(() => window.w.destroy());
  for (let waited = 0; failed.length === 0; waited += 25) {
    assert.ok(waited < 3000, 'the held list was not stopped by destroy');
    await page.waitForTimeout(25);
  }
  assert.match(failed[0], /abort/i);
  assert.equal(await page.locator('#w [data-oc-early]').count(), 0, 'its first screen went too');
  wasm.release();
  await page.context().close();
});

test('<outlook-connect> draws its Connect screen early too, and mounts over it', async () => {
  const page = await openPage(browser, CONTEXT);
  const wasm = await holdWasm(page);
  const url = `${sb.host_url}/fixtures/${customer('early-element')}.html`;
  await serveFixture(page, url, hostPage({
    body: `<outlook-connect id="el" org-name="Acme CRM" api-url="${sb.api_url}"></outlook-connect>
      <script>document.getElementById('el').tokenFetcher = ${tokenFetcherScript(customer('early-element'))};</script>`,
  }));
  await page.goto(url);
  await page.locator('#el [data-oc-early] [part=connect-button]').waitFor();
  await page.locator('#el [part=org-name]', { hasText: 'Acme CRM' }).waitFor();
  wasm.release();
  await page.waitForFunction(() => document.getElementById('el').handle !== null);
  await page.locator('#el [part=connect-button]').waitFor();
  assert.equal(await page.locator('#el [data-oc-early]').count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

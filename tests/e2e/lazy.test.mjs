// End-to-end: the lazily loaded screens. The first load is the loader and `outlook-connect.wasm`; Choose, Progress
// and Files come in wasm chunks (`outlook-connect.<name>.<hash>.wasm`, beside the loader) that the widget fetches
// when the browser is idle after the first render, when the pointer or focus reaches a button that opens them,
// and when their screen opens. Covered here: nothing but the first load before the first render; the fetch ahead
// on idle; each screen opened cold (its chunk held back until the test releases it) and its controls — closures
// made by the chunk's code — working over several renders; a chunk that fails while a person waits (error shown
// with Retry, an `error` event `chunk_load_failed`, Retry showing the screen, nothing else broken); a failed
// fetch ahead staying silent; hover and focus starting a load; two widgets asking for one chunk at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  sandbox, launch, openPage, screenshot, connectViaHttp, clearRequests, customer, mountWidget, events,
  assertNoProblems,
} from './harness.mjs';

const server = sandbox();
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const CHUNK = /\/outlook-connect\.([a-z-]+)\.[0-9a-f]{16}\.wasm$/;
const CHOOSE_CHUNK = '**/outlook-connect.choose.*.wasm';

/** Every wasm URL the page requests, in order, in `page.wasmRequests`. */
function recordWasm(page) {
  page.wasmRequests = [];
  page.on('request', (request) => {
    if (request.url().endsWith('.wasm')) page.wasmRequests.push(request.url());
  });
}

/** The lasting names (`choose`, `shared-choose-files`, …) of the chunks requested so far. */
function chunksRequested(page) {
  return page.wasmRequests.map((url) => url.match(CHUNK)?.[1]).filter(Boolean);
}

async function waitFor(condition, what, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Holds every request matching `pattern` until `release()` (then lets them through). */
async function holdBack(page, pattern) {
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  const held = [];
  await page.route(pattern, async (route) => {
    held.push(route.request().url());
    await released;
    await route.continue();
  });
  return { held, release: async () => { release(); await page.unroute(pattern); } };
}

/** A page with one widget for a customer who has `alex@contoso.test` connected; waits for the mailbox row. */
async function connectedWidget(label, options = {}) {
  const id = customer(label);
  const { dataSourceId } = await connectViaHttp(server, id, 'alex@contoso.test');
  await clearRequests(server);
  const page = options.page ?? await openPage(browser);
  recordWasm(page);
  if (options.routes) await options.routes(page);
  await mountWidget(browser, server, id, { page, config: { folders: ['Inbox'] } });
  await page.locator(`#host [part=account][data-source-id="${dataSourceId}"]`).waitFor();
  return { page, dataSourceId, button: (part) => page.locator(`#host [data-source-id="${dataSourceId}"] [part=${part}]`) };
}

/** Chromium's console line for a request the test aborted on purpose. */
const ABORTED = 'net::ERR_FAILED';

test('the first load is the loader and outlook-connect.wasm; the chunks follow on idle without opening a screen', async () => {
  const { page } = await connectedWidget('lazy-idle');
  assert.match(page.wasmRequests[0], /\/outlook-connect\.wasm$/, 'the first-load module comes first');
  await waitFor(() => ['choose', 'progress', 'files'].every((name) => chunksRequested(page).includes(name)),
    'every screen chunk fetched ahead');
  assert.equal(await page.locator('#host [part=choose], #host [part=progress], #host [part=files-search]').count(), 0,
    'no lazy screen was opened');
  const names = chunksRequested(page);
  assert.equal(new Set(names).size, names.length, `each chunk fetched once: ${names}`);
  // Beside the loader, typed for instantiateStreaming, and cached for good (its name changes with its content).
  const chunkUrl = page.wasmRequests.find((url) => CHUNK.test(url));
  assert.equal(new URL(chunkUrl).origin, server.host_url);
  const answer = await fetch(chunkUrl);
  assert.equal(answer.headers.get('content-type'), 'application/wasm');
  assert.match(answer.headers.get('cache-control'), /immutable/);
  const main = await fetch(`${server.host_url}/outlook-connect.wasm`);
  assert.equal(main.headers.get('cache-control'), 'no-cache', 'the first-load module is revalidated');
  assertNoProblems(page);
  await page.context().close();
});

test('each lazy screen opens cold: a waiting card until its chunk arrives, then the screen, whose controls keep working', async () => {
  let hold;
  const { page, button } = await connectedWidget('lazy-cold', {
    routes: async (opened) => { hold = await holdBack(opened, CHUNK); },
  });
  // Choose: the card waits for the held chunk, in the same frame the screen takes.
  await button('account-choose').click();
  const waiting = page.locator('#host [part=chunk-loading][data-chunk=choose]');
  await waiting.waitFor();
  assert.equal(await waiting.getAttribute('aria-busy'), 'true');
  await screenshot(page, 'lazy-choose-waiting');
  await hold.release();
  await page.locator('#host [part=choose]').waitFor();
  await page.locator('#host [part=folder-picker] [role=treeitem]').first().waitFor();
  assert.equal(await waiting.count(), 0);

  // Closures the chunk's render functions made, used after several renders: each click re-renders the editor.
  const editor = page.locator('#host [part=filter-editor]');
  for (let round = 1; round <= 3; round += 1) {
    await editor.getByRole('button', { name: 'Add condition', exact: true }).first().click();
    await waitFor(async () => (await editor.locator('select[aria-label=Condition]').count()) === round,
      `${round} conditions`);
  }
  await editor.locator('select[aria-label=Condition]').nth(0).selectOption('has');
  for (let left = 2; left >= 0; left -= 1) {
    await editor.getByRole('button', { name: /^Remove condition/ }).first().click();
    await waitFor(async () => (await editor.locator('select[aria-label=Condition]').count()) === left,
      `${left} conditions left`);
  }
  await editor.getByRole('tab', { name: 'JSON' }).click();
  await editor.locator('textarea').waitFor();
  await editor.getByRole('tab', { name: 'Builder' }).click();
  const folderFilter = page.locator('#host [part=folder-picker] input[type=search]');
  await folderFilter.fill('inb');
  await folderFilter.fill('');

  // Progress and Files, from the Choose screen's own buttons.
  await page.locator('#host [part=sync-button]').click();
  await page.locator('#host [part=progress]').waitFor();
  await page.locator('#host [part=see-files]').click();
  await page.locator('#host [part=files-search]').waitFor();
  await page.locator('#host [part=files-search]').fill('nothing matches this');
  await page.locator('#host [part=files-search]').press('Enter');
  await page.locator('#host [part=files-empty]').first().waitFor();
  await page.locator('#host [part=choose-tab]').click();
  await page.locator('#host [part=choose]').waitFor();
  assertNoProblems(page);
  await page.context().close();
});

test('a chunk that fails to load shows the error with Retry and emits chunk_load_failed; Retry shows the screen', async () => {
  const { page, button } = await connectedWidget('lazy-fail', {
    routes: (opened) => opened.route(CHOOSE_CHUNK, (route) => route.abort()),
  });
  // The fetch ahead failed too, silently: no event until someone waits for the screen.
  await waitFor(() => chunksRequested(page).includes('choose'), 'the fetch ahead of the Choose chunk');
  await waitFor(() => chunksRequested(page).includes('files'), 'the fetch ahead of the Files chunk');
  await page.waitForTimeout(200);
  assert.deepEqual(await events(page, 'error'), [], 'a failed fetch ahead is silent');

  await button('account-choose').click();
  const failure = page.locator('#host [part=chunk-error][data-chunk=choose]');
  await failure.waitFor();
  assert.equal(await failure.getAttribute('role'), 'alert');
  assert.match(await failure.innerText(), /could not be loaded/);
  await screenshot(page, 'lazy-choose-failed');
  await waitFor(async () => (await events(page, 'error')).length === 1, 'the error event');
  const [error] = await events(page, 'error');
  assert.equal(error.code, 'chunk_load_failed');
  assert.match(error.message, /choose/);

  // Retry while still blocked: the same error again (one more event), nothing broken.
  await failure.locator('[part=chunk-retry]').click();
  await waitFor(async () => (await events(page, 'error')).length === 2, 'the second error event');
  await failure.waitFor();

  // The widget goes on: another lazy screen works meanwhile.
  await page.locator('#host [part=files-tab]').click();
  await page.locator('#host [part=files-search]').waitFor();
  // Coming back to the screen tries again by itself (and fails again, said again).
  await page.locator('#host [part=choose-tab]').click();
  await waitFor(async () => (await events(page, 'error')).length === 3, 'the third error event');
  await failure.waitFor();

  await page.unroute(CHOOSE_CHUNK);
  await failure.locator('[part=chunk-retry]').click();
  await page.locator('#host [part=choose]').waitFor();
  await page.locator('#host [part=folder-picker] [role=treeitem]').first().waitFor();
  assert.equal(await failure.count(), 0);
  assert.equal((await events(page, 'error')).length, 3, 'a load that worked says nothing');
  const problems = page.problems.filter((line) => !line.includes(ABORTED));
  assert.deepEqual(problems, [], 'no error but the aborted requests (the reasons are console warnings)');
  await page.context().close();
});

test('the pointer or focus reaching a button that opens a lazy screen starts loading its chunk', async () => {
  const { page, button } = await connectedWidget('lazy-hover', {
    // Every chunk fails at first: the fetch ahead on idle gets nothing, so what follows is the buttons' doing.
    routes: (opened) => opened.route(CHUNK, (route) => route.abort()),
  });
  await waitFor(() => chunksRequested(page).includes('files'), 'the failed fetch ahead');
  await page.waitForTimeout(200);
  await page.unroute(CHUNK);
  const before = page.wasmRequests.length;
  await button('account-choose').hover();
  await waitFor(() => chunksRequested(page).slice(before).length > 0 && page.wasmRequests.slice(before)
    .some((url) => /\.choose\./.test(url)), 'the Choose chunk after the pointer reached its button');
  await button('account-files').focus();
  await waitFor(() => page.wasmRequests.slice(before).some((url) => /\.files\./.test(url)),
    'the Files chunk after focus reached its button');
  assert.equal(await page.locator('#host [part=choose], #host [part=files-search]').count(), 0, 'nothing opened');
  assert.deepEqual(await events(page, 'error'), []);
  await button('account-choose').click();
  await page.locator('#host [part=choose]').waitFor();
  assert.equal(await page.locator('#host [part=chunk-loading]').count(), 0);
  await page.context().close();
});

test('two widgets asking for the same chunk at once share one fetch, and both show the screen', async () => {
  const id = customer('lazy-twice');
  const { dataSourceId } = await connectViaHttp(server, id, 'alex@contoso.test');
  const page = await openPage(browser);
  recordWasm(page);
  const hold = await holdBack(page, CHUNK);
  await mountWidget(browser, server, id, {
    page, id: 'first', after: '<div id="second"></div>', config: { folders: ['Inbox'] },
  });
  // A second widget on the page, same customer (its own handle and state, the same chunks).
  await page.evaluate(({ apiUrl, customerId }) => {
    window.events.second = [];
    window.second = OutlookConnect.create({
      apiUrl,
      tokenFetcher: () => fetch('/demo/token', { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ customer_id: customerId }) }).then((r) => r.json()),
      onEvent: (e) => window.events.second.push({ type: e.type, data: e.data }),
      folders: ['Inbox'],
    });
    window.second.mount('#second');
  }, { apiUrl: server.api_url, customerId: id });
  const open = (host) => page.locator(`#${host} [data-source-id="${dataSourceId}"] [part=account-choose]`);
  await open('first').waitFor();
  await open('second').waitFor();
  // One after the other (a pointer clicks one thing at a time); both wait for the held chunk together.
  await open('first').click();
  await open('second').click();
  await page.locator('#first [part=chunk-loading]').waitFor();
  await page.locator('#second [part=chunk-loading]').waitFor();
  await hold.release();
  await page.locator('#first [part=choose]').waitFor();
  await page.locator('#second [part=choose]').waitFor();
  const names = chunksRequested(page);
  assert.equal(names.filter((name) => name === 'choose').length, 1, `one fetch of the Choose chunk: ${names}`);
  assert.equal(new Set(names).size, names.length, `no chunk fetched twice: ${names}`);
  // Both work on their own after the shared load.
  await page.locator('#second [part=filter-editor]').getByRole('button', { name: 'Add condition', exact: true })
    .first().click();
  await page.locator('#second [part=filter-editor] select[aria-label=Condition]').first().waitFor();
  assert.equal(await page.locator('#first [part=filter-editor] select[aria-label=Condition]').count(), 0);
  assertNoProblems(page);
  await page.context().close();
});

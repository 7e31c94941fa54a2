// End-to-end: how a host page embeds the widget — the demo page by script tag, the script loaded twice, calls
// made before the wasm is ready, a CSP that blocks WebAssembly, and the <outlook-connect> element's lifecycle.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  sandbox, launch, openPage, serveFixture, screenshot, hostPage, tokenFetcherScript,
} from './harness.mjs';

const server = sandbox();
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// A customer of these tests' own, with no mailbox connected: every widget here starts on the Connect screen.
const TOKEN_FETCHER = tokenFetcherScript('embed-tests');
const API_URL = `'${server.api_url}'`;

test('the demo page renders the widget by script tag, and an empty config names tokenFetcher', async () => {
  const page = await openPage(browser);
  const wasmRequests = [];
  page.on('request', (request) => { if (request.url().endsWith('.wasm')) wasmRequests.push(request.url()); });
  await page.goto(server.host_url + '/?customer=embed-demo');
  const button = page.locator('#mail-sync [part=connect-button]');
  await button.waitFor();
  // The page's <link rel=preload> matches the loader's fetch, so the first-load wasm crosses the network once (the
  // lazily loaded screens' chunks follow on idle, each once: see lazy.test.mjs).
  const firstLoad = wasmRequests.filter((url) => url.endsWith('/outlook-connect.wasm'));
  assert.equal(firstLoad.length, 1, `the wasm was requested ${firstLoad.length} times: ${wasmRequests.join(', ')}`);
  assert.equal(await button.isDisabled(), false, 'a customer with no mailbox can start signing in');
  await page.locator('#events', { hasText: 'ready' }).waitFor();
  assert.match(await page.locator('#mail-sync [part=lead]').innerText(), /Acme CRM will read/);

  const thrown = await page.evaluate(() => {
    try { OutlookConnect.create({}); return null; } catch (error) {
      return { name: error.name, code: error.code, message: error.message, paths: error.issues.map((i) => i.path) };
    }
  });
  assert.equal(thrown.name, 'OutlookConnectError');
  assert.equal(thrown.code, 'config_invalid');
  assert.deepEqual(thrown.paths, ['tokenFetcher']);
  assert.match(thrown.message, /tokenFetcher: required/);
  assert.match(await page.evaluate(() => OutlookConnect.version), /^\d+\.\d+\.\d+$/);
  const refused = await page.evaluate(() => {
    try { window.demoWidget.setFolderTree([{ id: 'a' }]); return null; } catch (error) {
      return { code: error.code, message: error.message };
    }
  });
  assert.equal(refused.code, 'bad_argument', 'a bad folder tree is refused with a clear error');
  assert.match(refused.message, /setFolderTree: folders\[0\]\.displayName/);

  await screenshot(page, 'demo-light');
  await page.locator('input[name=theme][value=dark]').check();
  await page.locator('#mail-sync [part=root][data-theme=dark]').waitFor();
  await screenshot(page, 'demo-dark');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('loading the script twice defines nothing twice and two instances work', async () => {
  const page = await openPage(browser);
  const url = server.host_url + '/fixtures/twice.html';
  await serveFixture(page, url, hostPage({
    scripts: 2,
    body: `<div id="one"></div><div id="two"></div><script>
      window.firstApi = window.OutlookConnect;
      window.events = [];
      for (const [id, org] of [['one', 'First Co'], ['two', 'Second Co']]) {
        const handle = OutlookConnect.create({ tokenFetcher: ${TOKEN_FETCHER}, apiUrl: ${API_URL}, orgName: org,
          onEvent: (e) => window.events.push(id + ':' + e.type) });
        handle.mount('#' + id);
        window[id] = handle;
      }
    </script>`,
  }));
  await page.goto(url);
  await page.locator('#two [part=connect-button]').waitFor();
  await page.locator('#one [part=connect-button]').waitFor();
  // Those may be the loader's early screens: getFilters answers once the wasm runs both widgets.
  await page.waitForFunction(() => window.events.includes('one:ready') && window.events.includes('two:ready'));
  assert.equal(await page.evaluate(() => window.firstApi === window.OutlookConnect), true);
  assert.equal(await page.evaluate(() => customElements.get('outlook-connect') !== undefined), true);
  assert.match(await page.locator('#one [part=org-name]').innerText(), /First Co/);
  assert.match(await page.locator('#two [part=org-name]').innerText(), /Second Co/);
  await page.evaluate(() => window.one.setFilters({ key: 'has', value: 'attachment' }));
  assert.deepEqual(await page.evaluate(() => window.two.getFilters()), {});
  assert.deepEqual((await page.evaluate(() => window.events)).sort(), ['one:filters_changed', 'one:ready', 'two:ready']);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('objects from another realm (an iframe) are plain objects: config, filters and folders are read, not refused', async () => {
  const page = await openPage(browser);
  const url = server.host_url + '/fixtures/realms.html';
  await serveFixture(page, url, hostPage({
    body: `<iframe id="other" src="about:blank"></iframe><div id="w"></div><script>
      const other = document.getElementById('other').contentWindow;
      // Built with the iframe's Object and Array, as a host does that keeps its settings in another frame.
      const config = other.JSON.parse('{"orgName": "Frame Co", "folders": ["Inbox", "Archive"]}');
      config.apiUrl = ${API_URL};
      config.tokenFetcher = ${TOKEN_FETCHER};
      config.filters = other.JSON.parse('{"AND": [{"key": "is", "value": "flagged"}]}');
      window.handle = OutlookConnect.create(config);
      window.handle.mount('#w');
    </script>`,
  }));
  await page.goto(url);
  await page.evaluate(() => window.handle.ready);
  await page.locator('#w [part=org-name]', { hasText: 'Frame Co' }).waitFor();
  const parsed = await page.evaluate(() => {
    const other = document.getElementById('other').contentWindow;
    const filter = new other.Object();
    filter.key = 'is';
    filter.value = 'flagged';
    const bare = Object.create(null);
    bare.key = 'has';
    bare.value = 'attachment';
    class Filter { constructor() { this.key = 'is'; this.value = 'flagged'; } }
    return [filter, bare, new Filter()].map((input) => {
      const answer = OutlookConnect.parseFilters(input);
      return answer.ok ? answer.filters : answer.errors.map((error) => error.code);
    });
  });
  assert.deepEqual(parsed, [{ key: 'is', value: 'flagged' }, { key: 'has', value: 'attachment' }, ['not_an_object']],
    'another realm\'s object and a null-prototype object are plain; a class instance is not');
  assert.deepEqual(await page.evaluate(() => window.handle.getFilters()), { AND: [{ key: 'is', value: 'flagged' }] });
  assert.deepEqual(await page.evaluate(() => window.handle.getFolders()), ['Inbox', 'Archive']);
  await page.evaluate(() => window.handle.setFolders(new (document.getElementById('other').contentWindow.Array)('Sent')));
  assert.deepEqual(await page.evaluate(() => window.handle.getFolders()), ['Sent']);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('calls made before the wasm is ready are queued and replayed in order', async () => {
  const page = await openPage(browser);
  let releaseWasm;
  const wasmHeld = new Promise((resolve) => { releaseWasm = resolve; });
  await page.route('**/outlook-connect.wasm', async (route) => { await wasmHeld; await route.continue(); });
  const url = server.host_url + '/fixtures/early.html';
  await serveFixture(page, url, hostPage({
    body: `<div id="early"></div><script>
      window.seen = [];
      const handle = OutlookConnect.create({ tokenFetcher: ${TOKEN_FETCHER}, apiUrl: ${API_URL}, orgName: 'Early Co' });
      handle.on('ready', () => window.seen.push('ready'));
      handle.on('filters_changed', (e) => window.seen.push('filters:' + JSON.stringify(e.data.filters)));
      handle.mount('#early');
      handle.setFilters({ key: 'is', value: 'flagged' });
      handle.update({ orgName: 'Early Bird Co' });
      try { handle.getFilters(); } catch (error) { window.earlyQuery = error.code; }
      try { OutlookConnect.parseFilters('{}'); } catch (error) { window.earlyParse = error.code; }
      window.handle = handle;
    </script>`,
  }));
  await page.goto(url);
  assert.equal(await page.evaluate(() => window.earlyQuery), 'not_ready');
  assert.equal(await page.evaluate(() => window.earlyParse), 'not_ready');
  assert.equal(await page.locator('#early [part=connect-button]').count(), 1, 'the loader drew the Connect screen');
  assert.equal(await page.locator('#early [data-oc-early]').count(), 1, 'only the loader\'s early frame: no wasm yet');
  releaseWasm();
  await page.evaluate(() => window.handle.ready);
  await page.locator('#early [part=connect-button]').waitFor();
  assert.match(await page.locator('#early [part=org-name]').innerText(), /Early Bird Co/);
  assert.deepEqual(await page.evaluate(() => window.handle.getFilters()), { key: 'is', value: 'flagged' });
  await page.waitForFunction(() => window.seen.includes('ready'));
  assert.deepEqual(await page.evaluate(() => window.seen), ['filters:{"key":"is","value":"flagged"}', 'ready']);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the token is asked for while the wasm downloads, once, and the widget starts with that answer', async () => {
  const page = await openPage(browser);
  let releaseWasm;
  const wasmHeld = new Promise((resolve) => { releaseWasm = resolve; });
  await page.route('**/outlook-connect.wasm', async (route) => { await wasmHeld; await route.continue(); });
  const url = server.host_url + '/fixtures/early-token.html';
  await serveFixture(page, url, hostPage({
    body: `<div id="early"></div><script>
      window.tokenCalls = 0;
      const fetchToken = ${TOKEN_FETCHER};
      window.handle = OutlookConnect.create({
        tokenFetcher: () => { window.tokenCalls += 1; return fetchToken(); }, apiUrl: ${API_URL},
      });
      window.handle.mount('#early');
    </script>`,
  }));
  await page.goto(url);
  await page.waitForFunction(() => window.tokenCalls === 1);
  assert.equal(await page.locator('#early [data-oc-early]').count(), 1, 'the wasm is still held back');
  releaseWasm();
  await page.waitForFunction(() => !document.getElementById('early').shadowRoot.querySelector('[data-oc-early]'));
  assert.equal(await page.evaluate(() => window.tokenCalls), 1, 'the first mailbox list used the early answer');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a server that sends the wasm without application/wasm still gets the widget (compiled from its bytes)', async () => {
  const page = await openPage(browser);
  const types = [];
  await page.route('**/outlook-connect.wasm', async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers(), 'content-type': 'application/octet-stream' };
    delete headers['content-encoding'];
    delete headers['content-length'];
    types.push(headers['content-type']);
    await route.fulfill({ status: 200, headers, body: await response.body() });
  });
  const url = server.host_url + '/fixtures/octet-stream.html';
  await serveFixture(page, url, hostPage({
    body: `<div id="plain"></div><script>
      window.handle = OutlookConnect.create({ tokenFetcher: ${TOKEN_FETCHER}, apiUrl: ${API_URL} });
      window.handle.mount('#plain');
    </script>`,
  }));
  await page.goto(url);
  await page.evaluate(() => window.handle.ready);
  await page.waitForFunction(() => !document.getElementById('plain').shadowRoot.querySelector('[data-oc-early]'));
  await page.locator('#plain [part=connect-button]').waitFor();
  assert.deepEqual(types, ['application/octet-stream'], 'the module came as octet-stream');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a CSP without 'wasm-unsafe-eval' and mode: 'inline' rejects every call with wasm_blocked and says what to add", async () => {
  const page = await openPage(browser);
  const url = server.host_url + '/fixtures/csp.html';
  await serveFixture(page, url, hostPage({
    body: `<div id="blocked"></div><script>
      window.events = [];
      window.handle = OutlookConnect.create({ tokenFetcher: ${TOKEN_FETCHER}, apiUrl: ${API_URL}, mode: 'inline', onEvent: (e) => window.events.push(e) });
      window.handle.mount('#blocked');
    </script>`,
  }), { 'Content-Security-Policy': "script-src 'self' 'unsafe-inline'; connect-src 'self'" });
  await page.goto(url);
  const pending = await page.evaluate(() => window.handle.ready.then(() => null, (e) => ({ code: e.code, message: e.message })));
  assert.equal(pending.code, 'wasm_blocked');
  assert.match(pending.message, /'wasm-unsafe-eval'/);
  assert.match(pending.message, /'auto'/, 'and names the other way out: frame mode');
  const later = await page.evaluate(() => {
    try { OutlookConnect.create({ tokenFetcher: () => null, mode: 'inline' }).getFilters(); return null; } catch (e) { return e.code; }
  });
  assert.equal(later, 'wasm_blocked');
  // The page itself cannot run WebAssembly, but widgets can (in their frame): `ready` resolves; parseFilters,
  // which runs in the page, cannot.
  assert.equal(await page.evaluate(() => OutlookConnect.ready.then(() => 'resolved')), 'resolved');
  const parse = await page.evaluate(() => { try { OutlookConnect.parseFilters('{}'); return null; } catch (e) { return e.code; } });
  assert.equal(parse, 'wasm_blocked');
  const events = await page.evaluate(() => window.events.map((e) => e.type + ':' + e.data.code));
  assert.deepEqual(events, ['error:wasm_blocked']);
  assert.equal(await page.locator('#blocked iframe').count(), 0, 'inline means no frame');
  await page.context().close();
});

test("the same page with the default mode gets the widget in its frame, from the script's own origin", async () => {
  const page = await openPage(browser);
  const url = server.host_url + '/fixtures/csp-auto.html';
  await serveFixture(page, url, hostPage({
    body: `<div id="framed"></div><script>
      window.handle = OutlookConnect.create({ tokenFetcher: ${TOKEN_FETCHER}, apiUrl: ${API_URL} });
      window.handle.mount('#framed');
    </script>`,
  }), { 'Content-Security-Policy': "script-src 'self' 'unsafe-inline'; connect-src 'self'" });
  await page.goto(url);
  await page.frameLocator('#framed iframe').locator('[part=connect-button]').waitFor();
  assert.equal(await page.evaluate(() => window.handle.ready.then(() => 'ready')), 'ready');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a strict style-src (no 'unsafe-inline') costs nothing: the folder tree indents and no CSP violation fires", async () => {
  const page = await openPage(browser);
  const url = server.host_url + '/fixtures/strict-style.html';
  await serveFixture(page, url, hostPage({
    body: `<div id="strict"></div><script>
      window.violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective + ' ' + e.sample));
      // Projects is selected, so its parent opens and both levels show.
      window.handle = OutlookConnect.create({ tokenFetcher: ${TOKEN_FETCHER}, apiUrl: ${API_URL}, folders: ['Projects'] });
      window.handle.mount('#strict');
    </script>`,
  }), {
    'Content-Security-Policy':
      `default-src 'none'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self' ${server.api_url}`,
  });
  await page.goto(url);
  // Once the (empty) mailbox list is in, give the picker a tree as a host may.
  await page.locator('#strict [part=connect-button]').waitFor();
  await page.evaluate(() => window.handle.setFolderTree([
    { id: 'i', displayName: 'Inbox', parentFolderId: null, childFolderCount: 1, totalItemCount: 2, unreadItemCount: 0 },
    { id: 'p', displayName: 'Projects', parentFolderId: 'i', childFolderCount: 0, totalItemCount: 1, unreadItemCount: 0 },
  ]));
  const projects = page.locator('#strict [role=treeitem]', { hasText: 'Projects' });
  await projects.waitFor();
  const indents = await page.locator('#strict [role=treeitem]').evaluateAll((rows) => rows.map((row) => getComputedStyle(row).paddingLeft));
  assert.deepEqual(indents, ['4px', '22px'], 'each level is indented through the CSSOM, which style-src allows');
  assert.deepEqual(await page.evaluate(() => window.violations), []);
  await page.context().close();
});

test('<outlook-connect> mounts when connected, follows attributes and properties, and cleans up when removed', async () => {
  const page = await openPage(browser);
  const url = server.host_url + '/fixtures/element.html';
  await serveFixture(page, url, hostPage({
    body: `<outlook-connect id="el" api-url="${server.api_url}" org-name="Element Co" theme="light"></outlook-connect><script>
      window.errors = [];
      document.addEventListener('outlook-connect:error', (e) => window.errors.push(e.detail.data.code));
      document.getElementById('el').tokenFetcher = ${TOKEN_FETCHER};
      document.getElementById('el').filters = { key: 'has', value: 'attachment' };
    </script>`,
  }));
  await page.goto(url);
  await page.locator('#el [part=connect-button]').waitFor();
  assert.match(await page.locator('#el [part=org-name]').innerText(), /Element Co/);
  // The Connect screen above may still be the loader's early one: the element's handle exists once the wasm runs.
  await page.waitForFunction(() => document.getElementById('el').handle !== null);
  assert.deepEqual(await page.evaluate(() => document.getElementById('el').getFilters()), { key: 'has', value: 'attachment' });

  await page.evaluate(() => document.getElementById('el').setAttribute('org-name', 'Renamed Co'));
  await page.locator('#el [part=org-name]', { hasText: 'Renamed Co' }).waitFor();
  await page.evaluate(() => document.getElementById('el').setAttribute('theme', 'dark'));
  await page.locator('#el [part=root][data-theme=dark]').waitFor();

  await page.evaluate(() => { window.kept = document.getElementById('el'); window.kept.remove(); });
  assert.equal(await page.evaluate(() => window.kept.shadowRoot.childNodes.length), 0, 'removal cleans the shadow root');
  assert.equal(await page.evaluate(() => window.kept.handle), null);
  await page.evaluate(() => document.body.append(window.kept));
  await page.locator('#el [part=connect-button]').waitFor();

  await page.evaluate(() => document.body.append(document.createElement('outlook-connect')));
  await page.waitForFunction(() => window.errors.length > 0);
  assert.deepEqual(await page.evaluate(() => window.errors), ['config_invalid'], 'no tokenFetcher: a clear error event');
  await page.context().close();
});

// Shared set-up for the end-to-end tests: the running sandbox (from the ready file `cargo xtask test` writes),
// Debian's Chromium driven by playwright-core, fixture pages served at the sandbox's own origin with the widget
// mounted for a customer (`mountWidget`) and what it emitted (`events`), screenshots, the API side and axe-core.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// playwright-core lives in tools/node_modules (installed by xtask), not beside the tests.
const require = createRequire(path.join(repoRoot, 'tools', 'package.json'));
const { chromium } = require('playwright-core');

/** URLs and key of a sandbox started by `cargo xtask test` (`--ready-file`). */
export function sandbox(variable = 'OC_E2E_READY') {
  const file = process.env[variable];
  if (!file) {
    throw new Error(`${variable} is not set: run the end-to-end tests through \`cargo xtask test\``);
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
      // A fixture page fulfilled by page.route has no address space, so Chromium would block its calls to the
      // sandbox on 127.0.0.1 as "public → loopback" (Local Network Access); real hosts are not affected.
      '--disable-features=LocalNetworkAccessChecks'],
  });
}

/**
 * A new page that records console errors, uncaught exceptions and dialogs (`alert`, dismissed) in `page.problems`,
 * so a test can assert there were none.
 */
export async function openPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 760 }, ...options });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') page.problems.push(`console: ${message.text()}`);
  });
  page.on('dialog', (dialog) => { page.problems.push(`dialog: ${dialog.message()}`); dialog.dismiss(); });
  return page;
}

/**
 * No uncaught exception, no dialog, no console error — except Chromium's own line for an HTTP error status the test
 * caused on purpose (`statuses`).
 */
export function assertNoProblems(page, statuses = []) {
  const expected = statuses.map((status) => `the server responded with a status of ${status}`);
  assert.deepEqual(page.problems.filter((line) => !expected.some((text) => line.includes(text))), []);
}

/**
 * Serves `html` at `url` (an address on the sandbox's host origin, so the loader and wasm come from the real
 * server) with the given response headers. Nothing else is intercepted.
 */
export async function serveFixture(page, url, html, headers = {}) {
  await page.route(url, (route) => route.fulfill({
    status: 200, contentType: 'text/html; charset=utf-8', headers, body: html,
  }));
}

/** Saves a screenshot under target/screenshots for people to look at. */
export async function screenshot(page, name) {
  const folder = path.join(repoRoot, 'target', 'screenshots');
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** A host page body that loads the widget by script tag, plus whatever markup and inline script the test adds. */
export function hostPage({ head = '', body = '', scripts = 1 } = {}) {
  const tags = Array.from({ length: scripts }, () => '<script src="/outlook-connect.js"></script>').join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>fixture</title>${head}
${tags}</head><body>${body}</body></html>`;
}

// ---- A host page with the widget mounted for a customer ----

/** The emulated Microsoft sign-in page a popup is sent to. */
export const SIGN_IN_PAGE = /\/oauth2\/v2\.0\/authorize/;

let customers = 0;
/** A customer id no other test (or earlier run against the same sandbox) uses, so nobody sees another's data. */
export function customer(label) {
  customers += 1;
  return `${label}-${process.pid}-${Date.now().toString(36)}-${customers}`;
}

/**
 * Page-side source of a `tokenFetcher` that asks the demo host backend (`POST /demo/token`) for `customerId`'s
 * token. With `id`, it counts its calls in `window.tokenCalls[id]` and keeps the token in `window.tokens[id]`.
 */
export function tokenFetcherScript(customerId, { id } = {}) {
  const ask = `fetch('/demo/token', { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ customer_id: ${JSON.stringify(customerId)} }) }).then((r) => r.json())`;
  if (id === undefined) return `() => ${ask}`;
  const key = JSON.stringify(id);
  return `() => { window.tokenCalls[${key}] += 1; return ${ask}
        .then((answer) => { window.tokens[${key}] = answer.access_token; return answer; }); }`;
}

/**
 * Page-side script that creates a widget for `customerId` against sandbox `sb` and mounts it in `#<id>`. The handle
 * is `window[id]`; every event it emits lands in `window.events[id]` as `{type, data, ts}`; its tokenFetcher (see
 * `tokenFetcherScript`) counts calls in `window.tokenCalls[id]` and keeps the token in `window.tokens[id]`.
 * `config` (plain values) is merged into the config, then `configScript` (page-side source of more entries, for
 * functions such as `autoSync.onChange`, e.g. `authTimeoutMs: 4000,`).
 */
export function widgetScript(sb, customerId, { id = 'host', config = {}, configScript = '' } = {}) {
  const key = JSON.stringify(id);
  return `
    window.events = window.events || {};
    window.tokens = window.tokens || {};
    window.tokenCalls = window.tokenCalls || {};
    window.events[${key}] = [];
    window.tokenCalls[${key}] = 0;
    window[${key}] = OutlookConnect.create(Object.assign({
      apiUrl: ${JSON.stringify(sb.api_url)},
      tokenFetcher: ${tokenFetcherScript(customerId, { id })},
      onEvent: (e) => window.events[${key}].push({ type: e.type, data: e.data, ts: e.ts }),
    }, ${JSON.stringify(config)}, { ${configScript} }));
    window[${key}].mount('#' + ${key});`;
}

/**
 * Opens a page (or takes `page`) at a host page on `sb`'s host origin for `customerId`, with one widget mounted in
 * `#<id>` (see `widgetScript` for `id`, `config`, `configScript` and what lands on `window`), and waits for it to
 * load. More of the page: `before` and `after` (markup around the widget's element), `prelude` (page-side script run
 * before the widget is created), `init` (a Playwright init script, run before the page's own), `context` (options of
 * the browser context). Returns the page.
 */
export async function mountWidget(browser, sb, customerId, {
  id = 'host', config, configScript, before = '', after = '', prelude = '', init, context, page,
} = {}) {
  const opened = page ?? await openPage(browser, context);
  if (init) await opened.addInitScript(init);
  const url = `${sb.host_url}/fixtures/${encodeURIComponent(customerId)}.html`;
  await serveFixture(opened, url, hostPage({
    body: `${before}<div id="${id}"></div>${after}<script>${prelude}
    ${widgetScript(sb, customerId, { id, config, configScript })}
    </script>`,
  }));
  await opened.goto(url);
  return opened;
}

/** Every event the widget in `#<id>` emitted so far, `{type, data, ts}`, oldest first. */
export async function widgetEvents(page, id = 'host') {
  return page.evaluate((key) => window.events[key], id);
}

/** The data of every event of `type` the widget in `#<id>` emitted so far, oldest first. */
export async function events(page, type, id = 'host') {
  return (await widgetEvents(page, id)).filter((event) => event.type === type).map((event) => event.data);
}

/** A locator inside the demo page's widget (`#mail-sync`). */
export function inDemoWidget(page, selector, options) {
  return page.locator(`#mail-sync ${selector}`, options);
}

// ---- The API side: tokens, connecting a mailbox without the widget, the request log, contract checks ----

/** A Carbon access token for `customerId`, minted by the demo host backend (`POST /demo/token`). */
export async function tokenFor(sb, customerId) {
  const answer = await fetch(`${sb.host_url}/demo/token`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customer_id: customerId }),
  });
  if (!answer.ok) throw new Error(`/demo/token answered ${answer.status}: ${await answer.text()}`);
  return (await answer.json()).access_token;
}

/** Calls the API as the widget would (`authorization: Token …`); returns the parsed JSON, throws on non-2xx. */
export async function api(sb, token, method, apiPath, body) {
  const answer = await fetch(`${sb.api_url}${apiPath}`, {
    method,
    headers: { authorization: `Token ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await answer.text();
  if (!answer.ok) throw new Error(`${method} ${apiPath} answered ${answer.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

/**
 * Connects `mailbox` for `customerId` over plain HTTP, the way the popup would (oauth_url → the emulated
 * Microsoft picker's form → the callback), so a test can start from a connected account. Returns
 * `{token, dataSourceId}`.
 */
export async function connectViaHttp(sb, customerId, mailbox = 'alex@contoso.test') {
  const token = await tokenFor(sb, customerId);
  const { oauth_url: oauthUrl } = await api(sb, token, 'POST', '/integrations/oauth_url',
    { service: 'OUTLOOK', connecting_new_account: true });
  const page = await (await fetch(oauthUrl)).text();
  const action = page.match(/<form method="post" action="([^"]+)"/)[1];
  const form = new URLSearchParams();
  for (const [, name, value] of page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    form.append(name, value.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&#39;', "'"));
  }
  form.append('login_hint', mailbox);
  const picked = await fetch(new URL(action, oauthUrl), { method: 'POST', body: form, redirect: 'manual' });
  const callback = picked.headers.get('location');
  if (!callback) throw new Error(`the sign-in form answered ${picked.status} without a redirect`);
  const done = await fetch(callback);
  if (!done.ok) throw new Error(`the OAuth callback answered ${done.status}: ${await done.text()}`);
  const sources = await api(sb, token, 'POST', '/user_data_sources',
    { filters: { source: 'OUTLOOK', revoked_access: false } });
  const source = sources.results.find((s) => s.data_source_external_id === mailbox);
  if (!source) throw new Error(`${mailbox} is not connected after the callback`);
  return { token, dataSourceId: source.id };
}

/** Clears the sandbox's request log and injected faults' log (between tests). */
export async function clearRequests(sb) {
  await fetch(`${sb.api_url}/sandbox/requests`, { method: 'DELETE' });
}

/** What reached the sandbox: entries `{method, path, query, headers, body, status}` of the API origin (or `origin`). */
export async function sentRequests(sb, { path: apiPath, origin = 'api' } = {}) {
  const query = new URLSearchParams({ origin, ...(apiPath ? { path: apiPath } : {}) });
  return (await fetch(`${sb.api_url}/sandbox/requests?${query}`)).json();
}

/**
 * What the widget (or a script of its host page) sent to the API since the last clear, optionally only to
 * `apiPath`: calls from the host page's origin with `authorization: Token …` — not CORS preflights, the popup's
 * callback, the host backend's calls or the test's own calls from node.
 */
export async function widgetSent(sb, apiPath) {
  return (await sentRequests(sb, apiPath ? { path: apiPath } : {})).filter((entry) => entry.method !== 'OPTIONS'
    && entry.headers.origin === sb.host_url && entry.headers.authorization?.startsWith('Token'));
}

/** Makes the sandbox answer the next `count` calls to `path` with a fault (`500`, `429`, `delay`, `malformed`). */
export async function injectFault(sb, fault) {
  const answer = await fetch(`${sb.api_url}/sandbox/faults`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fault),
  });
  if (!answer.ok) throw new Error(`/sandbox/faults answered ${answer.status}: ${await answer.text()}`);
}

const contract = JSON.parse(readFileSync(path.join(repoRoot, 'contract', 'carbon-openapi.json'), 'utf8'));
let ajv;

/**
 * Checks one logged request against contract/carbon-openapi.json: the path and method exist and the
 * JSON body matches the operation's request schema. Returns a list of problems (empty = valid).
 */
export function contractProblems(entry) {
  const operation = contract.paths[entry.path]?.[entry.method.toLowerCase()];
  if (!operation) return [`${entry.method} ${entry.path} is not in the contract`];
  const schema = operation.requestBody?.content?.['application/json']?.schema;
  if (!schema) return entry.body == null ? [] : [`${entry.method} ${entry.path} sent a body the contract does not define`];
  if (!ajv) {
    const Ajv2020 = require('ajv/dist/2020').default;
    ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addSchema(contract, 'carbon');
  }
  const pointer = ['paths', entry.path, entry.method.toLowerCase(), 'requestBody', 'content', 'application/json', 'schema']
    .map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');
  const validate = ajv.getSchema(`carbon#/${pointer}`);
  return validate(entry.body) ? [] : validate.errors.map((e) => `${entry.method} ${entry.path}${e.instancePath}: ${e.message}`);
}

/**
 * Asserts every request the widget sent to the API since the last clear (see `widgetSent`) validates against
 * the contract. Returns them.
 */
export async function assertAllSentMatchContract(sb, assert) {
  const sent = await widgetSent(sb);
  const problems = sent.flatMap(contractProblems);
  assert.deepEqual(problems, [], 'every request the widget sent matches carbon-openapi.json');
  return sent;
}

// ---- Accessibility: axe-core (from tools/node_modules) run inside the page ----

/** The WCAG levels the widget is held to: 2.0, 2.1 and 2.2, A and AA. */
export const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * axe-core's violations of WCAG 2.2 AA in the element `selector` and everything inside it (its open shadow root
 * included), one readable line per problem: `target (and N more) — rule [impact]: what is wrong`. Empty when
 * there are none. axe is evaluated through the DevTools protocol, so a page's Content-Security-Policy does not
 * stop it.
 */
export async function axeFindings(page, selector) {
  if (!await page.evaluate(() => 'axe' in window)) {
    await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  }
  const violations = await page.evaluate(async ({ include, tags }) => {
    const results = await window.axe.run({ include: [[include]] },
      { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return results.violations.map((rule) => ({
      id: rule.id, impact: rule.impact, help: rule.help,
      nodes: rule.nodes.map((node) => ({ target: node.target, summary: node.failureSummary })),
    }));
  }, { include: selector, tags: WCAG_AA });
  // Nodes failing the same way (twenty rows' badges) make one line, naming the first and how many more.
  const lines = new Map();
  for (const rule of violations) {
    for (const node of rule.nodes) {
      const why = `${rule.id} [${rule.impact}]: ${rule.help}. ${(node.summary || '').replace(/\s+/g, ' ').trim()}`;
      const seen = lines.get(why);
      if (seen) seen.more += 1;
      else lines.set(why, { target: node.target.flat().join(' >> '), more: 0 });
    }
  }
  return [...lines].map(([why, { target, more }]) => `${target}${more ? ` (and ${more} more)` : ''} — ${why}`);
}

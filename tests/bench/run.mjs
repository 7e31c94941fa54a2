// Time to first screen in headless Chromium (run by `cargo xtask bench`, against the end-to-end sandboxes, which
// serve dist/ compressed as a CDN would): a minimal host page loads the widget by script tag, with the wasm
// preloaded, for a customer with no mailbox; the first screen is the Connect button. Two network profiles —
// loopback, and slow 4G (150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up, CPU ×4) — the median of RUNS loads each,
// with the bytes on the wire (headers + encoded bodies) of the responses that finished before the screen showed.
// The first screen is the loader's (drawn at mount, its button live); "ready" is when the wasm's own render has
// replaced it (the widget's `ready` event): both are printed. A second table times a returning customer (one
// mailbox connected) to the mailbox list: the wasm, the token and the list (which the loader asks for during the
// download) all have to be in. "in page" is when the page itself first had the part in the widget's shadow root
// (checked every animation frame); "Playwright" is when Playwright's polling saw it visible, as the team's
// side-by-side harness against Carbon Connect measures: its polls back off to 500 ms apart, so late figures are
// coarse.
// Prints figures only; nothing here asserts on time.
import { sandbox, launch, openPage, serveFixture, hostPage, connectViaHttp } from '../e2e/harness.mjs';

const RUNS = Number(process.env.OC_BENCH_RUNS || 7);
const PROFILES = [
  { name: 'loopback', network: null, cpu: 1 },
  { name: 'slow 4G', network: { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 }, cpu: 4 },
];

const server = sandbox();
const browser = await launch();
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function loadOnce(profile, customer, part) {
  const page = await openPage(browser);
  if (profile.network) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', profile.network);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  }
  const url = `${server.host_url}/fixtures/${customer}.html`;
  await serveFixture(page, url, hostPage({
    head: '<link rel="preload" href="/outlook-connect.wasm" as="fetch" type="application/wasm" crossorigin>',
    body: `<div id="host"></div><script>
      OutlookConnect.create({
        onEvent: (e) => { if (e.type === 'ready') window.readyAt = performance.now(); },
        apiUrl: ${JSON.stringify(server.api_url)},
        tokenFetcher: () => fetch('/demo/token', { method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ customer_id: ${JSON.stringify(customer)} }) }).then((r) => r.json()),
      }).mount('#host');
    </script>`,
  }));
  let visible = false;
  let wire = 0;
  page.on('requestfinished', async (request) => {
    try {
      const sizes = await request.sizes();
      if (!visible) wire += sizes.responseBodySize + sizes.responseHeadersSize;
    } catch { /* the page closed first */ }
  });
  await page.addInitScript((wanted) => {
    const poll = () => {
      const root = document.getElementById('host')?.shadowRoot;
      if (root?.querySelector(`[part=${wanted}]`)) window.shownAt = performance.now();
      else requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  }, part);
  await page.goto(url, { waitUntil: 'commit' });
  await page.locator(`#host [part=${part}]`).first().waitFor({ state: 'visible', timeout: 60_000 });
  visible = true;
  const ms = await page.evaluate(() => performance.now());
  await page.waitForFunction(() => window.readyAt !== undefined, null, { timeout: 60_000 });
  const { ready, inPage } = await page.evaluate(() => ({ ready: window.readyAt, inPage: window.shownAt }));
  await page.context().close();
  return { ms, ready, wire, inPage };
}

const SCENARIOS = [
  { title: 'time to first screen (Connect), new customer', part: 'connect-button',
    customer: (run) => `bench-${Date.now().toString(36)}-${run}` },
  { title: 'time to the mailbox list, returning customer', part: 'account-address', customer: () => returning },
];
const returning = `bench-returning-${Date.now().toString(36)}`;
await connectViaHttp(server, returning);

for (const scenario of SCENARIOS) {
  console.log(`${scenario.title}, median of ${RUNS} loads`);
  console.log('profile      in page ms   Playwright ms   ready ms   wire bytes before Playwright saw it');
  for (const profile of PROFILES) {
    const loads = [];
    for (let run = 0; run < RUNS; run++) loads.push(await loadOnce(profile, scenario.customer(run), scenario.part));
    const figure = (key) => Math.round(median(loads.map((load) => load[key])));
    console.log(`${profile.name.padEnd(12)} ${String(figure('inPage')).padStart(10)}   ${String(figure('ms')).padStart(13)}   `
      + `${String(figure('ready')).padStart(8)}   ${String(figure('wire')).padStart(37)}`);
  }
}
await browser.close();

// Time to first screen in headless Chromium (run by `cargo xtask bench`, against the end-to-end sandboxes, which
// serve dist/ compressed as a CDN would): a minimal host page loads the widget by script tag, with the wasm
// preloaded, for a customer with no mailbox; the first screen is the Connect button. Two network profiles —
// loopback, and slow 4G (150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up, CPU ×4) — the median of RUNS loads each,
// with the bytes on the wire (headers + encoded bodies) of the responses that finished before the screen showed.
// The first screen is the loader's (drawn at mount, its button live); "ready" is when the wasm's own render has
// replaced it (the widget's `ready` event): both are printed.
// Prints figures only; nothing here asserts on time.
import { sandbox, launch, openPage, serveFixture, hostPage } from '../e2e/harness.mjs';

const RUNS = Number(process.env.OC_BENCH_RUNS || 7);
const PROFILES = [
  { name: 'loopback', network: null, cpu: 1 },
  { name: 'slow 4G', network: { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 }, cpu: 4 },
];

const server = sandbox();
const browser = await launch();
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function loadOnce(profile, run) {
  const page = await openPage(browser);
  if (profile.network) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', profile.network);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  }
  const customer = `bench-${Date.now().toString(36)}-${run}`;
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
  await page.goto(url, { waitUntil: 'commit' });
  await page.locator('#host [part=connect-button]').waitFor({ state: 'visible', timeout: 60_000 });
  visible = true;
  const ms = await page.evaluate(() => performance.now());
  await page.waitForFunction(() => window.readyAt !== undefined, null, { timeout: 60_000 });
  const ready = await page.evaluate(() => window.readyAt);
  await page.context().close();
  return { ms, ready, wire };
}

console.log(`time to first screen (Connect), median of ${RUNS} loads`);
console.log('profile      first screen ms   ready ms   wire bytes before the first screen');
for (const profile of PROFILES) {
  const loads = [];
  for (let run = 0; run < RUNS; run++) loads.push(await loadOnce(profile, run));
  const ms = Math.round(median(loads.map((load) => load.ms)));
  const ready = Math.round(median(loads.map((load) => load.ready)));
  const wire = median(loads.map((load) => load.wire));
  console.log(`${profile.name.padEnd(12)} ${String(ms).padStart(15)}   ${String(ready).padStart(8)}   ${String(wire).padStart(20)}`);
}
await browser.close();

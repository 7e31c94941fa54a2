// End-to-end: the demo page as a new user meets it — the walk-through guide on the page, the widget on a
// customer's connected mailbox, and the auto-sync switch reaching the demo backend (`POST /demo/auto-sync`),
// which calls `update_users` on the API with the API key.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  sandbox, launch, openPage, screenshot, connectViaHttp, clearRequests, sentRequests, contractProblems,
  assertAllSentMatchContract,
} from './harness.mjs';

const sb = sandbox();
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the demo page guides the walk-through and its auto-sync switch reaches update_users', async () => {
  await clearRequests(sb);
  // A customer of its own (`?customer=`), so the default demo-user other tests see stays untouched.
  const customerId = 'demo-walkthrough';
  const { dataSourceId } = await connectViaHttp(sb, customerId, 'alex@contoso.test');
  const page = await openPage(browser);
  await page.goto(`${sb.host_url}/?customer=${customerId}`);

  const guide = page.locator('.guide');
  for (const words of ['alex@contoso.test', 'denied@contoso.test', 'Build a filter', 'Resync', 'Auto-sync']) {
    assert.match(await guide.innerText(), new RegExp(words), `the guide mentions ${words}`);
  }
  assert.equal(await page.locator('#customer-id').innerText(), customerId);
  await page.locator(`#mail-sync [part=account][data-source-id="${dataSourceId}"] [part=account-files]`).click();
  await page.locator('#mail-sync [part=files-empty]').waitFor();
  await screenshot(page, 'demo-files');

  const toggle = page.locator('#mail-sync [part=auto-sync-switch]');
  assert.equal(await toggle.getAttribute('aria-checked'), 'false');
  await toggle.click();
  await page.locator('#mail-sync [part=auto-sync-switch][aria-busy=false][aria-checked=true]').waitFor();
  await page.locator('#events', { hasText: 'POST /demo/auto-sync → 200' }).waitFor();

  const hostCalls = await sentRequests(sb, { origin: 'host', path: '/demo/auto-sync' });
  assert.deepEqual(hostCalls.map((entry) => entry.body), [{ customer_id: customerId, enabled: true }]);
  const updates = await sentRequests(sb, { path: '/update_users' });
  assert.deepEqual(updates.map((entry) => [entry.body, entry.status]),
    [[{ customer_ids: [customerId], auto_sync_enabled_sources: ['OUTLOOK'] }, 200]]);
  assert.deepEqual(updates.flatMap(contractProblems), []);
  assert.match(updates[0].headers.authorization, /^Bearer /, 'the host backend calls update_users with the API key');

  await toggle.click();
  await page.locator('#mail-sync [part=auto-sync-switch][aria-busy=false][aria-checked=false]').waitFor();
  const turnedOff = await sentRequests(sb, { path: '/update_users' });
  assert.deepEqual(turnedOff.at(-1).body, { customer_ids: [customerId], auto_sync_enabled_sources: [] });
  await screenshot(page, 'demo-auto-sync');

  await assertAllSentMatchContract(sb, assert);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

// End-to-end: the widget in German, French, Spanish, Japanese and Arabic. For each, the screens a person walks
// (Connect, Signing in, Accounts, Choose, Progress, Files) show that language: no string of the English table is
// left on screen (compared with the tables in src/i18n.rs, so a string the two languages share, such as "JSON",
// does not count). Arabic is right to left and its layout mirrors; `messages` overrides show; axe on the Arabic
// and Japanese Choose screens. Screenshots: target/screenshots/lang-*.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  sandbox, launch, mountWidget, connectViaHttp, customer, screenshot, axeFindings, repoRoot, openPage,
} from './harness.mjs';

const sb = sandbox();
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** `{ tag: { field: text } }` for every `pub static X: Strings = Strings { … }` table of src/i18n.rs. */
function tables() {
  const source = readFileSync(path.join(repoRoot, 'src', 'i18n.rs'), 'utf8');
  const out = {};
  for (const block of source.split(': Strings = Strings {').slice(1)) {
    const body = block.slice(0, block.indexOf('\n};'));
    const fields = {};
    for (const match of body.matchAll(/^\s+([a-z_]+): "(.*)",$/gm)) {
      fields[match[1]] = JSON.parse(`"${match[2].replace(/\\u\{([0-9a-f]+)\}/g,
        (_, hex) => String.fromCodePoint(parseInt(hex, 16)).replace(/"/g, '\\"'))}"`);
    }
    out[fields.tag] = fields;
  }
  return out;
}
const TABLES = tables();

/**
 * The English texts that must not appear in `tag`'s widget: every English string (each plural variant) that
 * differs from the same field in `tag`, cut at its placeholders into the fixed parts worth looking for (four
 * letters or more, at least one word of letters).
 */
function englishLeftovers(tag) {
  const english = TABLES.en;
  const other = TABLES[tag];
  const pieces = new Set();
  for (const [field, text] of Object.entries(english)) {
    if (['tag', 'dir', 'from_placeholder'].includes(field) || text === other[field]) continue;
    for (const variant of text.split('|')) {
      const form = variant.replace(/^(zero|one|two|few|many|other):/, '');
      for (const piece of form.split(/\{[a-z_]+\}/)) {
        const trimmed = piece.trim().replace(/^[,.:;()\u2014\u2013\s]+|[,.:;()\u2014\u2013\s]+$/g, '');
        if (trimmed.length >= 4 && /[A-Za-z]{3}/.test(trimmed) && trimmed !== other[field]) pieces.add(trimmed);
      }
    }
  }
  // Words the other language writes the same way are not leftovers (product names, "Total", "Options"…).
  const theirs = Object.values(other).join('\n');
  return [...pieces].filter((piece) => !theirs.includes(piece));
}

/** The widget's visible text, aria-labels, placeholders and titles, as one string. */
async function widgetText(page) {
  return page.locator('#host').evaluate((host) => {
    const root = host.shadowRoot;
    // Data is not the widget's text: folder, mailbox and file names, addresses.
    const data = '.oc-folder-name, [part=account-address], [part=active-mailbox], [part=file-name], [part=summary] p';
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const parts = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.parentElement?.closest(data)) parts.push(node.textContent);
    }
    for (const element of root.querySelectorAll('[aria-label], [placeholder], [title], [alt]')) {
      for (const name of ['aria-label', 'placeholder', 'title', 'alt']) {
        if (element.hasAttribute(name)) parts.push(element.getAttribute(name));
      }
    }
    return parts.join('\n').replace(/\s+/g, ' ');
  });
}

function assertNoEnglish(text, leftovers, where) {
  // Data on screen (addresses, folder and mailbox names, subjects) is not the widget's text: the mailbox's
  // folder names are English words, so only the table's strings are looked for, and those are sentences and
  // labels that data does not contain.
  const found = leftovers.filter((piece) => text.includes(piece));
  assert.deepEqual(found, [], `${where}: English left on screen`);
}

const LANGUAGES = ['de', 'fr', 'es', 'ja', 'ar'];

for (const tag of LANGUAGES) {
  test(`every screen speaks ${tag}`, async () => {
    const leftovers = englishLeftovers(tag);
    assert.ok(leftovers.length > 100, `${leftovers.length} English strings to look for`);
    const text = TABLES[tag];
    const customerId = customer(`lang-${tag}`);

    // Connect (the loader's early frame, then the wasm's screen, both in the language).
    const page = await mountWidget(browser, sb, customerId, { config: { locale: tag } });
    const connect = page.locator('#host [part=connect-button]');
    await connect.waitFor();
    assert.equal((await connect.innerText()).trim(), text.connect_button);
    await page.locator('#host').evaluate((host) => new Promise((resolve) => {
      const check = () => (host.shadowRoot.querySelector('[data-oc-early]') ? setTimeout(check, 20) : resolve());
      check();
    }));
    const root = page.locator('#host [part=root]');
    assert.equal(await root.getAttribute('lang'), tag);
    assert.equal(await root.getAttribute('dir'), tag === 'ar' ? 'rtl' : 'ltr');
    assertNoEnglish(await widgetText(page), leftovers, `${tag} Connect`);
    if (tag === 'de') await screenshot(page, 'lang-de-connect');

    // Signing in: the popup opens, the widget waits for it.
    const popupOpened = page.waitForEvent('popup');
    await connect.click();
    const popup = await popupOpened;
    await page.locator('#host [part=sign-in-status]').waitFor();
    assertNoEnglish(await widgetText(page), leftovers, `${tag} Signing in`);
    await popup.close();
    await page.locator('#host [part=sign-in-hint]').waitFor();
    assertNoEnglish(await widgetText(page), leftovers, `${tag} Signing in, popup closed`);
    await page.close();

    // Accounts: a mailbox connected over HTTP, the widget opened afresh.
    await connectViaHttp(sb, customerId);
    const again = await mountWidget(browser, sb, customerId, { config: { locale: tag } });
    await again.locator('#host [part=account]').first().waitFor();
    await again.locator('#host [part=account-last-synced]').first().waitFor();
    assertNoEnglish(await widgetText(again), leftovers, `${tag} Accounts`);

    // Choose: folders, the filter editor, the summary.
    await again.locator('#host [part=account-choose]').first().click();
    await again.locator('#host [part=choose] [role=treeitem]').first().waitFor();
    await again.locator('#host [part=summary]').waitFor();
    const inbox = again.locator('#host [role=treeitem]').filter({ hasText: 'Inbox' }).first();
    await inbox.locator('.oc-twisty').click();
    await again.locator('#host [role=treeitem][aria-level="2"]').first().waitFor();
    assertNoEnglish(await widgetText(again), leftovers, `${tag} Choose`);
    const summary = await again.locator('#host [part=summary] p').first().innerText();
    assert.ok(!/(received|category|All e-mails in|E-mails in)/.test(summary), `${tag} summary: ${summary}`);
    if (tag === 'ar') {
      assert.equal(await again.locator('#host [part=root]').getAttribute('dir'), 'rtl');
      // The tree's indentation is on the right: a child's name starts further left than its parent's ends.
      const parentBox = await inbox.locator('.oc-folder-name').boundingBox();
      const child = again.locator('#host [role=treeitem][aria-level="2"]').first();
      const childBox = await child.locator('.oc-folder-name').boundingBox();
      assert.ok(childBox.x + childBox.width < parentBox.x + parentBox.width,
        `the child's name ends left of its parent's (indented from the right): ${JSON.stringify([parentBox, childBox])}`);
      // The twisty is at the row's right, before the name in reading order.
      const twisty = await inbox.locator('.oc-twisty-slot').boundingBox();
      assert.ok(twisty.x > parentBox.x, 'the twisty is right of the name');
      // The filter's condition tools sit at the row's left end.
      const card = await again.locator('#host [part=choose]').boundingBox();
      const title = await again.locator('#host [part=choose] .oc-title, #host [part=choose] h2').first().boundingBox();
      assert.ok(title.x + title.width > card.x + card.width / 2, 'the title starts at the right');
      await screenshot(again, 'lang-ar-choose');
    }
    if (tag === 'ar' || tag === 'ja') {
      const findings = await axeFindings(again, '#host');
      assert.deepEqual(findings, [], `${tag} Choose: axe`);
    }

    // Progress: Sync, then the counts.
    await again.locator('#host [part=sync-button]').click();
    await again.locator('#host [part=progress]').waitFor();
    await again.locator('#host [part=progress][data-done=true]').waitFor({ timeout: 60_000 });
    assertNoEnglish(await widgetText(again), leftovers, `${tag} Progress`);
    if (tag === 'ar') await screenshot(again, 'lang-ar-progress');

    // Files: the synced e-mails, one selected (a plural), the delete question.
    await again.locator('#host [part=see-files]').click();
    await again.locator('#host [part=files-range]').waitFor();
    await again.locator('#host [part=file] [part=file-select]').first().check();
    await again.locator('#host [part=files-selected]').waitFor();
    await again.locator('#host [part=files-delete]').click();
    await again.locator('#host [part=files-confirm]').waitFor();
    assertNoEnglish(await widgetText(again), leftovers, `${tag} Files`);
    if (tag === 'ar' || tag === 'ja') await screenshot(again, `lang-${tag}-files`);
    await again.close();
  });
}

test('locale auto follows navigator.languages, and messages override any string', async () => {
  const customerId = customer('lang-auto');
  const page = await openPage(browser, { locale: 'pt-BR' });
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'languages', { get: () => ['pt-BR', 'fr-CA', 'de'] });
  });
  await mountWidget(browser, sb, customerId, {
    page,
    config: { locale: 'auto' },
    configScript: `messages: { connect_title: 'Reliez Outlook à votre espace' }`,
  });
  await page.locator('#host [part=connect-button]').waitFor();
  await page.locator('#host').evaluate((host) => new Promise((resolve) => {
    const check = () => (host.shadowRoot.querySelector('[data-oc-early]') ? setTimeout(check, 20) : resolve());
    check();
  }));
  assert.equal(await page.locator('#host [part=root]').getAttribute('lang'), 'fr', 'the first language it speaks');
  assert.equal((await page.locator('#host [part=connect-button]').innerText()).trim(), TABLES.fr.connect_button);
  assert.match(await page.locator('#host [part=title]').innerText(), /^Reliez Outlook à /);
  // A bad override is a config error naming the field, and changes nothing.
  const error = await page.evaluate(() => {
    try {
      window.host.update({ messages: { connect_title: 'Hello {org}', connect_buton: 'x' } });
      return null;
    } catch (e) {
      return { code: e.code, paths: e.issues.map((issue) => issue.path) };
    }
  });
  assert.deepEqual(error, { code: 'config_invalid', paths: ['messages.connect_title', 'messages.connect_buton'] });
  assert.match(await page.locator('#host [part=title]').innerText(), /^Reliez Outlook à /);
  await page.evaluate(() => window.host.update({ locale: 'ja' }));
  await page.locator('#host [part=root][lang=ja]').waitFor();
  assert.equal((await page.locator('#host [part=connect-button]').innerText()).trim(), TABLES.ja.connect_button);
  assert.match(await page.locator('#host [part=title]').innerText(), /^Reliez Outlook à /, 'overrides stay');
  await page.close();
});

test('a language whose texts cannot be downloaded shows English and says so with chunk_load_failed', async () => {
  const customerId = customer('lang-fail');
  const page = await openPage(browser);
  const GERMAN_CHUNK = '**/outlook-connect.de.*.wasm';
  await page.route(GERMAN_CHUNK, (route) => route.abort());
  await mountWidget(browser, sb, customerId, { page, config: { locale: 'de' } });
  await page.locator('#host').evaluate((host) => new Promise((resolve) => {
    const check = () => (host.shadowRoot.querySelector('[data-oc-early]') ? setTimeout(check, 20) : resolve());
    check();
  }));
  assert.equal((await page.locator('#host [part=connect-button]').innerText()).trim(), TABLES.en.connect_button);
  await page.waitForFunction(() => window.events.host.some((event) => event.type === 'error'));
  const errors = (await page.evaluate(() => window.events.host)).filter((event) => event.type === 'error');
  assert.equal(errors.length, 1);
  assert.equal(errors[0].data.code, 'chunk_load_failed');
  assert.match(errors[0].data.message, /'de'/);
  // Set again once the network is back: German.
  await page.unroute(GERMAN_CHUNK);
  await page.evaluate(() => window.host.update({ locale: 'de' }));
  await page.locator('#host [part=root][lang=de]').waitFor();
  assert.equal((await page.locator('#host [part=connect-button]').innerText()).trim(), TABLES.de.connect_button);
  await page.close();
});

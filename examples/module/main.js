// A host page that imports outlook-connect as an ES module, bundled with esbuild against the packed npm package
// (tests/e2e/npm.test.mjs builds and walks it). The element comes from its own entry.
import { create, parseFilters, ready } from 'outlook-connect';
import 'outlook-connect/element';

const customer = new URLSearchParams(location.search).get('customer') || 'module-example';

fetch('/demo/config.json').then((answer) => answer.json()).then((sandbox) => {
  window.events = [];
  window.widget = create({
    apiUrl: sandbox.apiUrl,
    orgName: 'Acme',
    tokenFetcher: () => fetch('/demo/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customer_id: customer }),
    }).then((answer) => answer.json()),
    onEvent: (event) => window.events.push({ type: event.type, data: event.data }),
  });
  window.widget.mount('#mail-sync');
  ready.then(() => {
    window.parsed = parseFilters({ key: 'is', value: 'flagged' });
  });
});

// The demo host page's own code: what a SaaS team writes to embed outlook-connect against the sandbox — the
// token from its backend, the auto-sync switch wired to its backend, and a log of the widget's events.
(function () {
  'use strict';
  var log = document.getElementById('events');
  // `?customer=<id>` acts for another customer (a fresh start); the backend routes default to `demo-user`.
  var requested = new URLSearchParams(location.search).get('customer');
  var customerId = /^[A-Za-z0-9._-]{1,64}$/.test(requested || '') ? requested : 'demo-user';
  document.getElementById('customer-id').textContent = customerId;
  document.getElementById('new-customer').href = '?customer=demo-' + Date.now().toString(36);

  // Events that come in runs (every keystroke in the filter, every progress poll) replace the line before them
  // while the run lasts, so the log stays readable; the newest few hundred lines are kept.
  var RUNS = { filters_changed: true, sync_progress: true };
  var MAX_LINES = 300;
  var lines = [];
  function line(ts, kind, data) {
    var entry = { kind: kind, text: new Date(ts).toISOString().slice(11, 19) + '  ' + kind + '  ' + JSON.stringify(data) };
    if (RUNS[kind] && lines.length && lines[0].kind === kind) lines[0] = entry;
    else lines.unshift(entry);
    lines.length = Math.min(lines.length, MAX_LINES);
    log.textContent = lines.map(function (each) { return each.text; }).join('\n');
  }

  function post(path, body) {
    return fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }

  // The host backend turns auto-sync on or off with the API key (`update_users`); a refusal rejects, so the
  // widget's switch goes back and says why.
  function changeAutoSync(enabled) {
    return post('/demo/auto-sync', { customer_id: customerId, enabled: enabled }).then(function (response) {
      return response.json().then(function (answer) {
        line(Date.now(), 'host: POST /demo/auto-sync → ' + response.status, answer);
        if (!response.ok) throw new Error(answer.detail || 'the backend answered ' + response.status);
      });
    });
  }

  fetch('/demo/config.json').then(function (response) { return response.json(); }).then(function (sandbox) {
    var widget = OutlookConnect.create({
      // The host backend mints a short-lived customer token; the widget only ever holds that token.
      tokenFetcher: function () {
        return post('/demo/token', { customer_id: customerId }).then(function (response) { return response.json(); });
      },
      apiUrl: sandbox.apiUrl,
      orgName: 'Acme CRM',
      folders: ['Inbox'],
      filters: { AND: [{ key: 'after', value: '2024/01/07' }] },
      theme: 'system',
      autoSync: { enabled: false, onChange: changeAutoSync },
      onEvent: function (event) { line(event.ts, event.type, event.data); }
    });
    widget.mount('#mail-sync');
    window.demoWidget = widget;
    document.querySelectorAll('input[name=theme]').forEach(function (radio) {
      radio.addEventListener('change', function () { widget.update({ theme: radio.value }); });
    });
  }).catch(function (error) {
    log.textContent = 'Could not start the demo: ' + error.message;
  });
})();

// The demo host page's own code: what a SaaS team writes to embed outlook-connect against the sandbox.
(function () {
  'use strict';
  var log = document.getElementById('events');

  function show(event) {
    var line = new Date(event.ts).toISOString().slice(11, 19) + '  ' + event.type + '  ' + JSON.stringify(event.data);
    log.textContent = line + '\n' + log.textContent;
  }

  fetch('/demo/config.json').then(function (response) { return response.json(); }).then(function (sandbox) {
    var widget = OutlookConnect.create({
      // The host backend mints a short-lived customer token; the widget only ever holds that token.
      tokenFetcher: function () {
        return fetch('/demo/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
          .then(function (response) { return response.json(); });
      },
      apiUrl: sandbox.apiUrl,
      orgName: 'Acme CRM',
      folders: ['Inbox'],
      filters: { AND: [{ key: 'after', value: '2024/01/07' }] },
      theme: 'system',
      onEvent: show
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

// A small React host app for outlook-connect, built with esbuild against the packed npm package (see
// tests/e2e/npm.test.mjs, which builds and walks it): the widget as <OutlookConnect>, its events in a list, and a
// ref to the handle. Token and API URL come from the sandbox's demo host (`/demo/token`, `/demo/config.json`).
import { StrictMode, useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { OutlookConnect } from 'outlook-connect/react';

const customer = new URLSearchParams(location.search).get('customer') || 'react-example';

const fetchToken = () => fetch('/demo/token', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ customer_id: customer }),
}).then((answer) => answer.json());

function App({ apiUrl }) {
  const [events, setEvents] = useState([]);
  const [connected, setConnected] = useState(null);
  const [theme, setTheme] = useState('light');
  const widget = useRef(null);
  useEffect(() => { window.widget = widget; window.setTheme = setTheme; }, []);
  return (
    <main>
      <h1>Acme settings</h1>
      <p>
        <button type="button" onClick={() => setTheme(theme === 'light' ? 'dark' : 'light')}>Theme: {theme}</button>
        {connected !== null && <span id="connected"> Connected mailbox #{connected}</span>}
      </p>
      <OutlookConnect
        ref={widget}
        id="mail-sync"
        apiUrl={apiUrl}
        orgName="Acme"
        theme={theme}
        folders={['Inbox']}
        tokenFetcher={fetchToken}
        onConnected={(data) => setConnected(data.data_source_id)}
        onError={(data, event) => { window.errors = (window.errors || []).concat([[data.code, Object.keys(event.data).sort().join()]]); }}
        onEvent={(event) => {
          window.events = (window.events || []).concat([{ type: event.type, data: event.data }]);
          setEvents((seen) => seen.concat([event.type]));
        }}
      />
      <ol id="event-log">{events.map((type, index) => <li key={index}>{type}</li>)}</ol>
    </main>
  );
}

fetch('/demo/config.json').then((answer) => answer.json()).then((sandbox) => {
  createRoot(document.getElementById('root')).render(<StrictMode><App apiUrl={sandbox.apiUrl} /></StrictMode>);
});

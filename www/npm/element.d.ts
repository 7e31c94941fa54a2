// `import 'outlook-connect/element'` defines <outlook-connect>; its element type is in `outlook-connect`'s types
// (`OutlookConnectElement`, and `document.querySelector('outlook-connect')` is typed by it).
import type { OutlookConnectStatic } from './outlook-connect';
export * from './outlook-connect';
declare const OutlookConnect: OutlookConnectStatic;
export default OutlookConnect;

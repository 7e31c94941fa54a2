// `import 'outlook-connect/element'` defines <outlook-connect> (attributes for strings, properties for objects and
// functions; see the package README). The main entry does not: importing it has no effect on the page's elements.
import OutlookConnect from './index.js';

if (typeof OutlookConnect.__defineElement === 'function') {
  OutlookConnect.__defineElement();
}

export default OutlookConnect;

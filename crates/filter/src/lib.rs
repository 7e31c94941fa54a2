//! Carbon's Outlook filter grammar, shared by the widget and the sandbox.

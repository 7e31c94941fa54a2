//! The emulated Microsoft side: identity platform v2.0 (authorize, token) and Graph mailbox, on its own origin.

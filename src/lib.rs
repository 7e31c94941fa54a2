//! outlook-connect widget.

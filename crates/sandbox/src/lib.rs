//! Local Carbon-compatible API server (see README).

//! Gazette pipeline stage (being built).

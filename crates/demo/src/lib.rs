//! Gazette demo stage (being built).

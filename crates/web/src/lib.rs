//! Gazette web stage (being built).

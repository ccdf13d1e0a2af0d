//! Gazette fetch stage (being built).

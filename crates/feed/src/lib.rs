//! Gazette feed stage (being built).

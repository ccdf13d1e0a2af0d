//! Gazette store stage (being built).

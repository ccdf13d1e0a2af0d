//! Gazette extract stage (being built).

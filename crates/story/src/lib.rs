//! Gazette story stage (being built).

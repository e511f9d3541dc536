//! Nothing: this package holds the end-to-end test in `tests/it`, which drives
//! the real binaries of every other package (see `tests/it/main.rs`).

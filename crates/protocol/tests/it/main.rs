//! Integration tests of the builder protocol: keys made by the real
//! `ssh-keygen`, signed and verified both ways between OpenSSH and this
//! crate, and the JSON of the builder API as it travels.

mod api;
mod keys;
mod openssh;
mod signing;

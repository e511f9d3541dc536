//! The advisory-lock keys of buildsrs, in one place so that no two jobs
//! share a number by accident.

/// A session-level advisory lock that guards one kind of work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockKey {
    /// Held while migrations are applied: two migrators never both apply.
    Migrations,
    /// Held while a test template database is built, on the server's
    /// maintenance database.
    TestTemplate,
    /// Held by the active registry syncer; a second one waits as a standby.
    RegistrySync,
}

impl LockKey {
    /// The number Postgres knows the lock by. Chosen once; never change one,
    /// or a new binary and an old one would not exclude each other.
    pub fn key(self) -> i64 {
        // "buildsrs" in ASCII, with the low byte naming the lock.
        const BASE: i64 = 0x6275_696c_6473_7200;
        BASE + match self {
            Self::Migrations => 1,
            Self::TestTemplate => 2,
            Self::RegistrySync => 3,
        }
    }
}

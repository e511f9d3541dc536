-- Emptying the mirror by hand, taking every table that points at it along.
TRUNCATE crates CASCADE

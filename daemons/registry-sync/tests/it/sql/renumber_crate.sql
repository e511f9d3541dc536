-- Giving a crate a fresh id by hand (an identity column allows it).
UPDATE crates SET id = DEFAULT WHERE id = $1

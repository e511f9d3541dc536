-- A migration of an imaginary newer build.
CREATE TABLE newer ();

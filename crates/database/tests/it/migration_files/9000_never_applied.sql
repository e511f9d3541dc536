-- A migration of an imaginary newer build that must never be applied.
CREATE TABLE never_applied ();

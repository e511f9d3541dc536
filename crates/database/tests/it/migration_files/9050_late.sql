-- A migration numbered below one already applied.
CREATE TABLE late ();

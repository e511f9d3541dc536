-- The broken migration, fixed.
CREATE TABLE half_done (id int);

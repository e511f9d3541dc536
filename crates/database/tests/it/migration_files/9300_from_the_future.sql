-- A migration only a newer build knows.
CREATE TABLE from_the_future ();

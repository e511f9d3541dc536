-- New crates by name, many per statement; returns their ids in input order
-- ($1 names). Seeds the benchmark's and the tests' mirror, a stand-in for
-- registry-sync, which writes by binary COPY.
INSERT INTO crates (name)
SELECT name
FROM unnest($1::text[]) WITH ORDINALITY AS input (name, position)
ORDER BY position
RETURNING id;

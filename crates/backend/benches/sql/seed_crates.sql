-- New crates by name, many per statement; returns their ids in input order
-- ($1 names). Seeds the benchmark's and the tests' mirror, a stand-in for
-- registry-sync, which writes by binary COPY. The order comes from joining
-- back on the input's positions: RETURNING itself promises none.
WITH inserted AS (
    INSERT INTO crates (name)
    SELECT name FROM unnest($1::text[]) AS input (name)
    RETURNING id, name
)
SELECT inserted.id
FROM inserted
JOIN unnest($1::text[]) WITH ORDINALITY AS input (name, position) USING (name)
ORDER BY input.position;

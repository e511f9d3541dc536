-- Rust target triples (table targets).

--! target_insert
-- access: primary
-- Add a target; returns NULL when one of that name exists already.
INSERT INTO targets (name, enabled)
VALUES (:name, :enabled)
ON CONFLICT (name) DO NOTHING
RETURNING id;

--! target_list
-- access: read-only
-- Every target, by name.
SELECT
    id,
    name,
    enabled,
    created_at
FROM targets
ORDER BY name;

--! target_set_enabled
-- access: primary
-- Enable or disable a target by name; returns its id, or nothing if unknown.
UPDATE targets
SET enabled = :enabled
WHERE name = :name
RETURNING id;

-- Deleting a target by hand (no service deletes targets).
DELETE FROM targets WHERE id = $1

-- Pointing a task at another target by hand.
UPDATE tasks SET target_id = $2 WHERE id = $1

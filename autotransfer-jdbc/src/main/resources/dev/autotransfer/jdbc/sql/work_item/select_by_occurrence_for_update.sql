-- The work item of one occurrence, locked (after its schedule's row), for a requeue.
SELECT id
FROM at_work_item
WHERE schedule_id = :scheduleId AND nominal_date = :nominalDate
FOR UPDATE

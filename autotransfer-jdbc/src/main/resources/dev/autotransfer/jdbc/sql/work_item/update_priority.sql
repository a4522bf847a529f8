-- A priority edit moves the schedule's work items to the new priority's claim lane. A leased item
-- may change too: the lease holder's writes are fenced by the lease token, not by the priority.
UPDATE at_work_item SET priority = :priority, updated_at = :now
WHERE schedule_id = :scheduleId AND priority <> :priority

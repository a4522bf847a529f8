-- what a customer pulled on a business date, by status (which statuses count is DailyPullLimit's rule)
SELECT status, SUM(amount_minor) AS amount_minor FROM at_pull
WHERE customer_id = :customer AND business_date = :day
GROUP BY status

-- Work items claimable at :now, over all banks.
SELECT COUNT(*) FROM at_work_item WHERE claimable_at <= :now

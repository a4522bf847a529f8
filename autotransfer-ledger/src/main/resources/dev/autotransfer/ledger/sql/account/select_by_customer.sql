-- the main account first, then the savings accounts in the order they were opened
SELECT * FROM at_account WHERE customer_id = :id
ORDER BY CASE WHEN kind = 'MAIN' THEN 0 ELSE 1 END, id

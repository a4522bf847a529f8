SELECT * FROM at_pull WHERE id = :id

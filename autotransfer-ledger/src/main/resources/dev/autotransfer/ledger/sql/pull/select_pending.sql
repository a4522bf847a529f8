-- oldest first; the caller caps the rows
SELECT * FROM at_pull WHERE status = 'PENDING' ORDER BY id

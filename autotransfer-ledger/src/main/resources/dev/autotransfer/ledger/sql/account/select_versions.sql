SELECT id, posted_minor, held_minor, version FROM at_account WHERE id IN (:from, :to)

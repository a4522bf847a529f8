-- matches no row when the account changed since its version was read
UPDATE at_account SET posted_minor = :posted, version = version + 1
WHERE id = :id AND version = :version

-- The application user without a password: created ACCOUNT LOCK, so nobody can log in as it until
-- an operator gives it a password or an authentication plugin and unlocks it. An existing user is
-- left as it is. ${role} is a validated identifier.
CREATE USER IF NOT EXISTS '${role}'@'%' ACCOUNT LOCK

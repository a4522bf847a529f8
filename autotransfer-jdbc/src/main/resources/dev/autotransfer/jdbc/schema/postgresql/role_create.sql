-- The application role without a password: a login role for authentication that needs no
-- password stored in PostgreSQL (peer, cert, GSSAPI, LDAP... as pg_hba.conf says). Password
-- authentication always fails for it. An existing role is left as it is. ${role} is a validated
-- identifier.
DO $$
BEGIN
    CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
EXCEPTION
    -- exists already, or another session created it a moment ago: roles are cluster-wide
    WHEN duplicate_object OR unique_violation THEN NULL;
END
$$

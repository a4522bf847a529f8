-- Creates the application user with its password in one statement (never a moment without one),
-- or resets the password of an existing user and unlocks it.
-- CREATE USER and ALTER USER take no bind for the password: the server refuses a '?' there, so a
-- bind would work only where the driver inlines it into the text, escaped for the sql_mode the
-- driver believes in. So the password is bound once, into a user variable holding its
-- mysql_native_password hash, the value IDENTIFIED BY 'password' would store (= PASSWORD(password)
-- on MariaDB, spelled out because MySQL 8 has no PASSWORD()). The DDL is then built on the server
-- from that hash, a '*' and 40 hex digits, and the validated identifier ${role}: nothing in it
-- needs escaping. role_password_clear.sql runs after this script, whatever
-- happened, and clears the variables and the prepared statement.
SET @autotransfer_role_auth = CONCAT('*', UPPER(SHA1(UNHEX(SHA1(:password)))))
-- ;;
SET @autotransfer_role_ddl = CONCAT('CREATE USER IF NOT EXISTS ''${role}''@''%''',
    ' IDENTIFIED WITH mysql_native_password AS ''', @autotransfer_role_auth, '''')
-- ;;
PREPARE autotransfer_role_stmt FROM @autotransfer_role_ddl
-- ;;
EXECUTE autotransfer_role_stmt
-- ;;
SET @autotransfer_role_ddl = CONCAT('ALTER USER ''${role}''@''%''',
    ' IDENTIFIED WITH mysql_native_password AS ''', @autotransfer_role_auth, ''' ACCOUNT UNLOCK')
-- ;;
PREPARE autotransfer_role_stmt FROM @autotransfer_role_ddl
-- ;;
EXECUTE autotransfer_role_stmt

-- Creates the application user with its password in one statement (never a moment without one),
-- or resets the password of an existing user. The password is a bind value.
CREATE USER IF NOT EXISTS ${role} PASSWORD :password
-- ;;
ALTER USER ${role} SET PASSWORD :password

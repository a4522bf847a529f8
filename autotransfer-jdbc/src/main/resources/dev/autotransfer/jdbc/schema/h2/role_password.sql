ALTER USER ${role} SET PASSWORD :password

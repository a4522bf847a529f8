ALTER USER '${role}'@'%' IDENTIFIED BY :password

-- The longest an InnoDB row-lock wait of this session lasts, in whole seconds (error 1205 after
-- it). The default is 50 s.
SET SESSION innodb_lock_wait_timeout = :lockTimeout

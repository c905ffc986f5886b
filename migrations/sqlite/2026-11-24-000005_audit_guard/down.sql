DROP TRIGGER audit_log_no_replace;

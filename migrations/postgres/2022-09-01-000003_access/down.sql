DROP TABLE audit_log;
DROP FUNCTION audit_log_append_only();
DROP TABLE api_tokens;
DROP TABLE sessions;
ALTER TABLE people DROP COLUMN password_hash;
ALTER TABLE people DROP COLUMN role;

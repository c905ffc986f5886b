DROP TABLE audit_log;
DROP TABLE api_tokens;
DROP TABLE sessions;
ALTER TABLE people DROP COLUMN password_hash;
ALTER TABLE people DROP COLUMN role;

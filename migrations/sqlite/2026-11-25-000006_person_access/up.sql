-- A person who has left is deactivated, not deleted: projects and the audit
-- trail still name them, but they cannot sign in. NULL means active.
ALTER TABLE people ADD COLUMN deactivated_at TIMESTAMP;

-- One-time links an administrator gives a person to set their own password.
-- Only the token's hash is stored; a link is spent by setting used_at.
CREATE TABLE password_links (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    person_id INTEGER NOT NULL REFERENCES people(id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX password_links_person ON password_links (person_id);

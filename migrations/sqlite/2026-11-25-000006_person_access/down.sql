DROP TABLE password_links;
ALTER TABLE people DROP COLUMN deactivated_at;

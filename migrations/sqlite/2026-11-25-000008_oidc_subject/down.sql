DROP INDEX people_oidc_subject;
ALTER TABLE people DROP COLUMN oidc_subject;

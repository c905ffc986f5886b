-- The identity provider's subject of a person, remembered at their first
-- sign-in through it (found by e-mail then); from then on the subject finds them.
ALTER TABLE people ADD COLUMN oidc_subject TEXT;
CREATE UNIQUE INDEX people_oidc_subject ON people (oidc_subject);

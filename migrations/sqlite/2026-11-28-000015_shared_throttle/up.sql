-- The sign-in throttle, shared by every instance of the service on this
-- database: passwords verified per key (an account or an address) in the
-- window that began at `since`.
CREATE TABLE sign_in_attempts (
    throttle_key VARCHAR(400) PRIMARY KEY,
    attempts INTEGER NOT NULL,
    since TIMESTAMP NOT NULL
);
CREATE INDEX sign_in_attempts_since ON sign_in_attempts (since);

-- A quarter's reminder plan when it differs from the defaults (first
-- reminder 14 days before the deadline, then every 7 days while missing).
CREATE TABLE reminder_plans (
    quarter TEXT PRIMARY KEY REFERENCES quarters(code),
    days_before INTEGER NOT NULL CHECK (days_before BETWEEN 0 AND 60),
    every_days INTEGER NOT NULL CHECK (every_days BETWEEN 1 AND 30),
    active BOOLEAN NOT NULL
);

-- Every mail the service sends, stored before it is sent. The key (quarter,
-- kind, person, day) is unique, so a second scheduler run, a restart or a
-- second instance cannot queue it twice; a sender claims a row by moving it
-- from queued to sending in one conditional update, so only one sends it.
CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    dedup_key TEXT NOT NULL UNIQUE,
    quarter TEXT NOT NULL REFERENCES quarters(code),
    kind TEXT NOT NULL CHECK (kind IN ('first', 'deadline', 'overdue', 'digest', 'manual')),
    person_id INTEGER REFERENCES people(id),
    recipient TEXT NOT NULL,
    cc TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL,
    projects TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'cancelled')),
    attempts INTEGER NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    claimed_until TIMESTAMP,
    sent_at TIMESTAMP,
    last_error TEXT
);
CREATE INDEX mail_outbox_quarter ON mail_outbox (quarter);
CREATE INDEX mail_outbox_due ON mail_outbox (state, next_attempt_at);

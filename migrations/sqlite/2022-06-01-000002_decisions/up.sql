-- Chefforum's decisions on a quarter's report. The snapshot freezes what was
-- approved; a correction adds a row and keeps the earlier one.
CREATE TABLE decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    quarter TEXT NOT NULL REFERENCES quarters(code),
    meeting_date DATE NOT NULL,
    text TEXT NOT NULL,
    case_number TEXT,
    recorded_at TIMESTAMP NOT NULL,
    is_current BOOLEAN NOT NULL,
    snapshot TEXT NOT NULL
);
CREATE UNIQUE INDEX decisions_current ON decisions (quarter) WHERE is_current;

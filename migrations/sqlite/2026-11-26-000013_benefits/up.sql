-- Benefits realisation (gevinstrealisering): what a project should bring,
-- who answers for it, how it is measured, from what to what and by when,
-- and the values measured since. A completed project's follow-up falls due
-- twelve months after it ended; followed_up records when it was done.
CREATE TABLE benefits (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    what TEXT NOT NULL,
    owner TEXT NOT NULL,
    measure TEXT NOT NULL,
    baseline_value REAL,
    target_value REAL,
    due DATE
);
CREATE INDEX benefits_project ON benefits (project_id);
CREATE TABLE benefit_readings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    benefit_id INTEGER NOT NULL REFERENCES benefits (id) ON DELETE CASCADE,
    measured_on DATE NOT NULL,
    value REAL NOT NULL,
    note TEXT NOT NULL
);
CREATE INDEX benefit_readings_benefit ON benefit_readings (benefit_id);
ALTER TABLE project_economy ADD COLUMN benefits_followed_up DATE;

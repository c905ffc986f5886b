-- IT-projektrådet's own assessment (ITP-vurdering) of a project's quarter,
-- beside the project manager's report: a colour and why, per parameter the
-- council assesses differently (null: no own colour). One per project and quarter.
CREATE TABLE council_assessments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    quarter TEXT NOT NULL REFERENCES quarters (code),
    ressourcer TEXT CHECK (ressourcer IN ('green', 'yellow', 'red')),
    ressourcer_comment TEXT NOT NULL,
    leverancer TEXT CHECK (leverancer IN ('green', 'yellow', 'red')),
    leverancer_comment TEXT NOT NULL,
    tid TEXT CHECK (tid IN ('green', 'yellow', 'red')),
    tid_comment TEXT NOT NULL,
    okonomi TEXT CHECK (okonomi IN ('green', 'yellow', 'red')),
    okonomi_comment TEXT NOT NULL,
    comment TEXT NOT NULL,
    assessed_by INTEGER REFERENCES people (id),
    assessed_at TIMESTAMP NOT NULL,
    UNIQUE (project_id, quarter)
);

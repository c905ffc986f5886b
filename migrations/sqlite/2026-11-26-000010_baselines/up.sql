-- A project's baseline: the planned end and budget it was approved with.
-- Re-baselining is the council's explicit act with a reason; the earlier
-- baselines stay as history (is_current false).
CREATE TABLE baselines (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    planned_end DATE,
    budget BIGINT NOT NULL CHECK (budget >= 0),
    reason TEXT NOT NULL,
    set_by INTEGER REFERENCES people (id),
    set_at TIMESTAMP NOT NULL,
    is_current BOOLEAN NOT NULL
);
CREATE INDEX baselines_project ON baselines (project_id, is_current);
-- One current baseline a project, whatever races.
CREATE UNIQUE INDEX baselines_one_current ON baselines (project_id) WHERE is_current;
-- Projects approved before baselines existed start from their plan as it stands.
INSERT INTO baselines (project_id, planned_end, budget, reason, set_at, is_current)
SELECT id, planned_end, budget, 'Plan ved godkendelse', CURRENT_TIMESTAMP, TRUE
FROM projects WHERE state <> 'proposed';

-- The tolerances that turn a forecast into a suggested colour (one row),
-- from Statens It-råd's model until the council changes them.
CREATE TABLE tolerances (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    time_yellow_months INTEGER NOT NULL CHECK (time_yellow_months BETWEEN 0 AND 60),
    time_red_months INTEGER NOT NULL CHECK (time_red_months BETWEEN 0 AND 60),
    cost_yellow_percent INTEGER NOT NULL CHECK (cost_yellow_percent BETWEEN 0 AND 500),
    cost_red_percent INTEGER NOT NULL CHECK (cost_red_percent BETWEEN 0 AND 500)
);
INSERT INTO tolerances VALUES (1, 1, 3, 0, 10);

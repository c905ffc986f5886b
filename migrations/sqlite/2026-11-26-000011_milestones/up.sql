-- A project's milestones (the minutes of Q3 2022: "udbudsmaterialet uploades
-- til EU-Supply d. 28. oktober"; "idriftsat til KB & RV i november 2025"),
-- each move kept, so the report can say what moved since last quarter and how far.
CREATE TABLE milestones (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    tender BOOLEAN NOT NULL,
    planned DATE NOT NULL,
    moved_to DATE,
    done_on DATE,
    note TEXT NOT NULL
);
CREATE INDEX milestones_project ON milestones (project_id);
CREATE TABLE milestone_moves (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    milestone_id INTEGER NOT NULL REFERENCES milestones (id) ON DELETE CASCADE,
    moved_on DATE NOT NULL,
    from_date DATE NOT NULL,
    to_date DATE NOT NULL
);
CREATE INDEX milestone_moves_milestone ON milestone_moves (milestone_id);

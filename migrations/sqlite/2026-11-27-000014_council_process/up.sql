-- The council's process from a department's proposal to the decision.

-- A proposal's project foundation (projektgrundlag) beside its project row,
-- and where it stands: submitted, in review, on Chefforum's list, decided.
CREATE TABLE proposals (
    project_id INTEGER PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    required_by TEXT NOT NULL CHECK (required_by IN ('none', 'law', 'joint')),
    stage TEXT NOT NULL CHECK (stage IN ('submitted', 'in_review', 'to_chefforum', 'approved', 'rejected')),
    proposed_by INTEGER REFERENCES people (id),
    proposed_at TIMESTAMP NOT NULL,
    -- The council's verdict on the overlap findings: null until recorded.
    overlap TEXT CHECK (overlap IN ('none', 'accepted')),
    overlap_reason TEXT NOT NULL,
    -- A dilemma of the priority the council lays before Chefforum; empty: none.
    dilemma TEXT NOT NULL
);

-- The systems or products a proposal will buy or build, with their functions
-- (one per line).
CREATE TABLE proposal_systems (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    functions TEXT NOT NULL
);
CREATE INDEX proposal_systems_project ON proposal_systems (project_id);

-- The council's review checklist: one entry per area and proposal.
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    area TEXT NOT NULL CHECK (area IN ('it_security', 'it_architecture', 'contract', 'gdpr', 'economy')),
    verdict TEXT NOT NULL CHECK (verdict IN ('approved', 'approved_with_remarks', 'not_approved', 'not_relevant')),
    remark TEXT NOT NULL,
    reviewed_by INTEGER REFERENCES people (id),
    reviewed_at TIMESTAMP NOT NULL,
    UNIQUE (project_id, area)
);

-- The register of systems in use, against which proposals are matched.
CREATE TABLE systems (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    sort_key TEXT NOT NULL,
    supplier TEXT NOT NULL,
    department_id INTEGER REFERENCES departments (id),
    functions TEXT NOT NULL,
    contract_end DATE
);

-- Every decision on a project, by the council or Chefforum (the register).
CREATE TABLE project_decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES projects (id),
    body TEXT NOT NULL CHECK (body IN ('council', 'chefforum')),
    kind TEXT NOT NULL CHECK (kind IN ('approved', 'recommended', 'rejected', 'closure_proposed', 'completed', 'cancelled')),
    decided_on DATE NOT NULL,
    case_number TEXT,
    text TEXT NOT NULL,
    recorded_by INTEGER REFERENCES people (id),
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX project_decisions_project ON project_decisions (project_id);
CREATE INDEX project_decisions_day ON project_decisions (decided_on);

-- Chefforum's list: a strategic project to start or to close, referred by the
-- council, open until Chefforum's decision is recorded.
CREATE TABLE chefforum_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES projects (id),
    matter TEXT NOT NULL CHECK (matter IN ('start', 'close')),
    ending TEXT CHECK (ending IN ('completed', 'cancelled')),
    reason TEXT NOT NULL,
    referred_on DATE NOT NULL,
    referred_by INTEGER REFERENCES people (id),
    decision_id INTEGER REFERENCES project_decisions (id)
);
-- One open matter a project, whatever races.
CREATE UNIQUE INDEX chefforum_items_one_open ON chefforum_items (project_id) WHERE decision_id IS NULL;

-- The council's priority criteria and their weights.
CREATE TABLE criteria (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    weight INTEGER NOT NULL CHECK (weight BETWEEN 0 AND 100),
    position INTEGER NOT NULL
);
INSERT INTO criteria (name, weight, position) VALUES
    ('Lovkrav', 25, 1),
    ('Strategisk sigte', 20, 2),
    ('Gevinster og økonomi', 20, 3),
    ('Borgerservice', 15, 4),
    ('Risiko', 10, 5),
    ('Teknologispring', 10, 6);

-- A proposal's score (0-5) per criterion.
CREATE TABLE scores (
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    criterion_id INTEGER NOT NULL REFERENCES criteria (id) ON DELETE CASCADE,
    score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 5),
    PRIMARY KEY (project_id, criterion_id)
);

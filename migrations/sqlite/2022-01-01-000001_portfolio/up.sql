-- Kept in lockstep with migrations/postgres: same tables, columns, constraints.

CREATE TABLE departments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    code TEXT NOT NULL UNIQUE,
    directorate TEXT NOT NULL DEFAULT ''
);

CREATE TABLE people (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE,
    department_id INTEGER REFERENCES departments(id)
);

CREATE TABLE strategies (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    start_year INTEGER NOT NULL,
    end_year INTEGER NOT NULL,
    CHECK (end_year >= start_year)
);

CREATE TABLE focus_areas (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    strategy_id INTEGER NOT NULL REFERENCES strategies(id),
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    department_id INTEGER NOT NULL REFERENCES departments(id),
    UNIQUE (strategy_id, name)
);

CREATE TABLE phases (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    position INTEGER NOT NULL
);

-- The default phase list from start-up to close; data, so a municipality can change it.
INSERT INTO phases (name, position) VALUES
    ('idé', 1),
    ('analyse', 2),
    ('anskaffelse/udbud', 3),
    ('implementering', 4),
    ('drift/afslutning', 5),
    ('gevinstrealisering', 6);

CREATE TABLE projects (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    sort_key TEXT NOT NULL,
    search_text TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    case_number TEXT,
    department_id INTEGER NOT NULL REFERENCES departments(id),
    manager_id INTEGER REFERENCES people(id),
    owner_id INTEGER REFERENCES people(id),
    phase_id INTEGER NOT NULL REFERENCES phases(id),
    kind TEXT NOT NULL CHECK (kind IN ('strategic', 'operational')),
    must_do BOOLEAN NOT NULL DEFAULT FALSE,
    focus_area_id INTEGER REFERENCES focus_areas(id),
    parent_id INTEGER REFERENCES projects(id),
    start_date DATE,
    planned_end DATE,
    budget BIGINT NOT NULL DEFAULT 0 CHECK (budget >= 0),
    spent BIGINT NOT NULL DEFAULT 0 CHECK (spent >= 0),
    operating_cost BIGINT NOT NULL DEFAULT 0 CHECK (operating_cost >= 0),
    expected_benefits TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL CHECK (state IN ('proposed', 'approved', 'active', 'completed', 'cancelled')),
    cancel_reason TEXT,
    ended_on DATE,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    last_reported_at TIMESTAMP,
    CHECK (state <> 'cancelled' OR cancel_reason IS NOT NULL)
);
CREATE INDEX projects_sort_key ON projects (sort_key, id);
CREATE INDEX projects_department ON projects (department_id);
CREATE INDEX projects_parent ON projects (parent_id);

CREATE TABLE quarters (
    code TEXT PRIMARY KEY NOT NULL,
    deadline DATE NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('open', 'closed'))
);

CREATE TABLE status_reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    quarter TEXT NOT NULL REFERENCES quarters(code),
    version INTEGER NOT NULL,
    is_latest BOOLEAN NOT NULL,
    ressourcer TEXT NOT NULL CHECK (ressourcer IN ('green', 'yellow', 'red')),
    ressourcer_comment TEXT NOT NULL DEFAULT '',
    leverancer TEXT NOT NULL CHECK (leverancer IN ('green', 'yellow', 'red')),
    leverancer_comment TEXT NOT NULL DEFAULT '',
    tid TEXT NOT NULL CHECK (tid IN ('green', 'yellow', 'red')),
    tid_comment TEXT NOT NULL DEFAULT '',
    okonomi TEXT NOT NULL CHECK (okonomi IN ('green', 'yellow', 'red')),
    okonomi_comment TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT '',
    reported_by INTEGER REFERENCES people(id),
    reported_at TIMESTAMP NOT NULL,
    UNIQUE (project_id, quarter, version)
);
-- At most one current version per project and quarter; reports read only these.
CREATE UNIQUE INDEX status_reports_latest ON status_reports (project_id, quarter) WHERE is_latest;
CREATE INDEX status_reports_quarter ON status_reports (quarter, is_latest);

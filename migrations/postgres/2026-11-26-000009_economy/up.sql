-- The economy Chefforum asked for on 31 March 2022, one row per project beside
-- it: the expected total cost (forecast) and end the project manager last
-- reported, the year derived operating costs start, who finances, the
-- business case and when the contract expires. With each quarter's status the
-- project manager reports spent, forecast and expected end.
CREATE TABLE project_economy (
    project_id INTEGER PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    forecast BIGINT,
    expected_end DATE,
    operating_from INTEGER,
    financing_department_id INTEGER REFERENCES departments (id),
    benefit_yearly BIGINT NOT NULL DEFAULT 0,
    benefit_from INTEGER,
    contract_end DATE
);
INSERT INTO project_economy (project_id) SELECT id FROM projects;
ALTER TABLE status_reports ADD COLUMN spent BIGINT;
ALTER TABLE status_reports ADD COLUMN forecast BIGINT;
ALTER TABLE status_reports ADD COLUMN expected_end DATE;

ALTER TABLE status_reports DROP COLUMN expected_end;
ALTER TABLE status_reports DROP COLUMN forecast;
ALTER TABLE status_reports DROP COLUMN spent;
DROP TABLE project_economy;

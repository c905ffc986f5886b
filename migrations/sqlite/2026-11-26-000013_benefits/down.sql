ALTER TABLE project_economy DROP COLUMN benefits_followed_up;
DROP INDEX benefit_readings_benefit;
DROP TABLE benefit_readings;
DROP INDEX benefits_project;
DROP TABLE benefits;

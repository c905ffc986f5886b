DROP TABLE tolerances;
DROP INDEX baselines_one_current;
DROP INDEX baselines_project;
DROP TABLE baselines;

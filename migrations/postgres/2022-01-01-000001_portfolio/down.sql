DROP TABLE status_reports;
DROP TABLE quarters;
DROP TABLE projects;
DROP TABLE phases;
DROP TABLE focus_areas;
DROP TABLE strategies;
DROP TABLE people;
DROP TABLE departments;

DROP INDEX status_reports_project;

-- One project's reports for one quarter: storing a status report reads the
-- latest version and moves the is_latest flag. Without it SQLite's planner
-- (no statistics) scans every report of the quarter through
-- status_reports_quarter.
CREATE INDEX status_reports_project ON status_reports (project_id, quarter, is_latest);

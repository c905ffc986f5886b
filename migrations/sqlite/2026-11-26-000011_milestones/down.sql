DROP INDEX milestone_moves_milestone;
DROP TABLE milestone_moves;
DROP INDEX milestones_project;
DROP TABLE milestones;

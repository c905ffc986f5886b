DROP TABLE scores;
DROP TABLE criteria;
DROP TABLE chefforum_items;
DROP TABLE project_decisions;
DROP TABLE systems;
DROP TABLE reviews;
DROP TABLE proposal_systems;
DROP TABLE proposals;

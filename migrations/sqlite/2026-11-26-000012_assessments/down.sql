DROP TABLE council_assessments;

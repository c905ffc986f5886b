DROP TABLE mail_outbox;
DROP TABLE reminder_plans;

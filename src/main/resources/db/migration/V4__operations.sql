-- When a dataset's current lease was taken (its age is a metric; renewals keep it), and when a dead letter
-- was sent back into the pipeline by an operator (skyroute ctl retry), so it is not retried twice.
ALTER TABLE datasets ADD COLUMN lock_acquired_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE dead_letters ADD COLUMN retried_at TIMESTAMP WITH TIME ZONE;

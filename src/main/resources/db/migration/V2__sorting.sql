-- Sorting records where each frame went and which rule decided it.
ALTER TABLE frames ADD COLUMN path VARCHAR(1024);
ALTER TABLE frames ADD COLUMN sort_rule VARCHAR(128);
ALTER TABLE frames ADD COLUMN sort_reason VARCHAR(1000);

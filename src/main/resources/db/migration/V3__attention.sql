-- A dataset whose last lightcurve failed its own checks needs attention: why, and since when.
ALTER TABLE datasets ADD COLUMN attention VARCHAR(2000);
ALTER TABLE datasets ADD COLUMN attention_since TIMESTAMP WITH TIME ZONE;

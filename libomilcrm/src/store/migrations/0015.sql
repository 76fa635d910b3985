-- Schema version 15: an employer's economic activity as a CIIU4.CL 2012 code (Chile's
-- classification of economic activities, shipped with the library: libomilcrm/data/ciiu4cl), so
-- employers can be grouped by industry; the free-text `sector` stays beside it. '' when unknown,
-- as every existing employer starts. The library checks the code against the classification.

ALTER TABLE employer ADD COLUMN activity TEXT NOT NULL DEFAULT '';

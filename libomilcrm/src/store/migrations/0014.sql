-- Schema version 14: calendars that follow changes. The office calendar gives a cluster's
-- meetings as one recurring event and each planned visit as an event; a calendar application
-- replaces an event it holds only when the new one has a higher SEQUENCE, so each keeps a revision
-- counter. A planned visit moved by a later plan of the same person and day keeps the event of the
-- visit it replaces (event_uuid: that visit's uuid, NULL for a visit planned afresh).

ALTER TABLE cluster ADD COLUMN revision INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0);
ALTER TABLE planned_visit ADD COLUMN event_uuid TEXT;
ALTER TABLE planned_visit ADD COLUMN revision INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0);

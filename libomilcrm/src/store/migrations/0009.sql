-- Schema version 9: an office's interactions by day and time, the order of its listing, from the
-- index alone (the listing of a million rows needs no sort).

DROP INDEX interaction_office;
CREATE INDEX interaction_office ON interaction(office_id, on_date, at_minute);

-- Schema version 21: the day of each referral's first interview, kept on the referral.
-- `referral.interviewed_on` is the earliest `on_date` of the referral's events that moved it to
-- 'interview' (NULL while it has none). The vacancy funnel counts referrals by the month of their
-- first interview; reading it from the events meant visiting every referral the office ever made
-- and each of its events (17 ms of the funnel's 22 for the region's largest office). The events
-- stay the history: the trigger keeps the column in step with every insert into them, by the
-- library or anyone else, and events are never updated nor deleted but with their referral.

ALTER TABLE referral ADD COLUMN interviewed_on TEXT;

UPDATE referral SET interviewed_on = (
    SELECT min(e.on_date) FROM referral_event e WHERE e.referral_id = referral.id AND e.to_stage = 'interview');

CREATE INDEX referral_interviewed ON referral(office_id, interviewed_on) WHERE interviewed_on IS NOT NULL;

CREATE TRIGGER referral_event_first_interview AFTER INSERT ON referral_event
WHEN NEW.to_stage = 'interview'
BEGIN
    UPDATE referral SET interviewed_on = NEW.on_date
    WHERE id = NEW.referral_id AND (interviewed_on IS NULL OR interviewed_on > NEW.on_date);
END;

-- The funnel's other steps read their month's rows from the office's date index alone: the
-- positions of a vacancy and whether a placement came from a referral are added to it.
DROP INDEX vacancy_office;
CREATE INDEX vacancy_office ON vacancy(office_id, captured_on, positions);
DROP INDEX placement_office;
CREATE INDEX placement_office ON placement(office_id, start_on, referral_id);

-- Schema version 17: where an employer came from (the mayor's office asking for a visit, a
-- cluster, a fair, a walk-in, another employer's referral, SENCE, the region's outreach) and who
-- referred it, so the office can report back to whoever brought it the company (existing
-- employers start as 'unknown' with no detail); and the needs an employer raises as a neighbour.

ALTER TABLE employer ADD COLUMN lead_source TEXT NOT NULL DEFAULT 'unknown'
    CHECK (lead_source = 'unknown' OR lead_source = 'mayors_office' OR lead_source = 'cluster'
           OR lead_source = 'fair' OR lead_source = 'walk_in' OR lead_source = 'employer_referral'
           OR lead_source = 'sence' OR lead_source = 'outreach' OR lead_source = 'other');
ALTER TABLE employer ADD COLUMN lead_detail TEXT NOT NULL DEFAULT '';

-- The needs an employer raises as a neighbour of the commune (a diagnosis), each a category of the
-- office's service catalogue or free text, and the request that answers it.
CREATE TABLE employer_need (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    employer_id INTEGER NOT NULL REFERENCES employer(id),
    category TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    raised_on TEXT NOT NULL,
    interaction_id INTEGER REFERENCES interaction(id),
    request_id INTEGER REFERENCES service_request(id),
    dropped_on TEXT,
    drop_reason TEXT NOT NULL DEFAULT '',
    actor TEXT,
    CHECK (category <> '' OR description <> '')
) STRICT;
CREATE INDEX employer_need_office ON employer_need(office_id, raised_on);
CREATE INDEX employer_need_employer ON employer_need(employer_id);

-- Schema version 20: what the offices still could not record. `partner` is an office's partner
-- institutions (universities, training bodies, other public services such as SENCE or IPS,
-- business associations); `event_partner` a partner at an event (co-host, invited, attended);
-- `showing_partner` the partners in the audience of a showing of outreach material;
-- `interaction_participant` the people from outside the office and the employer at an
-- interaction (a SENCE officer at the park's meeting, a department's head at a visit), each from
-- a partner, a municipal department or a named organisation; `asset_appearance` who appears in
-- a piece of outreach material (a job seeker whose consent covers it, an employer's contact or a
-- staff member with the day they consented; no free text, so nothing in it can quote a seeker
-- whose data is later erased). The lists of values are comparisons joined by OR,
-- as 0013.sql explains.

CREATE TABLE partner (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    name TEXT NOT NULL CHECK (name <> ''),
    kind TEXT NOT NULL CHECK (kind = 'university' OR kind = 'training_body' OR kind = 'public_service'
                              OR kind = 'business_association' OR kind = 'other'),
    contact_name TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    commune TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    actor TEXT,
    UNIQUE (office_id, name)
) STRICT;

CREATE TABLE event_partner (
    event_id INTEGER NOT NULL REFERENCES event(id),
    partner_id INTEGER NOT NULL REFERENCES partner(id),
    co_host INTEGER NOT NULL DEFAULT 0 CHECK (co_host IN (0, 1)),
    invited INTEGER NOT NULL DEFAULT 0 CHECK (invited IN (0, 1)),
    attended INTEGER NOT NULL DEFAULT 0 CHECK (attended IN (0, 1)),
    attendees INTEGER NOT NULL DEFAULT 0 CHECK (attendees >= 0),
    PRIMARY KEY (event_id, partner_id)
) STRICT;
CREATE INDEX event_partner_partner ON event_partner(partner_id);

CREATE TABLE showing_partner (
    showing_id INTEGER NOT NULL REFERENCES showing(id),
    partner_id INTEGER NOT NULL REFERENCES partner(id),
    PRIMARY KEY (showing_id, partner_id)
) STRICT;
CREATE INDEX showing_partner_partner ON showing_partner(partner_id);

CREATE TABLE interaction_participant (
    id INTEGER PRIMARY KEY,
    interaction_id INTEGER NOT NULL REFERENCES interaction(id),
    name TEXT NOT NULL CHECK (name <> ''),
    role TEXT NOT NULL DEFAULT '',
    partner_id INTEGER REFERENCES partner(id),
    department_id INTEGER REFERENCES department(id),
    organisation TEXT NOT NULL DEFAULT '',
    CHECK ((partner_id IS NOT NULL) + (department_id IS NOT NULL) + (organisation <> '') = 1)
) STRICT;
CREATE INDEX interaction_participant_interaction ON interaction_participant(interaction_id);
CREATE INDEX interaction_participant_partner ON interaction_participant(partner_id) WHERE partner_id IS NOT NULL;
CREATE INDEX interaction_participant_department ON interaction_participant(department_id)
    WHERE department_id IS NOT NULL;

CREATE TABLE asset_appearance (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    asset_id INTEGER NOT NULL REFERENCES outreach_asset(id),
    office_id INTEGER NOT NULL REFERENCES office(id),
    seeker_id INTEGER REFERENCES job_seeker(id),
    contact_id INTEGER REFERENCES contact(id),
    staff_id INTEGER REFERENCES staff(id),
    scope TEXT NOT NULL CHECK (scope = 'image' OR scope = 'testimonial'),
    consent_on TEXT NOT NULL,
    recorded_on TEXT NOT NULL,
    removed_on TEXT,
    actor TEXT,
    CHECK ((seeker_id IS NOT NULL) + (contact_id IS NOT NULL) + (staff_id IS NOT NULL) = 1)
) STRICT;
CREATE INDEX asset_appearance_asset ON asset_appearance(asset_id);
CREATE INDEX asset_appearance_seeker ON asset_appearance(seeker_id) WHERE seeker_id IS NOT NULL;

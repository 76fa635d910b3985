-- Schema version 7: the latest contact of each employer and kind (the due list) read from an index
-- alone, and the interaction listing of an office in date and time order.

CREATE INDEX interaction_latest ON interaction(office_id, employer_id, kind, on_date)
    WHERE deleted_at IS NULL AND employer_id IS NOT NULL;

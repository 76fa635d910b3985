-- Schema version 12: Open311 GeoReport v2 served over HTTP. A service request keeps what a 311
-- client may send with it: the address's id in the municipality's address register, the postal
-- code, and the address of a photo (media_url). The catalogue's garbage removal gains an optional
-- attribute, what is to be removed (waste_kind, several choices), where the office has not
-- changed the category's attributes. Photos uploaded with a request are kept in the file
-- (request_photo).

ALTER TABLE service_request ADD COLUMN address_id TEXT NOT NULL DEFAULT '';
ALTER TABLE service_request ADD COLUMN zipcode TEXT NOT NULL DEFAULT '';
ALTER TABLE service_request ADD COLUMN media_url TEXT NOT NULL DEFAULT '';

UPDATE service_category SET attributes = 'location,waste_kind?'
WHERE code = 'garbage_removal' AND attributes = 'location';

-- A photo uploaded with a request (Open311's "photo upload kept with the request"): the image's
-- bytes as sent, one of the three types a phone takes or a browser shows, at most 5 MiB (checked
-- by the library, with the image's signature). Open311 serves it at /open311/v2/media/{uuid}, and
-- a request without a media_url of its own reads the address of its latest photo.
CREATE TABLE request_photo (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    request_id INTEGER NOT NULL REFERENCES service_request(id),
    content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    bytes BLOB NOT NULL,
    size INTEGER NOT NULL CHECK (size > 0 AND size = length(bytes)),
    actor TEXT
) STRICT;
CREATE INDEX request_photo_request ON request_photo(request_id, id);

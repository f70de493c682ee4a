-- mod_rmentor schema, version 12 (SQLite): membership of the sector body for the
-- senior role.  senior_members: who may apply as a Senior Mentor: those
-- whose sign-in carries senior_entitlement ('entitlement', as before), those
-- on the programme's uploaded list ('list'), or either ('either').
ALTER TABLE programme ADD COLUMN senior_members TEXT NOT NULL DEFAULT 'entitlement'
    CHECK (senior_members IN ('entitlement', 'list', 'either'));

-- The list of members an admin of the programme uploaded: sign-in names
-- (eduPersonPrincipalName), lower case, each once; replaced as a whole.
CREATE TABLE programme_member (
    programme_id  BIGINT NOT NULL REFERENCES programme(id),
    principal     TEXT NOT NULL,
    added_at      BIGINT NOT NULL,
    PRIMARY KEY (programme_id, principal)
);
CREATE INDEX programme_member_principal ON programme_member (principal);

-- Attenuation notices (docs/policies.md, "Attenuation notices"): when the edge last mailed a
-- user that their client checks too often, so a restart, or another node sharing this store,
-- does not send a second notice within the period; and a notice the relay could not take yet,
-- so it is retried after a restart too. One row per user who was ever sent (or owed) a notice.
CREATE TABLE attenuation_notice (
    user_name     VARCHAR(320) NOT NULL,
    last_sent_at  TIMESTAMP WITH TIME ZONE,
    pending_since TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_attenuation_notice PRIMARY KEY (user_name)
);
CREATE INDEX ix_attenuation_notice_pending ON attenuation_notice (pending_since);

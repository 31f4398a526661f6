-- The mail cache (H2). On embedded H2 the message bytes live in files under the data
-- directory (messages/), written temp-fsync-rename-fsync, and these rows are the index over
-- them, rebuilt from the files at start after a crash (db/README.md, "Content storage").
-- content stays NULL then; the column is there so that the content-in-the-row store that
-- PostgreSQL uses runs on H2 too (it does in this module's tests). BLOB, not BINARY VARYING,
-- which H2 caps at 1 MB.
-- No foreign key to edge_user: a cached user need not be in the directory.
CREATE TABLE cached_message (
    user_name  VARCHAR(320) NOT NULL,
    uid        VARCHAR(255) NOT NULL,
    size_bytes BIGINT NOT NULL,
    content    BLOB,
    fetched_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_cached_message PRIMARY KEY (user_name, uid)
);

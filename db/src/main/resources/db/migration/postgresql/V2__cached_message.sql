-- The mail cache (PostgreSQL). Content is BYTEA inside the database, so the row and its bytes
-- commit in one transaction and every node sharing this database sees the same cache
-- (db/README.md: "Content storage"). BYTEA holds up to 1 GB per value.
-- No foreign key to edge_user: a cached user need not be in the directory.
CREATE TABLE cached_message (
    user_name  VARCHAR(320) NOT NULL,
    uid        VARCHAR(255) NOT NULL,
    size_bytes BIGINT NOT NULL,
    content    BYTEA NOT NULL,
    fetched_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_cached_message PRIMARY KEY (user_name, uid)
);

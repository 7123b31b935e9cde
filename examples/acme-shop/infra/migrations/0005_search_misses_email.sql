-- Zero-result searches (for the synonyms list) and the e-mail suppression list.
CREATE TABLE search_misses (
  query   text NOT NULL,
  terms   text[] NOT NULL,
  filters text[] NOT NULL DEFAULT '{}',
  at      timestamptz NOT NULL
);
CREATE INDEX search_misses_at ON search_misses (at DESC);

CREATE TABLE email_suppressions (
  email  text PRIMARY KEY,
  reason text NOT NULL CHECK (reason IN ('bounce', 'complaint')),
  at     timestamptz NOT NULL
);

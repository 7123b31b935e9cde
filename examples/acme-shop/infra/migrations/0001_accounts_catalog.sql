-- Accounts, sessions and the catalog the storefront reads.
CREATE TABLE users (
  id                  text PRIMARY KEY,
  email               text NOT NULL UNIQUE,
  name                text NOT NULL,
  password_hash       text NOT NULL,
  plan                text NOT NULL DEFAULT 'free' CHECK (plan IN ('free', 'plus', 'business')),
  email_verified_at   timestamptz,
  marketing_opt_in    boolean NOT NULL DEFAULT false,
  password_changed_at timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id    text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_failures (email text NOT NULL, at timestamptz NOT NULL);
CREATE INDEX login_failures_email_at ON login_failures (email, at);

CREATE TABLE email_verifications (token_hash text PRIMARY KEY, user_id text NOT NULL REFERENCES users (id), expires_at timestamptz NOT NULL);
CREATE TABLE password_resets (token_hash text PRIMARY KEY, user_id text NOT NULL REFERENCES users (id), expires_at timestamptz NOT NULL);

CREATE TABLE products (
  id               text PRIMARY KEY,
  slug             text NOT NULL UNIQUE,
  title            text NOT NULL,
  brand            text NOT NULL,
  category         text NOT NULL,
  description      text NOT NULL DEFAULT '',
  price_cents      integer NOT NULL CHECK (price_cents > 0),
  sale_price_cents integer,
  currency         char(3) NOT NULL DEFAULT 'EUR',
  colours          text[] NOT NULL DEFAULT '{}',
  sizes            text[] NOT NULL DEFAULT '{}',
  popularity       integer NOT NULL DEFAULT 0,
  published        boolean NOT NULL DEFAULT false,
  search_vector    tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A') ||
    setweight(to_tsvector('english', brand || ' ' || category), 'B') ||
    setweight(to_tsvector('english', description), 'C')
  ) STORED
);
CREATE INDEX products_search ON products USING gin (search_vector);
CREATE INDEX products_category ON products (category, popularity DESC) WHERE published;

CREATE TABLE stock (
  product_id text NOT NULL REFERENCES products (id),
  size       text NOT NULL,
  on_hand    integer NOT NULL CHECK (on_hand >= 0),
  reserved   integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  PRIMARY KEY (product_id, size)
);

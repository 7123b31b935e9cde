-- Payment attempts (one row per try, retries included), saved cards in both vaults, PSP webhooks.
CREATE TABLE payment_attempts (
  payment_id    text NOT NULL,
  attempt       smallint NOT NULL,
  order_id      text NOT NULL REFERENCES orders (id),
  user_id       text NOT NULL REFERENCES users (id),
  gateway       text NOT NULL CHECK (gateway IN ('psp', 'payflow')),
  status        text NOT NULL CHECK (status IN ('authorized', 'challenge', 'declined')),
  decline_code  text,
  psp_reference text,
  amount_cents  integer NOT NULL,
  currency      char(3) NOT NULL,
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (payment_id, attempt)
);
CREATE INDEX payment_attempts_user_recent ON payment_attempts (user_id, created_at DESC);
CREATE INDEX payment_attempts_order ON payment_attempts (order_id);

CREATE TABLE saved_cards (
  id           text PRIMARY KEY,
  user_id      text NOT NULL REFERENCES users (id),
  vault        text NOT NULL CHECK (vault IN ('psp', 'payflow')),
  token        text NOT NULL,
  brand        text NOT NULL,
  last4        char(4) NOT NULL,
  expiry       char(5) NOT NULL,
  last_used_at timestamptz,
  deleted_at   timestamptz
);

CREATE TABLE psp_events (
  psp_reference text NOT NULL,
  event_code    text NOT NULL,
  payload       jsonb NOT NULL,
  received_at   timestamptz NOT NULL,
  PRIMARY KEY (psp_reference, event_code)
);

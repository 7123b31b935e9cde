-- Returns (RMAs) and the refunds paid for them.
CREATE TABLE returns (
  id           text PRIMARY KEY,
  rma          text NOT NULL UNIQUE,
  order_id     text NOT NULL REFERENCES orders (id),
  reason       text NOT NULL,
  status       text NOT NULL,
  doc          jsonb NOT NULL,
  created_at   timestamptz NOT NULL,
  received_at  timestamptz,
  inspected_by text,
  approved_by  text,
  approved_at  timestamptz
);
CREATE INDEX returns_received ON returns (received_at) WHERE status = 'received';

CREATE TABLE return_lines (
  return_id        text NOT NULL REFERENCES returns (id),
  product_id       text NOT NULL,
  size             text NOT NULL,
  quantity         integer NOT NULL,
  unit_price_cents integer NOT NULL
);

CREATE TABLE refunds (
  id             text PRIMARY KEY,
  return_id      text NOT NULL REFERENCES returns (id),
  order_id       text NOT NULL REFERENCES orders (id),
  amount_cents   integer NOT NULL,
  currency       char(3) NOT NULL,
  status         text NOT NULL CHECK (status IN ('submitted', 'settled', 'failed')),
  psp_reference  text,
  failure_reason text,
  created_at     timestamptz NOT NULL,
  settled_at     timestamptz
);

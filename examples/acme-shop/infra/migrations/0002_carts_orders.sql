-- Carts, orders and promotions.
CREATE TABLE carts (
  id         text PRIMARY KEY,
  user_id    text REFERENCES users (id),
  doc        jsonb NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX carts_user ON carts (user_id, updated_at DESC);

CREATE TABLE orders (
  id        text PRIMARY KEY,
  reference text NOT NULL UNIQUE,
  user_id   text NOT NULL REFERENCES users (id),
  status    text NOT NULL,
  doc       jsonb NOT NULL,
  placed_at timestamptz NOT NULL
);
CREATE INDEX orders_user ON orders (user_id, placed_at DESC);

CREATE TABLE order_history (order_id text NOT NULL REFERENCES orders (id), from_status text NOT NULL, to_status text NOT NULL, at timestamptz NOT NULL);

CREATE TABLE stock_reservations (
  order_id   text NOT NULL REFERENCES orders (id),
  product_id text NOT NULL,
  size       text NOT NULL,
  quantity   integer NOT NULL CHECK (quantity > 0)
);

CREATE TABLE promotions (
  code                text PRIMARY KEY,
  kind                text NOT NULL CHECK (kind IN ('percent', 'fixed', 'free_shipping')),
  value               integer NOT NULL DEFAULT 0,
  min_spend           jsonb,
  excludes_sale_items boolean NOT NULL DEFAULT true,
  first_order_only    boolean NOT NULL DEFAULT false,
  starts_at           timestamptz NOT NULL,
  ends_at             timestamptz NOT NULL,
  max_uses            integer,
  uses                integer NOT NULL DEFAULT 0
);
CREATE TABLE promotion_uses (code text NOT NULL REFERENCES promotions (code), order_id text NOT NULL, at timestamptz NOT NULL);

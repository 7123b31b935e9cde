/**
 * Composition root: builds every service from the platform's database and environment and mounts the
 * storefront API. The platform runtime calls `fetch` for each request.
 */
import { LoginService, SessionService } from './accounts/login';
import { PasswordReset } from './accounts/passwordReset';
import { SignupService } from './accounts/signup';
import { UserRepository } from './accounts/users';
import { EmailVerification } from './accounts/verifyEmail';
import { CartService } from './cart/cartService';
import { PromotionService } from './cart/promotions';
import { Inventory } from './catalog/inventory';
import { ProductRepository } from './catalog/products';
import type { CheckoutRequest } from './checkout/checkoutService';
import { CheckoutService } from './checkout/checkoutService';
import { Mailer } from './notifications/mailer';
import { OrderRepository } from './orders/orders';
import { OrderService } from './orders/orderService';
import { trackOrder } from './orders/tracking';
import { CardGateway } from './payments/cardGateway';
import { PayflowClient } from './payments/legacy/payflowClient';
import { PaymentService } from './payments/paymentService';
import { handleWebhook } from './payments/webhooks';
import { RefundService } from './refunds/refundService';
import { parseFilters } from './search/filters';
import { SearchService } from './search/searchService';
import { loadConfig } from './shared/config';
import type { Db } from './shared/db';
import { EventBus } from './shared/events';
import { json, readJson, Router } from './shared/http';

export interface Platform {
  db: Db;
  env: Record<string, string | undefined>;
}

const cookie = (req: Request, name: string) =>
  req.headers.get('cookie')?.split(';').map((c) => c.trim().split('=')).find(([k]) => k === name)?.[1];

export function createApp({ db, env }: Platform) {
  const config = loadConfig(env);
  const events = new EventBus();
  const mailer = new Mailer(config.mail, db);

  const users = new UserRepository(db);
  const sessions = new SessionService(db, config.sessionDays);
  const verification = new EmailVerification(db, users, mailer, config.publicUrl);
  const signup = new SignupService(users, verification, sessions, events);
  const login = new LoginService(db, users, sessions);
  const passwordReset = new PasswordReset(db, users, sessions, mailer, events, config.publicUrl);

  const products = new ProductRepository(db);
  const inventory = new Inventory(db);
  const search = new SearchService(db, inventory);
  const promotions = new PromotionService(db);
  const carts = new CartService(db, products, inventory, promotions);

  const psp = new CardGateway(config.psp);
  const payflow = new PayflowClient(config.payflow);
  const payments = new PaymentService(db, psp, payflow, events, config.publicUrl);
  const orderRepository = new OrderRepository(db);
  const orders = new OrderService(db, orderRepository, events);
  const checkout = new CheckoutService(carts, promotions, inventory, payments, orders, mailer);
  const refunds = new RefundService(db, { [psp.name]: psp, [payflow.name]: payflow }, config.refundAutoApproveLimit);

  const userId = (req: Request) => sessions.resolve(cookie(req, 'acme_session'));

  const router = new Router()
    .post('/api/account/signup', async ({ req }) => json(await signup.signUp(await readJson(req)), 201))
    .post('/api/account/login', async ({ req }) => {
      const body = await readJson<{ email: string; password: string }>(req);
      return json(await login.login(body.email, body.password));
    })
    .post('/api/account/password-reset', async ({ req }) => {
      await passwordReset.request((await readJson<{ email: string }>(req)).email);
      return json({ message: 'If an account exists for this address, we have sent a link to reset the password.' }, 202);
    })
    .post('/api/account/password-reset/complete', async ({ req }) => {
      const body = await readJson<{ token: string; password: string }>(req);
      await passwordReset.complete(body.token, body.password);
      return json({ ok: true });
    })
    .post('/api/account/verify', async ({ req }) => {
      await verification.confirm((await readJson<{ token: string }>(req)).token);
      return json({ ok: true });
    })
    .get('/api/search', async ({ url }) => json(await search.search(url.searchParams.get('q') ?? '', parseFilters(url.searchParams), Number(url.searchParams.get('page') ?? 1))))
    .get('/api/products/:slug', async ({ params }) => json(await products.bySlug(params.slug!)))
    .post('/api/cart', async () => json(await carts.create(), 201))
    .get('/api/cart/:id', async ({ params }) => json(await carts.get(params.id!)))
    .post('/api/cart/:id/items', async ({ req, params }) => {
      const body = await readJson<{ productId: string; size: string; quantity?: number }>(req);
      return json(await carts.addItem(params.id!, body.productId, body.size, body.quantity));
    })
    .post('/api/cart/:id/promo', async ({ req, params }) => {
      const { code } = await readJson<{ code: string }>(req);
      const { cart, result, message } = await carts.applyPromo(params.id!, code, false);
      return json({ cart, applied: result.ok, message }, result.ok ? 200 : 422);
    })
    .post('/api/checkout', async ({ req }) => {
      const id = await userId(req);
      const user = await users.byId(id);
      const body = await readJson<Omit<CheckoutRequest, 'user'>>(req);
      const history = await orderRepository.forUser(id, 1);
      return json(await checkout.placeOrder({ ...body, user: { id, email: user.email, isFirstOrder: history.length === 0 } }));
    })
    .get('/api/orders/:reference/tracking', async ({ req, params }) => {
      const order = await orderRepository.byReference(params.reference!, await userId(req));
      return json(await trackOrder(order, config.carriers));
    })
    .post('/webhooks/psp', async ({ req }) => {
      await handleWebhook(db, events, config.psp.webhookSecret, await req.text(), req.headers.get('x-psp-signature'));
      return json({ accepted: true }, 202);
    });

  return { fetch: (req: Request) => router.handle(req), jobs: { refundBatch: () => refunds.runBatch() } };
}

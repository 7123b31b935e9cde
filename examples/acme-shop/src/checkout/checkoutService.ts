/**
 * Placing an order: the one place where cart, stock, payment and orders meet. The order of the steps
 * matters: reserve stock before charging, release it if the charge fails, confirm only once paid.
 */
import type { Inventory } from '../catalog/inventory';
import { subtotal } from '../cart/cart';
import type { CartService } from '../cart/cartService';
import type { PromotionService } from '../cart/promotions';
import type { Mailer } from '../notifications/mailer';
import { orderConfirmation } from '../notifications/templates';
import type { Order } from '../orders/orders';
import type { OrderService } from '../orders/orderService';
import type { PaymentMethodInput, PaymentService } from '../payments/paymentService';
import { AppError, ValidationError } from '../shared/errors';
import { createLogger } from '../shared/logger';
import { validateAddress } from './address';
import type { Address } from './address';
import { shippingOptions } from './shipping';
import type { ShippingOptionId } from './shipping';

export interface CheckoutRequest {
  cartId: string;
  user: { id: string; email: string; isFirstOrder: boolean };
  address: Partial<Record<keyof Address, unknown>>;
  billingCountry: string;
  shippingOptionId: ShippingOptionId;
  payment: PaymentMethodInput;
}

export type CheckoutResult = { status: 'placed'; order: Order } | { status: 'challenge'; redirectUrl: string; orderId: string };

export class PaymentDeclinedError extends AppError {
  constructor(message: string, declineCode: string, attempts: number) {
    super(message, 402, 'payment_declined', { declineCode, attempts });
  }
}

const log = createLogger('checkout');

export class CheckoutService {
  constructor(
    private readonly carts: CartService,
    private readonly promotions: PromotionService,
    private readonly inventory: Inventory,
    private readonly payments: PaymentService,
    private readonly orders: OrderService,
    private readonly mailer: Mailer,
  ) {}

  // @cx checkout/address, checkout/confirmation
  async placeOrder(req: CheckoutRequest): Promise<CheckoutResult> {
    const cart = await this.carts.get(req.cartId);
    if (cart.lines.length === 0) throw new ValidationError('Your bag is empty.');
    const address = validateAddress(req.address);
    const option = shippingOptions(address, subtotal(cart)).find((o) => o.id === req.shippingOptionId);
    if (!option) throw new ValidationError('That delivery option is not available for this address.', { shippingOptionId: 'unavailable' });
    const totals = await this.carts.totals(cart, option.price, req.user.isFirstOrder);

    const order = await this.orders.createPending({
      userId: req.user.id,
      email: req.user.email,
      lines: cart.lines,
      address,
      shippingOption: option.id,
      ...totals,
      ...(cart.promoCode ? { promoCode: cart.promoCode } : {}),
    });
    await this.inventory.reserve(order.id, cart.lines);

    const payment = await this.payments.charge(
      { id: order.id, userId: req.user.id, email: req.user.email, total: totals.total, billingCountry: req.billingCountry, shippingCountry: address.country },
      req.payment,
    );
    if (payment.ok === 'challenge') return { status: 'challenge', redirectUrl: payment.redirectUrl, orderId: order.id };
    if (!payment.ok) {
      await this.inventory.release(order.id);
      await this.orders.markPaymentFailed(order.id);
      log.info('payment declined', { orderId: order.id, code: payment.declineCode, attempts: payment.attempts });
      throw new PaymentDeclinedError(payment.message, payment.declineCode, payment.attempts);
    }

    const paid = await this.orders.markPaid(order.id, payment.paymentId);
    if (paid.promoCode) await this.promotions.recordUse(paid.promoCode, paid.id);
    await this.mailer.send({ to: paid.email, ...orderConfirmation(paid, option.estimate) }).catch((error: unknown) => {
      log.error('confirmation e-mail failed', { orderId: paid.id, error });
    });
    return { status: 'placed', order: paid };
  }
}

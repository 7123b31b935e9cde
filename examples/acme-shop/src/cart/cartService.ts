/**
 * Cart operations behind the /cart endpoints. Carts are stored as JSON documents: they are small, short-lived
 * and always read whole.
 */
import type { Inventory } from '../catalog/inventory';
import { effectivePrice } from '../catalog/pricing';
import type { ProductRepository } from '../catalog/products';
import type { Db } from '../shared/db';
import { newId, one } from '../shared/db';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import type { Money } from '../shared/money';
import { add, subtract, zero } from '../shared/money';
import type { Cart } from './cart';
import { MAX_QUANTITY_PER_LINE, emptyCart, mergeCarts, subtotal } from './cart';
import type { PromotionService, PromoResult } from './promotions';
import { REJECTION_MESSAGES } from './promotions';

export interface CartTotals {
  subtotal: Money;
  discount: Money;
  shipping: Money;
  total: Money;
}

export class CartService {
  constructor(
    private readonly db: Db,
    private readonly products: ProductRepository,
    private readonly inventory: Inventory,
    private readonly promotions: PromotionService,
  ) {}

  async get(cartId: string): Promise<Cart> {
    const row = await one<{ doc: Cart }>(this.db, 'SELECT doc FROM carts WHERE id = $1', [cartId]);
    if (!row) throw new NotFoundError('cart', cartId);
    return row.doc;
  }

  async create(): Promise<Cart> {
    const cart = emptyCart(newId('cart'));
    await this.save(cart);
    return cart;
  }

  async addItem(cartId: string, productId: string, size: string, quantity = 1): Promise<Cart> {
    if (quantity < 1 || quantity > MAX_QUANTITY_PER_LINE) throw new ValidationError(`Quantity must be 1 to ${MAX_QUANTITY_PER_LINE}.`);
    const [cart, product] = await Promise.all([this.get(cartId), this.products.byId(productId)]);
    if (!product.sizes.includes(size)) throw new ValidationError(`${product.title} does not come in size ${size}.`, { size });
    const line = cart.lines.find((l) => l.productId === productId && l.size === size);
    const wanted = (line?.quantity ?? 0) + quantity;
    if ((await this.inventory.available(productId, size)) < wanted) {
      throw new ConflictError(`Only a few left: we can't add ${wanted} of ${product.title} in ${size}.`, 'low_stock');
    }
    if (line) line.quantity = Math.min(MAX_QUANTITY_PER_LINE, wanted);
    else cart.lines.push({ productId, title: product.title, size, quantity, unitPrice: effectivePrice(product), onSale: !!product.salePrice });
    return this.save(cart);
  }

  async removeLine(cartId: string, productId: string, size: string): Promise<Cart> {
    const cart = await this.get(cartId);
    cart.lines = cart.lines.filter((l) => !(l.productId === productId && l.size === size));
    return this.save(cart);
  }

  /** Applies a promo code, or explains why not; the cart keeps only codes that apply. */
  async applyPromo(cartId: string, code: string, isFirstOrder: boolean): Promise<{ cart: Cart; result: PromoResult; message?: string }> {
    const cart = await this.get(cartId);
    const result = this.promotions.evaluate(await this.promotions.find(code), cart, new Date(), isFirstOrder);
    if (!result.ok) return { cart, result, message: REJECTION_MESSAGES[result.reason] };
    cart.promoCode = code;
    return { cart: await this.save(cart), result };
  }

  /** Signing in: the guest cart joins the customer's and is deleted. */
  async adopt(guestCartId: string, userId: string): Promise<Cart> {
    const guest = await this.get(guestCartId);
    const existing = await one<{ doc: Cart }>(this.db, 'SELECT doc FROM carts WHERE user_id = $1 ORDER BY updated_at DESC LIMIT 1', [userId]);
    const merged = existing ? mergeCarts(existing.doc, guest) : { ...guest, userId };
    await this.db.query('DELETE FROM carts WHERE id = $1 AND id <> $2', [guest.id, merged.id]);
    return this.save(merged);
  }

  async totals(cart: Cart, shipping: Money, isFirstOrder: boolean): Promise<CartTotals> {
    const sub = subtotal(cart);
    let discount = zero(cart.currency);
    let shippingCost = shipping;
    if (cart.promoCode) {
      const result = this.promotions.evaluate(await this.promotions.find(cart.promoCode), cart, new Date(), isFirstOrder);
      if (result.ok) {
        discount = result.discount;
        if (result.freeShipping) shippingCost = zero(cart.currency);
      }
    }
    return { subtotal: sub, discount, shipping: shippingCost, total: add(subtract(sub, discount), shippingCost) };
  }

  private async save(cart: Cart): Promise<Cart> {
    cart.updatedAt = new Date().toISOString();
    await this.db.query(
      `INSERT INTO carts (id, user_id, doc, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (id) DO UPDATE SET user_id = EXCLUDED.user_id, doc = EXCLUDED.doc, updated_at = now()`,
      [cart.id, cart.userId ?? null, cart],
    );
    return cart;
  }
}

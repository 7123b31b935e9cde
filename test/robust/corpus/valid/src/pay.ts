// @cx checkout/pay refunds
export function pay(amount: number): boolean {
  return amount > 0; // @cx checkout/confirm
}

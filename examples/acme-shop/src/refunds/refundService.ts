/**
 * From "the warehouse received the parcel" to "money is on its way". Received returns are refunded by a
 * nightly batch; refunds above the auto-approve limit wait for customer care to approve them in the back office.
 */
import type { Db } from '../shared/db';
import { createLogger } from '../shared/logger';
import type { Currency } from '../shared/money';
import { money } from '../shared/money';
import type { PaymentGateway } from '../payments/gateway';
import { payOutRefund } from './refund.payment';

interface ReceivedReturn {
  id: string;
  order_id: string;
  amount_cents: number;
  currency: Currency;
  approved_by: string | null;
  received_at: string;
}

export interface BatchReport {
  refunded: number;
  failed: number;
  awaitingApproval: number;
}

const log = createLogger('refunds');

export class RefundService {
  constructor(
    private readonly db: Db,
    private readonly gateways: Record<string, PaymentGateway>,
    private readonly autoApproveLimit: number,
  ) {}

  /** The warehouse scanner calls this when a return parcel is opened and checked. */
  async markReceived(rma: string, inspectedBy: string): Promise<void> {
    await this.db.query("UPDATE returns SET status = 'received', received_at = now(), inspected_by = $2 WHERE rma = $1 AND status <> 'refunded'", [rma, inspectedBy]);
  }

  async approve(returnId: string, agent: string): Promise<void> {
    await this.db.query('UPDATE returns SET approved_by = $2, approved_at = now() WHERE id = $1', [returnId, agent]);
  }

  /** Runs nightly at 02:00 UTC. */
  async runBatch(): Promise<BatchReport> {
    const pending = await this.db.query<ReceivedReturn>(
      `SELECT r.id, r.order_id, r.approved_by, r.received_at, sum(l.unit_price_cents * l.quantity)::int AS amount_cents, o.currency
         FROM returns r JOIN return_lines l ON l.return_id = r.id JOIN orders o ON o.id = r.order_id
        WHERE r.status = 'received'
        GROUP BY r.id, o.currency
        ORDER BY r.received_at`,
    );
    const report: BatchReport = { refunded: 0, failed: 0, awaitingApproval: 0 };
    for (const r of pending) {
      if (r.amount_cents > this.autoApproveLimit && !r.approved_by) {
        report.awaitingApproval++;
        continue;
      }
      const payout = await payOutRefund(this.db, this.gateways, r.order_id, r.id, money(r.amount_cents, r.currency));
      if (payout.status === 'submitted') {
        await this.db.query("UPDATE returns SET status = 'refunded' WHERE id = $1", [r.id]);
        report.refunded++;
      } else {
        log.error('refund payout failed', { returnId: r.id, reason: payout.reason });
        report.failed++;
      }
    }
    log.info('refund batch done', { ...report });
    return report;
  }
}

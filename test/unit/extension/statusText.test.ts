import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import type { CxIndex, FileContext } from '../../../src/core/cxIndex';
import { loadDiskWorkspace } from '../../../src/core/diskWorkspace';
import { escapeMarkdown } from '../../../src/core/text';
import { escapeIcons, statusView } from '../../../src/extension/statusText';
import type { FileContextResult } from '../../../src/protocol/lsp';

const MINI = path.join(__dirname, '..', '..', 'fixtures', 'mini');

function result(ctx: FileContext): FileContextResult {
  return { ...ctx, workspaceFolder: 'file:///work/mini' };
}

/** A file context whose journey names, outcome and owner try Markdown, HTML, links and icons. */
function hostile(index: CxIndex): FileContextResult {
  const ctx = structuredClone(index.contextOf('src/payments/pay.ts'));
  const main = ctx.refs[0]!;
  main.title = 'Pay $(zap) <img src=x onerror=alert(1)> **bold**';
  main.outcome = '[click](command:workbench.action.terminal.new)\n# heading\n<script>alert(1)</script> &amp; https://evil.example';
  main.owner = '`code` _x_ | table';
  return result(ctx);
}

describe('status bar text (statusText.ts)', () => {
  let index: CxIndex;
  before(async () => {
    index = (await loadDiskWorkspace(MINI, { root: '.cx', window: 30 })).index;
  });

  it('shows the main journey or step, with a warning when a metric misses its target', () => {
    const view = statusView(result(index.contextOf('src/payments/pay.ts')))!;
    assert.equal(view.text, '$(person) Checkout › Pay $(warning)');
    assert.equal(view.warning, true);
    assert.equal(view.ref, 'checkout/pay');
    const ok = statusView(result(index.contextOf('src/cart/cart.ts')))!;
    assert.equal(ok.text, '$(person) Checkout › Cart');
    assert.equal(ok.warning, false);
  });

  it('counts the other journeys the file serves, and warns for any of them', () => {
    const view = statusView(result(index.contextOf('src/payments/retry.ts')))!;
    assert.equal(view.text, '$(person) Refunds +1 $(warning)', 'the annotation leads; the component adds checkout/pay, which is off target');
    assert.match(view.tooltip, /Also serves: Checkout › Pay ⚠/);
  });

  it('is hidden outside a folder with .cx/ and for a file that serves no journey', () => {
    assert.equal(statusView(null), undefined);
    const noJourney = index.contextOf('src/shared/log.ts');
    assert.deepEqual(noJourney.refs, []);
    assert.equal(statusView(result(noJourney)), undefined);
  });

  it('tooltip: outcome, metrics with the off-target one marked, feedback count and negative share, owner', () => {
    const tip = statusView(result(index.contextOf('src/payments/pay.ts')))!.tooltip;
    const lines = tip.split('\n');
    assert.equal(lines[0], '**Checkout › Pay** — ⚠ below target');
    assert.ok(lines.includes('*Outcome:* The card payment succeeds on the first attempt\\.'));
    assert.ok(lines.includes('- ⚠ Checkout conversion 61\\.8\\% \\(target 65\\%\\) ▼ off target'));
    assert.ok(lines.includes('- Payment latency 1\\.8 s \\(target 2 s\\) ▼'));
    assert.ok(lines.some((l) => /^- Feedback\\, 30 days to 2026\\-11\\-18\\: 2 feedback \\\(1 before\\\) · 50\\% negative/.test(l)), tip);
    assert.ok(lines.includes('Owner: \\@acme\\/payments'), tip);
    assert.equal(lines.at(-1), 'Click to show the context.');
    const quiet = statusView(result(index.contextOf('src/payments/retry.ts')))!.tooltip;
    assert.match(quiet, /No feedback in the 30 days to 2026\\-11\\-18/);
  });

  it('escapes text from .cx/: no icon, link, HTML, heading or emphasis survives', () => {
    const view = statusView(hostile(index))!;
    assert.equal(view.text, '$(person) Pay \\$(zap) <img src=x onerror=alert(1)> **bold** $(warning)');
    const tip = view.tooltip;
    assert.ok(!/[^\\][<>]/.test(tip), `unescaped angle bracket in ${tip}`);
    assert.ok(!/[^\\]\[/.test(tip), 'unescaped link bracket');
    assert.ok(!tip.includes('\n# '), 'a heading from the outcome');
    assert.ok(!/[^\\]\$\(/.test(tip), 'an icon');
    assert.ok(!/[^\\]&/.test(tip), 'an entity');
    assert.match(tip, /\*Outcome:\* \\\[click\\\]\\\(command\\:workbench\\\.action/);
    assert.match(tip, /Owner: \\`code\\` \\_x\\_ \\\| table/);
  });

  it('escapeMarkdown keeps the text on one line and escapes every punctuation mark Markdown reads', () => {
    assert.equal(escapeMarkdown('  a\n\nb\tc '), 'a b c');
    assert.equal(escapeMarkdown('*_`[]()<>#+-.!|~&$:'), '\\*\\_\\`\\[\\]\\(\\)\\<\\>\\#\\+\\-\\.\\!\\|\\~\\&\\$\\:');
    assert.equal(escapeMarkdown('\\'), '\\\\');
    assert.equal(escapeIcons('a $(zap) b $(x'), 'a \\$(zap) b \\$(x');
  });
});

#!/usr/bin/env node
// Generates the customer data of the demo workspace examples/acme-shop/.cx: feedback exports (Zendesk, Intercom,
// NPS survey CSVs, app store reviews, research interviews), the tagging log and the weekly metric series.
// Deterministic (seeded PRNG, fixed clock, no dependencies): running it twice gives byte-identical files.
// The journeys, components and source files are written by hand; line ranges in path links are computed from
// the source files here, so they stay right when the code moves. Usage: node scripts/gen-example.mjs
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { prng } from './lib/prng.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../examples/acme-shop');
const CX = path.join(ROOT, '.cx');

// ---------------------------------------------------------------------------------------------------------
// Randomness and time
// ---------------------------------------------------------------------------------------------------------

const rand = prng(20261120);
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = (list) => list[Math.floor(rand() * list.length)];
const chance = (p) => rand() < p;
/** Picks a key of `weights` ({a: 2, b: 1}) with probability proportional to its weight. */
function weighted(weights) {
  const entries = Object.entries(weights).filter(([, w]) => w > 0);
  let r = rand() * entries.reduce((s, [, w]) => s + w, 0);
  for (const [k, w] of entries) if ((r -= w) < 0) return k;
  return entries[entries.length - 1][0];
}
function shuffle(list) {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

const DAY = 86_400_000;
const END = Date.parse('2026-11-20T23:59:59Z');
const START = END - 90 * DAY + 1000; // 2026-08-23T00:00:00Z
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** Position of a time in the 90 days, 0..1. */
const phase = (ms) => (ms - START) / (END - START);

/** A time in the window, drawn with density proportional to `trend(phase)`, during waking hours. */
function drawDate(trend = () => 1) {
  for (;;) {
    const t = rand();
    if (rand() * 2.5 > trend(t)) continue;
    const day = START + Math.floor(t * 90) * DAY;
    const seconds = int(7 * 3600, 23 * 3600 - 1);
    const ms = day + seconds * 1000;
    if (ms <= END) return ms;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Line ranges in the example's source files
// ---------------------------------------------------------------------------------------------------------

const sourceCache = new Map();
function sourceLines(file) {
  if (!sourceCache.has(file)) sourceCache.set(file, fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n'));
  return sourceCache.get(file);
}

/** [first, last] (1-based) of the block that starts on the line containing `marker` and ends at the `}` at its indentation. */
function block(file, marker) {
  const lines = sourceLines(file);
  const start = lines.findIndex((l) => l.includes(marker));
  if (start < 0) throw new Error(`${file}: no line contains ${JSON.stringify(marker)}`);
  const indent = lines[start].match(/^\s*/)[0];
  const end = lines.findIndex((l, i) => i > start && (l === `${indent}}` || l === `${indent}};` || l === `${indent}];`));
  if (end < 0) throw new Error(`${file}: no end for the block at ${JSON.stringify(marker)}`);
  return [start + 1, end + 1];
}

const pathLink = (file, marker) => ({ path: file, lines: block(file, marker) });

const P = {
  chargeWithRetry: () => pathLink('src/payments/retry.ts', 'export async function chargeWithRetry'),
  shouldRetry: () => pathLink('src/payments/retry.ts', 'export function shouldRetry'),
  payflowCharge: () => pathLink('src/payments/legacy/payflowClient.ts', 'async charge('),
  threeDs: () => pathLink('src/payments/fraud.ts', 'export function assessRisk'),
  promoEvaluate: () => pathLink('src/cart/promotions.ts', '  evaluate(promo'),
  mergeCarts: () => pathLink('src/cart/cart.ts', 'export function mergeCarts'),
  synonyms: () => pathLink('src/search/synonyms.ts', 'const GROUPS'),
  ranking: () => pathLink('src/search/ranking.ts', 'export function rank('),
  filterClause: () => pathLink('src/search/filters.ts', 'export function filterClause'),
  mailer429: () => pathLink('src/notifications/mailer.ts', 'if (response.status === 429)'),
  suppressed: () => pathLink('src/notifications/mailer.ts', 'private async isSuppressed'),
  resetRequest: () => pathLink('src/accounts/passwordReset.ts', 'async request(email'),
  statusFromEvents: () => pathLink('src/orders/tracking.ts', 'export function statusFromEvents'),
  shippingOptions: () => pathLink('src/checkout/shipping.ts', 'export function shippingOptions'),
  refundBatch: () => pathLink('src/refunds/refundService.ts', 'async runBatch()'),
  eligibility: () => pathLink('src/refunds/returns.ts', 'export function returnEligibility'),
  moneyFormat: () => pathLink('src/shared/money.ts', 'export function format('),
  passwordRules: () => pathLink('src/accounts/passwords.ts', 'export function passwordProblems'),
};

// ---------------------------------------------------------------------------------------------------------
// Words customers use
// ---------------------------------------------------------------------------------------------------------

const SLOTS = {
  card: () => pick(['Visa', 'Mastercard', 'Amex', 'Visa debit', 'Monzo card', 'Revolut card', 'company Amex', 'Mastercard debit card']),
  amount: () => `${chance(0.35) ? '£' : '€'}${int(24, 239)}.${pick(['00', '90', '95', '50', '99'])}`,
  item: () => pick(['a pair of trainers', 'running shoes', 'a rain jacket', 'a wool jumper', 'two hoodies', 'a gilet', 'a backpack', 'ankle boots',
    'a puffer jacket', 'jeans and a belt', 'a parka']),
  product: () => pick(['trainers', 'running shoes', 'rain jacket', 'wool jumper', 'chinos', 'hoodie', 'gilet', 'backpack', 'ankle boots',
    'linen shirt', 'puffer jacket', 'swimsuit', 'jeans', 'trail shoes', 'parka', 'knit cardigan']),
  n: () => pick(['two', 'three', 'three', 'four', '5']),
  code: () => pick(['AUTUMN20', 'WELCOME10', 'FREESHIP', 'PLUS15', 'STUDENT10', 'COMEBACK15', 'BLACKFRIDAY25']),
  query: () => pick(['sneakers', 'sneakers', 'running sneakers', 'white sneakers', 'fanny pack', 'sweater', 'pants', 'rain boots', 'tank top',
    'puffer vest', 'kids sneakers', 'tennis shoes']),
  days: () => String(int(3, 9)),
  weeks: () => pick(['two', 'three', 'three', 'four', 'almost four']),
  orderref: () => `A-${code4()}-${code4()}`,
  provider: () => pick(['Gmail', 'Outlook', 'Hotmail', 'iCloud', 'Yahoo', 'work']),
  weekday: () => pick(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'the weekend']),
  country: () => pick(['Belgium', 'Austria', 'Denmark', 'Switzerland', 'Portugal']),
  size: () => pick(['M', 'L', 'S', '42', '38', 'UK 8', 'UK 10', '44']),
  colour: () => pick(['black', 'navy', 'olive', 'white', 'grey']),
  carrier: () => pick(['ParcelPro', 'Royal Post', 'EuroDispatch', 'EuroDispatch']),
  device: () => pick(['iPhone', 'Android phone', 'iPad', 'laptop', 'Pixel', 'Samsung']),
};
const code4 = () => Array.from({ length: 4 }, () => pick([...'23456789ABCDEFGHJKLMNPQRSTUVWXYZ'])).join('');

function fill(template, ctx = {}) {
  return template.replace(/\{(\w+)\}/g, (_, name) => {
    if (!(name in ctx)) ctx[name] = SLOTS[name] ? SLOTS[name]() : `{${name}}`;
    return ctx[name];
  });
}

const OPENERS = {
  negative: ['', '', '', 'Hi,\n\n', 'Hello,\n\n', 'Hi team,\n\n', 'Not happy. '],
  neutral: ['', '', 'Hi,\n\n', 'Hello,\n\n', 'Quick question. '],
  positive: ['', '', 'Hi! ', 'Just wanted to say thanks. '],
};
const CLOSERS = {
  negative: ['', '', '', ' Please sort this out.', ' Really disappointed.', ' Not the first time either.', ' I expect better from you.', ' Please help.', ' Very frustrating.'],
  neutral: ['', '', ' Thanks.', ' Thanks in advance.', ' Let me know.'],
  positive: ['', '', ' Thanks!', ' Keep it up.', ' Will order again.', ' 👍'],
};
const PLAN_NOTES = {
  plus: ['I pay for Plus, so I expected better.', 'Plus member for two years.'],
  business: ["We order for our whole team, this costs us time.", 'This is on our business account.'],
  free: [''],
};

// ---------------------------------------------------------------------------------------------------------
// Topics: what customers write about, per journey/step, with sentiment, trend over the 90 days and links
// ---------------------------------------------------------------------------------------------------------

/**
 * weight: relative volume per source; trend(t): relative volume over the window (t = 0 … 1);
 * sentiment(t): weights of negative/neutral/positive; ref: the journey reference a CX agent would tag;
 * component/path: more precise refs sometimes used instead or as well.
 */
const TOPICS = [
  {
    key: 'pay-declined', ref: 'checkout/pay', component: 'payments-api', path: P.shouldRetry,
    weight: { zendesk: 14, intercom: 12, nps: 8, appstore: 9 },
    trend: (t) => 0.7 + 1.6 * t, sentiment: () => ({ negative: 9, neutral: 1 }),
    titles: ['Payment declined twice', 'Card keeps getting declined', "Can't pay for my order", 'Payment failed but my bank says all fine', 'Declined at checkout again', 'Payment error'],
    text: {
      negative: [
        'My {card} was declined twice at checkout even though my bank says nothing is wrong with the card. The third time it went through. Why does this keep happening?',
        'Tried to pay {amount} for {item} and got "Your bank declined the payment" {n} times. Called my bank: they never refused anything. Ended up ordering elsewhere.',
        'Payment declined, tried again, declined again. Ten minutes later the exact same card worked. Stressful when the item is about to sell out.',
        'Checkout says my {card} was declined but there is plenty of money on it and it works everywhere else.',
        ['We couldn\'t reach your bank??', 'Every time I press Pay it spins for ages and then says "We couldn\'t reach your bank". Been trying since yesterday.'],
        'Payment declined twice on my {device}. Worked on the first try on my partner\'s phone with the same card. What is going on?',
        'Your checkout declined my card {n} times in a row, then my bank texted me asking if the attempts were fraud. Embarrassing.',
      ],
      neutral: [['Is my order placed?', 'Payment failed once with "We couldn\'t reach your bank" and then worked. Is my order definitely placed?']],
    },
    details: ['Using the app on my {device}.', 'Tried on desktop and phone.', 'This is the second time this month.', ''],
  },
  {
    key: 'pay-double', ref: 'checkout/pay', component: 'payments-api', path: P.chargeWithRetry,
    weight: { zendesk: 10, intercom: 8, nps: 3, appstore: 4 },
    trend: (t) => (t < 0.2 ? 0.15 : 0.4 + 2 * t), sentiment: () => ({ negative: 1 }),
    titles: ['Charged twice!', 'Two pending payments for one order', 'Double charge on my card', 'Money taken twice after a failed payment'],
    text: {
      negative: [
        'Checkout told me the payment failed, so I paid again. Now I see two pending charges of {amount} on my {card} and only one order. Please refund the duplicate.',
        'I was charged twice for order {orderref}. The first attempt said it failed but the money left my account anyway.',
        'There are {n} pending transactions from Acme in my banking app for a single order. My bank says they are authorisations from you.',
        'After the "we couldn\'t reach your bank" error I tried again and it worked, but now there are two holds of {amount}. When does the first one disappear?',
        'Double charged AGAIN. {amount} twice for a single order. I\'m overdrawn because of this.',
      ],
    },
    details: ['Order {orderref}.', 'Screenshot of my bank statement attached.', 'I need this money back before the weekend.', ''],
  },
  {
    key: 'pay-3ds', ref: 'checkout/pay', path: P.threeDs,
    weight: { zendesk: 4, intercom: 5, appstore: 3, nps: 2 },
    trend: () => 1, sentiment: () => ({ negative: 8, neutral: 2 }),
    titles: ['Bank verification loops', '3D Secure not working', 'Stuck on verification screen'],
    text: {
      negative: [
        'The bank verification pop-up never loads on my {device}, it just spins and then the payment fails.',
        'Had to approve the payment in my banking app three times and each time checkout said it failed.',
        'The 3D Secure page timed out and I was sent back to an empty bag.',
      ],
      neutral: [['Bank check every time', 'Why do I have to verify with my bank every single time? Other shops remember me.']],
    },
    details: [''],
  },
  {
    key: 'pay-saved-card', ref: 'checkout/pay', component: 'payments-legacy', path: P.payflowCharge,
    weight: { zendesk: 4, intercom: 3, appstore: 1 },
    trend: () => 1, sentiment: () => ({ negative: 1 }),
    titles: ['Saved card always fails', 'Old saved card declined', 'Problem with my saved card'],
    text: {
      negative: [
        'My saved card (on file since 2022) fails every time. Adding the same card again as a new card works. Why?',
        'Saved {card} ending in {last4} gets declined, typing the card in again works fine. Weird.',
        'Paying with my saved card takes forever and then fails with an error. New cards are fine.',
      ],
    },
    details: [''],
  },
  {
    key: 'pay-good', ref: 'checkout/pay',
    weight: { nps: 6, appstore: 5, intercom: 1 },
    trend: (t) => 1.2 - 0.6 * t, sentiment: () => ({ positive: 1 }),
    titles: ['Quick checkout', 'Easy to pay'],
    text: {
      positive: [['Apple Pay is great', 'Apple Pay checkout is brilliant, took about ten seconds.'], 'Paying is quick and easy, I like that it remembers my card.',
        'Smooth checkout as always.', ['Google Pay works', 'Google Pay works perfectly, no typing card numbers on my phone.']],
    },
    details: [''],
  },
  {
    key: 'promo', ref: 'checkout/promo', component: 'cart', path: P.promoEvaluate,
    weight: { zendesk: 7, intercom: 10, nps: 3, appstore: 3 },
    trend: (t) => 0.8 + (t > 0.85 ? 1.5 : 0), sentiment: () => ({ negative: 7, neutral: 3 }),
    titles: ['Promo code not applied', 'Discount code problem', "Discount code doesn't work"],
    text: {
      negative: [
        ['"Doesn\'t apply to sale items"?', 'The code {code} from your e-mail isn\'t applied. It says "This code doesn\'t apply to sale items" but nothing in my bag says it is on sale.'],
        ['Minimum spend not met?', 'I have {amount} in my bag and {code} says I haven\'t reached the minimum spend. Makes no sense.'],
        'Promo code {code} was accepted in the bag but the discount disappeared at the payment step.',
        ['Code not recognised', 'Your newsletter promised 20% off with {code}. "We don\'t recognise that code." Typed it exactly as in the e-mail.'],
        'Promo code not applied. I paid full price and only noticed on the confirmation e-mail.',
      ],
      neutral: [['Forgot to use my code', 'Can I still use {code} after placing the order? I forgot to enter it.'],
        ['Promo codes and sale items', 'Does {code} work on sale items? The bag says no but the e-mail didn\'t mention it.']],
    },
    details: ['Order {orderref}.', 'Can you refund the difference?', ''],
  },
  {
    key: 'cart', ref: 'checkout/cart', component: 'cart', path: P.mergeCarts,
    weight: { zendesk: 3, intercom: 4, appstore: 4, nps: 2 },
    trend: () => 1, sentiment: () => ({ negative: 6, neutral: 2, positive: 2 }),
    titles: ['Bag emptied', 'Items disappeared from my bag'],
    text: {
      negative: ['My bag emptied when I signed in. Had to find all {n} items again.', 'Items in my bag changed when I logged in on the app, the {product} disappeared.',
        ['Price changed in my bag', 'The price in my bag went up between adding the {product} and checking out.']],
      neutral: [['How long do items stay in the bag?', 'How long do items stay in my bag? Some of mine vanished after a few days.']],
      positive: [['Bag sync', 'Love that the bag syncs between my phone and laptop.']],
    },
    details: [''],
  },
  {
    key: 'address', ref: 'checkout/address',
    weight: { zendesk: 2, intercom: 3, nps: 1 },
    trend: () => 1, sentiment: () => ({ negative: 3, neutral: 2 }),
    titles: ['Address problem at checkout'],
    text: {
      negative: [['No delivery to {country}?', 'Checkout won\'t let me ship to {country}. Your site says you deliver in Europe.'],
        ['Flat number missing', 'There is no field for my flat number on the app, the second address line is hidden.'],
        'Checkout forgets my address every time and I have to type it again.'],
      neutral: [['Delivery to {country}?', 'Do you deliver to {country}? The country list at checkout doesn\'t have it.']],
    },
    details: [''],
  },
  {
    key: 'confirmation', ref: 'checkout/confirmation',
    weight: { zendesk: 3, intercom: 5, nps: 1, appstore: 1 },
    trend: () => 1, sentiment: () => ({ negative: 3, neutral: 4, positive: 1 }),
    titles: ['No order confirmation', 'Did my order go through?'],
    text: {
      negative: ['No order confirmation e-mail, but the money was taken. Is there an order or not?'],
      neutral: ['I didn\'t get a confirmation e-mail, can you check if order {orderref} went through?', 'Confirmation page showed but no e-mail yet. Just checking everything is fine.'],
      positive: [['Clear confirmation', 'Got the confirmation right away with a clear delivery date. Nice.']],
    },
    details: [''],
  },
  {
    key: 'search-zero', ref: 'search/results', component: 'search-api', path: P.synonyms,
    weight: { zendesk: 3, intercom: 4, nps: 6, appstore: 7 },
    trend: (t) => (t < 0.45 ? 2.2 : 0.35), sentiment: () => ({ negative: 8, neutral: 2 }),
    titles: ['Search finds nothing', 'No results for "{query}"'],
    text: {
      negative: [
        'Search returns nothing for "{query}". You obviously sell them!',
        'Typed "sneakers" and got "No results". Found them under Trainers by browsing, eventually.',
        'Why does searching for {query} show zero products? Your search is useless.',
        'Searched "{query}" on the app, nothing. Searched on Google and landed on your product page.',
      ],
      neutral: ['Is there a different word I should use? Searching for {query} finds nothing.'],
    },
    details: [''],
  },
  {
    key: 'search-relevance', ref: 'search/results', component: 'search-api', path: P.ranking,
    weight: { intercom: 1, nps: 4, appstore: 4, zendesk: 1 },
    trend: () => 1, sentiment: () => ({ negative: 5, neutral: 3 }),
    titles: ['Search results irrelevant', 'Search could be better'],
    text: {
      negative: ['Searching for "{colour} {product}" shows everything except {colour} {product}.', 'Results show items that are sold out in my size. What\'s the point?',
        'Search results are all over the place, the thing I want is on page 3.'],
      neutral: ['Search is ok but I wish it showed my size first.'],
    },
    details: [''],
  },
  {
    key: 'filters', ref: 'search/filters', path: P.filterClause,
    weight: { nps: 2, appstore: 4, intercom: 2 },
    trend: () => 1, sentiment: () => ({ negative: 6, neutral: 2 }),
    titles: ['Filters', 'Problem with filters'],
    text: {
      negative: ['The size filter resets every time I change the colour.', 'Filtering by size {size} still shows shoes that are sold out in {size}.',
        'On the app the filters forget my search words, I have to type them again.'],
      neutral: [['Wide fit filter?', 'Could you add a filter for wide fit?']],
    },
    details: [''],
  },
  {
    key: 'recos', ref: 'search/recommendations', component: 'recommendations',
    weight: { nps: 4, appstore: 3, intercom: 1 },
    trend: () => 1, sentiment: () => ({ negative: 3, neutral: 2, positive: 4 }),
    titles: ['Recommendations'],
    text: {
      negative: ['Keeps recommending the exact {product} I already bought.', 'The "customers also bought" bit is always the same five items.'],
      neutral: ['Recommendations are ok, nothing special.'],
      positive: [['Good suggestions', 'The "customers also bought" suggestions are actually good, found a great belt for my jeans.'],
        ['Complete the look!', 'Love the "complete the look" section, bought the whole outfit.']],
    },
    details: [''],
  },
  {
    key: 'search-good', ref: 'search',
    weight: { nps: 8, appstore: 4, intercom: 2 },
    trend: (t) => 0.6 + t, sentiment: () => ({ positive: 1 }),
    titles: ['Easy to find things', 'Great search'],
    text: { positive: ['Search is fast and finds exactly what I want.', 'Easy to find what I\'m looking for, great filters.', 'Found the exact {product} I saw on Instagram in seconds.'] },
    details: [''],
  },
  {
    key: 'signup', ref: 'onboarding/signup', component: 'accounts', path: P.passwordRules,
    weight: { nps: 3, appstore: 4, zendesk: 1, intercom: 2 },
    trend: () => 1, sentiment: () => ({ negative: 3, neutral: 1, positive: 5 }),
    titles: ['Sign-up problem'],
    text: {
      negative: [['Password rules', 'The password rules are only explained after you submit. Took me four tries to sign up.'],
        ['"Account already exists"', 'Sign-up says an account with this e-mail already exists, but I never created one. I only checked out as a guest.']],
      neutral: [['Account needed?', 'Why do I need an account to save my size?']],
      positive: [['Easy sign-up', 'Signing up took a minute, really easy.'], ['Easy sign-up', 'Creating an account was painless.']],
    },
    details: [''],
  },
  {
    key: 'verify', ref: 'onboarding/verify-email',
    weight: { zendesk: 2, intercom: 3 },
    trend: () => 1, sentiment: () => ({ negative: 1 }),
    titles: ['Verification link expired', 'Verification e-mail'],
    text: { negative: ['The verification link says it has expired. I clicked it the same day!', 'The verification e-mail took over an hour to arrive.',
      'Clicked verify on my phone, it opened the app and said "link not valid".'] },
    details: [''],
  },
  {
    key: 'reset-email', ref: 'onboarding/password-reset', component: 'notifications', path: P.mailer429,
    weight: { zendesk: 8, intercom: 7, appstore: 3, nps: 2 },
    trend: (t) => 0.8 + (t > 0.8 ? 1.4 : 0), sentiment: () => ({ negative: 1 }),
    titles: ['Password reset email never arrived', 'Locked out of my account', "Can't reset my password"],
    text: {
      negative: [
        'The password reset e-mail never arrived. Checked spam, nothing. Tried {n} times.',
        'I asked for a password reset three times and got nothing. Locked out of my account with an order on its way.',
        ['Reset link not working', 'Reset link says it "has already been used or a newer one was sent". I only clicked the one e-mail I got!'],
        'Forgot-password e-mails don\'t come through to my {provider} address. Every other shop manages.',
        'No reset e-mail, no way to log in, no way to see my order. Please help.',
      ],
    },
    details: ['My e-mail is the same one you send newsletters to, and those arrive fine.', 'Tried on the app and on the website.', ''],
  },
  {
    key: 'login', ref: 'onboarding/login', component: 'accounts',
    weight: { appstore: 6, nps: 2, intercom: 2 },
    trend: () => 1, sentiment: () => ({ negative: 4, neutral: 1, positive: 3 }),
    titles: ['Signing in'],
    text: {
      negative: [['Logged out all the time', 'The app logs me out every few days.'], ['Locked out', 'Locked out for 15 minutes after mistyping my password, while a sale was ending.']],
      neutral: [['Sign in with Apple?', 'Can I sign in with Apple?']],
      positive: [['Face ID', 'Face ID login on the app is great.'], ['Better now', 'Staying signed in on the app works well now.']],
    },
    details: [''],
  },
  {
    key: 'tracking', ref: 'delivery/tracking', component: 'orders', path: P.statusFromEvents,
    weight: { zendesk: 9, intercom: 10, nps: 3, appstore: 3 },
    trend: (t) => 1.2 - 0.5 * t, sentiment: () => ({ negative: 5, neutral: 4, positive: 1 }),
    titles: ['Where is my order?', 'Tracking not updating'],
    text: {
      negative: [
        'Tracking has said "ready and waiting for the carrier" for {days} days.',
        ['Tracking link broken', 'The tracking link goes to EuroDispatch and says "parcel not found".'],
        'No idea where my order is. The tracking page hasn\'t updated since {weekday}.',
      ],
      neutral: ['Where is order {orderref}? The tracking page shows nothing yet.', ['Which carrier?', 'Can you tell me which carrier has my parcel? The e-mail has no tracking number.']],
      positive: [['Great tracking', 'Love the tracking updates, I knew exactly when it would arrive.']],
    },
    details: ['Order {orderref}.', ''],
  },
  {
    key: 'delivered', ref: 'delivery/delivered', component: 'orders',
    weight: { zendesk: 6, intercom: 4, nps: 6, appstore: 3 },
    trend: (t) => 1 + (t > 0.5 && t < 0.7 ? 1 : 0), sentiment: () => ({ negative: 5, neutral: 1, positive: 4 }),
    titles: ['Delivery'],
    text: {
      negative: [['Late delivery', 'Paid for express delivery, it arrived {days} days late.'], ['Left with a stranger', 'The parcel was left with a neighbour I have never met.'],
        ['Parcel damaged', 'The {product} arrived damaged, the box was crushed.'], ['Item missing', 'Half my order arrived, no sign of the {product}.']],
      neutral: ['Delivery was a day later than promised, not a big deal.'],
      positive: [['Fast delivery', 'Arrived the next day, nicely packed.'], 'Delivery was fast and the driver was lovely.', ['Quick as always', 'Super quick delivery, as always.']],
    },
    details: [''],
  },
  {
    key: 'shipping-options', ref: 'delivery/shipping-options', path: P.shippingOptions,
    weight: { intercom: 3, nps: 3, zendesk: 1 },
    trend: () => 1, sentiment: () => ({ negative: 3, neutral: 3, positive: 3 }),
    titles: ['Delivery options'],
    text: {
      negative: [['Next-day cut-off', 'Why is next-day delivery gone after 2pm? Other shops offer it until 10pm.'], ['Express to Ireland', 'No express delivery to Ireland on a {amount} order?']],
      neutral: [['Saturday delivery?', 'Do you offer Saturday delivery?']],
      positive: ['Free delivery over €60 is great.', ['Click & Collect', 'Click & Collect is really handy.']],
    },
    details: [''],
  },
  {
    key: 'refund-slow', ref: 'refunds/refund-issued', component: 'returns', path: P.refundBatch,
    weight: { zendesk: 16, intercom: 9, nps: 7, appstore: 5 },
    trend: (t) => 0.5 + 2 * t, sentiment: () => ({ negative: 1 }),
    titles: ['Where is my refund?', 'Refund still not received', 'Return received, no refund', 'Refund chase'],
    text: {
      negative: [
        'You confirmed you received my return, and I still haven\'t got my refund of {amount}. It has been {weeks} weeks.',
        ['Refund took 3 weeks', 'Refund took 3 weeks to arrive. Your website says 5 days.'],
        'Sent the {product} back a month ago. Tracking shows you signed for it. Still no refund. This is the third time I\'m writing.',
        ['Partial refund', 'Returned two items, got refunded for one.'],
        ['"Awaiting approval"?', 'When will I get my {amount} back? Customer service says it is "awaiting approval". Approval of what?'],
        'Still waiting for my refund after {weeks} weeks. I won\'t order again until this is fixed.',
      ],
    },
    details: ['Return number R-{last4}.', 'Order {orderref}.', 'I have the proof of postage.', ''],
  },
  {
    key: 'return-request', ref: 'refunds/request', component: 'returns', path: P.eligibility,
    weight: { zendesk: 5, intercom: 5, nps: 2, appstore: 2 },
    trend: () => 1, sentiment: () => ({ negative: 5, neutral: 2, positive: 3 }),
    titles: ['Returns'],
    text: {
      negative: [['Final sale?', 'I can\'t return a sale item, the site says final sale. It wasn\'t marked as final sale when I bought it.'],
        ['Return button greyed out', 'The return button is greyed out on my order even though it arrived last week.'],
        ['Faulty item', 'The return form doesn\'t let me say the item is faulty.']],
      neutral: [['Returning part of an order', 'How do I return one item from a bigger order?']],
      positive: [['Easy returns', 'Starting a return was really easy.'], ['Easy returns', 'Returns are simple, no questions asked.']],
    },
    details: [''],
  },
  {
    key: 'return-label', ref: 'refunds/return-label',
    weight: { zendesk: 4, intercom: 4, nps: 2 },
    trend: () => 1, sentiment: () => ({ negative: 6, neutral: 3 }),
    titles: ['Return label'],
    text: {
      negative: ['The return label e-mail never came.', ['Drop-off point', 'The label is for a carrier with no drop-off point anywhere near me.'],
        ['No printer', 'I don\'t have a printer. Why can\'t I get a QR code like every other shop?']],
      neutral: ['Can you send the return label again? I deleted the e-mail.'],
    },
    details: [''],
  },
  {
    key: 'refund-good', ref: 'refunds',
    weight: { nps: 3, appstore: 1 },
    trend: (t) => 1.4 - t, sentiment: () => ({ positive: 1 }),
    titles: ['Quick refund'],
    text: { positive: ['Refund came through in three days, great service.', 'Easy return and a quick refund.'] },
    details: [''],
  },
  {
    key: 'delivery-good', ref: 'delivery',
    weight: { nps: 9, appstore: 3, intercom: 1 },
    trend: () => 1, sentiment: () => ({ positive: 8, neutral: 2 }),
    titles: ['Fast delivery'],
    text: {
      positive: ['Delivery is always quick and the tracking is spot on.', 'Ordered Sunday night, had it Tuesday morning.', 'Parcels always arrive when you say they will.'],
      neutral: ['Delivery fine, packaging could use less plastic.'],
    },
    details: [''],
  },
  {
    key: 'checkout-good', ref: 'checkout',
    weight: { nps: 5, appstore: 2 },
    trend: (t) => 1.3 - 0.7 * t, sentiment: () => ({ positive: 7, neutral: 3 }),
    titles: ['Easy ordering'],
    text: { positive: ['Easy to order, took me two minutes.', 'Ordering is simple and quick.'], neutral: ['Checkout is ok, a few too many steps.'] },
    details: [''],
  },
  {
    key: 'account-good', ref: 'onboarding',
    weight: { nps: 3, appstore: 3, intercom: 1 },
    trend: () => 1, sentiment: () => ({ positive: 7, neutral: 3 }),
    titles: ['Account'],
    text: { positive: ['Having my sizes and addresses saved makes it so easy.', 'Love that I can see all my orders in one place.'], neutral: ['Account page is fine.'] },
    details: [''],
  },
  // Not tied to a journey: the CX inbox.
  {
    key: 'praise', weight: { nps: 13, appstore: 8, intercom: 1 },
    trend: () => 1, sentiment: () => ({ positive: 8, neutral: 2 }),
    titles: ['Love it', 'Great shop', 'Five stars'],
    text: {
      positive: ['Great quality and fast delivery, will buy again.', 'Love the autumn collection!', 'Best customer service I\'ve had from an online shop.',
        'Good prices, good quality, nice app.', 'Always find something I like.', 'Consistently good, recommended you to friends.'],
      neutral: [['Fine', 'Fine, does the job.'], ['A bit pricey', 'Decent shop, a bit pricey.'], ['Ok', 'Ok overall.']],
    },
    details: [''],
  },
  {
    key: 'misc', weight: { zendesk: 6, intercom: 8, nps: 4, appstore: 5 },
    trend: () => 1, sentiment: () => ({ negative: 4, neutral: 6 }),
    titles: ['Question'],
    text: {
      negative: [['App crashes', 'The app crashes when I open my wishlist on the iPad.'], ['Sizing', 'Sizes run small, had to send everything back.'],
        ['Unsubscribe', 'Too many marketing e-mails even after I unsubscribed.']],
      neutral: [['Phone number?', 'Do you have a phone number? I prefer to call.'], ['Back in stock?', 'Will the {product} come back in size {size}?'],
        ['Dark mode', 'Please add dark mode to the app.'], ['Change address', 'Can I change the delivery address after ordering?']],
    },
    details: [''],
  },
  {
    key: 'currency', path: P.moneyFormat, weight: { zendesk: 2, intercom: 1 },
    trend: () => 1, sentiment: () => ({ negative: 1 }),
    titles: ['Wrong format on receipt', 'Receipt amount format'],
    text: {
      negative: ['My receipt shows the total as "49,90 £" with a comma. Our accounting software rejects it.',
        'The receipt e-mail shows the amount in the German format although I\'m in the UK.'],
    },
    details: [''],
  },
];
const TOPIC = Object.fromEntries(TOPICS.map((t) => [t.key, t]));

// ---------------------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------------------

const segmentOf = () => weighted({ free: 55, plus: 33, business: 12 });

/** A title and text about `topic`: a template (or a [title, template] pair), maybe a detail, a plan note, an opener, a closer. */
function compose(topic, sentiment, ctx, { long = false, opener = true, survey = false } = {}) {
  const texts = topic.text[sentiment] ?? topic.text.negative ?? topic.text.neutral ?? topic.text.positive;
  const chosen = pick(texts);
  const [titleTemplate, template] = Array.isArray(chosen) ? chosen : [pick(topic.titles), chosen];
  let text = fill(template, ctx);
  const detail = fill(pick(topic.details), ctx);
  if (detail && !survey && (long || chance(0.5))) text += ` ${detail}`;
  if (sentiment === 'negative' && ctx.segment && chance(0.25)) {
    const note = pick(PLAN_NOTES[ctx.segment]);
    if (note) text += ` ${note}`;
  }
  if (opener) text = pick(OPENERS[sentiment]) + text;
  // Survey answers and reviews are short: no sign-off most of the time.
  if (!survey || chance(0.3)) text += pick(CLOSERS[sentiment]);
  return { title: fill(titleTemplate, ctx), text };
}

/** The links a record arrives with (an agent's macro, a survey's page context), or none. */
function linksFor(topic, share) {
  if (!topic.ref && !topic.path) return [];
  if (!chance(share)) return [];
  const roll = rand();
  if (!topic.ref) return [topic.path()];
  if (roll < 0.68 || (!topic.component && !topic.path)) return [{ journey: topic.ref }];
  if (roll < 0.8 && topic.path) return [{ journey: topic.ref }, topic.path()];
  if (roll < 0.92 && topic.component) return [{ component: topic.component }];
  if (topic.path) return [topic.path()];
  return [{ journey: topic.ref }];
}

const SCORE_OF = {
  csat: { negative: [1, 2], neutral: [3, 3], positive: [4, 5] },
  rating: { negative: [1, 2], neutral: [3, 3], positive: [4, 5] },
  nps: { negative: [0, 6], neutral: [7, 8], positive: [9, 10] },
};
const scoreFor = (type, sentiment) => ({ type, value: int(...SCORE_OF[type][sentiment]) });

function drawTopic(source) {
  return TOPIC[weighted(Object.fromEntries(TOPICS.map((t) => [t.key, t.weight[source] ?? 0])))];
}

/** One record of `source` about `topic`; fields as the export of that tool would carry them. */
function record(source, topic, date) {
  const sentiment = weighted(topic.sentiment(phase(date)));
  const segment = source === 'appstore' ? undefined : segmentOf();
  const ctx = { segment, last4: String(int(1000, 9999)) };
  const r = { id: '', date: iso(date), source };
  switch (source) {
    case 'zendesk': {
      Object.assign(r, compose(topic, sentiment, ctx, { long: true }));
      const roll = rand();
      if (roll < 0.4) r.score = scoreFor('csat', sentiment);
      else if (roll < 0.9) r.sentiment = sentiment;
      break;
    }
    case 'intercom':
      r.text = compose(topic, sentiment, ctx).text;
      r.score = scoreFor('csat', sentiment);
      break;
    case 'nps':
      r.text = compose(topic, sentiment, ctx, { opener: false, survey: true }).text;
      r.score = scoreFor('nps', sentiment);
      break;
    case 'appstore':
      Object.assign(r, compose(topic, sentiment, ctx, { opener: false, survey: true }));
      r.score = scoreFor('rating', sentiment);
      break;
  }
  if (segment) r.segment = segment;
  const share = { zendesk: 0.45, intercom: 0.3, nps: 0.1, appstore: 0.12 }[source];
  // The survey asks "What is this mostly about?" with one choice per journey; most people answer it.
  const links = source === 'nps' && topic.ref && chance(0.55) ? [{ journey: topic.ref.split('/')[0] }] : linksFor(topic, share);
  return { record: r, topic: topic.key, links, sentiment };
}

const VOLUME = { zendesk: 172, intercom: 84, nps: 112, appstore: 56 };
const drafts = [];
for (const [source, count] of Object.entries(VOLUME)) {
  for (let i = 0; i < count; i++) {
    const topic = drawTopic(source);
    drafts.push(record(source, topic, drawDate(topic.trend)));
  }
}

// The ticket the docs and tests quote: ZD-48213, "payment declined twice", tagged by Ana on 2 November.
const hero = {
  record: {
    id: 'ZD-48213',
    date: '2026-10-30T16:41:12Z',
    source: 'zendesk',
    title: 'Payment declined twice, then charged twice',
    text: 'Hi, I tried to pay for my order (running shoes, €129.90) with my Visa and got "Your bank declined the payment". '
      + 'Tried again, declined again. The third time it worked. Now my banking app shows two pending payments of €129.90 '
      + 'and one order. My bank says both are authorisations from Acme. Please cancel the extra one, I need that money this week.',
    score: { type: 'csat', value: 1 },
    segment: 'plus',
  },
  topic: 'pay-double',
  links: [],
  sentiment: 'negative',
};
drafts.push(hero);

// Ids and urls in the order each tool would number them.
function numberBy(source, first, step, idOf, urlOf) {
  const list = drafts.filter((d) => d.record.source === source).sort((a, b) => a.record.date.localeCompare(b.record.date));
  let n = first;
  const numbers = list.map(() => (n += int(...step)));
  if (source === 'zendesk') {
    const at = list.indexOf(hero);
    const shift = 48213 - numbers[at];
    for (let i = 0; i < numbers.length; i++) numbers[i] += shift;
  }
  list.forEach((d, i) => {
    if (d !== hero) d.record.id = idOf(numbers[i], d);
    d.record.url = urlOf(numbers[i], d);
  });
}
numberBy('zendesk', 0, [6, 38], (n) => `ZD-${n}`, (n) => `https://acme.zendesk.example/agent/tickets/${n}`);
numberBy('intercom', 7_718_000, [40, 400], (n) => `IC-${n}`, (n) => `https://app.intercom.example/a/inbox/acme/inbox/conversation/${n}`);
numberBy('nps', 0, [1, 1], (n, d) => `NPS-${d.record.date.slice(0, 4)}-${String(n).padStart(4, '0')}`, (n) => `https://survey.acme.example/nps/responses/${8800 + n}`);
numberBy('appstore', 10_300, [1, 9], (n) => `AS-${n}`, (n) => `https://apps.apple.example/gb/app/acme-shop/id1488207715?review=${n}`);

// Research interviews: long notes, written up by the researcher, with the journeys already linked.
const interviews = [
  {
    id: 'INT-2026-09-08-a', date: '2026-09-08T10:00:00Z', segment: 'plus', sentiment: 'negative',
    title: 'Checkout study #1: Plus customer, mobile, buys monthly',
    links: [{ journey: 'checkout/pay' }, { journey: 'checkout/promo' }],
    text: 'Buys about once a month, always on her phone, usually in the evening. Walked us through her last order: she had a PLUS15 code '
      + 'from the Plus e-mail, entered it, it showed the discount, then at the payment step the total was back to full price. She '
      + 'didn\'t notice until the confirmation. "I felt a bit stupid, but also a bit cheated." Payment: her card was declined the first '
      + 'time, "it said something about my bank", she tried again and it worked. She now expects it to fail once: "it\'s just how your '
      + 'checkout is". She did not know she could contact us about it. Would like Apple Pay to be the default on the phone.',
  },
  {
    id: 'INT-2026-09-10-b', date: '2026-09-10T14:30:00Z', segment: 'business', sentiment: 'neutral',
    title: 'Checkout study #2: office manager, business account',
    links: [{ journey: 'checkout' }],
    text: 'Orders uniforms and safety shoes for a team of 14, roughly every six weeks, on a laptop. Checkout itself is fine for him once '
      + 'the bag is full; building the bag is the slow part (no way to paste a list of sizes). Payment is with the company Amex. Twice '
      + 'this year the payment failed and he had to ask finance whether the card was blocked; both times it was not. He needs a VAT '
      + 'invoice with the company name, which he currently requests by e-mail each time. "If the invoice was in the account, I would '
      + 'not have to write to you at all." Satisfied overall, price matters less than reliability.',
  },
  {
    id: 'INT-2026-09-15-c', date: '2026-09-15T09:30:00Z', segment: 'free', sentiment: 'negative',
    title: 'Checkout study #3: first-time buyer from an Instagram ad',
    links: [{ journey: 'search/results' }, { journey: 'checkout/pay' }],
    text: 'Came from an Instagram ad for white sneakers. Typed "white sneakers" into search, got no results, assumed they were sold out '
      + 'and almost left. Found them by tapping the ad again. At checkout she was asked to create an account; the password was refused '
      + 'twice before she understood the rules. Her debit card was declined with "We couldn\'t reach your bank", she tried again, and '
      + 'the next morning saw two pending amounts in her banking app. One disappeared after five days. "I wouldn\'t buy again if it '
      + 'happened a second time." Verbatim worth keeping: "The shop is nice, the paying part is scary."',
  },
  {
    id: 'INT-2026-09-17-d', date: '2026-09-17T16:00:00Z', segment: 'plus', sentiment: 'positive',
    title: 'Checkout study #4: long-time Plus customer, desktop',
    links: [{ journey: 'checkout' }, { journey: 'delivery/tracking' }],
    text: 'Customer since 2019, upgraded to Plus for free next-day delivery. Checkout is "fast, I don\'t think about it". Uses a saved '
      + 'card, has never had a decline. Likes the confirmation e-mail with the delivery window and checks tracking "more than I should". '
      + 'Only complaint: EuroDispatch parcels show nothing on the tracking page until they arrive. Suggested we show the expected day '
      + 'even without carrier events. Would recommend us to friends (said 9 without being asked for a score).',
  },
  {
    id: 'INT-2026-11-03-a', date: '2026-11-03T11:00:00Z', segment: 'free', sentiment: 'negative',
    title: 'Returns study #1: returned two pairs of jeans',
    links: [{ journey: 'refunds/refund-issued' }, { journey: 'refunds/return-label' }],
    text: 'Ordered two sizes of the same jeans on purpose, as she always does, and sent one back. Getting the label meant finding a '
      + 'printer (she went to her local library). The parcel was signed for by our warehouse on 14 October; the refund arrived on '
      + '5 November. In between she wrote to us twice and was told the refund was "awaiting approval". She now waits for refunds '
      + 'before ordering again, which she did not do before. "Three weeks is a long time to lend you €60." Wants a QR code for the '
      + 'drop-off and one message when the parcel arrives and one when the money is sent.',
  },
  {
    id: 'INT-2026-11-05-b', date: '2026-11-05T15:00:00Z', segment: 'business', sentiment: 'negative',
    title: 'Returns study #2: business customer, returns of wrong sizes',
    links: [{ journey: 'refunds' }],
    text: 'Returns happen every order for them (team sizes are a guess). Each return over €150 now takes two to three weeks to be '
      + 'refunded; the company credit card statement closes in between, and finance has to chase the missing credit. She understands '
      + 'large refunds need a check but nobody told her; she found out by calling. Would accept a store credit that arrives at once as '
      + 'an alternative. Otherwise happy with the products and delivery.',
  },
  {
    id: 'INT-2026-11-10-c', date: '2026-11-10T10:30:00Z', segment: 'plus', sentiment: 'neutral',
    title: 'Returns study #3: Plus customer, frequent returner',
    links: [{ journey: 'refunds/request' }],
    text: 'Returns about a third of what he buys. Starting a return is easy, he likes choosing the reason from a list. He was surprised '
      + 'that a jacket bought at 50% off was final sale: the product page said "sale", not "final sale". Refund timing has got worse '
      + 'this autumn in his view ("used to be a few days, now it\'s weeks"), but he is still happy with the shop and the Plus perks. '
      + 'Asked whether we could refund when the carrier scans the parcel rather than when the warehouse opens it.',
  },
  {
    id: 'INT-2026-11-12-d', date: '2026-11-12T13:00:00Z', segment: 'free', sentiment: 'negative',
    title: 'Returns study #4: could not log in to start a return',
    links: [{ journey: 'onboarding/password-reset' }, { journey: 'refunds/request' }],
    text: 'Wanted to return a coat but could not sign in: the password reset e-mail never arrived, after three attempts over two days '
      + '(checked spam; Outlook address). Ended up writing to support, who started the return for her. She assumed we had deleted her '
      + 'account. "When the e-mail doesn\'t come you think it\'s you." The return and refund themselves were fine once started. '
      + 'Would like to start a return from the order e-mail without logging in.',
  },
];
for (const i of interviews) {
  drafts.push({
    record: { id: i.id, date: i.date, source: 'interview', title: i.title, text: i.text, sentiment: i.sentiment, segment: i.segment,
      url: `https://acme.notion.example/research/${i.id.toLowerCase()}` },
    topic: 'interview',
    links: i.links,
    sentiment: i.sentiment,
  });
}

for (const d of drafts) if (d.links.length) d.record.links = d.links;

// ---------------------------------------------------------------------------------------------------------
// Tagging decisions by the CX team
// ---------------------------------------------------------------------------------------------------------

const TAGGERS = ['ana@acme.example', 'ana@acme.example', 'li.wei@acme.example', 'tom.berger@acme.example'];
const tags = [];
/** When a CX agent would get to it: `minDays`…`maxDays` after the record, on a working day, 08:00–17:59 UTC. */
const at = (d, minDays, maxDays) => {
  let t = Date.parse(d.record.date) + int(minDays * 24, maxDays * 24) * 3_600_000;
  let day = Math.floor(t / DAY) * DAY;
  if (t - day >= 18 * 3_600_000) day += DAY;
  while ([0, 6].includes(new Date(day).getUTCDay())) day += DAY;
  if (t - day < 8 * 3_600_000 || t - day >= 18 * 3_600_000) t = day + int(8 * 3600, 17 * 3600) * 1000;
  t = Math.floor(t / 1000) * 1000 + int(0, 59) * 1000;
  return iso(Math.min(t, Date.parse('2026-11-23T17:30:00Z')));
};
const tag = (op, d, ref, when, by = pick(TAGGERS)) => tags.push({ op, feedback: d.record.id, ref, by, at: when });

tag('add', hero, { journey: 'checkout/pay' }, '2026-11-02T09:14:00Z', 'ana@acme.example');
tag('add', hero, P.chargeWithRetry(), '2026-11-02T09:15:30Z', 'ana@acme.example');

const inbox = (key) => shuffle(drafts.filter((d) => d.topic === key && d !== hero && !d.links.length && d.record.source !== 'interview'));
const plan = [
  // topic, how many, which ref
  ['pay-declined', 3, (t) => ({ journey: t.ref })],
  ['pay-declined', 2, () => P.shouldRetry()],
  ['pay-double', 4, () => P.chargeWithRetry()],
  ['pay-saved-card', 2, () => ({ component: 'payments-legacy' })],
  ['refund-slow', 4, (t) => ({ journey: t.ref })],
  ['refund-slow', 2, () => P.refundBatch()],
  ['return-label', 3, (t) => ({ journey: t.ref })],
  ['reset-email', 3, () => ({ component: 'notifications' })],
  ['reset-email', 2, () => P.mailer429()],
  ['promo', 3, (t) => ({ journey: t.ref })],
  ['search-zero', 3, (t) => ({ journey: t.ref })],
  ['filters', 1, (t) => ({ journey: t.ref })],
  ['recos', 2, () => ({ component: 'recommendations' })],
  ['signup', 1, (t) => ({ journey: t.ref })],
  ['login', 1, (t) => ({ journey: t.ref })],
  ['confirmation', 2, (t) => ({ journey: t.ref })],
  ['shipping-options', 2, (t) => ({ journey: t.ref })],
  ['tracking', 2, (t) => ({ journey: t.ref })],
  ['delivered', 2, (t) => ({ journey: t.ref })],
  ['currency', 1, () => P.moneyFormat()],
];
for (const [key, count, refOf] of plan) {
  const candidates = inbox(key).filter((d) => !tags.some((t) => t.feedback === d.record.id));
  for (const d of candidates.slice(0, count)) tag('add', d, refOf(TOPIC[key]), at(d, 0.2, 4));
}

// Corrections: a tag taken back, and a link an agent's macro set wrongly.
for (const d of inbox('promo').filter((x) => !tags.some((t) => t.feedback === x.record.id)).slice(0, 2)) {
  const first = at(d, 0.2, 2);
  tag('add', d, { journey: 'search/results' }, first, 'tom.berger@acme.example');
  tag('remove', d, { journey: 'search/results' }, iso(Date.parse(first) + 26 * 3_600_000), 'ana@acme.example');
  tag('add', d, { journey: 'checkout/promo' }, iso(Date.parse(first) + 26 * 3_600_000 + 40_000), 'ana@acme.example');
}
const macroMistakes = shuffle(drafts.filter((d) => d.topic === 'refund-slow' && d.record.source === 'zendesk' && d.links.length)).slice(0, 2);
for (const d of macroMistakes) {
  // The "payment problem" macro linked checkout/pay; the ticket is about a refund.
  d.record.links = [{ journey: 'checkout/pay' }];
  const when = at(d, 0.5, 3);
  tag('remove', d, { journey: 'checkout/pay' }, when, 'li.wei@acme.example');
  tag('add', d, { journey: 'refunds/refund-issued' }, iso(Date.parse(when) + 60_000), 'li.wei@acme.example');
}
// A saved-card ticket the macro sent to payments-api: it is the legacy gateway's.
const legacy = shuffle(drafts.filter((d) => d.topic === 'pay-saved-card' && d.record.source === 'zendesk' && !tags.some((t) => t.feedback === d.record.id)))[0];
if (legacy) {
  legacy.record.links = [{ component: 'payments-api' }];
  const when = at(legacy, 0.5, 2);
  tag('remove', legacy, { component: 'payments-api' }, when, 'ana@acme.example');
  tag('add', legacy, { component: 'payments-legacy' }, iso(Date.parse(when) + 45_000), 'ana@acme.example');
}

tags.sort((a, b) => a.at.localeCompare(b.at));

// ---------------------------------------------------------------------------------------------------------
// Metric series: weekly, 26 Mondays up to 2026-11-16
// ---------------------------------------------------------------------------------------------------------

const MONDAYS = Array.from({ length: 26 }, (_, i) => iso(Date.parse('2026-11-16T00:00:00Z') - (25 - i) * 7 * DAY).slice(0, 10));
const wk = (i) => i / 25; // 0 … 1 over the half year
/** Piecewise-linear through [x, y] knots (x in weeks 0–25). */
const curve = (knots) => (i) => {
  for (let k = 1; k < knots.length; k++) {
    const [x0, y0] = knots[k - 1];
    const [x1, y1] = knots[k];
    if (i <= x1) return y0 + ((y1 - y0) * (i - x0)) / (x1 - x0);
  }
  return knots[knots.length - 1][1];
};
const noise = (amp) => (rand() * 2 - 1) * amp;
// Less noise on the last two weeks, so the latest change points the way the curve goes (the editor shows it as the trend).
const series = (metric, f, amp, digits = 1) => MONDAYS.map((date, i) => ({ metric, date, value: (f(i) + noise(i >= 24 ? amp / 5 : amp)).toFixed(digits) }));

// Week 15 (2026-09-07) is when the new retry policy shipped; week 16 the customer-care reorganisation.
const metrics = {
  'onboarding.csv': [
    ...series('onboarding.signup-completion', (i) => 77 + 4.5 * wk(i), 0.6),
    ...series('onboarding.reset-success', curve([[0, 86.5], [17, 85.5], [21, 82], [25, 80.5]]), 0.8),
  ],
  'search.csv': [
    ...series('search.zero-results', curve([[0, 6.1], [11, 6.3], [13, 9.6], [18, 9.9], [20, 5.2], [25, 4.6]]), 0.25),
    ...series('search.search-to-cart', curve([[0, 11.6], [12, 11.8], [15, 10.4], [19, 10.6], [22, 12.3], [25, 12.7]]), 0.25),
  ],
  'delivery.csv': [
    ...series('delivery.on-time', curve([[0, 95.6], [18, 95.2], [20, 92.4], [22, 94.1], [25, 95.3]]), 0.5),
    ...series('delivery.wismo', curve([[0, 26], [14, 24], [18, 21], [25, 18.5]]), 1),
  ],
  'refunds.csv': [
    ...series('refunds.refund-days', curve([[0, 5.2], [15, 5.6], [18, 8.4], [25, 12.1]]), 0.35),
    ...series('refunds.return-csat', curve([[0, 4.15], [15, 4.05], [25, 3.35]]), 0.05, 2),
  ],
};
// checkout.csv carries a segment column: overall rows (segment empty) and conversion by plan.
const conversion = curve([[0, 64.6], [14, 64.2], [16, 62.9], [25, 60.7]]);
const checkoutRows = [
  ...series('checkout.conversion', conversion, 0.4),
  ...['free', 'plus', 'business'].flatMap((segment) => {
    const offset = { free: -3.8, plus: 4.9, business: 7.4 }[segment];
    return series('checkout.conversion', (i) => conversion(i) + offset, 0.7).map((r) => ({ ...r, segment }));
  }),
  ...series('checkout.payment-success', curve([[0, 96.9], [14, 96.6], [16, 94.8], [25, 92.6]]), 0.3),
  ...series('checkout.time-to-pay', curve([[0, 51], [14, 52], [25, 58]]), 1.2),
];

// ---------------------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------------------

function write(rel, text) {
  const file = path.join(CX, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}
const jsonl = (items) => items.map((x) => JSON.stringify(x)).join('\n') + '\n';
const csvCell = (v) => {
  if (v === undefined || v === null) return '';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};
const csv = (columns, rows) => [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';

/** Field order as the exports have them. */
const ORDER = ['id', 'date', 'source', 'title', 'text', 'score', 'sentiment', 'segment', 'url', 'links'];
const ordered = (r) => Object.fromEntries(ORDER.filter((k) => r[k] !== undefined).map((k) => [k, r[k]]));
const bySource = (source) => drafts.filter((d) => d.record.source === source).map((d) => ordered(d.record)).sort((a, b) => a.date.localeCompare(b.date));

fs.rmSync(path.join(CX, 'feedback'), { recursive: true, force: true });
fs.rmSync(path.join(CX, 'metrics'), { recursive: true, force: true });

const zendesk = bySource('zendesk');
for (const month of ['2026-08', '2026-09', '2026-10', '2026-11']) write(`feedback/zendesk/${month}.jsonl`, jsonl(zendesk.filter((r) => r.date.startsWith(month))));
write('feedback/intercom/conversations.jsonl', jsonl(bySource('intercom')));
const nps = bySource('nps');
const NPS_COLUMNS = ['id', 'date', 'source', 'segment', 'score', 'text', 'url', 'links'];
write('feedback/nps/2026-q3.csv', csv(NPS_COLUMNS, nps.filter((r) => r.date < '2026-10-01')));
write('feedback/nps/2026-q4.csv', csv(NPS_COLUMNS, nps.filter((r) => r.date >= '2026-10-01')));
write('feedback/appstore/reviews.jsonl', jsonl(bySource('appstore')));
const interviewRecords = bySource('interview');
write('feedback/interviews/2026-09-checkout-study.jsonl', jsonl(interviewRecords.filter((r) => r.date < '2026-10-01')));
write('feedback/interviews/2026-11-returns-study.jsonl', jsonl(interviewRecords.filter((r) => r.date >= '2026-10-01')));

write('tags.jsonl', jsonl(tags));

for (const [file, rows] of Object.entries(metrics)) write(`metrics/${file}`, csv(['metric', 'date', 'value'], rows));
write('metrics/checkout.csv', csv(['metric', 'date', 'value', 'segment'], checkoutRows));

const count = (pred) => drafts.filter(pred).length;
console.log(`feedback: ${drafts.length} records (${Object.entries(VOLUME).map(([s]) => `${s} ${count((d) => d.record.source === s)}`).join(', ')}, interview ${interviews.length}); `
  + `${count((d) => d.record.links?.length)} with links; tags: ${tags.length}; metric points: ${Object.values(metrics).flat().length + checkoutRows.length}`);

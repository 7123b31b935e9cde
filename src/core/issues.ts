/** Turns zod issues into short sentences a person can act on. */
import type { z } from 'zod';

export function issueMessage(issue: z.core.$ZodIssue, field?: string): string {
  const where = field ? `'${field}'` : 'value';
  if (issue.code === 'invalid_type') {
    if (issue.message.includes('received undefined')) return `${where} is required`;
    return `${where} must be ${articled(issue.expected)}`;
  }
  if (issue.code === 'invalid_value' && 'values' in issue) {
    return `${where} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  if (issue.code === 'invalid_union') return `${where} has an unexpected shape`;
  return `${where} ${issue.message.replace(/^Invalid input: /, '')}`.replace(/ (\w+) must be/, ' must be');
}

function articled(expected: string): string {
  if (expected === 'array') return 'a list';
  if (expected === 'object') return 'a mapping';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

/** Edit distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j]!;
      prev[j] = Math.min(above + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = above;
    }
  }
  return prev[b.length]!;
}

/** The known names closest to `name`, best first: close by edit distance or sharing a prefix. */
export function closest(name: string, known: Iterable<string>, max = 3): string[] {
  const scored: [string, number][] = [];
  const limit = Math.max(2, Math.floor(name.length / 3));
  for (const k of known) {
    const d = editDistance(name.toLowerCase(), k.toLowerCase());
    const prefix = k.startsWith(name) || name.startsWith(k) ? 0.5 : 0;
    if (d <= limit || prefix) scored.push([k, d - prefix]);
  }
  return scored.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).slice(0, max).map(([k]) => k);
}

/**
 * What `cx init` and the editor's Initialize Workspace write: a commented `.cx/` a team can read and edit straight
 * away. Each file is created atomically and only when absent, so running it again never overwrites anyone's data.
 */
import * as path from 'node:path';
import { createFileAtomic, ensureLine } from './atomicWrite';
import { TAGS_GITATTRIBUTES_LINE } from './tagLog';

export const SCAFFOLD: Record<string, string> = {
  'journeys.yaml': `# Customer journeys: what customers come to do, the outcome they expect, and how we measure it.
# Refer to a journey as \`checkout\` and to a step as \`checkout/pay\` (in components and in @cx annotations).
journeys:
  - id: checkout                      # lower-case letters, digits and dashes; unique
    name: Checkout
    outcome: Customers pay for their cart in under a minute, first time.
    owner: "@your-org/payments"       # optional: who answers for this journey
    steps:
      - id: pay                       # unique within the journey
        name: Pay
        outcome: The card payment succeeds on the first attempt.
    metrics:
      - id: conversion                # its series lives in .cx/metrics/*.csv as checkout.conversion
        name: Checkout conversion
        unit: "%"
        target: 65
        better: higher                # higher | lower
        step: pay                     # optional
`,
  'components.yaml': `# Components: areas of code and the journeys they serve.
# Patterns use CODEOWNERS syntax relative to the workspace folder; the last matching pattern decides,
# and a pattern starting with ! excludes.
components:
  - id: payments
    name: Payments
    owner: "@your-org/payments"
    paths:
      - /src/payments/
      - "!/src/payments/legacy/"
    journeys: [checkout/pay]
`,
  'feedback/README.md': `Put feedback exports here: one JSON object a line (.jsonl) or a CSV with the same column names.
Required: id, date (ISO 8601), text. Optional: source, title, score ({"type":"nps","value":3}), sentiment,
segment, url, links ([{"journey":"checkout/pay"}]). See example.jsonl.
`,
  'feedback/example.jsonl': `{"id":"EXAMPLE-1","date":"2026-11-02T09:14:00Z","source":"zendesk","title":"Card declined","text":"My card was declined twice before it went through.","score":{"type":"csat","value":2},"segment":"plus","links":[{"journey":"checkout/pay"}]}
`,
  'tags.jsonl': '',
  'metrics/example.csv': `metric,date,value
checkout.conversion,2026-10-01,61.8
`,
};

export interface ScaffoldResult {
  /** Paths written, relative to the workspace folder, `/`-separated: `.cx/journeys.yaml`. */
  written: string[];
  /** Paths left as they were because they exist. */
  kept: string[];
}

/** Scaffolds `<folder>/<cxDir>/`: the example files that do not exist yet, and the tags log's merge rule. */
export async function writeScaffold(folder: string, cxDir = '.cx'): Promise<ScaffoldResult> {
  const written: string[] = [];
  const kept: string[] = [];
  const root = path.join(folder, cxDir);
  for (const [rel, content] of Object.entries(SCAFFOLD)) {
    const shown = `${cxDir}/${rel}`;
    if (await createFileAtomic(path.join(root, rel), content)) written.push(shown);
    else kept.push(shown);
  }
  if (await ensureLine(path.join(root, '.gitattributes'), TAGS_GITATTRIBUTES_LINE)) written.push(`${cxDir}/.gitattributes`);
  return { written, kept };
}

/** Plain-text and Markdown renderings of core answers for the `cx` CLI. */
import type { CoverageReport } from '../core/coverage';
import type { FileContext, RefContext } from '../core/cxIndex';
import { lastDay, metricLine, pct, quote, statsLine } from '../core/text';

function refBlock(r: RefContext): string[] {
  const out = [`${r.title}${r.health === 'warning' ? '  ⚠ below target' : ''}`];
  const via = r.via.map((v) => (v.kind === 'component' ? `component ${v.id}` : `@cx on line ${v.line + 1}`));
  if (via.length) out.push(`  via: ${via.join(', ')}`);
  if (r.outcome) out.push(`  outcome: ${r.outcome}`);
  if (r.stepId && r.journeyOutcome && r.journeyOutcome !== r.outcome) out.push(`  journey outcome: ${r.journeyOutcome}`);
  if (r.owner) out.push(`  owner: ${r.owner}`);
  for (const m of r.metrics) out.push(`  metric: ${metricLine(m)}`);
  out.push(`  feedback, ${r.stats.window.days} days to ${lastDay(r.stats.window.to)}: ${statsLine(r.stats.current, r.stats.previous)}`);
  for (const f of r.recent) out.push(`  recent: ${quote(f)}`);
  for (const f of r.mostNegative) if (!r.recent.some((x) => x.id === f.id)) out.push(`  negative: ${quote(f)}`);
  return out;
}

export function formatContext(ctx: FileContext): string {
  const out = [ctx.path];
  if (!ctx.refs.length && !ctx.components.length && !ctx.pathFeedback.length) {
    out.push('  no customer context: no component includes this file and it has no @cx annotation.');
    out.push('  Link it: add `// @cx <journey>/<step>` to the file, or a pattern to a component in .cx/components.yaml.');
    return out.join('\n');
  }
  if (ctx.components.length) out.push(`components: ${ctx.components.map((c) => `${c.name} (${c.id}${c.owner ? `, ${c.owner}` : ''})`).join(', ')}`);
  for (const r of ctx.refs) out.push('', ...refBlock(r));
  if (ctx.pathFeedback.length) {
    out.push('', `feedback tagged to this file: ${ctx.pathFeedback.length}`);
    for (const { item, lines } of ctx.pathFeedback.slice(0, 5)) out.push(`  ${lines ? `lines ${lines[0]}–${lines[1]}: ` : ''}${quote(item)}`);
  }
  return out.join('\n');
}

export function formatCoverageText(c: CoverageReport): string {
  const out = [
    `files linked to a journey: ${c.files.linked}/${c.files.total} (${pct(c.files.share, 1)})`,
    `lines linked to a journey: ${c.lines.linked}/${c.lines.total} (${pct(c.lines.share, 1)})`,
    `feedback tagged: ${c.feedback.tagged}/${c.feedback.total} (${pct(c.feedback.share, 1)})`,
    '',
    'journeys:',
    ...c.journeys.map((j) => `  ${j.ref.padEnd(24)} ${String(j.files).padStart(4)} files  ${String(j.feedback).padStart(5)} feedback  ${pct(j.negativeShare).padStart(4)} negative`),
  ];
  const gap = (title: string, rows: string[]) => out.push('', `${title}: ${rows.length ? '' : 'none'}`, ...rows.map((r) => `  ${r}`));
  gap('journeys and steps with no code', c.journeysWithoutCode.map((j) => `${j.ref} (${j.name})`));
  gap('components with no journey', c.componentsWithoutJourney.map((x) => `${x.id} (${x.files} files${x.owner ? `, ${x.owner}` : ''})`));
  gap('files with negative feedback and no journey', c.negativeFilesWithoutJourney.map((f) => `${f.path} (${f.negative} negative of ${f.feedback})`));
  return out.join('\n');
}

export function formatCoverageMarkdown(c: CoverageReport): string {
  const out = [
    '## Customer Context coverage',
    '',
    '| | linked | total | share |',
    '| --- | ---: | ---: | ---: |',
    `| files | ${c.files.linked} | ${c.files.total} | ${pct(c.files.share, 1)} |`,
    `| lines | ${c.lines.linked} | ${c.lines.total} | ${pct(c.lines.share, 1)} |`,
    `| feedback tagged | ${c.feedback.tagged} | ${c.feedback.total} | ${pct(c.feedback.share, 1)} |`,
    '',
    '### Journeys',
    '',
    '| journey | files | components | feedback | negative |',
    '| --- | ---: | --- | ---: | ---: |',
    ...c.journeys.map((j) => `| ${md(j.name)} (\`${j.ref}\`) | ${j.files} | ${j.components.map((x) => `\`${x}\``).join(', ') || '–'} | ${j.feedback} | ${pct(j.negativeShare)} |`),
  ];
  const gap = (title: string, rows: string[]) => out.push('', `### ${title}`, '', ...(rows.length ? rows.map((r) => `- ${r}`) : ['None.']));
  gap('Journeys and steps with no code', c.journeysWithoutCode.map((j) => `\`${j.ref}\` ${md(j.name)}`));
  gap('Components with no journey', c.componentsWithoutJourney.map((x) => `\`${x.id}\` ${md(x.name)} (${x.files} files)`));
  gap('Files with negative feedback and no journey', c.negativeFilesWithoutJourney.map((f) => `\`${f.path}\` — ${f.negative} negative of ${f.feedback}`));
  return out.join('\n');
}

/** Escapes text from `.cx/` for Markdown tables and lists. */
function md(s: string): string {
  return s.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
}

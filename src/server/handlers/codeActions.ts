/**
 * Quick fixes for the problems under the cursor: replace a name with each suggestion ("did you mean"), fix the case
 * of a malformed annotation reference, and create an unknown journey or step in journeys YAML.
 */
import { CodeActionKind } from 'vscode-languageserver/node';
import type { CodeAction, CodeActionParams, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import type { Problem, Range } from '../../core/problems';
import type { DocContext, ServerWorkspace } from '../workspace';
import { toDiagnostic } from './diagnostics';
import { linkSpans } from './targets';
import { addJourneyEdit, addStepEdit } from './yamlEdits';

/** What the client can apply: file creation needs `documentChanges` with the `create` resource operation. */
export interface EditCapabilities {
  createFiles: boolean;
}

const REF = /^[a-z0-9][a-z0-9-]*(?:\/[a-z0-9][a-z0-9-]*)?$/;

function overlaps(a: Range, b: Range): boolean {
  const before = (x: Range['start'], y: Range['start']) => x.line < y.line || (x.line === y.line && x.character < y.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/** Where the name a problem is about is written, without quotes; undefined when it cannot be found. */
function writtenAt(ctx: DocContext, p: Problem): { range: Range; text: string } | undefined {
  const { start, end } = p.range;
  if (start.line !== end.line) return undefined;
  const line = ctx.lines.lineText(start.line);
  if (start.character === end.character) {
    // Feedback and tag problems point at their line: find the link value the message names.
    const name = /'([^']+)'/.exec(p.message)?.[1];
    const span = linkSpans(line).find((s) => s.value === name);
    return span ? { range: { start: { line: start.line, character: span.start }, end: { line: start.line, character: span.end } }, text: span.value } : undefined;
  }
  let a = start.character;
  let b = Math.min(end.character, line.length);
  const quote = line[a];
  if ((quote === '"' || quote === "'") && b - a >= 2 && line[b - 1] === quote) {
    a++;
    b--;
  }
  return { range: { start: { line: start.line, character: a }, end: { line: start.line, character: b } }, text: line.slice(a, b) };
}

export async function codeActions(ws: ServerWorkspace, ctx: DocContext, params: CodeActionParams, caps: EditCapabilities): Promise<CodeAction[]> {
  const only = params.context.only;
  if (only && !only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`) || k === CodeActionKind.Empty)) return [];
  const { index } = ctx.snap;
  const out: CodeAction[] = [];
  const problems = ctx.snap.problems.filter((p) => p.file === ctx.rel && overlaps(p.range, params.range));
  for (const p of problems) {
    const written = writtenAt(ctx, p);
    if (!written) continue;
    const diagnostics = [toDiagnostic(p)];
    const replace = (title: string, newText: string, preferred: boolean): CodeAction => ({
      title,
      kind: CodeActionKind.QuickFix,
      diagnostics,
      ...(preferred ? { isPreferred: true } : {}),
      edit: { changes: { [ctx.uri]: [{ range: written.range, newText }] } },
    });
    (p.suggestions ?? []).forEach((s, i) => out.push(replace(`Change to '${s}'`, s, i === 0)));
    if (p.code !== 'unknown-reference') continue;

    if (!p.suggestions && ctx.kind === undefined) {
      // `Checkout/Pay`, `checkout//pay`: the reference it was meant to be, when that one exists.
      const fixed = written.text.toLowerCase().replace(/_/g, '-').replace(/\/+/g, '/').replace(/^-+|\/$/g, '');
      if (fixed !== written.text && REF.test(fixed) && index.resolve(fixed)) out.push(replace(`Change to '${fixed}'`, fixed, true));
    }

    // Creating what is missing makes sense where a journey or step is referred to: annotations and components.
    if ((ctx.kind !== undefined && ctx.kind !== 'components') || !REF.test(written.text)) continue;
    const [journeyId, stepId] = written.text.split('/') as [string, string | undefined];
    const journey = index.journey(journeyId);
    if (!journey) {
      const file = `${ctx.folder.root}/journeys.yaml`;
      const text = await ctx.folder.textOf(file);
      if (text === undefined && !caps.createFiles) continue;
      const edit = addJourneyEdit(text ?? '', journeyId, stepId);
      if (!edit) continue;
      const title = stepId ? `Create journey '${journeyId}' with step '${stepId}' in ${file}` : `Create journey '${journeyId}' in ${file}`;
      out.push({ title, kind: CodeActionKind.QuickFix, diagnostics, edit: fileEdit(ws.uriOf(ctx.folder, file), edit, text === undefined) });
    } else if (stepId && !journey.journey.steps.some((s) => s.id === stepId)) {
      const file = journey.idLoc.file;
      const text = await ctx.folder.textOf(file);
      const edit = text === undefined ? undefined : addStepEdit(text, journeyId, stepId);
      if (!edit) continue;
      out.push({ title: `Create step '${stepId}' in journey '${journeyId}'`, kind: CodeActionKind.QuickFix, diagnostics, edit: fileEdit(ws.uriOf(ctx.folder, file), edit, false) });
    }
  }
  return out;
}

function fileEdit(uri: string, edit: TextEdit, create: boolean): WorkspaceEdit {
  if (!create) return { changes: { [uri]: [edit] } };
  return {
    documentChanges: [
      { kind: 'create', uri, options: { ignoreIfExists: true } },
      { textDocument: { uri, version: null }, edits: [edit] },
    ],
  };
}

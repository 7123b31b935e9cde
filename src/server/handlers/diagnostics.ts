/** Core problems as LSP diagnostics: the same range, the problem code as `code`, `customer-context` as source. */
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import type { Diagnostic } from 'vscode-languageserver/node';
import type { Problem, Severity } from '../../core/problems';

export const DIAGNOSTIC_SOURCE = 'customer-context';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toDiagnostic(p: Problem): Diagnostic {
  return {
    range: { start: { ...p.range.start }, end: { ...p.range.end } },
    severity: SEVERITY[p.severity],
    code: p.code,
    source: DIAGNOSTIC_SOURCE,
    message: p.message,
    ...(p.suggestions?.length ? { data: { suggestions: p.suggestions } } : {}),
  };
}

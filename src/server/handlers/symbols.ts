/** Workspace symbols: every journey, step and component of every indexed folder, at its id. */
import { SymbolKind } from 'vscode-languageserver/node';
import type { SymbolInformation } from 'vscode-languageserver/node';
import type { Snapshot } from '../folderIndex';
import type { ServerWorkspace } from '../workspace';

/** Whether the query's characters appear in order in the name, ignoring case (as editors filter symbols). */
function fuzzy(query: string, name: string): boolean {
  const q = query.toLowerCase().replace(/\s+/g, '');
  const n = name.toLowerCase();
  let i = 0;
  for (const c of n) if (c === q[i]) i++;
  return i === q.length;
}

export function workspaceSymbols(ws: ServerWorkspace, snapshots: readonly Snapshot[], query: string): SymbolInformation[] {
  const out: SymbolInformation[] = [];
  const add = (name: string, kind: SymbolKind, file: string, snap: Snapshot, range: SymbolInformation['location']['range'], containerName: string, id: string) => {
    if (query && !fuzzy(query, name) && !fuzzy(query, id)) return;
    out.push({ name, kind, location: { uri: ws.uriOf(snap.folder, file), range }, containerName });
  };
  for (const snap of snapshots) {
    const multi = snapshots.length > 1;
    for (const j of snap.index.journeyList()) {
      const { journey } = j;
      add(journey.name, SymbolKind.Module, j.idLoc.file, snap, j.idLoc.range, multi ? `${snap.folder.name} · journey ${journey.id}` : `journey ${journey.id}`, journey.id);
      for (const s of j.steps) {
        add(s.step.name, SymbolKind.EnumMember, s.idLoc.file, snap, s.idLoc.range, `${journey.name} (step ${journey.id}/${s.step.id})`, `${journey.id}/${s.step.id}`);
      }
    }
    for (const c of snap.index.componentList()) {
      const { component } = c;
      add(component.name ?? component.id, SymbolKind.Class, c.idLoc.file, snap, c.idLoc.range, multi ? `${snap.folder.name} · component ${component.id}` : `component ${component.id}`, component.id);
    }
  }
  return out;
}

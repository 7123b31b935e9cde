/**
 * The custom requests of `src/protocol/lsp.ts`: a file's context, a folder's coverage (whole, filtered, or as the
 * Coverage Map draws it), pages of feedback and the outline of journeys, steps and components the trees show, with
 * the files they list. Params are validated with the protocol's zod schemas; a file or folder without `.cx/`
 * answers null.
 */
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import type * as z from 'zod/mini';
import { coverageSteps } from '../../core/coverage';
import { CoverageViews } from '../../core/coverageView';
import type { CxIndex } from '../../core/cxIndex';
import { outlineOf, treeFilesOf, treeFilesSummary } from '../../core/outline';
import type { TreeFileLists } from '../../core/outline';
import { ComponentFilesParams, CoverageMapParams, CoverageParams, FeedbackParams, FileContextParams, OutlineParams, TreeFilesParams } from '../../protocol/lsp';
import type { ComponentFilesResult, CoverageMapResult, CoverageResult, FeedbackResult, FileContextResult, OutlineResult, TreeFilesResult } from '../../protocol/lsp';
import { inSlices } from '../slices';
import type { FolderIndex } from '../folderIndex';
import type { ServerWorkspace } from '../workspace';

function parse<S extends z.ZodMiniType>(schema: S, params: unknown, method: string): z.infer<S> {
  const result = schema.safeParse(params ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ResponseError(ErrorCodes.InvalidParams, `${method}: invalid params${issue ? ` at '${issue.path.join('.')}': ${issue.message}` : ''}`);
  }
  return result.data;
}

export async function fileContext(ws: ServerWorkspace, params: unknown): Promise<FileContextResult> {
  const { uri } = parse(FileContextParams, params, 'fileContext');
  const at = ws.locate(uri);
  if (!at) return null;
  const snap = await at.folder.ready();
  if (!snap) return null;
  return { ...snap.index.contextOf(at.rel), workspaceFolder: at.folder.uri };
}

/**
 * Each index's whole coverage report, made on the first request: in slices (seconds for a large workspace, with
 * other requests answered meanwhile), one at a time per folder (a request that comes meanwhile waits, then asks for
 * the report of the index as it is then; requests for the same index share it). Filters and the map's views are
 * made from it.
 */
const coverageCache = new WeakMap<CxIndex, Promise<CoverageViews>>();
const making = new WeakMap<FolderIndex, Promise<unknown>>();

async function coverageOf(ws: ServerWorkspace, folderUri: string | undefined): Promise<{ views: CoverageViews; workspaceFolder: string } | null> {
  const folder = await ws.folderFor(folderUri);
  for (;;) {
    const snap = await folder?.ready({ lineCounts: true });
    if (!folder || !snap) return null;
    let views = coverageCache.get(snap.index);
    if (!views) {
      const busy = making.get(folder);
      if (busy) {
        await busy.catch(() => undefined);
        continue;
      }
      const made = inSlices(coverageSteps(snap.index)).then((report) => new CoverageViews(report));
      views = made;
      coverageCache.set(snap.index, made);
      making.set(folder, made);
      void made.then(
        () => making.delete(folder),
        () => {
          making.delete(folder);
          coverageCache.delete(snap.index); // the next request tries again
        },
      );
    }
    return { views: await views, workspaceFolder: folder.uri };
  }
}

export async function coverage(ws: ServerWorkspace, params: unknown): Promise<CoverageResult> {
  const { folder, filter } = parse(CoverageParams, params, 'coverage');
  const of = await coverageOf(ws, folder);
  return of && { ...(await inSlices(of.views.filteredSteps(filter ?? {}))), workspaceFolder: of.workspaceFolder };
}

export async function coverageMap(ws: ServerWorkspace, params: unknown): Promise<CoverageMapResult> {
  const { folder, filter } = parse(CoverageMapParams, params, 'coverageMap');
  const of = await coverageOf(ws, folder);
  return of && { ...(await inSlices(of.views.viewSteps(filter ?? {}))), workspaceFolder: of.workspaceFolder };
}

export async function feedback(ws: ServerWorkspace, params: unknown): Promise<FeedbackResult> {
  const { folder: folderUri, uri, ...query } = parse(FeedbackParams, params, 'feedback');
  const folder = await ws.folderFor(folderUri, uri);
  const snap = await folder?.ready();
  if (!folder || !snap) return null;
  let path: string | undefined;
  if (uri !== undefined) {
    const at = ws.locate(uri);
    if (!at || at.folder !== folder) return { total: 0, items: [], facets: { source: [], segment: [] }, workspaceFolder: folder.uri };
    path = at.rel;
  }
  return { ...snap.index.queryFeedback({ ...query, ...(path !== undefined ? { path } : {}) }), workspaceFolder: folder.uri };
}

/** Each index's lists of the files the Journeys tree shows, made on the first request. */
const treeFilesCache = new WeakMap<CxIndex, TreeFileLists>();

async function treeFileLists(ws: ServerWorkspace, folderUri: string | undefined) {
  const folder = await ws.folderFor(folderUri);
  const snap = await folder?.ready();
  if (!folder || !snap) return null;
  let lists = treeFilesCache.get(snap.index);
  if (!lists) treeFilesCache.set(snap.index, (lists = treeFilesOf(snap.index)));
  return { lists, workspaceFolder: folder.uri };
}

export async function treeFiles(ws: ServerWorkspace, params: unknown): Promise<TreeFilesResult> {
  const { folder } = parse(TreeFilesParams, params, 'treeFiles');
  const files = await treeFileLists(ws, folder);
  if (!files) return null;
  return { ...treeFilesSummary(files.lists), workspaceFolder: files.workspaceFolder };
}

export async function componentFiles(ws: ServerWorkspace, params: unknown): Promise<ComponentFilesResult> {
  const { folder, component } = parse(ComponentFilesParams, params, 'componentFiles');
  const files = await treeFileLists(ws, folder);
  return files && { paths: files.lists.components.get(component) ?? [], workspaceFolder: files.workspaceFolder };
}

export async function outline(ws: ServerWorkspace, params: unknown): Promise<OutlineResult> {
  const { folder: folderUri } = parse(OutlineParams, params, 'outline');
  const folder = await ws.folderFor(folderUri);
  const snap = await folder?.ready();
  if (!folder || !snap) return null;
  return { ...outlineOf(snap.index, (rel) => ws.uriOf(folder, rel)), workspaceFolder: folder.uri };
}

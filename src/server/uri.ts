/** File URIs ↔ workspace-relative paths. URIs from the client are kept as sent; new ones are encoded as VS Code does. */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The file-system path of a `file:` URI, or undefined for any other scheme or a malformed URI. */
export function uriToPath(uri: string): string | undefined {
  if (!uri.toLowerCase().startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** `file` relative to `folder`, `/`-separated, or undefined when it is not inside it. */
export function relativeTo(folder: string, file: string): string | undefined {
  const rel = path.relative(folder, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return rel === '' ? '' : undefined;
  return rel.split(path.sep).join('/');
}

/** Percent-encodes a path segment the way VS Code's URI does (everything but unreserved characters). */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The URI of a workspace-relative path under a folder URI. */
export function childUri(folderUri: string, rel: string): string {
  const base = folderUri.endsWith('/') ? folderUri.slice(0, -1) : folderUri;
  return `${base}/${rel.split('/').map(encodeSegment).join('/')}`;
}

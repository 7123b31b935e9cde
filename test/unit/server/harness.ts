/**
 * Drives the built language server (dist/server.js) over stdio as an editor would: initialize with workspace
 * folders, open and edit documents, collect published diagnostics and notifications, and wait on them with
 * timeouts (never fixed sleeps).
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  IPCMessageReader,
  IPCMessageWriter,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import type { ClientCapabilities, Diagnostic, FileChangeType, MessageReader, MessageWriter, ProtocolConnection, TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import { IndexChangedNotification } from '../../../src/protocol/lsp';
import { isStale, REPO } from '../bundles';
import type { IndexChangedParams } from '../../../src/protocol/lsp';

export { REPO };
export const SERVER = path.join(REPO, 'dist', 'server.js');
export const FIXTURES = path.join(REPO, 'test', 'fixtures');
const TIMEOUT = 10_000;

/** Builds dist/server.js when it is missing or older than the code it bundles. */
export function ensureServerBuilt(): void {
  if (!isStale('dist/server.js', ['src/server', 'src/core', 'src/protocol'])) return;
  try {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: REPO, stdio: 'pipe' });
  } catch (e) {
    // Another bundle (e.g. the extension, written in parallel) may not build yet: build the server alone.
    const err = e as { stderr?: Buffer };
    process.stderr.write(`esbuild.mjs failed, building the server alone: ${err.stderr?.toString() ?? String(e)}\n`);
    execFileSync(process.execPath, ['-e', `require('esbuild').buildSync({ entryPoints: ['src/server/main.ts'], outfile: 'dist/server.js', platform: 'node', format: 'cjs', target: 'node20', bundle: true, sourcemap: true, logLevel: 'warning' })`], { cwd: REPO, stdio: 'inherit' });
  }
}

/** Copies a fixture folder to a fresh temporary directory; returns its path. */
export function copyFixture(name: string, as = name): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cx-server-'));
  const target = path.join(dir, as);
  fs.cpSync(path.join(FIXTURES, name), target, { recursive: true });
  return target;
}

export function uriOf(file: string): string {
  return pathToFileURL(file).href;
}

export interface StartOptions {
  folders: string[];
  /** How the server is started, as LSP clients do: `--stdio` (default), `--node-ipc` or `--socket=PORT`. */
  transport?: 'stdio' | 'ipc' | 'socket';
  settings?: unknown;
  capabilities?: ClientCapabilities;
}

const CAPABILITIES: ClientCapabilities = {
  workspace: {
    workspaceFolders: true,
    didChangeWatchedFiles: { dynamicRegistration: true },
    didChangeConfiguration: { dynamicRegistration: false },
    workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
  },
  textDocument: {
    publishDiagnostics: {},
    completion: { completionItem: { snippetSupport: false } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
  },
};

export class LspClient {
  readonly conn: ProtocolConnection;
  /** The latest diagnostics of each URI. */
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly logs: string[] = [];
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  private readonly listeners = new Set<() => void>();
  private indexChanges: IndexChangedParams[] = [];
  private stderr = '';
  private versions = new Map<string, number>();

  private constructor(private readonly proc: ChildProcess, reader: MessageReader, writer: MessageWriter) {
    proc.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.conn = createProtocolConnection(reader, writer);
    this.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      this.changed();
    });
    this.conn.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
      this.changed();
    });
    this.conn.onNotification(IndexChangedNotification.method, (p: IndexChangedParams) => {
      this.indexChanges.push(p);
      this.changed();
    });
    this.conn.onRequest('client/registerCapability', (p: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      this.registrations.push(...p.registrations);
      return null;
    });
    this.conn.listen();
  }

  static async start(options: StartOptions): Promise<LspClient> {
    const client = await LspClient.spawn(options.transport ?? 'stdio');
    const folders = options.folders.map((f) => ({ uri: uriOf(f), name: path.basename(f) }));
    await client.conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: folders[0]?.uri ?? null,
      workspaceFolders: folders,
      capabilities: options.capabilities ?? CAPABILITIES,
      initializationOptions: options.settings === undefined ? undefined : { settings: options.settings },
    });
    await client.conn.sendNotification(InitializedNotification.type, {});
    return client;
  }

  private static async spawn(transport: 'stdio' | 'ipc' | 'socket'): Promise<LspClient> {
    if (transport === 'stdio') {
      const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: 'pipe' });
      return new LspClient(proc, new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    }
    if (transport === 'ipc') {
      const proc = spawn(process.execPath, [SERVER, '--node-ipc'], { stdio: ['pipe', 'pipe', 'pipe', 'ipc'] });
      return new LspClient(proc, new IPCMessageReader(proc), new IPCMessageWriter(proc));
    }
    // With --socket the server connects to a port the client listens on.
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const connected = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
    const proc = spawn(process.execPath, [SERVER, `--socket=${port}`], { stdio: 'pipe' });
    const socket = await connected;
    server.close();
    return new LspClient(proc, new StreamMessageReader(socket), new StreamMessageWriter(socket));
  }

  private changed(): void {
    for (const l of [...this.listeners]) l();
  }

  /** Resolves with the first value `probe` returns that is not undefined, checking now and after each message. */
  waitFor<T>(what: string, probe: () => T | undefined, timeout = TIMEOUT): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        let value: T | undefined;
        try {
          value = probe();
        } catch (e) {
          finish();
          reject(e as Error);
          return;
        }
        if (value !== undefined) {
          finish();
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out waiting for ${what}; server log:\n${this.logs.join('\n')}\n${this.stderr}`));
      }, timeout);
      const finish = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Waits until the diagnostics of `uri` satisfy `accept`. */
  diagnosticsOf(uri: string, accept: (d: Diagnostic[]) => boolean = () => true): Promise<Diagnostic[]> {
    return this.waitFor(`diagnostics of ${uri}`, () => {
      const d = this.diagnostics.get(uri);
      return d && accept(d) ? d : undefined;
    });
  }

  /** Waits for the next `customerContext/indexChanged` after now that names `folderUri`. */
  nextIndexChange(folderUri: string): Promise<IndexChangedParams> {
    const from = this.indexChanges.length;
    return this.waitFor(`indexChanged of ${folderUri}`, () => this.indexChanges.slice(from).find((p) => p.folders.includes(folderUri)));
  }

  indexChangeCount(): number {
    return this.indexChanges.length;
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest(method, params) as Promise<R>;
  }

  async open(file: string, languageId = 'plaintext'): Promise<string> {
    const uri = uriOf(file);
    this.versions.set(uri, 1);
    await this.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text: fs.readFileSync(file, 'utf8') },
    });
    return uri;
  }

  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
  }

  async close(uri: string): Promise<void> {
    await this.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async fileEvent(file: string, type: FileChangeType): Promise<void> {
    await this.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(file), type }] });
  }

  get alive(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  async stop(): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    // A server that does not exit when asked is killed, and the test that stops it fails.
    const timer = setTimeout(() => this.proc.kill(), TIMEOUT);
    try {
      await this.conn.sendRequest(ShutdownRequest.type);
      await this.conn.sendNotification(ExitNotification.type);
    } catch {
      this.proc.kill();
    }
    await exited;
    clearTimeout(timer);
    this.conn.dispose();
    if (this.proc.exitCode !== 0) throw new Error(`the server exited with ${this.proc.exitCode ?? this.proc.signalCode}; log:\n${this.logs.join('\n')}\n${this.stderr}`);
  }
}

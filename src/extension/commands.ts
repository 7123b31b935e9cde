/**
 * Every command of the Command Palette (SPEC §4), in one typed map: id → the module that implements it. The
 * commands are registered at activation; a module's code is loaded on the first run of one of its commands
 * (lazy.ts), and its `HANDLERS` has the handler. registerCommands() wraps each so a failure (loading included) is
 * logged and shown, never swallowed; an expected situation (no folder, no journey) is a {@link Notice} shown as
 * information. Commands that write to the workspace refuse in an untrusted one (the manifest hides them there too).
 * The manifest test checks this map against `contributes.commands` and the modules' handlers.
 */
import * as vscode from 'vscode';
import { isNotice } from './commandKit';
import type { Handler, Handlers } from './commandKit';
import type { Ctx } from './ctx';
import { loadLazy } from './lazy';

/** The lazily loaded modules that implement commands. */
type CommandModule = 'contextCommands' | 'tagging' | 'importing' | 'coverageMap';

export const COMMANDS = {
  'customerContext.showContext': 'contextCommands',
  'customerContext.showCoverageMap': 'coverageMap',
  'customerContext.tagFeedback': 'tagging',
  'customerContext.linkFileToJourney': 'contextCommands',
  'customerContext.importFeedback': 'importing',
  'customerContext.importCodeowners': 'importing',
  'customerContext.initializeWorkspace': 'contextCommands',
  'customerContext.exportCoverageReport': 'coverageMap',
  'customerContext.refresh': 'contextCommands',
  'customerContext.tagSelection': 'tagging',
  'customerContext.untagFeedback': 'tagging',
  'customerContext.undoLastTagging': 'tagging',
} as const satisfies Record<`customerContext.${string}`, CommandModule>;

export type CommandId = keyof typeof COMMANDS;

const SHOW_LOG = 'Show Log';

/** The handler of a command, from its module (loaded by the first call). */
export function handlerOf(id: CommandId): Handler {
  const handlers: Handlers = loadLazy(COMMANDS[id]).HANDLERS;
  const handler = handlers[id];
  if (!handler) throw new Error(`${id} has no handler in ${COMMANDS[id]}`);
  return handler;
}

function isCancellation(e: unknown): boolean {
  return e instanceof vscode.CancellationError || (e as { code?: unknown } | undefined)?.code === -32800;
}

/** Runs a command: a Notice is shown as information with its actions; any other error is logged and shown. */
export async function runCommand(ctx: Ctx, id: CommandId, args: unknown[]): Promise<unknown> {
  try {
    return await handlerOf(id)(ctx, ...args);
  } catch (e) {
    if (isNotice(e)) {
      // Not awaited: the command is done; the message stays until the user acts on it or it times out.
      void vscode.window.showInformationMessage(`Customer Context: ${e.message}`, ...e.actions.map((a) => a.title)).then((choice) => {
        const action = e.actions.find((a) => a.title === choice);
        if (action) void vscode.commands.executeCommand(action.command, ...(action.args ?? []));
      });
      return undefined;
    }
    if (isCancellation(e)) return undefined;
    const message = e instanceof Error ? e.message : String(e);
    ctx.log.error(`${id} failed: ${e instanceof Error && e.stack ? e.stack : message}`);
    void vscode.window.showErrorMessage(`Customer Context: ${message}`, SHOW_LOG).then((choice) => choice === SHOW_LOG && ctx.log.show(true));
    return undefined;
  }
}

export function registerCommands(ctx: Ctx): void {
  for (const id of Object.keys(COMMANDS) as CommandId[]) {
    ctx.push(vscode.commands.registerCommand(id, (...args: unknown[]) => runCommand(ctx, id, args)));
  }
}

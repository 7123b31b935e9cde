/**
 * The language server's entry (bundled to dist/server.js). The transport comes from the command line, as every LSP
 * client passes it: `--stdio`, `--node-ipc` (VS Code) or `--socket=PORT`.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all));

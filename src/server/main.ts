/**
 * The language server's entry (bundled to dist/server.js). The transport comes from the command line, as every LSP
 * client passes it: `--stdio`, `--node-ipc` (VS Code) or `--socket=PORT`; without one it prints its usage.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { tuneHeap } from './processMemory';
import { startServer } from './server';

const USAGE = `Customer Context language server

Usage: node dist/server.js --stdio | --node-ipc | --socket=PORT | --pipe=NAME

Initialization options (optional): { "settings": { "root": ".cx", "window": 30 } }; the server also asks for the
"customerContext" section through workspace/configuration. Custom requests: customerContext/fileContext,
customerContext/coverage, customerContext/feedback, customerContext/outline; notification customerContext/indexChanged.
`;

const args = process.argv.slice(2);
if (args.includes('--help') || !args.some((a) => /^--(stdio|node-ipc|socket|pipe)\b/.test(a) || a === '--clientProcessId')) {
  process.stdout.write(USAGE);
  process.exitCode = args.includes('--help') ? 0 : 2;
} else {
  tuneHeap();
  startServer(createConnection(ProposedFeatures.all));
}

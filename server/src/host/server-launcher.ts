// Starts the language server (dist/server.js) with its code cache: what `klp-callbacks-ls` and the VS Code extension run.
import * as path from 'node:path';
import { loadWithCodeCache } from './code-cache';

loadWithCodeCache<{ main(): void }>(path.join(__dirname, 'server.js')).exports.main();

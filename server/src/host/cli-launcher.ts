// Starts the CLI (dist/cli.js) with its code cache: what `klp-callbacks` runs.
import * as path from 'node:path';
import { loadWithCodeCache } from './code-cache';

loadWithCodeCache<{ main(): void }>(path.join(__dirname, 'cli.js')).exports.main();

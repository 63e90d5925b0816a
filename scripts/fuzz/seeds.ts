// The fuzz seeds: the project's own samples and extraction fixtures, and generated soak modules.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../test/helpers';
import { soakDocument } from '../soak/corpus';
import type { Seed } from './mutators';

const FOLDERS = ['samples', 'samples/buggy', 'test/fixtures/extract'];

/** The rule fixtures sit one folder per rule. */
function ruleFolders(): string[] {
  const rules = path.join(REPO_ROOT, 'test/fixtures/rules');
  return fs
    .readdirSync(rules, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `test/fixtures/rules/${entry.name}`);
}

export function fuzzSeeds(): Seed[] {
  const seeds: Seed[] = [];
  for (const folder of [...FOLDERS, ...ruleFolders()]) {
    const dir = path.join(REPO_ROOT, folder);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const extension = path.extname(entry.name);
      if (!entry.isFile() || !['.c', '.patch', '.diff'].includes(extension)) continue;
      const name = `${folder.split('/').pop()}_${path.basename(entry.name, extension)}`.replace(/\W+/g, '_');
      seeds.push({
        name,
        extension: extension === '.diff' ? '.patch' : extension,
        bytes: fs.readFileSync(path.join(dir, entry.name)),
      });
    }
  }
  for (let i = 0; i < 3; i++)
    seeds.push({ name: `soak_${i}`, extension: '.c', bytes: Buffer.from(soakDocument(i, 3)) });
  return seeds.sort((a, b) => a.name.localeCompare(b.name));
}

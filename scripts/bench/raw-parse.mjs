// The bench's baseline: a whole process that only reads and parses every .c/.h file of a folder with web-tree-sitter.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Language, Parser } from 'web-tree-sitter';

const GRAMMARS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'grammars');

function sources(dir, found) {
  for (const entry of fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) sources(full, found);
    else if (/\.[ch]$/.test(entry.name)) found.push(full);
  }
  return found;
}

async function main() {
  await Parser.init({ locateFile: () => path.join(GRAMMARS, 'web-tree-sitter.wasm') });
  const parser = new Parser();
  parser.setLanguage(await Language.load(path.join(GRAMMARS, 'tree-sitter-c.wasm')));
  let nodes = 0;
  for (const file of sources(process.argv[2], [])) {
    const tree = parser.parse(fs.readFileSync(file, 'utf8'));
    nodes += tree.rootNode.childCount;
    tree.delete();
  }
  process.stdout.write(`${nodes}\n`);
}

await main();

import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ownCopy, withOwnStrings } from './text';

/**
 * Heap still used while 512 texts of 40 characters are kept, each cut from
 * its own 64 kB string (a network chunk as the parser sees it), the chunks
 * themselves dropped: once with the cuts as they are, once with ownCopy.
 * Measured in a fresh node process, where nothing else allocates or leaves
 * garbage for the collector to sweep meanwhile.
 */
function heapKept(): { views: number; copies: number } {
  const script = `
    const { ownCopy } = require(${JSON.stringify(path.join(__dirname, 'text'))});
    function kept(cut) {
      gc(); gc();
      const before = process.memoryUsage().heapUsed;
      let chunks = Array.from({ length: 512 }, (_, i) => Buffer.alloc(64 * 1024, String.fromCharCode(97 + (i % 26))).toString('latin1'));
      const texts = chunks.map((chunk, i) => cut(chunk.substring(i, i + 40)));
      chunks = undefined;
      gc(); gc();
      const after = process.memoryUsage().heapUsed;
      if (!texts.every((t) => t.length === 40)) throw new Error('texts changed');
      return after - before;
    }
    process.stdout.write(JSON.stringify({ views: kept((t) => t), copies: kept(ownCopy) }));
  `;
  const out = execFileSync(process.execPath, ['--expose-gc', '-r', 'ts-node/register/transpile-only', '-e', script], {
    cwd: path.resolve(__dirname, '../..'),
    encoding: 'utf8',
  });
  return JSON.parse(out) as { views: number; copies: number };
}

const MB = 1024 * 1024;

test('a substring keeps its parent alive; its own copy does not', () => {
  // 32 MB of chunks: kept whole by views into them, not at all by copies.
  const { views, copies } = heapKept();
  expect(views).toBeGreaterThan(28 * MB);
  expect(copies).toBeLessThan(2 * MB);
});

test('copies keep the text', () => {
  const long = 'ip-172-31-0-29.eu-west-1.compute.internal';
  expect(ownCopy(long)).toBe(long);
  expect(ownCopy('short')).toBe('short');
  expect(ownCopy('')).toBe('');
  expect(withOwnStrings({ name: long, port: 25, open: true, tags: [long, 'b'], none: undefined })).toEqual({
    name: long,
    port: 25,
    open: true,
    tags: [long, 'b'],
    none: undefined,
  });
});

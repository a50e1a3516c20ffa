import v8 from 'node:v8';
import vm from 'node:vm';
import { ownCopy, withOwnStrings } from './text';

/** The collector, reached without starting node with --expose-gc. */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

/**
 * Heap still used while 512 texts of 40 characters are kept, each cut from
 * its own 64 kB string (a network chunk as the parser sees it), the chunks
 * themselves dropped.
 */
function heapKeptBy(cut: (text: string) => string): number {
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  let chunks: string[] | undefined = Array.from({ length: 512 }, (_, i) =>
    Buffer.alloc(64 * 1024, String.fromCharCode(97 + (i % 26))).toString('latin1'),
  );
  const kept = chunks.map((chunk, i) => cut(chunk.substring(i, i + 40)));
  chunks = undefined;
  collectGarbage();
  const after = process.memoryUsage().heapUsed;
  expect(kept.every((text) => text.length === 40)).toBe(true);
  return after - before;
}

const MB = 1024 * 1024;

test('a substring keeps its parent alive; its own copy does not', () => {
  // 32 MB of chunks: kept whole by views into them, not at all by copies
  // (the margins absorb what else the test process allocates meanwhile).
  expect(heapKeptBy((text) => text)).toBeGreaterThan(24 * MB);
  expect(heapKeptBy(ownCopy)).toBeLessThan(8 * MB);
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

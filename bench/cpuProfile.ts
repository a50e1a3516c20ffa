import fs from 'node:fs';

/**
 * Reads a V8 `.cpuprofile` (as `node --cpu-prof` writes it) and ranks
 * functions by self time: the time the CPU was in the function itself, not
 * in what it called. That is where time goes; total (inclusive) time only
 * says who asked for it.
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

export interface SelfTime {
  name: string;
  /** Shortened file and 1-based line, or a V8 pseudo-frame. */
  location: string;
  area: string;
  selfMs: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  functions: SelfTime[];
  areas: Array<{ area: string; selfMs: number; share: number }>;
}

/** The part of a file URL that says what it is: `src/...`, `saxes/...`, `node:...`. */
function shortLocation(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) return path.slice(modules + '/node_modules/'.length);
  const src = path.lastIndexOf('/src/');
  if (src >= 0) return path.slice(src + 1);
  return path;
}

/** Which broad part of the run a frame belongs to. */
function areaOf(frame: CallFrame): string {
  const url = frame.url;
  if (!url) {
    if (frame.functionName === '(garbage collector)') return 'garbage collection';
    if (frame.functionName === '(idle)') return 'idle (waiting for I/O)';
    if (frame.functionName === '(program)') return 'V8/native (program)';
    return 'native / builtins';
  }
  if (url.includes('/node_modules/ajv') || url.includes('/node_modules/@jupiterone/data-model')) return 'schema validation (ajv)';
  if (url.includes('/node_modules/@jupiterone/')) return 'SDK (@jupiterone)';
  if (url.includes('/node_modules/saxes/') || url.includes('/node_modules/xmlchars/')) return 'XML parser (saxes)';
  if (url.includes('/node_modules/typescript/') || url.includes('/node_modules/ts-node/')) return 'TypeScript transpiling (ts-node, start-up)';
  if (url.includes('/node_modules/')) return 'other packages';
  if (url.startsWith('node:')) return 'Node.js internals';
  if (/\/src\//.test(url)) return `product: ${url.replace(/^.*\/src\//, 'src/').replace(/\/[^/]+$/, '/')}`;
  return 'other';
}

export function summarizeProfile(file: string, top: number): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // Each sample's delta is the time since the previous sample: charge it to the frame on top.
  for (let i = 0; i < samples.length; i++) {
    selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + Math.max(0, deltas[i] ?? 0));
  }

  const functions = new Map<string, SelfTime>();
  const areas = new Map<string, number>();
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    totalUs += us;
    const frame = node.callFrame;
    const location = frame.url ? `${shortLocation(frame.url)}:${frame.lineNumber + 1}` : '(V8)';
    const name = frame.functionName || '(anonymous)';
    const key = `${name} ${location}`;
    const area = areaOf(frame);
    const entry = functions.get(key) ?? { name, location, area, selfMs: 0, share: 0 };
    entry.selfMs += us / 1000;
    functions.set(key, entry);
    areas.set(area, (areas.get(area) ?? 0) + us / 1000);
  }
  const totalMs = totalUs / 1000;
  const ranked = [...functions.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, top);
  for (const f of ranked) f.share = totalMs ? f.selfMs / totalMs : 0;
  return {
    totalMs,
    functions: ranked,
    areas: [...areas.entries()]
      .map(([area, selfMs]) => ({ area, selfMs, share: totalMs ? selfMs / totalMs : 0 }))
      .sort((a, b) => b.selfMs - a.selfMs),
  };
}

export function profileMarkdown(summary: ProfileSummary, title: string): string {
  const pct = (share: number): string => `${(share * 100).toFixed(1)} %`;
  const rows = summary.functions.map(
    (f, i) => `| ${i + 1} | \`${f.name}\` | ${f.location} | ${f.area} | ${f.selfMs.toFixed(0)} | ${pct(f.share)} |`,
  );
  const areaRows = summary.areas.map((a) => `| ${a.area} | ${a.selfMs.toFixed(0)} | ${pct(a.share)} |`);
  return `# ${title}

Sampled time: ${(summary.totalMs / 1000).toFixed(1)} s (idle included).

## By area (self time)

| area | self ms | share |
| --- | --- | --- |
${areaRows.join('\n')}

## Top functions by self time

| # | function | where | area | self ms | share |
| --- | --- | --- | --- | --- | --- |
${rows.join('\n')}
`;
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Throwaway project folders for `j1-integration collect`. The CLI always
 * writes `<cwd>/.j1-integration` and loads `<cwd>/src/index`, so every
 * measured run gets a folder of its own: the project folder itself is shared
 * with other work and must never receive a run's output. node_modules is a
 * symlink, so modules resolve to the project's installed copies.
 */

export interface ScratchProject {
  dir: string;
  /** Where the CLI writes the run's graph and summary. */
  outputDir: string;
  /** The scratch root's `node_modules/.bin/j1-integration`. */
  cli: string;
  remove(): void;
}

/**
 * A scratch root mirroring the project's layout for the `copies` (paths
 * relative to the project root), with package.json, tsconfig.json and
 * node_modules at its top; the run's folder is `projectDir` inside it, whose
 * `src` the CLI loads. Mirroring keeps relative imports between the copies
 * valid (the SDK floor imports one product module).
 */
function makeScratch(prefix: string, projectRoot: string, projectDir: string, copies: string[]): ScratchProject {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const copy of copies) fs.cpSync(path.join(projectRoot, copy), path.join(root, copy), { recursive: true });
  fs.copyFileSync(path.join(projectRoot, 'package.json'), path.join(root, 'package.json'));
  fs.copyFileSync(path.join(projectRoot, 'tsconfig.json'), path.join(root, 'tsconfig.json'));
  fs.symlinkSync(path.join(projectRoot, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  const dir = path.join(root, projectDir);
  return {
    dir,
    outputDir: path.join(dir, '.j1-integration'),
    cli: path.join(root, 'node_modules/.bin/j1-integration'),
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

/** A copy of the product as it is now (src, package.json, tsconfig.json). */
export function productScratch(projectRoot: string): ScratchProject {
  return makeScratch('graph-qualys-bench-product-', projectRoot, '.', ['src']);
}

/** The SDK-floor integration (bench/sdkFloor/src) as a project of its own, with the one product module it uses. */
export function sdkFloorScratch(projectRoot: string): ScratchProject {
  return makeScratch('graph-qualys-bench-sdkfloor-', projectRoot, 'bench/sdkFloor', [
    'bench/sdkFloor/src',
    'src/steps/graphObjectBatcher.ts',
  ]);
}

/** `node_modules/.bin/j1-integration collect` of a scratch project, run with the bench's node. */
export function collectCommand(scratch: ScratchProject, nodeFlags: string[] = []): { command: string; args: string[] } {
  return {
    command: process.execPath,
    args: [...nodeFlags, scratch.cli, 'collect'],
  };
}

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
  remove(): void;
}

function makeScratch(prefix: string, projectRoot: string, sourceDir: string): ScratchProject {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(sourceDir, path.join(dir, 'src'), { recursive: true });
  fs.copyFileSync(path.join(projectRoot, 'package.json'), path.join(dir, 'package.json'));
  fs.copyFileSync(path.join(projectRoot, 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
  fs.symlinkSync(path.join(projectRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return {
    dir,
    outputDir: path.join(dir, '.j1-integration'),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** A copy of the product as it is now (src, package.json, tsconfig.json). */
export function productScratch(projectRoot: string): ScratchProject {
  return makeScratch('graph-qualys-bench-product-', projectRoot, path.join(projectRoot, 'src'));
}

/** The SDK-floor integration (bench/sdkFloor/src) as a project of its own. */
export function sdkFloorScratch(projectRoot: string): ScratchProject {
  return makeScratch('graph-qualys-bench-sdkfloor-', projectRoot, path.join(projectRoot, 'bench/sdkFloor/src'));
}

/** `node_modules/.bin/j1-integration collect` of a scratch project, run with the bench's node. */
export function collectCommand(scratch: ScratchProject, nodeFlags: string[] = []): { command: string; args: string[] } {
  return {
    command: process.execPath,
    args: [...nodeFlags, path.join(scratch.dir, 'node_modules/.bin/j1-integration'), 'collect'],
  };
}

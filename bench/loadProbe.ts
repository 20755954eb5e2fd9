/**
 * Loads modules in a fresh Node process and reports how long that took and which of the deferred Azure SDKs it
 * loaded. Shared by the cold-start benchmark (compiled JavaScript, as the Functions host loads it) and the cold-start
 * test (TypeScript through tsx: it checks what is loaded, never how fast).
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFERRED_SDKS } from '../shared/adapters/sdkModules';

export interface LoadProbe {
  /** Milliseconds from the first `require` to the last one returning. */
  readonly ms: number;
  /** Modules in Node's require cache afterwards. */
  readonly modules: number;
  /** The deferred SDKs (DEFERRED_SDKS) that loading pulled in. */
  readonly sdksLoaded: readonly string[];
  /** Modules loaded, by package (`zod`, `@azure/functions`); the app's own files count as `(app)`. */
  readonly packages: Readonly<Record<string, number>>;
  /** The app's own files that were loaded (not under node_modules), relative to `cwd`, with '/' separators. */
  readonly appFiles: readonly string[];
}

/** The key the app's own files are counted under in `LoadProbe.packages`. */
export const APP_PACKAGE = '(app)';

/** The app's registrations, as package.json's `main` lists them: orchestrations/index and every functions/*.<ext>. */
export function registrationEntries(root: string, extension: '.js' | '.ts'): string[] {
  const functions = readdirSync(join(root, 'functions'))
    .filter((file) => file.endsWith(extension) && !file.endsWith(`.d${extension}`))
    .sort()
    .map((file) => join(root, 'functions', file));
  return [join(root, 'orchestrations', `index${extension}`), ...functions];
}

/** The program the child process runs: require every entry, then print one JSON line (a LoadProbe). */
function probeProgram(entries: readonly string[]): string {
  return `
const started = process.hrtime.bigint();
for (const entry of ${JSON.stringify(entries)}) require(entry);
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const loaded = Object.keys(require.cache);
const sdks = ${JSON.stringify(DEFERRED_SDKS)};
const sdksLoaded = sdks.filter((sdk) => loaded.some((file) => file.includes('/node_modules/' + sdk + '/')));
// After the clock stopped: modules by package, and the app's own files (repository-relative, '/' separators).
const path = require('node:path');
const packages = {};
const appFiles = [];
for (const file of loaded.map((name) => name.split(path.sep).join('/'))) {
  const at = file.lastIndexOf('/node_modules/');
  let name = ${JSON.stringify(APP_PACKAGE)};
  if (at >= 0) {
    const parts = file.slice(at + '/node_modules/'.length).split('/');
    name = parts[0].startsWith('@') ? parts[0] + '/' + parts[1] : parts[0];
  } else {
    appFiles.push(path.relative(process.cwd(), file).split(path.sep).join('/'));
  }
  packages[name] = (packages[name] ?? 0) + 1;
}
process.stdout.write(JSON.stringify({ ms, modules: loaded.length, sdksLoaded, packages, appFiles }) + '\\n');
`;
}

/**
 * Requires `entries` in a fresh `node` (with `nodeArgs`, e.g. `['--import', 'tsx']`), from `cwd`. The Functions
 * library's warnings outside a host (stderr) are dropped unless the process fails.
 */
export function probeLoad(
  entries: readonly string[],
  options: { cwd: string; nodeArgs?: readonly string[] },
): Promise<LoadProbe> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '-e', probeProgram(entries)], {
      cwd: options.cwd,
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      if (status !== 0 || !line.startsWith('{')) {
        reject(new Error(`loading ${entries.join(', ')} failed (exit ${String(status)}): ${stderr.slice(-2000)}`));
        return;
      }
      resolve(JSON.parse(line) as LoadProbe);
    });
  });
}

/**
 * Runs the real Bicep CLI through infra/scripts/bicep.sh (PATH, or the NuGet package restored into .ercsp/bicep)
 * and walks the ARM JSON it compiles.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const BICEP = path.join(REPO_ROOT, 'infra/scripts/bicep.sh');
export const INFRA_CHECK = path.join(REPO_ROOT, 'infra/scripts/check.sh');

/** Restoring the CLI once takes ~10 s; a build a few seconds on a busy machine. */
export const BICEP_TIMEOUT_MS = 180_000;

/** Compiles one .bicep file (path relative to the repository) to its ARM JSON template. */
export function compileBicep(relativePath: string): unknown {
  const json = execFileSync(BICEP, ['build', path.join(REPO_ROOT, relativePath), '--stdout'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(json) as unknown;
}

export interface TemplateResource {
  readonly type: string;
  readonly properties?: Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Every resource of the given type anywhere in a compiled template, nested module templates included (resources
 * are an array, or an object keyed by symbolic name with languageVersion 2.0).
 */
export function resourcesOfType(template: unknown, type: string): TemplateResource[] {
  const found: TemplateResource[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (!isRecord(node)) return;
    if (typeof node.type === 'string' && node.type.toLowerCase() === type.toLowerCase()) {
      found.push(node as unknown as TemplateResource);
    }
    for (const value of Object.values(node)) visit(value);
  };
  visit(template);
  return found;
}

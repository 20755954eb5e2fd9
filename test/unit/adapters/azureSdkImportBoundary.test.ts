/**
 * Acceptance: `@azure/arm-network` and `@azure/identity` are imported only under shared/adapters. Everything else
 * (orchestrations, functions, local stand-ins, tests) reaches ARM through the port and gets credentials — the test
 * fake included — from shared/adapters/identity. Real imports only: the files are parsed, so a module name inside a
 * string (e.g. a lint probe's source text) does not count.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../../..');
const GUARDED = /^@azure\/(arm-network|identity)(\/|$)/;
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', 'coverage', '.git', '.ercsp', '__azurite_db__']);
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const ALLOWED = path.join(ROOT, 'shared', 'adapters') + path.sep;
/** Written and removed again by the lint-rule tests while they run (a deliberate violation, checked there). */
const TRANSIENT_LINT_PROBE = /zz-lint-probe/;

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRECTORIES.has(entry.name) ? [] : sourceFiles(full);
    return entry.isFile() && SOURCE.test(entry.name) && !TRANSIENT_LINT_PROBE.test(entry.name) ? [full] : [];
  });
}

/** Module names of import/export declarations, `import x = require()`, `require()` and `import()` calls. */
export function importedModules(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined) {
      if (ts.isStringLiteral(node.moduleSpecifier)) found.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expression = node.moduleReference.expression;
      if (ts.isStringLiteral(expression)) found.push(expression.text);
    } else if (ts.isCallExpression(node)) {
      const [first] = node.arguments;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      const isDynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      if ((isRequire || isDynamicImport) && first !== undefined && ts.isStringLiteralLike(first))
        found.push(first.text);
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      found.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('Azure SDK import boundary', () => {
  it('finds the imports it is meant to find (and not text that merely mentions them)', () => {
    const sample = [
      "import { NetworkManagementClient } from '@azure/arm-network';",
      "import type { TokenCredential } from '@azure/identity';",
      "export { X } from '@azure/arm-network/dist/x';",
      "const identity = require('@azure/identity');",
      "type T = import('@azure/identity').AccessToken;",
      "const lazy = () => import('@azure/arm-network');",
      "const probe = `import { A } from '@azure/arm-network';`;",
    ].join('\n');
    expect(importedModules('sample.ts', sample).filter((name) => GUARDED.test(name))).toHaveLength(6);
  });

  it('no file outside shared/adapters imports @azure/arm-network or @azure/identity', () => {
    const files = sourceFiles(ROOT);
    expect(files.length).toBeGreaterThan(50);
    const offenders = files
      .filter((file) => !file.startsWith(ALLOWED))
      .flatMap((file) =>
        importedModules(file, readFileSync(file, 'utf8'))
          .filter((name) => GUARDED.test(name))
          .map((name) => `${path.relative(ROOT, file)} imports ${name}`),
      );
    expect(offenders).toEqual([]);
  });
});

/**
 * `ercsp openapi [--write | --check]`: the OpenAPI 3.1 document of the HTTP API, generated from functions/http (the
 * handlers' zod schemas and the message contract). Prints it; `--write` updates docs/openapi.yaml; `--check` exits 1
 * when that file is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Command } from 'commander';
import { buildOpenApiDocument, OPENAPI_DOCUMENT_PATH } from '../../../functions/http/openapi';
import type { CommandContext } from '../context';
import { EXIT } from '../io';
import { parseOpenApiYaml, REGENERATE_OPENAPI_COMMAND, renderOpenApiYaml } from '../openApiYaml';
import { REPO_ROOT } from '../paths';

export const OPENAPI_DOCUMENT_FILE = join(REPO_ROOT, OPENAPI_DOCUMENT_PATH);

export function registerOpenApiCommand(program: Command, context: CommandContext): void {
  program
    .command('openapi')
    .description('print the OpenAPI 3.1 document of the HTTP API (generated from functions/http)')
    .option('--write', `update ${OPENAPI_DOCUMENT_PATH}`)
    .option('--check', `exit 1 when ${OPENAPI_DOCUMENT_PATH} differs from what would be generated`)
    .action((options: { write?: boolean; check?: boolean }) => {
      const { stdout, stderr } = context.io;
      if (options.write === true && options.check === true) {
        stderr.write('error: --write and --check exclude each other\n');
        context.exit(EXIT.usage);
        return;
      }
      const document = buildOpenApiDocument();
      if (options.write === true) {
        writeFileSync(OPENAPI_DOCUMENT_FILE, renderOpenApiYaml(document));
        stdout.write(`wrote ${OPENAPI_DOCUMENT_PATH}\n`);
        return;
      }
      if (options.check === true) {
        let current: unknown;
        try {
          current = parseOpenApiYaml(readFileSync(OPENAPI_DOCUMENT_FILE, 'utf8'));
        } catch (error) {
          stderr.write(`! ${OPENAPI_DOCUMENT_PATH}: ${error instanceof Error ? error.message : String(error)}\n`);
          context.exit(EXIT.usage);
          return;
        }
        if (isDeepStrictEqual(current, document)) {
          stdout.write(`${OPENAPI_DOCUMENT_PATH} is up to date\n`);
        } else {
          stdout.write(`${OPENAPI_DOCUMENT_PATH} is out of date: run \`${REGENERATE_OPENAPI_COMMAND}\`\n`);
          context.exit(EXIT.invalid);
        }
        return;
      }
      stdout.write(renderOpenApiYaml(document));
    });
}

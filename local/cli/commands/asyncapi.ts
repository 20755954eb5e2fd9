/**
 * `ercsp asyncapi [--write | --check]`: the AsyncAPI document of the messaging contract, generated from
 * shared/messages. Prints it; `--write` updates docs/asyncapi.yaml; `--check` exits 1 when that file is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import type { Command } from 'commander';
import { ASYNCAPI_DOCUMENT_PATH, buildAsyncApiDocument } from '../../../shared/messages/asyncapi';
import { parseAsyncApiYaml, REGENERATE_ASYNCAPI_COMMAND, renderAsyncApiYaml } from '../asyncApiYaml';
import type { CommandContext } from '../context';
import { EXIT } from '../io';
import { ASYNCAPI_DOCUMENT_FILE } from '../paths';

export function registerAsyncApiCommand(program: Command, context: CommandContext): void {
  program
    .command('asyncapi')
    .description(`print the AsyncAPI document of the messaging contract (generated from shared/messages)`)
    .option('--write', `update ${ASYNCAPI_DOCUMENT_PATH}`)
    .option('--check', `exit 1 when ${ASYNCAPI_DOCUMENT_PATH} differs from what would be generated`)
    .action((options: { write?: boolean; check?: boolean }) => {
      const { stdout, stderr } = context.io;
      const document = buildAsyncApiDocument();
      if (options.write === true && options.check === true) {
        stderr.write('error: --write and --check exclude each other\n');
        context.exit(EXIT.usage);
        return;
      }
      if (options.write === true) {
        writeFileSync(ASYNCAPI_DOCUMENT_FILE, renderAsyncApiYaml(document));
        stdout.write(`wrote ${ASYNCAPI_DOCUMENT_PATH}\n`);
        return;
      }
      if (options.check === true) {
        let current: unknown;
        try {
          current = parseAsyncApiYaml(readFileSync(ASYNCAPI_DOCUMENT_FILE, 'utf8'));
        } catch (error) {
          stderr.write(`! ${ASYNCAPI_DOCUMENT_PATH}: ${error instanceof Error ? error.message : String(error)}\n`);
          context.exit(EXIT.usage);
          return;
        }
        if (isDeepStrictEqual(current, document)) {
          stdout.write(`${ASYNCAPI_DOCUMENT_PATH} is up to date\n`);
        } else {
          stdout.write(`${ASYNCAPI_DOCUMENT_PATH} is out of date: run \`${REGENERATE_ASYNCAPI_COMMAND}\`\n`);
          context.exit(EXIT.invalid);
        }
        return;
      }
      stdout.write(renderAsyncApiYaml(document));
    });
}

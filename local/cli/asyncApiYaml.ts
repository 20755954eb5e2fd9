/** Serializing the AsyncAPI document to YAML (`docs/asyncapi.yaml`), and reading it back. */
import { parse, stringify } from 'yaml';
import { ASYNCAPI_DOCUMENT_PATH, type AsyncApiDocument } from '../../shared/messages/asyncapi';

export const REGENERATE_ASYNCAPI_COMMAND = 'npm run ercsp -- asyncapi --write';

const HEADER = [
  `# ${ASYNCAPI_DOCUMENT_PATH}: GENERATED from shared/messages by \`${REGENERATE_ASYNCAPI_COMMAND}\`. Do not edit by hand;`,
  '# test/unit/messages/asyncapi.test.ts fails when this file and the schemas drift apart.',
  '',
].join('\n');

export function renderAsyncApiYaml(document: AsyncApiDocument): string {
  return HEADER + stringify(document, { lineWidth: 0, aliasDuplicateObjects: false, singleQuote: true });
}

export function parseAsyncApiYaml(text: string): unknown {
  return parse(text) as unknown;
}

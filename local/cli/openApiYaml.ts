/** Serializing the OpenAPI document to YAML (`docs/openapi.yaml`), and reading it back. */
import { parse, stringify } from 'yaml';
import { OPENAPI_DOCUMENT_PATH, type OpenApiDocument } from '../../functions/http/openapi';

export const REGENERATE_OPENAPI_COMMAND = 'npm run ercsp -- openapi --write';

const HEADER = [
  `# ${OPENAPI_DOCUMENT_PATH}: GENERATED from functions/http by \`${REGENERATE_OPENAPI_COMMAND}\`. Do not edit by hand;`,
  '# test/unit/http/openapi.test.ts fails when this file, the schemas and the registered routes drift apart.',
  '',
].join('\n');

export function renderOpenApiYaml(document: OpenApiDocument): string {
  return HEADER + stringify(document, { lineWidth: 0, aliasDuplicateObjects: false, singleQuote: true });
}

export function parseOpenApiYaml(text: string): unknown {
  return parse(text) as unknown;
}

import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import {
  CLOUDEVENTS_CONTENT_TYPE,
  EVENTS_TOPIC,
  OUTBOUND_EVENT_TYPES,
  REQUEST_EVENT_TYPES,
  REQUEST_QUEUES,
  asyncApiSchemas,
  buildAsyncApiDocument,
} from '../../../shared/messages';
import { parseAsyncApiYaml, REGENERATE_ASYNCAPI_COMMAND, renderAsyncApiYaml } from '../../../local/cli/asyncApiYaml';
import { ASYNCAPI_DOCUMENT_FILE } from '../../../local/cli/paths';

type Json = Record<string, unknown>;

const documentOnDisk = parseAsyncApiYaml(readFileSync(ASYNCAPI_DOCUMENT_FILE, 'utf8')) as Json;

function record(value: unknown, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${what} is not an object`);
  return value as Json;
}

/** What differs between the schemas in a document and the generated ones (empty when in sync). */
function schemaDrift(document: Json, generated: Readonly<Record<string, unknown>>): string[] {
  const inDocument = record(record(document.components ?? {}, 'components').schemas ?? {}, 'components.schemas');
  const drift: string[] = [];
  for (const [name, schema] of Object.entries(generated)) {
    if (!(name in inDocument)) drift.push(`components.schemas["${name}"] is missing`);
    else if (!isDeepStrictEqual(inDocument[name], schema)) drift.push(`components.schemas["${name}"] differs`);
  }
  for (const name of Object.keys(inDocument)) {
    if (!(name in generated)) drift.push(`components.schemas["${name}"] is no longer generated`);
  }
  return drift;
}

function assertInSync(drift: readonly string[]): void {
  if (drift.length === 0) return;
  throw new Error(
    `docs/asyncapi.yaml has drifted from shared/messages:\n  ${drift.join('\n  ')}\n` +
      `Regenerate it with: ${REGENERATE_ASYNCAPI_COMMAND}`,
  );
}

function resolvePointer(document: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`${ref} is not a local reference`);
  return ref
    .slice(2)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, segment) => (node === undefined ? undefined : record(node, ref)[segment]), document);
}

function refsIn(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [];
  if (Array.isArray(value)) return value.flatMap(refsIn);
  return Object.entries(value).flatMap(([key, child]) =>
    key === '$ref' && typeof child === 'string' ? [child] : refsIn(child),
  );
}

describe('docs/asyncapi.yaml', () => {
  it('embeds exactly the generated JSON Schema of every CloudEvent type (components/schemas)', () => {
    assertInSync(schemaDrift(documentOnDisk, asyncApiSchemas()));
  });

  it('is exactly the generated document (channels, operations, messages too)', () => {
    const generated = buildAsyncApiDocument();
    const sections = [...new Set([...Object.keys(generated), ...Object.keys(documentOnDisk)])];
    assertInSync(
      sections
        .filter((section) => !isDeepStrictEqual(documentOnDisk[section], generated[section]))
        .map((section) => `${section} differs`),
    );
  });

  it('the drift check fails, naming the schema and the command, when a schema changes', () => {
    const generated = asyncApiSchemas();
    const [firstType] = REQUEST_EVENT_TYPES;
    const edited = structuredClone(generated) as Record<string, Json>;
    record(edited[firstType], firstType).title = 'Edited by hand';
    const stale = { components: { schemas: edited } };
    expect(() => {
      assertInSync(schemaDrift(stale, generated));
    }).toThrow(new RegExp(`${firstType.replace(/\./g, '\\.')}"\\] differs[\\s\\S]*npm run ercsp -- asyncapi --write`));

    const { [firstType]: _removed, ...missingOne } = generated;
    expect(schemaDrift({ components: { schemas: missingOne } }, generated)).toEqual([
      `components.schemas["${firstType}"] is missing`,
    ]);
    expect(schemaDrift({ components: { schemas: { ...generated, 'com.old.event': {} } } }, generated)).toEqual([
      'components.schemas["com.old.event"] is no longer generated',
    ]);
  });

  it('is an AsyncAPI 3.0.0 document whose references all resolve', () => {
    expect(documentOnDisk.asyncapi).toBe('3.0.0');
    const refs = refsIn(documentOnDisk);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) expect([ref, resolvePointer(documentOnDisk, ref) !== undefined]).toEqual([ref, true]);
  });

  it('has a receive operation on each request queue, a send operation on the events topic, all as CloudEvents', () => {
    const channels = record(documentOnDisk.channels, 'channels');
    const operations = Object.values(record(documentOnDisk.operations, 'operations')).map((op) => record(op, 'op'));
    /** Follows a chain of references (operation → channel message → component message). */
    const messageOf = (ref: string): Json => {
      const target = record(resolvePointer(documentOnDisk, ref), ref);
      return typeof target.$ref === 'string' ? messageOf(target.$ref) : target;
    };
    const channelAt = (address: string) => {
      const entry = Object.entries(channels).find(([, channel]) => record(channel, 'channel').address === address);
      if (entry === undefined) throw new Error(`no channel with address ${address}`);
      return `#/channels/${entry[0]}`;
    };
    const typesOfOperation = (action: string, channelRef: string): string[] =>
      operations
        .filter((op) => op.action === action && record(op.channel, 'channel').$ref === channelRef)
        .flatMap((op) => (op.messages as { $ref: string }[]).map((m) => String(messageOf(m.$ref).name)));

    for (const type of REQUEST_EVENT_TYPES) {
      expect(typesOfOperation('receive', channelAt(REQUEST_QUEUES[type]))).toEqual([type]);
    }
    expect(typesOfOperation('send', channelAt(EVENTS_TOPIC)).sort()).toEqual([...OUTBOUND_EVENT_TYPES].sort());

    for (const message of Object.values(record(record(documentOnDisk.components, 'components').messages, 'messages'))) {
      const { name, contentType, payload } = record(message, 'message');
      expect(contentType).toBe(CLOUDEVENTS_CONTENT_TYPE);
      expect(record(payload, 'payload')).toEqual({
        schemaFormat: 'application/schema+json;version=draft-07',
        schema: { $ref: `#/components/schemas/${String(name)}` },
      });
    }
  });

  it('round-trips through the YAML rendering unchanged', () => {
    const document = buildAsyncApiDocument();
    expect(parseAsyncApiYaml(renderAsyncApiYaml(document))).toEqual(document);
  });
});

/**
 * One logical record (a history event, a message) as one table row, or several when its JSON is large: the first row
 * has the columns and `Chunks`, continuation rows `{rowKey}~001`, `~002`… sort right after it and carry the rest of
 * `Data`. Chunks of 15,000 characters keep every row far below the 64 KiB a string property may hold.
 */
import type { TableEntity, TableEntityResult } from '@azure/data-tables';

export const CHUNK_CHARS = 15_000;
const CONTINUATION_MARK = '~';

export type ColumnValue = string | number | boolean;

export interface ChunkedRecord {
  readonly rowKey: string;
  readonly text: string;
  readonly columns: Readonly<Record<string, ColumnValue>>;
}

export type Row = TableEntity;

function split(text: string): string[] {
  if (text.length <= CHUNK_CHARS) return [text];
  const chunks: string[] = [];
  for (let start = 0; start < text.length; start += CHUNK_CHARS) chunks.push(text.slice(start, start + CHUNK_CHARS));
  return chunks;
}

export function continuationKey(rowKey: string, index: number): string {
  return `${rowKey}${CONTINUATION_MARK}${String(index).padStart(3, '0')}`;
}

export function toRows(partitionKey: string, record: ChunkedRecord): Row[] {
  const chunks = split(record.text);
  return chunks.map((chunk, index) =>
    index === 0
      ? { partitionKey, rowKey: record.rowKey, ...record.columns, Chunks: chunks.length, Data: chunk }
      : { partitionKey, rowKey: continuationKey(record.rowKey, index), Data: chunk },
  );
}

/** Every row key a record occupies (to delete it). */
export function rowKeysOf(rowKey: string, chunks: number): string[] {
  return Array.from({ length: Math.max(chunks, 1) }, (_, index) =>
    index === 0 ? rowKey : continuationKey(rowKey, index),
  );
}

/** Reassembles records from rows in row-key order (as the Table service returns them). */
export function fromRows(rows: readonly TableEntityResult<Record<string, unknown>>[]): ChunkedRecord[] {
  const records: { rowKey: string; parts: string[]; columns: Record<string, ColumnValue> }[] = [];
  for (const row of rows) {
    const rowKey = row.rowKey ?? '';
    const data = typeof row.Data === 'string' ? row.Data : '';
    const last = records.at(-1);
    if (rowKey.includes(CONTINUATION_MARK) && last !== undefined && rowKey.startsWith(last.rowKey)) {
      last.parts.push(data);
      continue;
    }
    const columns: Record<string, ColumnValue> = {};
    for (const [key, value] of Object.entries(row)) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') columns[key] = value;
    }
    records.push({ rowKey, parts: [data], columns });
  }
  return records.map((record) => ({ rowKey: record.rowKey, text: record.parts.join(''), columns: record.columns }));
}

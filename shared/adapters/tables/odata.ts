/**
 * `odata` of `@azure/data-tables` (escapes the values of a filter template), reached through the deferred SDK so
 * that importing a table adapter does not load the SDK (see ../sdkModules.ts).
 */
import { dataTablesSdk } from '../sdkModules';

export function odata(strings: TemplateStringsArray, ...values: unknown[]): string {
  return dataTablesSdk().odata(strings, ...values);
}

/**
 * `%Setting%` binding expressions (a queue name, a timer schedule) resolved from the app settings, as the Functions
 * host resolves them when it loads the app. `missing` builds the error for an expression that names no setting.
 */
export function resolveAppSettings(
  value: string,
  settings: (name: string) => string | undefined,
  missing: (name: string) => Error,
): string {
  return value.replace(/%([^%]+)%/g, (_match, name: string) => {
    const setting = settings(name);
    if (setting === undefined) throw missing(name);
    return setting;
  });
}

/**
 * A trigger's handler whose code loads at its first call. The Functions host discovers a function when the app loads,
 * so the registration (name, route, schedule, bindings) stays in `functions/*.ts`; the handler (functions/handlers/*:
 * services, schemas, adapters) is required when the first request, message or timer arrives. A cold start loads the
 * registrations only (test/unit/coldStart.test.ts). Node caches the module, so later calls cost nothing more.
 */
export function lazyHandler<Args extends unknown[], Result>(
  load: () => (...args: Args) => Result,
): (...args: Args) => Result {
  let handler: ((...args: Args) => Result) | undefined;
  return (...args) => (handler ??= load())(...args);
}

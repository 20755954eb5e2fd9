/**
 * How `ercsp serve` finds the app's handler for a request, as the Functions host does (`/api` prefix, literal
 * segments before parameters, 405 with the allowed methods), and how it checks the function key.
 */
import { FunctionRegistry, type RegisteredFunction } from '../../local/functionsHost';
import { keyMatches, presentedKey } from '../../local/serve/functionKey';
import { findRoute, httpRoutesOf } from '../../local/serve/httpRoutes';
import { parseServeOptions } from '../../local/cli/commands/serve';

function http(name: string, route: string, methods: string[], authLevel = 'function'): RegisteredFunction {
  return {
    name,
    kind: 'http',
    registeredVia: 'http',
    trigger: { type: 'httpTrigger', name: 'request', route, methods, authLevel },
    handler: () => undefined,
    extraInputs: [],
    extraOutputs: [],
    return: undefined,
    options: {},
  };
}

const registry = new FunctionRegistry();
registry.add(http('customer', 'customers/{customerId}', ['GET']));
registry.add(http('customers', 'customers', ['GET']));
registry.add(http('compliance', 'customers/{customerId}/compliance/{checkId?}', ['GET', 'POST'], 'anonymous'));
registry.add(http('events', 'requests/{id}/events/{name}', ['POST']));
const routes = httpRoutesOf(registry);

function found(method: string, path: string): [string, Record<string, string>] | string {
  const lookup = findRoute(routes, method, path);
  return lookup.kind === 'found' ? [lookup.match.route.functionName, { ...lookup.match.params }] : lookup.kind;
}

describe('serve routing', () => {
  it('binds route parameters (decoded, optional ones too) under /api only', () => {
    expect(found('GET', '/api/customers')).toEqual(['customers', {}]);
    expect(found('get', '/api/Customers/contoso')).toEqual(['customer', { customerId: 'contoso' }]);
    expect(found('POST', '/api/requests/r%2F1/events/Approval')).toEqual(['events', { id: 'r/1', name: 'Approval' }]);
    expect(found('GET', '/api/customers/contoso/compliance')).toEqual(['compliance', { customerId: 'contoso' }]);
    expect(found('POST', '/api/customers/contoso/compliance/c1')).toEqual([
      'compliance',
      { customerId: 'contoso', checkId: 'c1' },
    ]);
    expect(found('GET', '/customers')).toBe('not-found');
    expect(found('GET', '/api/requests/r1/events')).toBe('not-found');
    expect(found('GET', '/api/customers/a/b/c/d')).toBe('not-found');
    expect(found('GET', '/api/customers/%E0%A4%A')).toBe('not-found');
    expect(findRoute(routes, 'DELETE', '/api/customers/contoso')).toEqual({
      kind: 'method-not-allowed',
      allowed: ['GET'],
    });
    expect(routes.find((route) => route.functionName === 'compliance')?.authLevel).toBe('anonymous');
  });

  it('takes the key from x-functions-key or ?code=, and compares it whole', () => {
    const url = new URL('http://127.0.0.1/api/customers?code=from-query');
    expect(presentedKey(new Headers({ 'x-functions-key': 'from-header' }), url)).toBe('from-header');
    expect(presentedKey(new Headers(), url)).toBe('from-query');
    expect(presentedKey(new Headers(), new URL('http://127.0.0.1/api/customers?code='))).toBeUndefined();
    expect(keyMatches('secret-key', 'secret-key')).toBe(true);
    expect(keyMatches('secret-key', 'secret-ke')).toBe(false);
    expect(keyMatches('secret-key', 'secret-kez')).toBe(false);
    expect(keyMatches('secret-key', undefined)).toBe(false);
  });
});

describe('ercsp serve options', () => {
  it('defaults to 127.0.0.1:7071 at x60 with a 2h provider, and names every bad option at once', () => {
    expect(parseServeOptions({})).toEqual({
      ok: true,
      options: { host: '127.0.0.1', port: 7071, speed: 60, providerProvisionAfterMs: 7_200_000, quiet: false },
    });
    expect(parseServeOptions({ providerNever: true, port: '0', speed: '1e5' })).toMatchObject({
      ok: true,
      options: { port: 0, speed: 100_000, providerProvisionAfterMs: 'never' },
    });
    expect(parseServeOptions({ port: '70000', speed: '-1', providerDelay: 'later', providerNever: true })).toEqual({
      ok: false,
      problems: [
        "--port: '70000' is not a port number (0-65535; 0 picks a free one)",
        "--speed: '-1' is not a positive number (simulated seconds per real second)",
        "--provider-delay: 'later' is not a duration such as 90m, 2h or 3d",
        '--provider-never and --provider-delay exclude each other',
      ],
    });
  });
});

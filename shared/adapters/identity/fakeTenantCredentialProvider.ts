/**
 * For tests and local stand-ins: credentials that issue unsigned, JWT-shaped tokens carrying the tenant (`tid`),
 * the audience and an object id, so that a local ARM simulator can tell which tenant a caller came from (and refuse
 * a token from the wrong one, as ARM does with `InvalidAuthenticationTokenTenant`). No network, no secrets.
 */
import type { AccessToken, TokenCredential } from '@azure/identity';
import { PerTenantCache, type PerTenantCacheOptions } from './tenantCredentialProvider';
import type { TenantCredentialProvider } from './tenantCredentialProvider';

export interface FakeTokenClaims {
  readonly tid: string;
  readonly aud: string;
  readonly oid: string;
  readonly iat: number;
  readonly exp: number;
  readonly [claim: string]: unknown;
}

export interface IssuedToken {
  readonly tenantId: string;
  readonly scopes: readonly string[];
}

const TOKEN_LIFETIME_SECONDS = 3600;

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** `header.payload.` with `alg: none`: shaped like a JWT, signed by nobody. */
export function encodeUnsignedJwt(claims: FakeTokenClaims): string {
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;
}

/** The claims of a token made by `encodeUnsignedJwt` (or any JWT, without checking its signature); undefined if malformed. */
export function decodeUnsignedJwt(token: string): FakeTokenClaims | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof claims !== 'object' || claims === null || typeof (claims as { tid?: unknown }).tid !== 'string') {
      return undefined;
    }
    return claims as FakeTokenClaims;
  } catch {
    return undefined;
  }
}

function audienceOf(scopes: readonly string[]): string {
  const scope = scopes[0] ?? '';
  return scope.endsWith('/.default') ? scope.slice(0, -'/.default'.length) : scope;
}

export class FakeTenantCredentialProvider implements TenantCredentialProvider {
  /** Every token request, in order: lets a test prove which tenant was asked for what. */
  readonly issued: IssuedToken[] = [];
  private readonly credentials: PerTenantCache<TokenCredential>;

  constructor(options: { readonly objectId?: string; readonly cache?: PerTenantCacheOptions } = {}) {
    const oid = options.objectId ?? '00000000-0000-0000-0000-00000000f4ce';
    this.credentials = new PerTenantCache<TokenCredential>(
      (tenantId) => ({
        getToken: (scopes: string | string[]): Promise<AccessToken> => {
          const list = typeof scopes === 'string' ? [scopes] : [...scopes];
          this.issued.push({ tenantId, scopes: list });
          const iat = Math.floor(Date.now() / 1000);
          const exp = iat + TOKEN_LIFETIME_SECONDS;
          return Promise.resolve({
            token: encodeUnsignedJwt({ tid: tenantId, aud: audienceOf(list), oid, iat, exp }),
            expiresOnTimestamp: exp * 1000,
            tokenType: 'Bearer',
          });
        },
      }),
      options.cache,
    );
  }

  forTenant(tenantId: string): TokenCredential {
    return this.credentials.get(tenantId);
  }

  /** Distinct tenants a token was requested for. */
  tenantsAsked(): string[] {
    return [...new Set(this.issued.map((token) => token.tenantId))];
  }
}

import { HttpResponse } from '@azure/functions';

/**
 * An HTTP handler may return an HttpResponse or a plain HttpResponseInit (or nothing); the host turns the latter into a
 * response. Tests and local servers calling captured HTTP handlers do the same here.
 */
export function asHttpResponse(result: unknown): HttpResponse {
  if (result instanceof HttpResponse) return result;
  if (result === undefined || result === null) return new HttpResponse({ status: 204 });
  return new HttpResponse(result);
}

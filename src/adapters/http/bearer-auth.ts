import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

const BEARER = /^Bearer +(\S+) *$/i;

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * True when `given` equals `expected`, in time that depends on neither: both sides are hashed
 * first, so the comparison always runs over 32 bytes and the token's length never leaks.
 */
export function tokensMatch(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Requires `Authorization: Bearer <token>`. Without a configured token the API is off (503
 * `api_disabled`); a missing or wrong token is a 401 with `WWW-Authenticate: Bearer`.
 */
export function bearerAuth(token: string | undefined): RequestHandler {
  return (req, res, next) => {
    if (token === undefined || token === '') {
      res.status(503).json({
        error: { code: 'api_disabled', message: 'The HTTP API is disabled: set API_TOKEN to enable it.' },
      });
      return;
    }
    const header = req.get('authorization');
    const given = header === undefined ? undefined : BEARER.exec(header)?.[1];
    // Compare even when nothing was given, so a missing token takes as long as a wrong one.
    const matches = tokensMatch(given ?? '', token);
    if (given !== undefined && matches) {
      next();
      return;
    }
    const challenge =
      given === undefined
        ? 'Bearer realm="assessor-desk"'
        : 'Bearer realm="assessor-desk", error="invalid_token"';
    res
      .status(401)
      .set('WWW-Authenticate', challenge)
      .json({
        error: {
          code: 'unauthorized',
          message:
            given === undefined
              ? 'Send the API token as "Authorization: Bearer <API_TOKEN>".'
              : 'The bearer token is not valid.',
        },
      });
  };
}

/** The Keycloak token endpoint on the emulator's own host (§2.1). */
import { OAuthError } from '../auth.js';
import { ok } from '../router.js';
/** Token URL path (realm `master`). */
export const TOKEN_PATH = '/auth/realms/master/protocol/openid-connect/token';
/** Routes of this area. */
export const authRoutes = [
    {
        method: 'POST',
        path: TOKEN_PATH,
        access: 'none',
        format: 'mlops',
        async handler(ctx) {
            const type = String(ctx.req.headers['content-type'] ?? '');
            if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
                const e = new OAuthError(400, 'invalid_request', `expected a form body (Content-Type: application/x-www-form-urlencoded), got '${type || 'none'}'`);
                return { status: e.status, json: e.body() };
            }
            const form = new URLSearchParams((await ctx.body()).toString('utf8'));
            try {
                return ok(ctx.tokens.grant(form, ctx.req.headers.authorization, ctx.baseUrl));
            }
            catch (err) {
                if (err instanceof OAuthError)
                    return { status: err.status, json: err.body() };
                throw err;
            }
        }
    }
];

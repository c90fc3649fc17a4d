/** `GET /v1/api/config`: read by the SDK without a token when it starts (§1). */
import { ok } from '../router.js';
/** Routes of this area. */
export const configRoutes = [
    { method: 'GET', path: '/v1/api/config', access: 'none', format: 'mlops', handler: async () => ok({ default_arch: 'x86' }) },
    { method: 'POST', path: '/v1/api/config', access: 'none', format: 'mlops', handler: async () => ok({ default_arch: 'x86' }) }
];

/**
 * `GET /health`: the emulator's own readiness probe (not part of the Wallaroo API). It needs no
 * token and ignores fault rules, so a probe or a CI wait loop sees whether the process answers,
 * not what a test injected. It only answers once `--seed` has been applied.
 */
import { ok } from '../router.js';
/** Routes of this area. */
export const healthRoutes = [
    { method: 'GET', path: '/health', access: 'none', format: 'mlops', handler: async (ctx) => ok({ status: 'ok', profile: ctx.settings.profile }) }
];

/**
 * `users/query` (User Management tutorial, recorded 2024-07): `{}` answers every user, `{user_ids: [...]}` those;
 * the answer maps each Keycloak id to Keycloak's UserRepresentation.
 */
import { ApiError, field } from '../http.js';
import { mlopsRoute, ok } from '../router.js';
/** Routes of this area. */
export const userRoutes = [
    mlopsRoute('users/query', async (ctx) => {
        const ids = field.optArray(await ctx.json(), 'user_ids');
        ids?.forEach((v, i) => {
            if (typeof v !== 'string')
                throw new ApiError(400, `invalid field 'user_ids[${i}]': expected a Keycloak user id (a UUID string)`);
        });
        const byId = ids !== undefined;
        const users = {};
        const builtin = ctx.store.users[0].username;
        for (const u of ctx.store.knownUsers()) {
            // Unknown ids are left out (INFERRED: the recording asked for existing ones only).
            if (byId && !ids.includes(u.id))
                continue;
            users[u.id] = {
                access: { impersonate: true, manage: true, manageGroupMembership: true, mapRoles: true, view: true },
                createdTimestamp: u.created,
                disableableCredentialTypes: [],
                // As recorded: the built-in `admin` has no email in Keycloak (the SDK and the tokens use admin@keycloak).
                ...(u.username.includes('@') ? { email: u.email } : {}),
                // Recorded: the built-in admin unverified, an invited user verified.
                emailVerified: u.username !== builtin,
                enabled: true,
                // Asked by id, Keycloak adds the identity links and leaves out the realm roles and last login (recorded).
                ...(byId ? { federatedIdentities: [] } : {}),
                id: u.id,
                lastLogin: byId ? null : u.last_login,
                notBefore: 0,
                ...(!byId && u.admin ? { realmRoles: ['admin'] } : {}),
                requiredActions: [],
                username: u.username
            };
        }
        return ok({ users });
    })
];

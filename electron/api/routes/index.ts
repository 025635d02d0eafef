/** Every route group, one file per Vault path group. Add a group here when you add its file. */
import type { Route } from '../route.js';
import { authTokenRoutes } from './auth-token.js';
import { sysHealthRoutes } from './sys-health.js';
import { sysInitRoutes } from './sys-init.js';
import { sysSealRoutes } from './sys-seal.js';

export const allRoutes: readonly Route[] = [...sysInitRoutes, ...sysSealRoutes, ...sysHealthRoutes, ...authTokenRoutes];

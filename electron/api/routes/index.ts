/** Every route group, one file per Vault path group. Add a group here when you add its file. */
import type { Route } from '../route.js';
import { authTokenRoutes } from './auth-token.js';
import { authTokenCreateRoutes } from './auth-token-create.js';
import { authTokenManageRoutes } from './auth-token-manage.js';
import { sysCapabilitiesRoutes } from './sys-capabilities.js';
import { sysPolicyRoutes } from './sys-policy.js';
import { sysWrappingRoutes } from './sys-wrapping.js';
import { secretKvRoutes } from './secret-kv.js';
import { sysAuditRoutes } from './sys-audit.js';
import { sysGenerateRootRoutes } from './sys-generate-root.js';
import { sysHealthRoutes } from './sys-health.js';
import { sysInitRoutes } from './sys-init.js';
import { sysLeaderRoutes } from './sys-leader.js';
import { sysMountsRoutes } from './sys-mounts.js';
import { sysRekeyRoutes } from './sys-rekey.js';
import { sysRewrapRoutes } from './sys-rewrap.js';
import { sysRotateRoutes } from './sys-rotate.js';
import { sysSealRoutes } from './sys-seal.js';
import { sysStorageRoutes } from './sys-storage.js';

export const allRoutes: readonly Route[] = [...sysInitRoutes, ...sysSealRoutes, ...sysHealthRoutes, ...sysLeaderRoutes, ...sysMountsRoutes, ...authTokenRoutes, ...authTokenCreateRoutes, ...authTokenManageRoutes, ...sysPolicyRoutes, ...sysCapabilitiesRoutes, ...sysWrappingRoutes, ...sysRotateRoutes, ...sysRewrapRoutes, ...secretKvRoutes, ...sysAuditRoutes, ...sysRekeyRoutes, ...sysGenerateRootRoutes, ...sysStorageRoutes];

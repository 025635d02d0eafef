/**
 * sys/rotate, sys/rotate/config and sys/key-status (API.md, "sys/rotate, sys/rotate/config,
 * sys/key-status"); Vault's shapes, with key-status and rotate/config copying their data keys to
 * the top level. sys/rotate needs update+sudo; writing the config needs update+sudo too, reading
 * it only read.
 */
import { formatGoDuration } from '../../core/core.js';
import type { RotationConfig } from '../../core/core.js';
import type { KeyStatusData, RotateConfigData } from '../../../shared/api/rotation.js';
import { logical, noContent } from '../reply.js';
import { readRotationConfigChange } from '../rotation-config-input.js';
import type { Route } from '../route.js';

/** Vault prints the interval as 0 when off, else as Go's time.Duration.String() (`4320h0m0s`). */
function configData(config: RotationConfig): RotateConfigData {
  return {
    max_operations: config.maxOperations,
    enabled: config.enabled,
    interval: config.intervalSeconds > 0 ? formatGoDuration(config.intervalSeconds) : 0,
  };
}

export const sysRotateRoutes: Route[] = [
  {
    path: 'sys/rotate',
    auth: 'token',
    sudo: true,
    handlers: {
      update: ({ core }) => {
        core.rotation.rotate('manual');
        return noContent();
      },
    },
  },
  {
    path: 'sys/key-status',
    auth: 'token',
    // The term in use, when it was installed and how often it was used: nothing secret.
    auditPlain: { read: { term: true, install_time: true, encryptions: true } },
    handlers: {
      read: ({ core, requestId }) => {
        const status = core.rotation.keyStatus();
        const data: KeyStatusData = { term: status.term, install_time: status.installTime, encryptions: status.encryptions };
        return logical({ ...data }, { topLevel: true, requestId });
      },
    },
  },
  {
    path: 'sys/rotate/config',
    auth: 'token',
    auditPlain: { read: { max_operations: true, enabled: true, interval: true } },
    sudo: ['update'],
    handlers: {
      read: ({ core, requestId }) => logical({ ...configData(core.rotation.config()) }, { topLevel: true, requestId }),
      update: ({ core, body }) => {
        core.rotation.updateConfig(readRotationConfigChange(body));
        return noContent();
      },
    },
  },
];

/**
 * KV version 2 at `secret/` in HashiCorp Vault's shapes (Vault API docs, "KV secrets engine -
 * version 2"): data, metadata, delete, undelete, destroy, config (the mount itself is described
 * by sys-mounts.ts). Capabilities as in Vault: read on
 * secret/data, create or update for writes (create when the secret does not exist yet), delete,
 * list on secret/metadata, update on secret/delete|undelete|destroy. The engine is core.kv.
 */
import { errorReply, logical, noContent } from '../reply.js';
import type { ApiReply } from '../reply.js';
import type { ApiRequest, Route } from '../route.js';
import { checkSecretPath } from '../../core/core.js';
import type { KeyMetadata, PlainKeys, VersionInfo } from '../../core/core.js';
import type { KvConfigData, KvListData, KvMetadataData, KvReadData, KvVersionMetadata } from '../../../shared/api/kv.js';
import { parseCas, parseVersionList, parseVersionParam, readKvConfig, readKvData, readKvSettings } from '../kv-input.js';

export const KV_MOUNT = 'secret/';

const secretPath = (req: ApiRequest): string => req.params['*'] ?? '';

/** A version's metadata in Vault's names. */
function versionMetadata(info: VersionInfo): KvVersionMetadata {
  return {
    created_time: info.createdTime,
    custom_metadata: info.customMetadata === null ? null : { ...info.customMetadata },
    deletion_time: info.deletionTime,
    destroyed: info.destroyed,
    version: info.version,
  };
}

/**
 * A version's metadata is not secret (times, a number, a flag): recorded in the clear in the audit
 * entry. Its custom_metadata, written by users, is HMAC'd like the secret's values.
 */
const VERSION_METADATA_PLAIN: PlainKeys = { created_time: true, deletion_time: true, destroyed: true, version: true };

/** A secret's metadata in Vault's names (versions are never deleted after a duration here). */
function keyMetadata(meta: KeyMetadata): KvMetadataData {
  const versions: KvMetadataData['versions'] = {};
  for (const [n, v] of Object.entries(meta.versions)) versions[n] = { created_time: v.created_time, deletion_time: v.deletion_time, destroyed: v.destroyed };
  return {
    cas_required: meta.cas_required,
    created_time: meta.created_time,
    current_version: meta.current_version,
    custom_metadata: meta.custom_metadata,
    delete_version_after: '0s',
    max_versions: meta.max_versions,
    oldest_version: meta.oldest_version,
    updated_time: meta.updated_time,
    versions,
  };
}

/** Existence check for create vs update; an invalid path counts as absent (the handler reports it). */
function secretExists(req: ApiRequest): boolean {
  try {
    return req.core.kv.exists(secretPath(req));
  } catch {
    return false;
  }
}

function readData(req: ApiRequest): ApiReply {
  const path = secretPath(req);
  const result = req.core.kv.read(path, parseVersionParam(req.query['version']));
  if (result.kind === 'found') return logical({ data: result.data, metadata: versionMetadata(result.metadata) } satisfies KvReadData, { requestId: req.requestId });
  if (result.kind === 'missing') return errorReply(404, 'SECRET_NOT_FOUND', `no value found at ${KV_MOUNT}data/${path}`, { path: KV_MOUNT + 'data/' + path });
  // Vault answers a deleted or destroyed version with 404 and the version's metadata in `data`.
  const { destroyed, version } = result.metadata;
  const message = `version ${String(version)} of ${KV_MOUNT}data/${path} is ${destroyed ? 'destroyed' : 'deleted'}`;
  const envelope = logical({ data: null, metadata: versionMetadata(result.metadata) } satisfies KvReadData, { requestId: req.requestId }).body as Record<string, unknown>;
  return {
    status: 404,
    body: { ...envelope, errors: [], error_code: destroyed ? 'SECRET_DESTROYED' : 'SECRET_DELETED', message, context: { path: KV_MOUNT + 'data/' + path } },
  };
}

function listReply(keys: string[], req: ApiRequest): ApiReply {
  // Vault answers an empty listing with 404.
  if (keys.length === 0) return errorReply(404, 'SECRET_NOT_FOUND', `no keys found under ${req.path}/`, { path: req.path });
  return logical({ keys } satisfies KvListData, { requestId: req.requestId });
}

const noVersionMessage = 'No version number provided';

export const secretKvRoutes: Route[] = [
  {
    path: 'secret/data/*',
    auth: 'token',
    exists: secretExists,
    auditPlain: { read: { metadata: VERSION_METADATA_PLAIN }, update: VERSION_METADATA_PLAIN },
    handlers: {
      read: readData,
      update: (req) => {
        // Vault's order of refusals: the check-and-set option, the path, then the data.
        const cas = parseCas(req.body['options']);
        const path = checkSecretPath(secretPath(req));
        return logical(versionMetadata(req.core.kv.write(path, readKvData(req.body), cas)), { requestId: req.requestId });
      },
      delete: (req) => {
        req.core.kv.deleteLatest(secretPath(req));
        return noContent();
      },
    },
  },
  {
    path: 'secret/metadata/*',
    auth: 'token',
    exists: secretExists,
    handlers: {
      read: (req) => {
        const path = secretPath(req);
        const meta = req.core.kv.readMetadata(path);
        if (!meta) return errorReply(404, 'SECRET_NOT_FOUND', `no metadata found at ${KV_MOUNT}metadata/${path}`, { path: KV_MOUNT + 'metadata/' + path });
        return logical(keyMetadata(meta), { requestId: req.requestId });
      },
      list: (req) => listReply(req.core.kv.list(secretPath(req)), req),
      update: (req) => {
        const path = checkSecretPath(secretPath(req));
        // A write that names no setting changes nothing (not even creating the metadata).
        const settings = readKvSettings(req.body);
        if (settings) req.core.kv.writeMetadata(path, settings);
        return noContent();
      },
      delete: (req) => {
        req.core.kv.deleteMetadata(secretPath(req));
        return noContent();
      },
    },
  },
  {
    path: 'secret/delete/*',
    auth: 'token',
    handlers: {
      update: (req) => {
        req.core.kv.deleteVersions(secretPath(req), parseVersionList(req.body['versions'], noVersionMessage));
        return noContent();
      },
    },
  },
  {
    path: 'secret/undelete/*',
    auth: 'token',
    handlers: {
      update: (req) => {
        req.core.kv.undeleteVersions(secretPath(req), parseVersionList(req.body['versions'], noVersionMessage));
        return noContent();
      },
    },
  },
  {
    path: 'secret/destroy/*',
    auth: 'token',
    handlers: {
      update: (req) => {
        req.core.kv.destroyVersions(secretPath(req), parseVersionList(req.body['versions'], 'no version number provided'));
        return noContent();
      },
    },
  },
  {
    path: 'secret/config',
    auth: 'token',
    handlers: {
      read: (req) => {
        const config = req.core.kv.config();
        return logical({ max_versions: config.max_versions, cas_required: config.cas_required, delete_version_after: '0s' } satisfies KvConfigData, { requestId: req.requestId });
      },
      update: (req) => {
        req.core.kv.writeConfig(readKvConfig(req.body));
        return noContent();
      },
    },
  },
];

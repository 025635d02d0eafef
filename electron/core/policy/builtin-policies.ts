/**
 * The two policies every Vault has. `root` grants everything and is never stored or changed.
 * `default` is attached to every new token unless asked otherwise; it lets a token look after
 * itself and use response wrapping (the subset of Vault's own default policy that applies to the
 * endpoints Symbolon serves). Operators may edit `default` but not delete it.
 */
export const ROOT_POLICY = 'root';
export const DEFAULT_POLICY = 'default';

export const DEFAULT_POLICY_TEXT = JSON.stringify(
  {
    path: {
      'auth/token/lookup-self': { capabilities: ['read'] },
      'auth/token/renew-self': { capabilities: ['update'] },
      'auth/token/revoke-self': { capabilities: ['update'] },
      'sys/capabilities-self': { capabilities: ['update'] },
      'sys/wrapping/wrap': { capabilities: ['update'] },
      'sys/wrapping/lookup': { capabilities: ['update'] },
      'sys/wrapping/unwrap': { capabilities: ['update'] },
      'sys/wrapping/rewrap': { capabilities: ['update'] },
    },
  },
  null,
  2,
);

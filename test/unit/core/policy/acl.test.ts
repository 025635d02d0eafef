/**
 * The ACL matcher against Vault's documented precedence (developer.hashicorp.com/vault/docs/
 * concepts/policies, "Priority matching") and the behaviour of vault/acl.go: exact beats glob,
 * later first wildcard wins, non-glob beats glob, fewer "+" wins, longer wins; deny merges.
 */
import { describe, expect, it } from 'vitest';
import { Acl } from '../../../../electron/core/policy/acl.js';
import { parsePolicy } from '../../../../electron/core/policy/policy-document.js';
import { CoreError } from '../../../../electron/core/errors.js';

function acl(...policies: Record<string, string[]>[]): Acl {
  return new Acl(policies.flatMap((paths) => parsePolicy(JSON.stringify({ path: Object.fromEntries(Object.entries(paths).map(([p, c]) => [p, { capabilities: c }])) }))));
}

describe('ACL path matching', () => {
  it('allows only what a rule grants, and nothing without a rule', () => {
    const a = acl({ 'secret/data/app': ['read'] });
    expect(a.allows('secret/data/app', 'read', false)).toBe(true);
    expect(a.allows('secret/data/app', 'update', false)).toBe(false);
    expect(a.allows('secret/data/other', 'read', false)).toBe(false);
    expect(a.allows('secret/data/app/child', 'read', false)).toBe(false);
  });

  it('matches a trailing * as a prefix of the rest of the path, not the bare parent', () => {
    const a = acl({ 'secret/apps/*': ['read'], 'kv/DB-*': ['read'] });
    expect(a.allows('secret/apps/web', 'read', false)).toBe(true);
    expect(a.allows('secret/apps/web/db/config', 'read', false)).toBe(true);
    expect(a.allows('secret/apps', 'read', false)).toBe(false);
    expect(a.allows('kv/DB-10/web', 'read', false)).toBe(true);
    expect(a.allows('kv/DB2', 'read', false)).toBe(false);
  });

  it('matches + as exactly one segment', () => {
    const a = acl({ 'secret/+/db': ['read'] });
    expect(a.allows('secret/app/db', 'read', false)).toBe(true);
    expect(a.allows('secret/db', 'read', false)).toBe(false);
    expect(a.allows('secret/a/b/db', 'read', false)).toBe(false);
  });

  it('prefers an exact rule over any glob, even a deny glob', () => {
    const a = acl({ 'secret/*': ['deny'], 'secret/open': ['read'] });
    expect(a.allows('secret/open', 'read', false)).toBe(true);
    expect(a.allows('secret/closed', 'read', false)).toBe(false);
  });

  it('lets the longest prefix glob govern: a narrower deny beats a broad allow and vice versa', () => {
    const a = acl({ 'secret/*': ['read', 'list'], 'secret/super-secret*': ['deny'] });
    expect(a.allows('secret/ordinary', 'read', false)).toBe(true);
    expect(a.allows('secret/super-secret/x', 'read', false)).toBe(false);
    const b = acl({ 'secret/*': ['deny'], 'secret/team/*': ['read'] });
    expect(b.allows('secret/team/x', 'read', false)).toBe(true);
    expect(b.allows('secret/other', 'read', false)).toBe(false);
  });

  it('prefers the pattern whose first wildcard comes later (foo/bar/+/baz over foo/+/bar/baz)', () => {
    const a = acl({ 'foo/+/bar/baz': ['read'], 'foo/bar/+/baz': ['update'] });
    expect(a.allows('foo/bar/bar/baz', 'update', false)).toBe(true);
    expect(a.allows('foo/bar/bar/baz', 'read', false)).toBe(false);
  });

  it('prefers a later glob over an earlier + (foo/a* over foo/+)', () => {
    const a = acl({ 'foo/+': ['read'], 'foo/a*': ['update'] });
    expect(a.allows('foo/abc', 'update', false)).toBe(true);
    expect(a.allows('foo/abc', 'read', false)).toBe(false);
    expect(a.allows('foo/xyz', 'read', false)).toBe(true);
  });

  it('prefers a non-glob over a glob at the same wildcard position (foo/+ over foo/*)', () => {
    const a = acl({ 'foo/*': ['read'], 'foo/+': ['update'] });
    expect(a.allows('foo/x', 'update', false)).toBe(true);
    expect(a.allows('foo/x', 'read', false)).toBe(false);
    expect(a.allows('foo/x/y', 'read', false)).toBe(true);
  });

  it('prefers fewer + segments at the same first-wildcard position (a/+/c/d over a/+/+/d)', () => {
    const b = acl({ 'a/+/+/d': ['read'], 'a/+/c/d': ['update'] });
    expect(b.allows('a/b/c/d', 'update', false)).toBe(true);
    expect(b.allows('a/b/c/d', 'read', false)).toBe(false);
  });

  it('breaks a full tie by the lexically greater pattern (a/+/c/+ over a/+/+/d)', () => {
    const a = acl({ 'a/+/+/d': ['read'], 'a/+/c/+': ['update'] });
    expect(a.allows('a/b/c/d', 'update', false)).toBe(true);
    expect(a.allows('a/b/c/d', 'read', false)).toBe(false);
  });

  it('prefers the longer glob at equal priority otherwise (foo/+/bar/ba* over foo/+/bar/b*)', () => {
    const a = acl({ 'foo/+/bar/b*': ['read'], 'foo/+/bar/ba*': ['update'] });
    expect(a.allows('foo/x/bar/baz', 'update', false)).toBe(true);
    expect(a.allows('foo/x/bar/bz', 'read', false)).toBe(true);
  });

  it('merges the same pattern across policies by union, and deny in any of them wins', () => {
    const union = acl({ 'secret/*': ['read'] }, { 'secret/*': ['update'] });
    expect(union.allows('secret/x', 'read', false)).toBe(true);
    expect(union.allows('secret/x', 'update', false)).toBe(true);
    const denied = acl({ 'secret/*': ['read', 'update'] }, { 'secret/*': ['deny'] });
    expect(denied.allows('secret/x', 'read', false)).toBe(false);
    expect(denied.capabilities('secret/x')).toEqual(['deny']);
  });

  it('treats deny inside one rule as the whole rule', () => {
    const a = acl({ 'secret/x': ['read', 'deny'] });
    expect(a.allows('secret/x', 'read', false)).toBe(false);
  });

  it('requires sudo in the governing rule for root-protected paths', () => {
    const a = acl({ 'sys/rotate': ['update'], 'sys/seal': ['update', 'sudo'] });
    expect(a.allows('sys/rotate', 'update', true)).toBe(false);
    expect(a.allows('sys/rotate', 'update', false)).toBe(true);
    expect(a.allows('sys/seal', 'update', true)).toBe(true);
  });

  it('matches list requests with a trailing slash, as Vault sees them', () => {
    const a = acl({ 'secret/metadata/app/*': ['list'] });
    expect(a.allows('secret/metadata/app', 'list', false)).toBe(true);
    expect(a.allows('secret/metadata/app', 'read', false)).toBe(false);
  });

  it('reports capabilities in Vault order, deny when none, root for root', () => {
    const a = acl({ 'secret/*': ['create', 'update', 'read', 'list', 'delete', 'sudo'] });
    expect(a.capabilities('secret/x')).toEqual(['sudo', 'read', 'list', 'update', 'delete', 'create']);
    expect(a.capabilities('other')).toEqual(['deny']);
    expect(new Acl([], true).capabilities('anything')).toEqual(['root']);
    expect(new Acl([], true).allows('sys/seal', 'update', true)).toBe(true);
  });

  it('maps the legacy policy field to capabilities', () => {
    const a = new Acl(parsePolicy(JSON.stringify({ path: { 'secret/*': { policy: 'write' } } })));
    expect(a.capabilities('secret/x')).toEqual(['read', 'list', 'update', 'delete', 'create']);
  });
});

describe('policy documents', () => {
  const code = (text: string): string => {
    try {
      parsePolicy(text);
      return 'ok';
    } catch (error) {
      return error instanceof CoreError ? error.code : 'other';
    }
  };

  it('refuses HCL with a message that says only JSON is accepted', () => {
    expect(() => parsePolicy('path "secret/*" { capabilities = ["read"] }')).toThrow(/HCL is not supported/);
  });

  it('accepts HCL-JSON list form and a leading slash', () => {
    const rules = parsePolicy(JSON.stringify({ path: [{ '/secret/*': { capabilities: ['read'] } }] }));
    expect(rules).toEqual([{ pattern: 'secret/', isPrefix: true, hasSegmentWildcards: false, bits: 4 }]);
  });

  it('refuses unknown capabilities, unknown keys, +*, and parameter constraints it cannot enforce', () => {
    expect(code(JSON.stringify({ path: { a: { capabilities: ['write'] } } }))).toBe('INVALID_POLICY');
    expect(code(JSON.stringify({ path: { a: { capabilities: 'read' } } }))).toBe('INVALID_POLICY');
    expect(code(JSON.stringify({ paths: { a: { capabilities: ['read'] } } }))).toBe('INVALID_POLICY');
    expect(code(JSON.stringify({ path: { 'a/+*': { capabilities: ['read'] } } }))).toBe('INVALID_POLICY');
    expect(code(JSON.stringify({ path: { a: { capabilities: ['read'], allowed_parameters: { x: [] } } } }))).toBe('UNSUPPORTED_POLICY_FEATURE');
    expect(code(JSON.stringify({ path: { a: {} } }))).toBe('INVALID_POLICY');
    expect(code('[]')).toBe('INVALID_POLICY');
  });
});

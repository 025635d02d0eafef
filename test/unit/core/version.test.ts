/** The version reported by sys/seal-status and sys/health is the package's version. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SYMBOLON_VERSION } from '../../../electron/core/version.js';

describe('version', () => {
  it('matches package.json', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string };
    expect(SYMBOLON_VERSION).toBe(pkg.version);
  });
});

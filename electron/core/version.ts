/** The product version reported by sys/seal-status and sys/health. Kept in step with package.json by a unit test. */
export const SYMBOLON_VERSION = '0.1.0';

/** Values both the main process and the renderer need. */
export const PRODUCT_NAME = 'Symbolon';
export const DEFAULT_PORT = 8200;
/** Vault's default body limit, 32 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

// Injected by the esbuild bundle; tests running from source fall back to the package's version.
declare const ARCDOCTOR_VERSION: string | undefined;

export const VERSION: string = typeof ARCDOCTOR_VERSION === 'string' ? ARCDOCTOR_VERSION : '0.0.0-dev';

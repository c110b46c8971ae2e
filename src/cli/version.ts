/** The package version, put in by the bundler (scripts/build.mjs); "dev" when run unbundled. */
declare const LR_LENS_VERSION: string | undefined;

export const VERSION: string = typeof LR_LENS_VERSION === 'string' ? LR_LENS_VERSION : 'dev';

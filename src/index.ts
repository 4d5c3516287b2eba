// The library API: re-exports only.
export type * from './space/types.js';
export { sample } from './space/sample.js';
export { SpaceError, UsageError, RuntimeFailure, HypertuneError } from './errors.js';

export type * from './types.js';
export { parseSpace, flattenNodes, type ParseOptions } from './parse.js';
export { loadSpace } from './load.js';
export { sample, sampleConfig, completeConfig, drawNumeric, drawOptionIndex, type SampleOptions } from './sample.js';
export { activeLabels, findNode, optionIndex } from './active.js';
export { validateConfig } from './validate.js';
export { priorLogDensity, numericLogPrior } from './density.js';
export { finishValue, roundToStep } from './quantize.js';
export { ALL_FAMILIES, NUMERIC_FAMILIES } from './families.js';

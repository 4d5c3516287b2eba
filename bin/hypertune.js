#!/usr/bin/env node
import { loadBundledCli } from '../dist/cli/bundle-loader.js';

await loadBundledCli().main(process.argv);

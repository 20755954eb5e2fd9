#!/usr/bin/env node
// Runs the TypeScript CLI without a build step: registers tsx's CommonJS loader, then loads ../ercsp.ts.
'use strict';
require('tsx/cjs');
require('../ercsp.ts');

#!/usr/bin/env node
// The `downhill` executable: starts the program (program.ts), bundled with the commands as code-cached scripts.

import { loadBundle } from './bundle-loader.js';

loadBundle('program');

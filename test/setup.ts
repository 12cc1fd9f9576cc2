// Test setup: property tests draw from a fixed seed so CI is repeatable; FC_SEED=… explores others.

import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261123) });

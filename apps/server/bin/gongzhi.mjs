#!/usr/bin/env node
// `gongzhi …` from anywhere in the repository: registers tsx and runs the TypeScript CLI in this process.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');

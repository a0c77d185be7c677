import { runCli } from './dispatch.ts';

// The `gongzhi` command: everything lives in dispatch.ts so that tests can call it without a process.
process.exitCode = await runCli(process.argv.slice(2));

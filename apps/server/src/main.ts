import { loadConfig } from './platform/config.ts';
import { openDatabase } from './platform/db/open.ts';
import { serve } from './server.ts';

const config = loadConfig();
const opened = await openDatabase(config, (m) => console.log(m));
await serve(opened);

#!/usr/bin/env node
// The command runs the TypeScript sources directly through tsx, so no build step stands between a clone and a working `npx recipe1m`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../lib/cli.ts');
process.exitCode = await main(process.argv.slice(2));

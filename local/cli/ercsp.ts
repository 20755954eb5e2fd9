/** Entry point of `ercsp` (`npm run ercsp -- <command>`, or `npx ercsp` through bin/ercsp.js). */
import { EXIT_INTERNAL_ERROR } from './io';
import { runCli } from './program';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `ercsp: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = EXIT_INTERNAL_ERROR;
  },
);

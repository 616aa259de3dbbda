#!/usr/bin/env node
// The `latent` command: a thin launcher for the built CLI (dist/ is made by `npm ci` via `prepare`).
import { main } from "../dist/cli.js";

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

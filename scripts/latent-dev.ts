// Runs the `latent` command from the sources (no build): `npx tsx scripts/latent-dev.ts fit …`.
import { main } from "../src/cli/main";

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

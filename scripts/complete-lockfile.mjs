// Completes package-lock.json with the other platforms' optional native packages (biome, rollup).
// The registry this project is developed against serves only the packages for its own platform, so
// `npm install` leaves the others out of the lockfile, and `npm ci` then refuses the lockfile as out
// of sync. The added entries carry os/cpu/libc, so npm skips them on every platform they do not fit
// and never fetches them here. Run after `npm install`: node scripts/complete-lockfile.mjs
import { readFileSync, writeFileSync } from "node:fs";

const path = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(path, "utf8"));
const packages = lock.packages;

/** os, cpu and libc from a platform package name such as `rollup-linux-arm-musleabihf`. */
function platformOf(name) {
  const m =
    /-(android|darwin|freebsd|linux|openbsd|openharmony|win32)-(arm64|arm|x64|ia32|loong64|ppc64|riscv64|s390x)(?:-(\w+))?$/.exec(
      name,
    );
  if (!m) return undefined;
  const [, os, cpu, abi] = m;
  const libc = os !== "linux" ? undefined : abi && /musl/.test(abi) ? "musl" : "glibc";
  return { os, cpu, libc };
}

let added = 0;
for (const [key, entry] of Object.entries(packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const where = `node_modules/${dep}`;
    if (packages[where]) continue;
    const platform = platformOf(dep);
    if (!platform) {
      console.error(`${key}: optional ${dep} is missing and is not a platform package; run npm install`);
      process.exitCode = 1;
      continue;
    }
    packages[where] = {
      version,
      cpu: [platform.cpu],
      ...(entry.dev ? { dev: true } : {}),
      ...(platform.libc ? { libc: [platform.libc] } : {}),
      optional: true,
      os: [platform.os],
    };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : 1)),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} platform entries to package-lock.json`);

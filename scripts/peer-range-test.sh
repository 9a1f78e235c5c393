#!/usr/bin/env bash
# Tests the LOWEST versions of the peer dependency ranges in package.json (the highest are the
# devDependencies every other check runs with): downloads them with `npm pack`, overlays them on
# the project's node_modules in a scratch checkout, then type-checks, synthesizes the default app
# and runs the app and cloud suites. Usage: bash scripts/peer-range-test.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$(mktemp -d)"
trap 'git -C "$root" worktree remove --force "$scratch/src" >/dev/null 2>&1 || true; rm -rf "$scratch"' EXIT
# The lowest version of each provider range (">=x.y.z" part of "^x.y.z").
lows=$(node -e '
  const p = require(process.argv[1]);
  for (const [name, range] of Object.entries(p.peerDependencies)) {
    if (!name.startsWith("@cdktf/provider-")) continue;
    const m = /^\^(\d+\.\d+\.\d+)$/.exec(range);
    if (!m) throw new Error(`${name}: range ${range} is not ^x.y.z`);
    console.log(`${name}@${m[1]}`);
  }' "$root/package.json")
# The overlay must be a folder named node_modules: Node resolves an extracted provider's own
# require("cdktf") by walking up to the nearest node_modules, and a second cdktf copy breaks
# every instanceof check (the region lock finds no providers).
mkdir -p "$scratch/tgz" "$scratch/node_modules/@cdktf"
(cd "$scratch/tgz" && npm pack --silent $lows >/dev/null)
for e in "$root"/node_modules/* "$root"/node_modules/.bin; do n=$(basename "$e"); [ "$n" = "@cdktf" ] || ln -s "$e" "$scratch/node_modules/$n"; done
for e in "$root"/node_modules/@cdktf/*; do ln -s "$e" "$scratch/node_modules/@cdktf/$(basename "$e")"; done
for t in "$scratch"/tgz/*.tgz; do
  n=$(basename "$t" .tgz | sed -E 's/^cdktf-(provider-[a-z]+)-.*/\1/')
  rm "$scratch/node_modules/@cdktf/$n"; mkdir -p "$scratch/node_modules/@cdktf/$n"; tar -xzf "$t" -C "$scratch/node_modules/@cdktf/$n" --strip-components=1
done
git -C "$root" worktree add -q --detach "$scratch/src" HEAD
cd "$scratch/src"
ln -s "$scratch/node_modules" node_modules
node -e '
  const fs = require("fs"), { dirname } = require("path");
  const ours = fs.realpathSync(require.resolve("cdktf"));
  for (const n of ["aws", "google", "helm", "kubernetes"]) {
    const dir = fs.realpathSync(dirname(require.resolve(`@cdktf/provider-${n}/package.json`)));
    const theirs = fs.realpathSync(require.resolve("cdktf", { paths: [dir] }));
    if (theirs !== ours) throw new Error(`@cdktf/provider-${n} resolves cdktf at ${theirs}, the project at ${ours}`);
  }'
for n in aws google helm kubernetes; do echo "@cdktf/provider-$n $(node -p "require('@cdktf/provider-$n/package.json').version")"; done
npx tsc --noEmit -p tsconfig.json
npx tsx -e "require('./stacks/default-app').buildDefaultApp('$scratch/out').synth()"
npx jest test/app test/clouds
echo "lowest peer versions: type-check, synth and app/cloud suites pass"

#!/usr/bin/env bash
# The package as a consumer gets it: builds dist/, checks `npm pack` contents, installs the packed
# tarball into a fresh project (offline: from the npm cache the project's own install filled),
# then type-checks the root, /aws and /gcp imports under the cdktf template's TypeScript settings
# (classic `moduleResolution: node`) and under Node16, and requires them at run time.
# Usage: bash scripts/package-test.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cd "$root"
rm -rf dist
# `prepack` builds dist/ (a pack from a fresh clone shipped only package.json, README and LICENSE).
npm pack --silent --pack-destination "$scratch" >/dev/null
tarball=$(ls "$scratch"/cdktf-deepseek-*.tgz)

# Contents: the built library, CLI, README, LICENSE and package.json; no sources, tests or app.
tar -tzf "$tarball" | sed 's|^package/||' | sort > "$scratch/files"
for required in package.json README.md LICENSE dist/lib/index.js dist/lib/index.d.ts dist/lib/aws.js dist/lib/aws.d.ts dist/lib/gcp.js dist/lib/gcp.d.ts dist/bin/cdktf-deepseek.js; do
  grep -qx "$required" "$scratch/files" || { echo "npm pack: $required is missing" >&2; exit 1; }
done
if grep -E '^(lib|test|stacks|bench|scripts|examples|\.ci)/|\.ts$' "$scratch/files" | grep -v '\.d\.ts$' | grep -q .; then
  echo "npm pack: sources or tests in the package:" >&2; grep -E '^(lib|test|stacks|bench|scripts|examples|\.ci)/|\.ts$' "$scratch/files" | grep -v '\.d\.ts$' | head >&2; exit 1
fi
echo "npm pack: $(wc -l < "$scratch/files") files, $(du -k "$tarball" | cut -f1) KiB"

# A consumer project: the peers at the versions this project installed, cdktf-deepseek from the tarball.
consumer="$scratch/consumer"
mkdir -p "$consumer"
node -e '
  const fs = require("fs"), path = require("path");
  const [root, consumer, tarball] = process.argv.slice(1);
  const lock = require(path.join(root, "package-lock.json")).packages;
  const v = (n) => lock[`node_modules/${n}`].version;
  const deps = { "cdktf-deepseek": `file:${tarball}` };
  for (const n of ["cdktf", "constructs", "@cdktf/provider-aws", "@cdktf/provider-google", "@cdktf/provider-helm", "@cdktf/provider-kubernetes"]) deps[n] = v(n);
  const devDependencies = { typescript: v("typescript"), "@types/node": v("@types/node") };
  fs.writeFileSync(path.join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, dependencies: deps, devDependencies }, null, 2));
' "$root" "$consumer" "$tarball"
# Offline from the npm cache; --prefer-offline where a package never came through this cache.
(cd "$consumer" && { npm install --offline --no-audit --no-fund --loglevel=error >/dev/null 2>&1 || npm install --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null; })

cat > "$consumer/main.ts" <<'TS'
import { App, TerraformStack } from "cdktf";
import { DeepSeekApp, DeepSeekCluster, DeepSeekConfigError, planDeployment } from "cdktf-deepseek";
import { EksInfra, planEksInfra } from "cdktf-deepseek/aws";
import { GkeInfra, planGkeInfraNames } from "cdktf-deepseek/gcp";

const plan = planDeployment({ model: "deepseek-r1-0528", cloud: "aws", region: "us-east-2", hardware: "8xB200" });
const infra: ReturnType<typeof planEksInfra> = planEksInfra(plan);
const names: ReturnType<typeof planGkeInfraNames> | undefined = undefined;
const app: App = new DeepSeekApp();
new DeepSeekCluster(app, "prod", { model: "deepseek-r1-0528", placements: [{ cloud: "aws", region: "us-east-2", hardware: "8xB200" }], endpoint: { hostname: "api.acme.io" } });
export const used = [infra.clusterName, names, EksInfra, GkeInfra, DeepSeekConfigError, TerraformStack];
TS
# The cdktf TypeScript template's compiler options (cdktf-cli templates/typescript/tsconfig.json).
cat > "$consumer/tsconfig.json" <<'JSON'
{ "compilerOptions": { "alwaysStrict": true, "declaration": true, "experimentalDecorators": true, "inlineSourceMap": true, "inlineSources": true,
  "lib": ["es2018"], "module": "CommonJS", "noEmitOnError": true, "noFallthroughCasesInSwitch": true, "noImplicitAny": true, "noImplicitReturns": true,
  "noImplicitThis": true, "noUnusedLocals": true, "noUnusedParameters": true, "resolveJsonModule": true, "strict": true, "strictNullChecks": true,
  "strictPropertyInitialization": true, "stripInternal": true, "target": "ES2018", "incremental": true, "skipLibCheck": true },
  "include": ["main.ts"] }
JSON
cat > "$consumer/tsconfig.node16.json" <<'JSON'
{ "extends": "./tsconfig.json", "compilerOptions": { "module": "Node16", "moduleResolution": "Node16", "incremental": false } }
JSON
(cd "$consumer" && npx tsc --noEmit -p tsconfig.json && echo "consumer: type-checks under the cdktf template (moduleResolution node)")
(cd "$consumer" && npx tsc --noEmit -p tsconfig.node16.json && echo "consumer: type-checks under Node16 resolution")
# Planted faults: the checks above must be able to fail. The installed package with its subpath
# mapping broken must fail to type-check with TS2307 ("Cannot find module 'cdktf-deepseek/aws'"):
# classic resolution reads only `typesVersions`, Node16 only `exports`.
installed="$consumer/node_modules/cdktf-deepseek/package.json"
cp "$installed" "$scratch/package.json.good"
expect_ts2307() { # <tsconfig> <what was broken>
  local out
  if out=$(cd "$consumer" && npx tsc --noEmit --incremental false -p "$1" 2>&1); then
    echo "planted fault not caught: the consumer type-checks under $1 with $2" >&2; exit 1
  fi
  grep -q "error TS2307: Cannot find module 'cdktf-deepseek/aws'" <<<"$out" || { echo "planted fault ($2) failed for another reason:" >&2; echo "$out" | head -5 >&2; exit 1; }
  echo "planted fault: $2 → TS2307 under $1 (caught)"
}
node -e 'const f=process.argv[1]; const p=require(f); delete p.typesVersions; require("fs").writeFileSync(f, JSON.stringify(p, null, 2))' "$installed"
expect_ts2307 tsconfig.json "typesVersions removed"
cp "$scratch/package.json.good" "$installed"
node -e 'const f=process.argv[1]; const p=require(f); delete p.exports["./aws"]; require("fs").writeFileSync(f, JSON.stringify(p, null, 2))' "$installed"
expect_ts2307 tsconfig.node16.json "exports[\"./aws\"] removed"
cp "$scratch/package.json.good" "$installed"
(cd "$consumer" && node -e 'require("cdktf-deepseek"); require("cdktf-deepseek/aws"); require("cdktf-deepseek/gcp"); console.log("consumer: root, /aws and /gcp load at run time")')

# The README's DeepSeekCluster example as a new team pastes it into main.ts: it type-checks under the
# cdktf template's settings, runs against the packed package, writes the stacks and the review, and
# its summary names the example's placeholders.
node -e '
  const fs = require("fs");
  const blocks = [...fs.readFileSync(process.argv[1], "utf8").matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  const example = blocks.find((b) => b.includes("new DeepSeekCluster(app, \"eu\""));
  if (!example) { console.error("README: the DeepSeekCluster example is missing"); process.exit(1); }
  fs.writeFileSync(process.argv[2], example);
' "$root/README.md" "$consumer/readme.ts"
cat > "$consumer/tsconfig.readme.json" <<'JSON'
{ "extends": "./tsconfig.json", "compilerOptions": { "incremental": false, "outDir": "out", "declaration": false }, "include": ["readme.ts"] }
JSON
(cd "$consumer" && npx tsc -p tsconfig.readme.json && node out/readme.js > readme.out)
grep -q "^cdktf-deepseek: 1 cluster, 2 placements, 5 stacks in cdktf.out/" "$consumer/readme.out" || { echo "README example: unexpected summary:" >&2; cat "$consumer/readme.out" >&2; exit 1; }
grep -q 'is the placeholder "my-project"' "$consumer/readme.out" || { echo "README example: the summary does not name the placeholder project" >&2; exit 1; }
test -f "$consumer/cdktf.out/review.md" || { echo "README example: no review.md" >&2; exit 1; }
echo "consumer: the README's DeepSeekCluster example type-checks, synthesizes $(ls "$consumer/cdktf.out/stacks" | wc -l) stacks and names its placeholders"

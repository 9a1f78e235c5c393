#!/usr/bin/env bash
# `npm test`: type-check and lint (npm run checks) beside the jest suite. The checks are mostly
# single-threaded and the suite starts with a single-threaded global synth, so running them side by
# side keeps the whole run inside the 60 s budget on 2 cores. Either failing fails the run.
# Lint caches per file in .cache/eslint (CI starts cold and lints everything; locally an import
# cycle is still reported on the file whose edit closes it).
set -u
log=$(mktemp)
npm run --silent checks >"$log" 2>&1 &
checks=$!
npx jest "$@"
tests=$?
wait "$checks"
checked=$?
cat "$log"
rm -f "$log"
if [ "$checked" -ne 0 ]; then echo "type-check or lint failed" >&2; exit "$checked"; fi
exit "$tests"

#!/usr/bin/env bash
# Sets up what is missing, builds in release mode and regenerates every result under results/.
# Finished runs are kept: interrupt it and run it again to resume. Pass --fresh to recompute everything.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
swift build -c release
.build/release/tricks all --profile full --out results "$@"

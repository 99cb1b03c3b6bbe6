#!/usr/bin/env bash
# Runs the benchmarks of issue 7: installs Azurite from the lock file, builds, publishes the app as it ships
# (framework-dependent, linux-x64) with ReadyToRun into artifacts/bench-app/r2r and without it into
# artifacts/bench-app/jit (for the cold-start comparison), then runs bench/MotCua.Bench, which starts a private Azurite
# and the published app as its own process for each scenario.
#   scripts/bench.sh                      every scenario, full sizes (about 15–20 minutes on 2 cores)
#   scripts/bench.sh submit lookup        chosen scenarios: submit lookup forward drain coldstart memory report requests
#   scripts/bench.sh --quick              reduced sizes, a smoke run of about a minute
# Figures are printed as they come and summarised at the end, also in artifacts/bench/results.md.
set -euo pipefail
cd "$(dirname "$0")/.."

npm ci --no-audit --no-fund --loglevel=error
dotnet build bench/MotCua.Bench -c Release -nologo -v quiet
for variant in r2r jit; do
  ready_to_run=$([ "$variant" = r2r ] && echo true || echo false)
  dotnet publish functions -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun="$ready_to_run" \
    -o "artifacts/bench-app/$variant" -nologo -v quiet
done
dotnet run --project bench/MotCua.Bench -c Release --no-build -- "$@"

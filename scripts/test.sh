#!/usr/bin/env bash
# Runs every test: installs Azurite from the lock file, restores, builds with warnings as errors, and
# runs the suite (unit, integration against private Azurite instances).
set -euo pipefail
cd "$(dirname "$0")/.."

npm ci --no-audit --no-fund --loglevel=error
dotnet restore MotCua.sln
dotnet build MotCua.sln --no-restore -c Release -nologo
dotnet test MotCua.sln --no-build -c Release -nologo --logger "console;verbosity=normal" "$@"

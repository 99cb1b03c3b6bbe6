#!/usr/bin/env bash
# Publishes the function app for Azure: artifacts/publish (the MotCua executable, host.json with the customHandler
# section, <Function>/function.json from the registry) and artifacts/motcua.zip, the package that
# `az functionapp deployment source config-zip` deploys (docs/deploy.md). Run it on Linux: publishing runs the
# published executable.
set -euo pipefail
cd "$(dirname "$0")/.."

rm -rf artifacts/publish
dotnet publish functions -c Release -r linux-x64 --self-contained -o artifacts/publish -nologo
artifacts/publish/MotCua package artifacts/publish artifacts/motcua.zip
echo "artifacts/motcua.zip"

#!/usr/bin/env bash
# Compiles every .bicep file under infra/ with the Bicep CLI from NuGet (infra/bicep.proj) and fails on any
# diagnostic: an error, or a warning (linter rules, unknown API versions or properties).
set -euo pipefail
cd "$(dirname "$0")"

dotnet restore bicep.proj -nologo -v quiet
bicep=obj/packages/azure.bicep.commandline.linux-x64/0.49.2/tools/bicep
# NuGet does not keep the executable bit.
chmod +x "$bicep"

status=0
while IFS= read -r file; do
  if ! diagnostics=$("$bicep" build "$file" --stdout 2>&1 >/dev/null); then
    status=1
  fi
  if [ -n "$diagnostics" ]; then
    printf '%s\n' "$diagnostics" >&2
    status=1
  fi
done < <(find . -name '*.bicep' -not -path './obj/*' | sort)

if [ "$status" -ne 0 ]; then
  echo "infra/build.sh: Bicep reported errors or warnings" >&2
  exit 1
fi
echo "infra/build.sh: every .bicep file compiled without a diagnostic"

#!/usr/bin/env bash
# Makes the deployment package: `dotnet publish` of functions/ into <out>/publish, zipped with the files at the root
# into <out>/motcua.zip, which `az functionapp deployment source config-zip` deploys to Flex Consumption or Elastic
# Premium (docs/deploy.md). <out> is the first argument, artifacts/ by default.
#
# Framework-dependent for linux-x64: Azure runs the worker as `dotnet MotCua.dll` (worker.config.json) on the .NET the
# app's runtime version names, so the package carries no runtime; the runtime identifier lets publish precompile the
# IL (ReadyToRun) for a shorter cold start.
set -euo pipefail
out=$(realpath -m "${1:-artifacts}")
cd "$(dirname "$0")/.."

rm -rf "$out/publish" "$out/motcua.zip"
# No build servers: nothing stays running after the script (nor holds the output of a test that runs it).
dotnet publish functions -c Release -r linux-x64 --self-contained false -o "$out/publish" -nologo --disable-build-servers

# Zipped by MSBuild's ZipDirectory task: the .NET SDK is all this needs (a bare machine may have no zip or python).
zip_project=$(mktemp --suffix=.proj)
trap 'rm -f "$zip_project"' EXIT
cat >"$zip_project" <<'EOF'
<Project>
  <Target Name="Zip">
    <ZipDirectory SourceDirectory="$(Source)" DestinationFile="$(Destination)" />
  </Target>
</Project>
EOF
dotnet msbuild "$zip_project" -t:Zip -nologo -v:quiet -nodeReuse:false -p:Source="$out/publish" -p:Destination="$out/motcua.zip"
echo "$out/motcua.zip"

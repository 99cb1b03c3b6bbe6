#!/usr/bin/env bash
# Runs the whole portal locally: Azurite (data in .azurite/), the DevHost (the local Functions host) with the function
# app's isolated worker on http://localhost:7071 with the front end at /, a demo agency on http://127.0.0.1:7072 that plays every agency's one-stop
# system (accepts, processes and approves each dossier after a few seconds), and a demo payment gateway on http://127.0.0.1:7073 that
# plays VNPay 2.1.0's gateway side for fees (a payment page, the IPN to the portal, querydr and refund), and a demo OpenID Connect
# provider on http://127.0.0.1:7074 that plays VNeID's sign-in with test citizens and a business (discovery at
# /.well-known/openid-configuration; keys made at start, so its tokens die with it), and a mail catcher (maildev) that takes the
# e-mails to applicants on SMTP 127.0.0.1:1025 and shows them on http://127.0.0.1:1080/index.html. Ctrl+C stops everything.
# --azurite-debug: Azurite also writes its debug log (every request, in full) to .azurite/debug.log, started afresh each run; off by
# default, as it grows by megabytes an hour of light use.
set -euo pipefail
cd "$(dirname "$0")/.."

azurite_debug=()
for arg in "$@"; do
  case "$arg" in
    --azurite-debug) azurite_debug=(--debug .azurite/debug.log) ;;
    *) echo "usage: $0 [--azurite-debug]" >&2; exit 2 ;;
  esac
done

npm ci --no-audit --no-fund --loglevel=error
# A local.settings.json of your own stays as it is, but gains the settings added to the sample since it was made (the worker
# refuses to start without a required one, such as Portal__BaseUrl).
node -e '
const fs = require("fs");
const sample = JSON.parse(fs.readFileSync("local.settings.sample.json", "utf8"));
if (!fs.existsSync("local.settings.json")) {
  fs.copyFileSync("local.settings.sample.json", "local.settings.json");
  process.exit(0);
}
const mine = JSON.parse(fs.readFileSync("local.settings.json", "utf8"));
const added = Object.keys(sample.Values).filter((key) => !(key in (mine.Values ??= {})));
added.forEach((key) => { mine.Values[key] = sample.Values[key]; });
if (added.length > 0) {
  fs.writeFileSync("local.settings.json", JSON.stringify(mine, null, 2) + "\n");
  console.log(`local.settings.json: added ${added.join(", ")} from local.settings.sample.json`);
}'
dotnet build MotCua.sln -c Release -v quiet -nologo

mkdir -p .azurite
if [ ${#azurite_debug[@]} -gt 0 ]; then
  : > .azurite/debug.log
fi
pids=()
azurite=
# Ctrl+C reaches every process of the terminal at once. Azurite runs in a session of its own, so it stops last, once the DevHost
# has released its timer locks (with storage gone first, the DevHost would retry it for half a minute on its way out).
cleanup() {
  kill "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
  if [ -n "$azurite" ]; then kill "$azurite" 2>/dev/null || true; fi
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM HUP

setsid node_modules/.bin/azurite --silent --disableTelemetry --skipApiVersionCheck --location .azurite "${azurite_debug[@]}" >/dev/null &
azurite=$!
for port in 10000 10001 10002; do
  for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
done
echo "Azurite: blob :10000, queue :10001, table :10002 (data in .azurite/${azurite_debug[*]:+; debug log in .azurite/debug.log})"

# The local mail catcher: every e-mail the portal sends lands here, readable on its web page (nothing leaves the machine).
node_modules/.bin/maildev --ip 127.0.0.1 --smtp 1025 --web-ip 127.0.0.1 --web 1080 >/dev/null &
pids+=($!)
echo "Mail catcher: SMTP 127.0.0.1:1025, the e-mails at http://127.0.0.1:1080/index.html"

dotnet run --project devhost -c Release --no-build &
pids+=($!)
dotnet run --project demo/DemoAgency -c Release --no-build &
pids+=($!)
dotnet run --project demo/DemoPayGate -c Release --no-build &
pids+=($!)
dotnet run --project demo/DemoIdentity -c Release --no-build &
pids+=($!)
echo "MotCua: http://localhost:7071 (front end), http://localhost:7071/api/procedures (API); demo agency on :7072; demo payment gateway on http://127.0.0.1:7073; demo identity provider on http://127.0.0.1:7074; e-mails to applicants at http://127.0.0.1:1080/index.html. Ctrl+C to stop."
wait -n "$azurite" "${pids[@]}"

#!/usr/bin/env bash
# The main job: starts the project's own PostgreSQL (first run: creates it under .pgdata/), builds,
# loads the demo commune if it is not there yet, prints its 2021-01-01..2025-04-14 report in the
# Biểu 06 layout, and serves the API on http://127.0.0.1:5080 until Ctrl+C.
#
# Other commands run on the same (Release) build: ./demo.sh token --name you --role admin,
# ./demo.sh stop-database, ./demo.sh help.
set -euo pipefail
cd "$(dirname "$0")"
# The build installs the dashboard's chart library with npm and embeds the forms' font from fonts-noto-core.
tools/ensure-packages.sh npm nodejs npm
tools/ensure-packages.sh /usr/share/fonts/truetype/noto/NotoSans-Bold.ttf fonts-noto-core
if [ $# -gt 0 ] && [[ "$1" != -* ]]; then
    exec dotnet run --project src/DossierLedger.Api -c Release -- "$@"
fi
exec dotnet run --project src/DossierLedger.Api -c Release -- demo "$@"

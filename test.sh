#!/usr/bin/env bash
# Runs every test: domain unit tests, the integration tests against a real PostgreSQL
# (the project's own local cluster unless ConnectionStrings__DossierLedgerTests is set) and the dashboard's in a
# headless Chromium.
set -euo pipefail
cd "$(dirname "$0")"

# The build installs the dashboard's chart library with npm and embeds the forms' font (Noto Sans); the browser tests drive
# Debian's Chromium, with a font that has every Vietnamese letter; the form tests read the PDFs back with poppler.
tools/ensure-packages.sh npm nodejs npm
tools/ensure-packages.sh chromium chromium fonts-noto-core
tools/ensure-packages.sh /usr/share/fonts/truetype/noto/NotoSans-Bold.ttf fonts-noto-core
tools/ensure-packages.sh pdftotext poppler-utils

results=$(mktemp -d)
status=0
dotnet test DossierLedger.sln --logger "trx" --results-directory "$results" "$@" || status=$?

# One summary line over every test project.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
    [ -e "$trx" ] || continue
    counters=$(grep -o '<Counters [^>]*>' "$trx")
    p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
    n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${n:-0}))
done
rm -rf "$results"
echo "Tests: $passed passed, $failed failed, $skipped skipped"
exit $status

#!/usr/bin/env bash
# Runs the benchmark suite and writes docs/performance.md (see that page for what is measured).
#   ./bench.sh                      15k and 1M dossiers, plus the in-process benchmarks (about 20 minutes)
#   ./bench.sh --scales 15k,1m,10m  adds the 10M-dossier ledger, facts and counters only, for reports (~10 more minutes, ~7 GB)
#   ./bench.sh --reuse              measures the ledgers an earlier run left instead of generating them again
#   --no-micro, --no-import         skip the in-process benchmarks, or the bulk import comparison
#   --no-portal                     skip the national-portal feed (the demo commune's backfill, commands with the feed off and on)
#   --only builder                  just the report builder's asks (files, drill-down, dashboard, tracking book) and the desk's
#                                   forms beside the dossier view (writes no page)
#   --only ingest                   measures just the HTTP commands on the ledgers an earlier run left (writes no page)
#   --only lookup                   just the public lookup beside the dossier view, and a wrong number beside a wrong secret,
#                                   on the ledgers an earlier run left (loaded first if there are none) (writes no page)
#   --only portal                   just the national-portal feed: the demo commune's backfill to the stand-in portal, then
#                                   commands with the feed off and on in --pairs alternating pairs (writes no page)
#   --only rebuild|import           just the rebuild beside the daemon, or the import beside Marten's bulk insert, in
#                                   alternating pairs (--pairs 3; --import-units 13) (writes no page)
set -euo pipefail
cd "$(dirname "$0")"
# The dashboard's first view is timed in Debian's Chromium; the build embeds the forms' font.
tools/ensure-packages.sh chromium chromium fonts-noto-core
tools/ensure-packages.sh /usr/share/fonts/truetype/noto/NotoSans-Bold.ttf fonts-noto-core
dotnet build -c Release src/DossierLedger.Api -v quiet -nologo
dotnet run -c Release --project tests/DossierLedger.Benchmarks -- "$@"

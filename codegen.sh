#!/usr/bin/env bash
# Regenerates Wolverine's pre-generated handler code after an endpoint changed. The old code is removed
# first: it may no longer compile against the changed endpoint, and the host must build to generate.
set -euo pipefail
cd "$(dirname "$0")"
# The build embeds the forms' font from fonts-noto-core.
tools/ensure-packages.sh /usr/share/fonts/truetype/noto/NotoSans-Bold.ttf fonts-noto-core
rm -rf src/DossierLedger.Api/Internal/Generated
dotnet build src/DossierLedger.Api -v quiet
dotnet run --project src/DossierLedger.Api --no-build -- codegen write

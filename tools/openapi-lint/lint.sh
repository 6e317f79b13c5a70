#!/usr/bin/env bash
# Lints an OpenAPI document with the pinned Redocly CLI and this folder's redocly.yaml: tools/openapi-lint/lint.sh <file>.
# The integration tests run it on the API's own document. The CLI is installed into node_modules/ on first use
# (npm ci, from package-lock.json) and again only when the lock file changes, so later runs need no network.
# Node.js itself is installed (the nodejs and npm packages) when it is missing and this runs as root, as the tests
# do for PostgreSQL.
set -euo pipefail
document=$(realpath "$1")
cd "$(dirname "$0")"

if ! command -v npm >/dev/null; then
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
        echo "Linting the OpenAPI document needs Node.js 20.19 or later, with npm: install them." >&2
        exit 2
    fi
    echo "Node.js not found: installing the 'nodejs' and 'npm' packages…" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi

if ! node -e 'const [major, minor] = process.versions.node.split(".").map(Number); process.exit(major > 20 || (major === 20 && minor >= 19) ? 0 : 1)'; then
    echo "Linting the OpenAPI document needs Node.js 20.19 or later; this is $(node --version)." >&2
    exit 2
fi

if ! cmp -s package-lock.json node_modules/.installed-lock; then
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
    cp package-lock.json node_modules/.installed-lock
fi

# No usage reports, no update notices: what it prints is the lint.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
exec npx --no-install redocly lint --config redocly.yaml --format stylish "$document"

#!/usr/bin/env bash
# Vendors axe-core (Deque's accessibility engine) from the npm registry for the browser tests
# (tests/test_accessibility.py): verifies the tarball against the registry's integrity hash and
# copies axe.min.js and the licence. Usage: tests/vendor/axe-core/update.sh [VERSION]
set -euo pipefail
VERSION=${1:-4.14.1}
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
INTEGRITY=$(npm view "axe-core@$VERSION" dist.integrity)
npm pack --silent "axe-core@$VERSION" >/dev/null
ACTUAL="sha512-$(openssl dgst -sha512 -binary "axe-core-$VERSION.tgz" | base64 -w0)"
[ "$ACTUAL" = "$INTEGRITY" ] || { echo "integrity mismatch: $ACTUAL != $INTEGRITY" >&2; exit 1; }
tar xzf "axe-core-$VERSION.tgz"
cp package/axe.min.js package/LICENSE "$HERE/"
echo "version:    $VERSION"
echo "integrity:  $INTEGRITY"
echo "axe.min.js: sha256 $(sha256sum "$HERE/axe.min.js" | cut -d' ' -f1)"

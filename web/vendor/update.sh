#!/usr/bin/env bash
# Re-vendors rasa-webchat from the npm registry: verifies the tarball against the registry's
# integrity hash, copies the browser bundle and its licence, and strips the bundle's only
# outside request (an @import of Google Fonts in its CSS) so the page loads nothing remote.
# Usage: web/vendor/update.sh [VERSION]   (then update the version and hashes in README.md)
set -euo pipefail
VERSION=${1:-1.0.1}
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
INTEGRITY=$(npm view "rasa-webchat@$VERSION" dist.integrity)
npm pack --silent "rasa-webchat@$VERSION" >/dev/null
ACTUAL="sha512-$(openssl dgst -sha512 -binary "rasa-webchat-$VERSION.tgz" | base64 -w0)"
[ "$ACTUAL" = "$INTEGRITY" ] || { echo "integrity mismatch: $ACTUAL != $INTEGRITY" >&2; exit 1; }
tar xzf "rasa-webchat-$VERSION.tgz"
FONT='@import url(https://fonts.googleapis.com/css?family=Inter:400,500,700&display=swap);'
python3 - "$FONT" package/lib/index.js "$HERE/rasa-webchat.js" <<'PY'
import sys
font, src, dst = sys.argv[1:]
text = open(src, encoding="utf-8").read()
count = text.count(font)
assert count > 0, "font @import not found: check the bundle by hand"
open(dst, "w", encoding="utf-8").write(text.replace(font, ""))
print(f"removed {count} Google Fonts @import(s)")
PY
cp package/LICENSE "$HERE/LICENSE"
echo "version:         $VERSION"
echo "integrity:       $INTEGRITY"
echo "lib/index.js:    sha256 $(sha256sum package/lib/index.js | cut -d' ' -f1)"
echo "rasa-webchat.js: sha256 $(sha256sum "$HERE/rasa-webchat.js" | cut -d' ' -f1)"

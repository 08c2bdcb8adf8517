#!/bin/sh
# Rebuilds terakoya/serve/static/editor.js (CodeMirror 6 with Python, one minified file) from
# editor.js here. Needs Node.js and npm (not needed to run or test Terakoya: the built file
# is committed). Run from anywhere: sh terakoya/serve/editor/build.sh
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
cp "$HERE/editor.js" "$HERE/package.json" "$WORK/"
cd "$WORK"
npm install --no-audit --no-fund
npx esbuild editor.js --bundle --minify --format=iife --legal-comments=none \
  --outfile="$HERE/../static/editor.js"
{ printf "editor.js bundles CodeMirror 6 (codemirror, @codemirror/*), Lezer (@lezer/*),\n"
  printf "style-mod, crelt and w3c-keyname, all by Marijn Haverbeke and others, under this licence:\n\n"
  cat node_modules/codemirror/LICENSE; } > "$HERE/../static/editor.LICENSE.txt"
rm -rf "$WORK"
echo "built $HERE/../static/editor.js"

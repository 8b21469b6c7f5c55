#!/bin/sh
# refresh.sh re-fetches the pinned JavaScript libraries that display embeds.
#
# Versions are pinned in package.json and package-lock.json (exact versions,
# integrity hashes). To upgrade: edit package.json, run this script, update the
# version constants in assets.go, and run `go test ./display/...`.
#
# It installs into a scratch directory with the ordinary npm client (no install
# scripts run) and copies only the minified browser bundles and their licences.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

cp "$here/package.json" "$here/package-lock.json" "$scratch/"
(cd "$scratch" && npm ci --ignore-scripts --no-audit --no-fund)
nm="$scratch/node_modules"

cp "$nm/echarts/dist/echarts.min.js" "$here/echarts.min.js"
cp "$nm/echarts-gl/dist/echarts-gl.min.js" "$here/echarts-gl.min.js"

mkdir -p "$here/licenses"
cp "$nm/echarts/LICENSE" "$here/licenses/echarts-LICENSE"
cp "$nm/echarts/NOTICE" "$here/licenses/echarts-NOTICE"
cp "$nm/echarts/licenses/LICENSE-d3" "$here/licenses/echarts-LICENSE-d3"
cp "$nm/zrender/LICENSE" "$here/licenses/zrender-LICENSE"
cp "$nm/tslib/LICENSE.txt" "$here/licenses/tslib-LICENSE"
cp "$nm/echarts-gl/LICENSE" "$here/licenses/echarts-gl-LICENSE"
cp "$nm/echarts-gl/dist/echarts-gl.min.js.LICENSE.txt" "$here/licenses/echarts-gl-bundle-NOTICE"
cp "$nm/claygl/LICENSE" "$here/licenses/claygl-LICENSE"

# require.js is only used by the browser test, to reproduce the AMD loader that
# nbconvert's exported pages include. Its MIT licence is in the file header.
cp "$nm/requirejs/require.js" "$here/../testdata/require.js"

echo "refreshed: $(ls "$here"/*.min.js | tr '\n' ' ')"

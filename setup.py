"""Only the C part of the build; everything else is in pyproject.toml.

``yuanqu.newsroom._scan`` is the hot loop of news repair (src/yuanqu/newsroom/_scan.c). Its
specification is the pure-Python ``repair._scan_python``, used when the extension is missing.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("yuanqu.newsroom._scan", ["src/yuanqu/newsroom/_scan.c"], extra_compile_args=["-O2", "-Wall"]),
    ],
)

"""The `yuanqu` command: Django's manage.py with the project's settings, plus `createuser`.

yuanqu demo [--no-serve]     yuanqu serve     yuanqu migrate     yuanqu createuser NAME --role ...
yuanqu <any manage.py command>
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yuanqu.settings")
    argv = list(sys.argv if argv is None else argv)
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        os.makedirs(settings.VAR_DIR, exist_ok=True)
    os.makedirs(settings.STATIC_ROOT, exist_ok=True)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["yuanqu", *argv[1:]])


if __name__ == "__main__":
    main()

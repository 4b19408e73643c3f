"""The `yuanqu` command: Django's manage.py with the project's settings and commands.

`yuanqu`, `yuanqu --help` or `yuanqu help` lists the commands by task (core.commandline.COMMAND_GROUPS);
`yuanqu help CMD` or `yuanqu CMD --help` shows one command's options; `yuanqu secretkey [PATH]` runs before the
settings load (a key file for a server on PostgreSQL).
"""

import os
import sys

# Commands whose name has a hyphen: Django names a command after its module, which cannot.
ALIASES = {"setup-city": "setup_city"}


def secretkey(argv: list[str]) -> int:
    """`yuanqu secretkey [PATH]`: write a random key file (mode 0600) for a server on PostgreSQL. It runs before the
    settings load, because the settings refuse to load on PostgreSQL without a key."""
    from pathlib import Path

    path = Path(argv[0] if argv else os.environ.get("YUANQU_SECRET_KEY_FILE", "var/secret_key"))
    if path.exists():
        print(f"{path} 已存在，未改动 (exists, left unchanged)", file=sys.stderr)
        return 2
    path.parent.mkdir(parents=True, exist_ok=True)
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w", encoding="ascii") as file:
        import secrets

        file.write(secrets.token_urlsafe(50) + "\n")
    print(f"已写入密钥文件 {path}，权限 0600 (key written, mode 0600); 请设置 YUANQU_SECRET_KEY_FILE={path.resolve()}")
    return 0


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yuanqu.settings")
    argv = list(sys.argv if argv is None else argv)
    if argv[1:2] == ["secretkey"]:
        sys.exit(secretkey(argv[2:]))
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        os.makedirs(settings.VAR_DIR, exist_ok=True)
    os.makedirs(settings.STATIC_ROOT, exist_ok=True)
    if argv[1:] in ([], ["help"], ["--help"], ["-h"]):
        import django

        from yuanqu.core.commandline import grouped_help

        django.setup()
        sys.stdout.write(grouped_help(shown={module: typed for typed, module in ALIASES.items()}))
        return
    from django.core.management import execute_from_command_line

    command = [ALIASES.get(argv[1], argv[1]), *argv[2:]] if len(argv) > 1 else []
    execute_from_command_line(["yuanqu", *command])


if __name__ == "__main__":
    main()

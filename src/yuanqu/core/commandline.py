"""Shared by management commands: who the command acts as, and reading an input file, with Chinese errors."""

from pathlib import Path

from django.core.management.base import CommandError


class SystemActor:
    """The command line's actor when no --user is given: city-wide rights, recorded as “命令行” in the log."""

    is_authenticated = True
    is_active = True
    is_organiser = True
    is_superuser = True
    role = "organiser"
    pk = None
    username = "命令行"


def resolve_actor(username: str | None):
    """The active user named `username`, or the SystemActor when None; exit status 2 for an unknown name."""
    if not username:
        return SystemActor()
    from yuanqu.core.models import User

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"没有用户“{username}”。", returncode=2)
    return user


def read_input(file: str) -> tuple[Path, bytes]:
    """The path and bytes of an input file; exit status 2 when it cannot be read."""
    path = Path(file)
    try:
        return path, path.read_bytes()
    except OSError as exc:
        raise CommandError(f"无法读取 {path}：{exc.strerror}", returncode=2) from exc

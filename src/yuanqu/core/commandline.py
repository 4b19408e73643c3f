"""Shared by management commands: who the command acts as, reading an input file, progress bars and the end of an
import that found problems, with Chinese messages."""

import sys
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import CommandError
from tqdm import tqdm


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


@contextmanager
def progress_bar(stream, desc: str, unit: str, *, enabled: bool = True):
    """A `progress(done, total)` callback drawing a bar on `stream` (the command's stderr) while the block runs.

    Drawn only when the stream is a terminal (a log or a pipe gets the summary alone), never with `enabled=False`
    (the commands' --no-progress); `total` may be None until the reader knows it."""
    stream = getattr(stream, "_out", stream)  # Django's OutputWrapper ends every write with a newline; a bar must not
    terminal = getattr(stream, "isatty", lambda: False)()
    bar = tqdm(desc=desc, unit=unit, file=stream, leave=False, disable=not (enabled and terminal),
               dynamic_ncols=True)

    def progress(done: int, total: int | None) -> None:
        if total and bar.total != total:
            bar.total = total
            bar.refresh()
        bar.update(done - bar.n)

    try:
        yield progress
    finally:
        bar.close()


def add_progress_argument(parser) -> None:
    parser.add_argument("--no-progress", action="store_true", help="不显示进度条 (no progress bar)")


def exit_on_problems(command, result) -> None:
    """An import that found problems: each on stderr with its row and column, the count, exit status 1."""
    if result.ok:
        return
    for problem in result.problems:
        command.stderr.write(str(problem))
    command.stderr.write(f"共 {len(result.problems)} 处错误，未写入任何数据。")
    sys.exit(1)


# `yuanqu --help`: the commands by task, each with the first line of its own help. Every command of a yuanqu app
# has a place here (a test fails otherwise); Django's and the libraries' others are listed by name at the end.
COMMAND_GROUPS: dict[str, tuple[str, ...]] = {
    "安装与设置 set-up": ("demo", "serve", "worker", "migrate", "secretkey", "setup_city", "regions", "createuser",
                        "industries", "changepassword"),
    "数据 data": ("excel", "import", "industry", "peers"),
    "会议 meetings": ("itinerary",),
    "评分 scoring": ("scoring",),
    "亮灯与督办 lights and tasks": ("lights", "tasks"),
    "新闻 news": ("news",),
    "维护 maintenance": ("backup", "restore", "access", "check", "showmigrations", "axes_reset", "spectacular",
                       "shell", "dbshell"),
}
# one line for the grouped commands that are not ours (Django's and the libraries' own help is English only)
OTHER_HELP = {
    "secretkey": "写出随机密钥文件（权限 0600），供 PostgreSQL 上的服务使用 (write a key file)",
    "migrate": "建立或升级数据库表 (create or upgrade the database tables)",
    "changepassword": "修改用户密码 (change a user's password)",
    "check": "检查配置；加 --deploy 检查生产部署设置 (check the set-up; --deploy for production)",
    "showmigrations": "列出数据库升级步骤及是否已执行 (list the migrations and whether they ran)",
    "axes_reset": "解除全部登录锁定 (lift every sign-in lock-out)",
    "spectacular": "写出 OpenAPI 接口说明 (write the OpenAPI schema)",
    "shell": "Python 交互环境 (an interactive Python shell)",
    "dbshell": "数据库命令行 (the database's own client)",
}


def grouped_help(prog: str = "yuanqu", shown: dict[str, str] | None = None) -> str:
    """The text `yuanqu --help` prints: usage, then each group's commands with one line each, then the rest.
    `shown` names a command as it is typed where that differs from its module (setup_city → setup-city)."""
    shown = shown or {}
    from django.core.management import get_commands, load_command_class

    commands = get_commands()
    lines = [f"用法 usage: {prog} <命令 command> [选项 options]    {prog} help <命令> 查看一个命令的全部选项", ""]
    grouped = set()
    for group, names in COMMAND_GROUPS.items():
        lines.append(f"{group}:")
        for name in names:
            grouped.add(name)
            if name in OTHER_HELP:
                summary = OTHER_HELP[name]
            elif name in commands:
                summary = (load_command_class(commands[name], name).help or "").strip().splitlines()[0]
            else:
                continue
            lines.append(f"  {shown.get(name, name):<16}{summary}")
        lines.append("")
    rest = sorted(set(commands) - grouped)
    lines.append("其他 Django 命令 other Django commands:")
    line = " "
    for name in rest:
        if len(line) + len(name) > 100:
            lines.append(line)
            line = " "
        line += f" {name}"
    lines.append(line)
    return "\n".join(lines) + "\n"

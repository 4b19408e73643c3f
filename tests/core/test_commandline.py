"""The command line: `yuanqu --help` groups every command of ours by task; long commands draw a progress bar on a
terminal and end with a summary."""

import io
import subprocess
import sys

from django.core.management import get_commands

from yuanqu.core.commandline import COMMAND_GROUPS, progress_bar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def ours() -> set[str]:
    return {name for name, app in get_commands().items() if app.startswith("yuanqu.")}


def test_every_command_of_ours_has_a_group():
    grouped = {name for names in COMMAND_GROUPS.values() for name in names}
    assert ours() and not ours() - grouped, f"add to core.commandline.COMMAND_GROUPS: {sorted(ours() - grouped)}"


def test_help_lists_the_groups_with_one_chinese_line_each():
    out = subprocess.run([sys.executable, "-m", "yuanqu.cli", "--help"], capture_output=True, text=True,
                         check=True).stdout
    lines = out.splitlines()
    for group in COMMAND_GROUPS:
        assert f"{group}:" in lines
    for name in ours() | {"migrate", "secretkey"}:
        name = name.replace("setup_city", "setup-city")  # typed as yuanqu setup-city
        [line] = [line for line in lines if line.startswith(f"  {name} ")]
        summary = line[len(name) + 2:].strip()
        assert any("\u4e00" <= ch <= "\u9fff" for ch in summary[:12]), line  # Chinese first
    assert "其他 Django 命令" in out and "makemigrations" in out.split("其他 Django 命令")[1]


def test_progress_bar_draws_on_a_terminal_only():
    for stream, drawn in ((Terminal(), True), (io.StringIO(), False)):
        with progress_bar(stream, "检查", "行") as progress:
            progress(0, None)
            progress(500, 1000)
            progress(1000, 1000)
        assert ("检查:   0%|" in stream.getvalue() and "/1000" in stream.getvalue()) is drawn
    quiet = Terminal()
    with progress_bar(quiet, "检查", "行", enabled=False) as progress:
        progress(10, 10)
    assert quiet.getvalue() == ""

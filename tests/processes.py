"""Finding the services of a running assistant among the machine's processes (Linux /proc)."""

from __future__ import annotations

from pathlib import Path
from typing import List


def arguments(pid: int) -> List[str]:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
    except OSError:
        return []


def alive(pid: int) -> bool:
    """Running, and not a zombie waiting for its parent."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def children(pid: int) -> List[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    return found


def action_server(port: int) -> int:
    """The pid of the action server listening on `port` (scripts/run_all.py's actions_command)."""
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        args = arguments(int(cmdline.parent.name))
        if "actions" in args and "--port" in args and args[args.index("--port") + 1] == str(port):
            return int(cmdline.parent.name)
    raise LookupError(f"no action server on port {port}")

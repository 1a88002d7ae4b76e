"""nginx as the entry of the scaled profile on one machine (make run-scaled, make load, their tests).

Debian's nginx (scripts/install_services.sh), run by the project on loopback in the foreground,
so that the cluster supervises it like every other service. Three listeners:
    public   the chat entry: deploy/nginx/entry.conf, the same file deploy/compose.yaml mounts
    internal Rasa's HTTP API for the web app (all paths; the API wants its token)
    actions  Rasa's calls to the action servers
Each spreads over its instances round robin; when an instance refuses the connection, the request
goes to the next one at once. No instance is ever marked down (max_fails=0): on loopback a refusal
costs a fraction of a millisecond, and a marked-down instance that is back would get nothing for a
while (with all instances marked down nginx answers "no live upstreams" without trying any).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import List, Sequence

ROOT = Path(__file__).resolve().parent.parent
ENTRY_CONF = ROOT / "deploy" / "nginx" / "entry.conf"
PRODUCTION_RATE = "5r/s"  # deploy/nginx/compose.conf's rate, per client address
TEMP_KINDS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")  # nginx's temporary folders


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if found is None:
        raise RuntimeError("nginx fehlt: scripts/install_services.sh installiert es.")
    return found


def _upstream(name: str, ports: Sequence[int]) -> str:
    servers = "".join(f"        server 127.0.0.1:{port} max_fails=0;\n" for port in ports)
    return f"    upstream {name} {{\n{servers}    }}\n"


# Rasa's requests to the action server carry the whole domain; the web app's calls to Rasa's API are small
_INTERNAL_LOCATION = """        client_max_body_size 16m;
        client_body_buffer_size 1m;
        location / {{
            proxy_pass http://{upstream};
            proxy_next_upstream error timeout;
            proxy_connect_timeout 3s;
            proxy_read_timeout 120s;
        }}
"""


@dataclass
class EntryProxy:
    home: Path  # the cluster's folder; nginx's files go to home/nginx
    public: int
    internal: int
    actions_entry: int
    rasa: Sequence[int]
    actions: Sequence[int]
    web: int
    rate: str = PRODUCTION_RATE  # "off": no per-address limit (make load, make bench measure capacity)

    @property
    def folder(self) -> Path:
        return self.home / "nginx"

    @property
    def config_file(self) -> Path:
        return self.folder / "nginx.conf"

    def config(self, temp: Path) -> str:
        # an empty key is not counted by limit_req: that is how the limit is switched off
        key = '""' if self.rate == "off" else "$binary_remote_addr"
        rate = "1r/s" if self.rate == "off" else self.rate
        temp_paths = "".join(f"    {kind}_temp_path {temp / kind};\n" for kind in TEMP_KINDS)
        # as root nginx's workers run as nobody, who may not reach the project's folder: they need nothing
        # from it (the master reads the configuration), and their temporary files go to `temp`
        user = "user nobody nogroup;\n" if os.geteuid() == 0 else ""
        return (
            f"# written by scripts/entry_proxy.py; the public entry is {ENTRY_CONF}\n"
            f"{user}worker_processes 1;\n"
            f"pid {self.folder / 'nginx.pid'};\n"
            f"error_log {self.folder / 'error.log'} warn;\n"
            "events { worker_connections 1024; }\n"
            "http {\n"
            "    access_log off;\n"
            f"{temp_paths}"
            f"    map $binary_remote_addr $chat_client {{ default {key}; }}\n"
            f"    limit_req_zone $chat_client zone=chat:1m rate={rate};\n"
            + _upstream("rasa", self.rasa)
            + _upstream("web", [self.web])
            + _upstream("actions", self.actions)
            + f"    server {{\n        listen 127.0.0.1:{self.public};\n        include {ENTRY_CONF};\n    }}\n"
            + f"    server {{\n        listen 127.0.0.1:{self.internal};\n"
            + _INTERNAL_LOCATION.format(upstream="rasa")
            + "    }\n"
            + f"    server {{\n        listen 127.0.0.1:{self.actions_entry};\n"
            + _INTERNAL_LOCATION.format(upstream="actions")
            + "    }\n"
            "}\n"
        )

    def prepare(self) -> List[str]:
        """Writes the configuration and returns the command that runs nginx in the foreground."""
        self.folder.mkdir(parents=True, exist_ok=True)
        temp = Path("/tmp") / f"asa-nginx-{self.public}"
        for kind in TEMP_KINDS:
            (temp / kind).mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            for folder in (temp, *(temp / kind for kind in TEMP_KINDS)):
                shutil.chown(folder, "nobody", "nogroup")
        self.config_file.write_text(self.config(temp), encoding="utf-8")
        # -e: nginx opens its compiled-in error log before it reads the configuration
        return [
            nginx_binary(),
            "-p",
            str(self.folder),
            "-e",
            str(self.folder / "error.log"),
            "-c",
            str(self.config_file),
            "-g",
            "daemon off;",
        ]

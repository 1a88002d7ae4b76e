"""A small reverse proxy that spreads requests over several instances (scaled profile).

    python -m bot.proxy --listen 5005 --upstream 127.0.0.1:5101 --upstream 127.0.0.1:5102 --public

Round robin. An instance that refuses the connection is skipped for a few seconds and
the request goes to the next one: a refused connection means the request never
arrived, so sending it elsewhere cannot handle a message twice. Any other failure
after sending returns 502 (the client may send again; nothing was acknowledged).
With --public only the channel webhooks and the health check pass; Rasa's HTTP API
(tracker, model, ...) stays reachable only on the internal listener. The client's
address is appended to X-Forwarded-For, which the Rasa instances trust from this
proxy only (TRUSTED_PROXIES) for their rate limits.
In production a load balancer or ingress does this job (README, deploy/).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import logging
import time
from typing import Dict, List, Optional

import aiohttp
from aiohttp import web

logger = logging.getLogger("asa.proxy")

HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailers",
    "transfer-encoding",
    "upgrade",
    "host",
    "content-length",
}
PUBLIC_PREFIXES = ("/webhooks/",)
SKIP_SECONDS = 3.0
UNAVAILABLE = "Der Dienst ist gerade nicht erreichbar. Bitte in ein paar Minuten noch einmal versuchen."
NOT_PUBLIC = "Diese Adresse ist nicht öffentlich."
FAILED = "Die Anfrage ist unterwegs abgebrochen. Bitte noch einmal senden."


def is_public(method: str, path: str) -> bool:
    return path.startswith(PUBLIC_PREFIXES) or (method in ("GET", "HEAD") and path == "/")


class Upstreams:
    """Round robin over the instances, skipping the ones that recently refused connections."""

    def __init__(self, addresses: List[str]) -> None:
        self.addresses = addresses
        self._turn = itertools.cycle(range(len(addresses)))
        self._down_until: Dict[str, float] = {}

    def order(self) -> List[str]:
        start = next(self._turn)
        rotated = self.addresses[start:] + self.addresses[:start]
        now = time.monotonic()
        up = [a for a in rotated if self._down_until.get(a, 0) <= now]
        return up + [a for a in rotated if a not in up]  # all down: try them anyway

    def refused(self, address: str) -> None:
        self._down_until[address] = time.monotonic() + SKIP_SECONDS


def create_app(upstreams: List[str], public: bool, timeout: float = 120.0) -> web.Application:
    pool = Upstreams(upstreams)
    # chat messages are small; Rasa's requests to the action server carry the whole domain
    app = web.Application(client_max_size=(64 if public else 16 * 1024) * 1024)
    session: Optional[aiohttp.ClientSession] = None

    async def open_session(_: web.Application) -> None:
        nonlocal session
        session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=256),
            timeout=aiohttp.ClientTimeout(total=timeout),
            auto_decompress=False,
        )

    async def close_session(_: web.Application) -> None:
        if session is not None:
            await session.close()

    async def forward(request: web.Request) -> web.StreamResponse:
        if public and not is_public(request.method, request.path):
            return web.json_response({"message": NOT_PUBLIC}, status=404)
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
        peer = request.remote or ""
        forwarded = request.headers.get("X-Forwarded-For")
        headers["X-Forwarded-For"] = f"{forwarded}, {peer}" if forwarded else peer
        assert session is not None
        for address in pool.order():
            try:
                async with session.request(
                    request.method,
                    f"http://{address}{request.rel_url}",
                    data=body,
                    headers=headers,
                    allow_redirects=False,
                ) as upstream:
                    payload = await upstream.read()
                    reply = {k: v for k, v in upstream.headers.items() if k.lower() not in HOP_BY_HOP}
                    return web.Response(status=upstream.status, body=payload, headers=reply)
            except aiohttp.ClientConnectorError:
                pool.refused(address)
                logger.warning("Instanz %s nicht erreichbar; nächste Instanz.", address)
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                logger.error("Anfrage an %s abgebrochen: %s", address, type(error).__name__)
                return web.json_response({"message": FAILED}, status=502)
        return web.json_response({"message": UNAVAILABLE}, status=503)

    # aiohttp 3.9's stubs type these signals as taking the handler's own callback (its Signal is a
    # FrozenList of Callable[[T], Awaitable]); the documented use is exactly this
    app.on_startup.append(open_session)  # type: ignore[arg-type]
    app.on_cleanup.append(close_session)  # type: ignore[arg-type]
    app.router.add_route("*", "/{tail:.*}", forward)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listen", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--upstream", action="append", required=True, help="host:port, repeatable")
    parser.add_argument("--public", action="store_true", help="only the channel webhooks and GET /")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    web.run_app(create_app(args.upstream, args.public), host=args.host, port=args.listen, access_log=None, print=None)


if __name__ == "__main__":
    main()

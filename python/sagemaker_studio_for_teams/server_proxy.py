"""The jupyter-server-proxy entry that serves the sidecar at ``<base_url>studio-teams/``.

jupyter-server-proxy starts the sidecar on the first request, on a free port of its choosing,
and forwards each request after replacing two headers (``request_headers_override``):

- ``Authorization``: the sidecar's bearer token. The page never holds it; the browser's own
  ``Authorization`` (Jupyter's token, when one is used) is not passed on either.
- ``Host``: the proxy otherwise forwards the browser's Host (the Jupyter server's name), which the
  sidecar refuses to defeat DNS rebinding. The sidecar's own ``127.0.0.1:<port>`` passes.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path
from typing import Any

from .token_file import ensure_token_file

#: Also the first segment of the extension's request URLs (``SIDECAR_PROXY_NAME`` in ``api.ts``).
SERVER_NAME = "studio-teams"

#: The bundled sidecar: one JavaScript file, Node its only runtime.
SIDECAR_BUNDLE = Path(__file__).parent / "sidecar" / "sidecar.js"

#: A cold start loads Fastify and the AWS SDK from one file: well under a second, more on a busy
#: container. The first request waits for it, so give it room rather than fail.
START_TIMEOUT_SECONDS = 20.0

log = logging.getLogger(__name__)


def token_file_path() -> Path:
    """``$STUDIO_SIDECAR_TOKEN_FILE`` (the sidecar reads the same variable), else a per-user file."""
    configured = os.environ.get("STUDIO_SIDECAR_TOKEN_FILE")
    if configured:
        return Path(configured)
    config_home = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return config_home / "studio-teams" / "sidecar-token"


def node_executable() -> str:
    """``$STUDIO_TEAMS_NODE``, else ``node`` on the PATH."""
    node = os.environ.get("STUDIO_TEAMS_NODE") or shutil.which("node")
    if node is None:
        # The entry is still registered: requests then fail and the extension hides its status
        # item, which is what a missing sidecar should look like.
        log.warning("studio-teams: no `node` on the PATH; the sidecar cannot start")
        return "node"
    return node


def _template_literal(value: str) -> str:
    """jupyter-server-proxy formats header values with ``str.format``: keep braces literal."""
    return value.replace("{", "{{").replace("}", "}}")


def setup_sidecar() -> dict[str, Any]:
    """Called once by jupyter-server-proxy when the Jupyter server starts."""
    token_file = token_file_path()
    token = ensure_token_file(token_file)
    return {
        "command": [
            node_executable(),
            str(SIDECAR_BUNDLE),
            "--port",
            "{port}",
            "--token-file",
            str(token_file),
        ],
        "timeout": START_TIMEOUT_SECONDS,
        "absolute_url": False,
        "request_headers_override": {
            "Authorization": f"Bearer {_template_literal(token)}",
            "Host": "127.0.0.1:{port}",
        },
        # Every open tab polls the cost; that must not count as use, or Studio's idle shutdown
        # would never stop a forgotten app. (Older jupyter-server-proxy ignores the key.)
        "update_last_activity": False,
        # An API for the panel, not a web app for people: no launcher tile, no tab.
        "launcher_entry": {"enabled": False},
        "new_browser_tab": False,
    }

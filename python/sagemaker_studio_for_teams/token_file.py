"""The bearer token shared by the jupyter-server-proxy entry (which adds it to every request) and
the sidecar (which checks it). Same rules as the sidecar's own `token-file.ts`."""

from __future__ import annotations

import os
import re
import secrets
import stat
from pathlib import Path

#: An installer may write its own token; any long enough run of visible ASCII will do.
TOKEN_PATTERN = re.compile(r"^[\x21-\x7e]{32,512}$")


class TokenFileError(RuntimeError):
    """The token file exists but cannot be used; the message says how to fix it."""


def ensure_token_file(path: Path) -> str:
    """Return the token in ``path``, creating the file (mode 0600, random token) when absent.

    The token is written to a private temporary file beside the target and then linked into
    place, so a reader never sees half a token. link(2) rather than rename(2): when the sidecar
    creates the same file at the same moment, rename would silently replace a token already in
    use, while link fails and the loser reads the winner's token.
    """
    existing = _read(path)
    if existing is not None:
        return existing
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(6)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32) + "\n")
        try:
            os.link(temp, path)
        except FileExistsError:
            pass
        except OSError:
            # A file system without hard links: rename, still never exposing a partial file.
            if not path.exists():
                os.rename(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    token = _read(path)
    if token is None:
        raise TokenFileError(f"token file {path} vanished while it was being created")
    return token


def _read(path: Path) -> str | None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    # Like ssh with a private key: a token others can read is no secret.
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        mode = oct(info.st_mode & 0o777)[2:]
        raise TokenFileError(
            f"token file {path} has mode {mode}; it must be readable by its owner only (chmod 600)"
        )
    token = path.read_text(encoding="utf-8").strip()
    # Never echo the content: a malformed file may still hold a real secret.
    if not TOKEN_PATTERN.match(token):
        raise TokenFileError(
            f"token file {path} does not hold a token (32 to 512 visible ASCII characters); "
            "delete it to get a new one"
        )
    return token

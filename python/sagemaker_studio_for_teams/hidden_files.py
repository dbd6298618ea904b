"""A Jupyter server extension that lets the file browser show hidden files.

The original tool told users to add ``ContentsManager.allow_hidden = True`` to their config by hand.
Jupyter reads ``jupyter_server_config.d/*.json`` only to enable extensions, so the wheel ships one
that enables this module, which sets the option on the running contents manager. A value the user
configured themselves (either way) wins.
"""

from __future__ import annotations

from typing import Any


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "sagemaker_studio_for_teams.hidden_files"}]


def _configured_by_user(serverapp: Any) -> bool:
    config = serverapp.config
    for section in ("ContentsManager", "FileContentsManager", "AsyncFileContentsManager", "LargeFileManager"):
        if section in config and "allow_hidden" in config[section]:
            return True
    return False


def _load_jupyter_server_extension(serverapp: Any) -> None:
    if _configured_by_user(serverapp):
        return
    serverapp.contents_manager.allow_hidden = True
    serverapp.log.info("studio-teams: hidden files can be shown (ContentsManager.allow_hidden)")

"""SageMaker Studio for Teams in JupyterLab: the side panel and status-bar cost item (a prebuilt
labextension) and the sidecar they talk to, started on demand by jupyter-server-proxy."""

__version__ = "0.1.0"


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    """Where `jupyter labextension develop` finds the built extension in a source checkout."""
    return [{"src": "labextension", "dest": "@studio-teams/extension"}]

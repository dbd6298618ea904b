"""Run with: (cd python && ../.venv/bin/python -m unittest discover -s tests)"""

import os
import stat
import tempfile
import unittest
from pathlib import Path
from unittest import mock

from sagemaker_studio_for_teams.server_proxy import SERVER_NAME, setup_sidecar
from sagemaker_studio_for_teams.token_file import TokenFileError, ensure_token_file


class TokenFileTest(unittest.TestCase):
    def setUp(self) -> None:
        self.dir = Path(tempfile.mkdtemp())

    def test_creates_a_private_token_once(self) -> None:
        path = self.dir / "nested" / "sidecar-token"
        token = ensure_token_file(path)
        self.assertRegex(token, r"^[0-9a-f]{64}$")
        self.assertEqual(stat.S_IMODE(path.stat().st_mode), 0o600)
        self.assertEqual(ensure_token_file(path), token)
        self.assertEqual(sorted(p.name for p in path.parent.iterdir()), ["sidecar-token"])

    def test_refuses_a_token_others_can_read(self) -> None:
        path = self.dir / "sidecar-token"
        path.write_text("x" * 40)
        path.chmod(0o644)
        with self.assertRaisesRegex(TokenFileError, "mode 644"):
            ensure_token_file(path)

    def test_refuses_a_file_that_is_no_token_without_echoing_it(self) -> None:
        path = self.dir / "sidecar-token"
        path.write_text("short secret")
        path.chmod(0o600)
        with self.assertRaises(TokenFileError) as caught:
            ensure_token_file(path)
        self.assertNotIn("short secret", str(caught.exception))


class SetupSidecarTest(unittest.TestCase):
    def test_the_proxy_adds_the_token_and_the_sidecars_own_host(self) -> None:
        path = Path(tempfile.mkdtemp()) / "sidecar-token"
        path.write_text("{" + "a" * 40 + "}\n")
        path.chmod(0o600)
        with mock.patch.dict(os.environ, {"STUDIO_SIDECAR_TOKEN_FILE": str(path), "STUDIO_TEAMS_NODE": "/n"}):
            config = setup_sidecar()
        self.assertEqual(SERVER_NAME, "studio-teams")
        self.assertEqual(config["command"][0], "/n")
        self.assertEqual(config["command"][2:], ["--port", "{port}", "--token-file", str(path)])
        headers = config["request_headers_override"]
        # jupyter-server-proxy applies str.format with the port: braces in the token stay literal.
        self.assertEqual(headers["Authorization"].format(port=1), "Bearer {" + "a" * 40 + "}")
        self.assertEqual(headers["Host"].format(port=4321), "127.0.0.1:4321")
        self.assertFalse(config["update_last_activity"])
        self.assertEqual(config["launcher_entry"], {"enabled": False})


if __name__ == "__main__":
    unittest.main()

"""`incasso serve` as an operator runs it: a real uvicorn process on loopback, stopped with SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from api.logs import redact


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 20) -> dict:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                return json.loads(response.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_serve_starts_on_sqlite_says_what_is_off_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    port = free_port()
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{tmp_path}/incasso.db",
        "INCASSO_DATA_DIR": str(tmp_path / "data"),
        "LOG_FORMAT": "json",
    }
    env.pop("SMTP_HOST", None)
    incasso = Path(sys.executable).with_name("incasso")
    process = subprocess.Popen([str(incasso), "serve", "--port", str(port)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert wait_for(f"http://127.0.0.1:{port}/healthz") == {"status": "ok"}
        assert wait_for(f"http://127.0.0.1:{port}/readyz")["status"] == "ready"
        request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers={"X-Request-ID": "abc123"})
        with urllib.request.urlopen(request) as response:
            assert response.headers["X-Request-ID"] == "abc123"
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
    # uvicorn re-raises the SIGTERM after its graceful shutdown, as service managers expect
    assert process.returncode in (0, -signal.SIGTERM), stderr
    lines = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    messages = " | ".join(entry["message"] for entry in lines)
    assert "Application shutdown complete." in messages and "Scheduler has been shut down" in messages
    assert "e-mail is off: SMTP_HOST is not set" in messages
    assert "Slack is off" in messages and "payments are off" in messages
    assert all({"time", "level", "logger", "message"} <= entry.keys() for entry in lines)


def test_invalid_settings_stop_serve_with_the_variable_named(tmp_path: Path) -> None:
    incasso = Path(sys.executable).with_name("incasso")
    result = subprocess.run([str(incasso), "serve"], env=os.environ | {"SMTP_PORT": "99999"},
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 1 and "SMTP_PORT" in result.stderr and "Traceback" not in result.stderr


def test_logs_never_carry_full_ibans_or_tokens() -> None:
    line = redact("paid from NL91ABNA0417164300 with Bearer inc_0123456789ab_SECRETSECRETSECRET and start=AbCdEf123456")
    assert "NL91ABNA0417164300" not in line and "NL91…4300" in line
    assert "SECRETSECRET" not in line and "AbCdEf123456" not in line

"""Debian packages a few tests need (Chromium and its fonts, LibreOffice), installed with apt when missing.

The suite installs them itself rather than asking every developer to: CI runs as root on a Debian
machine, so a fixture that finds a program missing runs ``apt-get update && apt-get install -y
--no-install-recommends PACKAGES`` once, and the first run takes longer. Not root, it fails with the
command to run. One copy of this, for every fixture that installs something.
"""

from __future__ import annotations

import os
import subprocess

import pytest

APT_TIMEOUT = 1800  # seconds per apt-get command: a slow mirror, never a hung test run
LOCK_TIMEOUT = 600  # seconds apt waits for another apt (a parallel test slot installing too)


def apt_install(packages: tuple[str, ...], missing: str) -> None:
    """Install Debian ``packages`` with apt-get, as root; ``missing`` says what was not found."""
    if os.geteuid() != 0:
        pytest.fail(f"{missing} is missing and this is not root: run "
                    f"`apt-get update && apt-get install -y --no-install-recommends {' '.join(packages)}`",
                    pytrace=False)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    lock = f"DPkg::Lock::Timeout={LOCK_TIMEOUT}"
    for command in (["apt-get", "-o", lock, "update"],
                    ["apt-get", "-o", lock, "install", "-y", "--no-install-recommends", *packages]):
        result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=APT_TIMEOUT, check=False)
        if result.returncode != 0:
            pytest.fail(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr[-3000:]}", pytrace=False)

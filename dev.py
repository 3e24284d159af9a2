#!/usr/bin/env python3
"""Set up psoas in a local virtual environment and run it, or run its tests.

    python3 dev.py run start        # set up (first time only) and start today's session
    python3 dev.py run --help       # any psoas command: python3 dev.py run COMMAND ...
    python3 dev.py test             # set up with test tools and run the whole test suite

Needs only Python 3.11+. The environment lives in .venv/ and is rebuilt when a
requirements file changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def _fingerprint(files: list[str]) -> str:
    digest = hashlib.sha256()
    for name in files + ["pyproject.toml"]:
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def setup(with_tests: bool) -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"psoas needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    requirements = ["requirements-dev.txt" if with_tests else "requirements.txt", "requirements-pose.txt"]
    stamp = VENV / f".psoas-{'dev' if with_tests else 'run'}"
    fingerprint = _fingerprint(requirements + ["requirements.txt"])
    if stamp.exists() and stamp.read_text() == fingerprint:
        return
    if not PYTHON.exists():
        print("Creating .venv ...", file=sys.stderr)
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except (OSError, subprocess.CalledProcessError) as error:
            sys.exit(f"cannot create .venv ({error}); on Debian/Ubuntu install python3-venv first")
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    print("Installing pinned dependencies (first run takes a few minutes) ...", file=sys.stderr)
    try:
        subprocess.run([*pip, "-r", str(ROOT / requirements[0])], check=True)
        # mediapipe without its declared dependencies: see requirements-pose.txt for why.
        subprocess.run([*pip, "--no-deps", "-r", str(ROOT / "requirements-pose.txt")], check=True)
        subprocess.run([*pip, "--no-deps", "-e", str(ROOT)], check=True)
    except subprocess.CalledProcessError:
        sys.exit("installing the dependencies failed (see pip's message above); check the network and retry")
    stamp.write_text(fingerprint)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test"):
        print(__doc__.strip())
        return 2
    command, rest = argv[0], argv[1:]
    setup(with_tests=command == "test")
    if command == "run":
        return subprocess.call([str(PYTHON), "-m", "psoas", *rest])
    return subprocess.call([str(PYTHON), "-m", "pytest", *rest], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

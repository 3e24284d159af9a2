#!/usr/bin/env python3
"""Set up psoas in a local virtual environment and run it, or run its tests.

    python3 dev.py run start        # set up (first time only) and start today's session
    python3 dev.py run --help       # any psoas command: python3 dev.py run COMMAND ...
    python3 dev.py test             # set up with test tools and run the whole test suite
    python3 dev.py --venv .venv-3.13 test   # the same in another environment

Needs only Python 3.11 to 3.14 with venv. The environment lives in .venv/ (or --venv DIR, or
$PSOAS_VENV), is made with the Python that runs dev.py, and is rebuilt when a requirements file
changes or it was made with another Python version.
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


def _python(venv_dir: Path) -> Path:
    return venv_dir / ("Scripts" if os.name == "nt" else "bin") / ("python.exe" if os.name == "nt" else "python")


def _fingerprint(files: list[str]) -> str:
    digest = hashlib.sha256(f"python {sys.version_info[0]}.{sys.version_info[1]}\n".encode())
    for name in files + ["pyproject.toml"]:
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def _venv_version(python: Path) -> str | None:
    """'3.X' of the environment's Python, None when it does not run."""
    try:
        out = subprocess.run([str(python), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                             capture_output=True, text=True, check=True)  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip()


def setup(with_tests: bool, venv_dir: Path = VENV) -> Path:
    """Make `venv_dir` current (first time, or after a requirements change); its python."""
    if sys.version_info < (3, 11):
        sys.exit(f"psoas needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    python = _python(venv_dir)
    name = venv_dir.name if venv_dir.parent == ROOT else str(venv_dir)
    requirements = ["requirements-dev.txt" if with_tests else "requirements.txt", "requirements-pose.txt"]
    stamp = venv_dir / f".psoas-{'dev' if with_tests else 'run'}"
    # Every requirements file counts (they include each other with -r), so any pin change reinstalls.
    fingerprint = _fingerprint(sorted(p.name for p in ROOT.glob("requirements*.txt")))
    if stamp.exists() and stamp.read_text() == fingerprint:
        return python
    here = f"{sys.version_info[0]}.{sys.version_info[1]}"
    there = _venv_version(python) if python.exists() else None
    if there != here:
        if python.exists():
            print(f"{name} was made with Python {there or '(broken)'}; remaking it with {here} ...", file=sys.stderr)
        else:
            print(f"Creating {name} with Python {here} ...", file=sys.stderr)
        try:
            venv.EnvBuilder(with_pip=True, clear=python.exists() or venv_dir.exists()).create(venv_dir)
        except (OSError, subprocess.CalledProcessError) as error:
            sys.exit(f"cannot create {name} ({error}); on Debian/Ubuntu install python3-venv first")
    pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    print("Installing pinned dependencies (first run takes a few minutes) ...", file=sys.stderr)
    try:
        subprocess.run([*pip, "-r", str(ROOT / requirements[0])], check=True)
        # mediapipe without its declared dependencies: see requirements-pose.txt for why.
        subprocess.run([*pip, "--no-deps", "-r", str(ROOT / "requirements-pose.txt")], check=True)
        subprocess.run([*pip, "--no-deps", "-e", str(ROOT)], check=True)
    except subprocess.CalledProcessError:
        sys.exit("installing the dependencies failed (see pip's message above); check the network and retry")
    stamp.write_text(fingerprint)
    return python


def main(argv: list[str]) -> int:
    venv_dir = Path(os.environ.get("PSOAS_VENV") or VENV)
    if argv[:1] == ["--venv"] and len(argv) >= 2:
        venv_dir, argv = Path(argv[1]), argv[2:]
    elif argv[:1] and argv[0].startswith("--venv="):
        venv_dir, argv = Path(argv[0].split("=", 1)[1]), argv[1:]
    if not argv or argv[0] not in ("run", "test"):
        print(__doc__.strip())
        return 2
    command, rest = argv[0], argv[1:]
    python = setup(with_tests=command == "test", venv_dir=(ROOT / venv_dir).resolve())
    if command == "run":
        return subprocess.call([str(python), "-m", "psoas", *rest])
    return subprocess.call([str(python), "-m", "pytest", *rest], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

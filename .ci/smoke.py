"""CI smoke check of an installed psoas (run with the environment's python, e.g. .venv-3.13/bin/python):

1. `psoas analyze` of a photo made here (a drawn figure: the estimator must load its bundled model
   and run; whether it sees a person in a drawing does not matter), as JSON;
2. an unattended day: `psoas screen --answers FILE` with every question answered no, then
   `psoas start --session-check no` at high speed with no terminal, no voice and no check-in.

Exits non-zero, saying which step failed, on the first failure. Uses a throw-away PSOAS_HOME.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path


def psoas(env: dict[str, str], *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "psoas", *args],
        env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip
    if result.returncode != 0:
        sys.exit(f"smoke: `psoas {' '.join(args)}` failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return result


def make_photo(path: Path) -> None:
    import cv2
    import numpy as np

    image = np.full((480, 640, 3), (200, 210, 220), np.uint8)
    limbs = [((320, 140), (320, 280)), ((320, 280), (270, 420)), ((320, 280), (370, 420)),
             ((320, 170), (250, 260)), ((320, 170), (390, 260))]  # fmt: skip
    for a, b in limbs:
        cv2.line(image, a, b, (60, 80, 120), 26)
    cv2.circle(image, (320, 105), 32, (150, 180, 220), -1)
    if not cv2.imwrite(str(path), image):
        sys.exit(f"smoke: could not write {path}")


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        env = {**os.environ, "PSOAS_HOME": str(tmp / "home")}
        env.pop("PSOAS_DATABASE_URL", None)
        photo = tmp / "figure.png"
        make_photo(photo)
        data = json.loads(psoas(env, "analyze", str(photo), "--json").stdout)
        if data["kind"] != "image" or data["frames"] != 1:
            sys.exit(f"smoke: analyze gave {data}")
        print(f"smoke: analyze of a made photo: kind {data['kind']}, person seen in {data['frames_with_person']}")

        questions = json.loads(psoas(env, "screen", "--list", "--json").stdout)
        answers = {q["id"]: "no" for q in questions if q["kind"] != "session_check"}
        (tmp / "answers.json").write_text(json.dumps(answers))
        psoas(env, "screen", "--answers", str(tmp / "answers.json"))
        start = psoas(env, "start", "--session-check", "no", "--speed", "10000", "--no-voice", "--no-checkin")
        history = json.loads(psoas(env, "history", "--json").stdout)
        if len(history) != 1:
            sys.exit(f"smoke: an unattended start should record one session, history has {len(history)}:\n"
                     f"{start.stdout}")  # fmt: skip
        print(f"smoke: unattended start recorded a session ({len(start.stdout.splitlines())} lines of output)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

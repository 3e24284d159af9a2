"""`psoas analyze`: recognise the exercise, count reps, time holds and find form faults in a
photo, a video or a landmark file. Heavy imports (numpy, cv2, mediapipe) happen inside."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

NAMES = {"cobra": "Cobra", "kneeling_hip_stretch": "Kneeling Hip Stretch", "glute_bridge": "Glute Bridge"}


def register(app: typer.Typer) -> None:
    @app.command("analyze")
    def analyze(
        path: Annotated[
            Path, typer.Argument(help="A photo (jpg, png, webp), a video, or a landmark file (CSV or JSON Lines).")
        ],
        as_json: Annotated[bool, typer.Option("--json", help="Print the analysis as JSON.")] = False,
        frames: Annotated[
            bool, typer.Option("--frames", help="Include per-frame detail (always for a photo).")
        ] = False,
        fps: Annotated[float, typer.Option("--fps", help="Frame rate of a landmark file without a t column.")] = 30.0,
        annotate: Annotated[
            Path | None,
            typer.Option("--annotate", help="Write a copy with skeleton, phase, reps, hold timer and faults."),
        ] = None,
    ) -> None:
        """Recognise the exercise, count reps, time holds and spot form faults in recorded media."""
        from psoas.pose.run import analyze_path

        kind, analysis = analyze_path(path, fps=fps, annotate=annotate)
        data = analysis.to_dict(str(path), kind, include_frames=frames or kind == "image")
        if as_json:
            from psoas.cli.output import print_json

            print_json(data)
        else:
            typer.echo(render_text(data))
        if annotate is not None and not as_json:
            typer.echo(f"Annotated copy written to {annotate}")


def render_text(data: dict) -> str:
    """A plain-words summary of the analysis JSON."""
    lines = [
        f"{data['source']} ({data['kind']}): {data['frames']} frame(s), person seen in {data['frames_with_person']}"
        + (f", {data['duration_s']:.1f} s" if data["kind"] != "image" else "")
    ]
    if not data["segments"]:
        if data["frames_with_person"] == 0:
            lines.append("Nobody was seen.")
        else:
            lines.append("No exercise recognised (psoas knows Cobra, Kneeling Hip Stretch and Glute Bridge).")
    for seg in data["segments"]:
        name = NAMES.get(seg["exercise"], seg["exercise"])
        side = f", {seg['side']} hip" if seg["side"] else ""
        if data["kind"] == "image":
            phase = data["frames_detail"][0]["phase"] if data.get("frames_detail") else None
            lines.append(f"{name}{side}: {phase or 'seen'}")
            continue
        lines.append(f"{name}{side}: {seg['start_s']:.1f}-{seg['end_s']:.1f} s, {len(seg['reps'])} rep(s)")
        for i, rep in enumerate(seg["reps"], start=1):
            faults = f"  faults: {', '.join(rep['faults'])}" if rep["faults"] else ""
            lines.append(f"  rep {i}: {rep['start_s']:.1f}-{rep['end_s']:.1f} s, held {rep['hold_s']:.1f} s{faults}")
    if data["faults"]:
        lines.append("Form:")
        for fault in data["faults"]:
            when = f"{fault['start_s']:.1f}-{fault['end_s']:.1f} s: " if data["kind"] != "image" else ""
            lines.append(f"  {when}{fault['message']} ({fault['code']})")
    return "\n".join(lines)

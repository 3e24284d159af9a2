"""`psoas analyze`: recognise the exercise, count reps, time holds and find form faults in a
photo, a video or a landmark file. Heavy imports (numpy, cv2, mediapipe) happen inside."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

NAMES = {"cobra": "Cobra", "kneeling_hip_stretch": "Kneeling Hip Stretch", "glute_bridge": "Glute Bridge"}


PHASE_WORDS = {"rest": "start position", "moving": "moving", "hold": "holding the position"}

HELP = """Recognise the exercise, count reps, time holds and spot form faults in recorded media.

PATH is a photo (jpg, png, webp), a video (mp4, mov, avi, webm, anything OpenCV reads; its own
frame times are used) or a landmark file: CSV of 132 numbers a row (33 MediaPipe pose landmarks
x, y, z, visibility), with an optional header and an optional first column t in seconds (else
--fps sets the timing), or JSON Lines of {"t": seconds, "landmarks": [[x, y, z, visibility] x 33]}.

A JSON Lines line may also carry "world": [[x, y, z] x 33], MediaPipe's world landmarks in metres.

--model picks the pose model for photos and videos: lite (fastest), full (the default: as
accurate as heavy on psoas's test photos, and fast enough for live video) or heavy (slowest).
With the default, a photo whose landmarks fit no exercise is looked at again with heavy.

psoas knows Cobra, Kneeling Hip Stretch and Glute Bridge; anything else is "no exercise".
"""


def register(app: typer.Typer) -> None:
    @app.command("analyze", help=HELP)
    def analyze(
        path: Annotated[
            Path,
            typer.Argument(
                metavar="PATH", help="A photo (jpg, png, webp), a video, or a landmark file (CSV or JSON Lines)."
            ),
        ],
        as_json: Annotated[bool, typer.Option("--json", help="Print the analysis as JSON.")] = False,
        frames: Annotated[
            bool, typer.Option("--frames", help="Include per-frame detail (always for a photo).")
        ] = False,
        fps: Annotated[
            float, typer.Option("--fps", metavar="F", help="Frame rate of a landmark file without a t column.")
        ] = 30.0,
        annotate: Annotated[
            Path | None,
            typer.Option(
                "--annotate", metavar="OUT", help="Write a copy with skeleton, phase, reps, hold timer and faults."
            ),
        ] = None,
        model: Annotated[
            str | None,
            typer.Option(
                "--model",
                metavar="lite|full|heavy",
                help="Pose model for photos and videos: lite, full (default) or heavy. See docs/analyze.md.",
            ),
        ] = None,
    ) -> None:
        from psoas.pose.run import analyze_path

        kind, analysis = analyze_path(path, fps=fps, annotate=annotate, model=model, keep_frames=frames)
        data = analysis.to_dict(str(path), kind, include_frames=frames or kind == "image")
        if as_json:
            from psoas.cli.output import print_json

            print_json(data)
        else:
            unfinished = {(i, j) for i, seg in enumerate(analysis.segments) for j, rep in enumerate(seg.reps)
                          if not rep.complete}  # fmt: skip
            from psoas.library import fault_titles

            typer.echo(render_text(data, fault_titles(), unfinished))
        if annotate is not None and not as_json:
            typer.echo(f"Annotated copy written to {annotate}")


# What a user can change when a body is seen but no exercise: the rules read the body side-on,
# and a drawing, a silhouette or limbs cut off by the frame are where the pose model goes wrong.
NOT_RECOGNISED_HINT = (
    "If you are doing one of them: take the picture side-on, with your whole body in view and lit from the front."
)


def render_text(data: dict, titles: dict[str, str] | None = None, unfinished: set | None = None) -> str:
    """A plain-words summary of the analysis JSON. `titles` names fault codes in words;
    `unfinished` holds (segment, rep) indices of reps the recording ended in."""
    titles = titles or {}
    unfinished = unfinished or set()
    lines = [
        f"{data['source']} ({data['kind']}): {data['frames']} frame(s), person seen in {data['frames_with_person']}"
        + (f", {data['duration_s']:.1f} s" if data["kind"] != "image" else "")
    ]
    if not data["segments"]:
        if data["frames_with_person"] == 0:
            from psoas.pose.still import NO_PERSON

            lines.append(NO_PERSON[0].upper() + NO_PERSON[1:] + ".")
        else:
            lines.append("No exercise recognised (psoas knows Cobra, Kneeling Hip Stretch and Glute Bridge).")
            lines.append(NOT_RECOGNISED_HINT)
    for i, seg in enumerate(data["segments"]):
        name = NAMES.get(seg["exercise"], seg["exercise"])
        side = f", {seg['side']} hip" if seg["side"] else ""
        if data["kind"] == "image":
            phase = data["frames_detail"][0]["phase"] if data.get("frames_detail") else None
            lines.append(f"{name}{side}: {PHASE_WORDS.get(phase or '', 'seen')}")
            continue
        lines.append(f"{name}{side}: {seg['start_s']:.1f}-{seg['end_s']:.1f} s, {len(seg['reps'])} rep(s)")
        for j, rep in enumerate(seg["reps"]):
            note = " (the recording ends before the way back down)" if (i, j) in unfinished else ""
            faults = f"; {', '.join(titles.get(c, c) for c in rep['faults'])}" if rep["faults"] else ""
            lines.append(
                f"  rep {j + 1}: {rep['start_s']:.1f}-{rep['end_s']:.1f} s, held {rep['hold_s']:.1f} s{note}{faults}"
            )
    if data["faults"]:
        lines.append("Form:")
        for fault in data["faults"]:
            when = f"{fault['start_s']:.1f}-{fault['end_s']:.1f} s  " if data["kind"] != "image" else ""
            title = titles.get(fault["code"])
            lines.append(f"  {when}{title + ': ' if title else ''}{fault['message']}")
    return "\n".join(lines)

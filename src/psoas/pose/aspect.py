"""The picture's aspect ratio (width / height) of a landmark file that does not say it.

MediaPipe gives x as a fraction of the picture width and y as a fraction of its height, so
angles need width / height. A CSV of landmarks does not carry it. Body proportions do: the limb
segments (upper arm, forearm, thigh, shin, shoulder to hip) have known lengths relative to each
other (Winter, Biomechanics and Motor Control of Human Movement, 2009: 0.186, 0.146, 0.245,
0.246 and 0.288 of body height), and with the wrong aspect the segments lying across the picture
come out too long or too short against those standing up in it. Over many frames, the aspect
that makes the least foreshortened segments of each frame agree best is the picture's; it is
then snapped to the nearest common picture shape (phones and cameras make only a few).
"""

from __future__ import annotations

import numpy as np

SEGMENTS = ((11, 13, 0.186), (12, 14, 0.186), (13, 15, 0.146), (14, 16, 0.146), (23, 25, 0.245),
            (24, 26, 0.245), (25, 27, 0.246), (26, 28, 0.246), (11, 23, 0.288), (12, 24, 0.288))  # fmt: skip
COMMON = (9 / 16, 3 / 4, 1.0, 4 / 3, 16 / 9)
MIN_FRAMES = 20  # fewer frames than this: not enough evidence, keep 1.0
_A = np.array([s[0] for s in SEGMENTS])
_B = np.array([s[1] for s in SEGMENTS])
_L = np.array([s[2] for s in SEGMENTS])
_GRID = np.exp(np.linspace(np.log(0.4), np.log(2.5), 121))


def fit_aspect(xyz: np.ndarray) -> float:
    """Raw best aspect for (n, 33, 3) landmarks normalised to the picture (x by width, y by height)."""
    d = xyz[:, _A, :2] - xyz[:, _B, :2]
    costs = []
    for a in _GRID:
        length = np.log(np.hypot(d[..., 0] * a, d[..., 1]) / _L + 1e-9)
        top = np.sort(length, axis=1)[:, -6:]  # the least foreshortened segments of each frame
        costs.append(float(np.median(np.std(top, axis=1))))
    return float(_GRID[int(np.argmin(costs))])


def estimate_aspect(frames) -> float:
    """Snapped picture aspect from PoseFrames (those with a person); 1.0 when there are too few."""
    xyz = [f.xyz for f in frames if f.present]
    if len(xyz) < MIN_FRAMES:
        return 1.0
    raw = fit_aspect(np.stack(xyz))
    return min(COMMON, key=lambda c: abs(np.log(c / raw)))

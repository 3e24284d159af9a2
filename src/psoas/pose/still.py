"""A photo where the estimator finds nobody: try again on the picture with a wide border, then on its negative.

BlazePose's person detector looks for a face-and-body box with room around it; a body that
fills the picture edge to edge (a cropped web photo or drawing, the feet or head at the border)
is often missed. Measured on ../shared/data/images with mediapipe 0.10.21 Full (benchmarks/
landmark_cache.py pictures with nobody found, 9 of 124): a border of half the picture's size on
each side, filled by repeating the edge pixels, finds a person in 5 of the 9; a white border of a
quarter finds 4, doubling the size 0, a quarter turn 1 or 2 (and only where the border also
works). So the second pass is the replicated border. With mediapipe 1.2.3's Tasks PoseLandmarker
(Full) the same: nobody found in 9 of 124 parts, 4 after the border (person found 115 -> 120).
Landmarks are mapped back to the original picture. A third look on the picture mirrored left to
right where the rules name no exercise was measured too (benchmarks/accuracy.py): one kneeling
stretch more, four look-alikes more named an exercise (none a clean hold); not adopted.
Where the border finds nobody either, the same two passes on the negative picture (light and
dark exchanged): a pale figure on a black ground, as in flat silhouette illustrations, is unlike
the photos the detector learnt people from, and its negative is a dark figure on a pale ground,
like the line drawings it does find. Measured with 1.2.3 Full on the 4 parts still without a
person (all pale silhouettes on black, one source): a person is found in all 4; the cobra and
the kneeling stretch are named right, the two negatives (a plank and an eight-limbed pose)
name no exercise. It runs only where every earlier pass found nobody, so no other judgement
changes.
When it still finds nobody, NO_PERSON says what the user can do.

A look by a larger model (`look_again`): where the default model's landmarks fit no exercise
(or nobody was found), `psoas analyze` looks again with the models of LOOK_AGAIN_MODELS in turn
and keeps the first look that names an exercise. That is Heavy, MediaPipe's most accurate pose
model; it takes about twice Full's time on a photo, so it runs only on the photos that need it.
Measured on ../shared/data/images (benchmarks/accuracy.py, with the negative pass): Kneeling
Hip Stretch 11 -> 12 of 14 with a person found, negatives named an exercise 6 -> 7 of 84 (a heel
slide in the bridge's start position), none a clean hold. Lite looking after Heavy was
measured and not adopted: one drawn cobra more, but a kneeling silhouette named a Glute Bridge
and three more negatives named an exercise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from psoas.pose.frame import SWAP_LR, PoseFrame

NO_PERSON = "no person found: step back so your whole body is in the picture, side-on, in good light"
LOOK_AGAIN_MODELS = ("heavy",)  # the models that look again, in turn
BORDER = 0.5  # of the picture's width (left and right) and height (top and bottom)


def with_border(image: np.ndarray, share: float = BORDER) -> tuple[np.ndarray, int, int]:
    """The picture inside a border of repeated edge pixels: (bordered, left, top) in pixels."""
    h, w = image.shape[:2]
    top, left = round(h * share), round(w * share)
    pad = ((top, top), (left, left)) + ((0, 0),) * (image.ndim - 2)
    return np.pad(image, pad, mode="edge"), left, top


def unborder(frame: PoseFrame, width: int, height: int, left: int, top: int) -> PoseFrame:
    """A frame estimated on the bordered picture, in the original picture's coordinates."""
    if frame.xyz is None:
        return PoseFrame.empty(frame.t, width / height)
    big_w, big_h = width + 2 * left, height + 2 * top
    xyz = frame.xyz.copy()
    xyz[:, 0] = (xyz[:, 0] * big_w - left) / width
    xyz[:, 1] = (xyz[:, 1] * big_h - top) / height
    xyz[:, 2] = xyz[:, 2] * big_w / width  # MediaPipe's depth is in units of the picture's width
    return PoseFrame(frame.t, xyz, frame.visibility, width / height, frame.world)  # world: metres, hip-centred, unmoved


def unmirror(frame: PoseFrame) -> PoseFrame:
    """A frame estimated on the picture mirrored left to right, in the picture as it is: x
    mirrored back, and left and right exchanged (the mirror image's left side is the person's
    right)."""
    if frame.xyz is None or frame.visibility is None:
        return frame
    xyz = frame.xyz.copy()
    xyz[:, 0] = 1.0 - xyz[:, 0]
    world = None
    if frame.world is not None:
        world = frame.world.copy()
        world[:, 0] = -world[:, 0]
        world = world[SWAP_LR]
    return PoseFrame(frame.t, xyz[SWAP_LR], frame.visibility[SWAP_LR], frame.aspect, world)


def negative(image: np.ndarray) -> np.ndarray:
    """The picture with light and dark exchanged (8-bit pixels)."""
    return 255 - image


def estimate_still(estimate: Callable[[np.ndarray, float], PoseFrame], image: np.ndarray, t: float = 0.0) -> PoseFrame:
    """The estimator's frame for a photo. When it finds nobody: again on the bordered picture,
    then on the negative picture, then on the bordered negative; the first person found is kept.
    The negative has the same geometry, so its landmarks need no mapping back."""
    h, w = image.shape[:2]
    for picture in (image, negative(image)):
        frame = estimate(picture, t)
        if frame.present:
            return frame
        bordered, left, top = with_border(picture)
        frame = unborder(estimate(bordered, t), w, h, left, top)
        if frame.present:
            return frame
    return frame


def look_again(
    first: PoseFrame, names_exercise: Callable[[PoseFrame], bool], looks: Iterable[Callable[[], PoseFrame]]
) -> PoseFrame:
    """`first`, unless its landmarks name no exercise (or show nobody): then the first of `looks`
    (the photo seen by other models, each called only when needed) that names an exercise;
    failing that, `first`, or the first look that found the person `first` missed."""
    if first.present and names_exercise(first):
        return first
    kept = first
    for look in looks:
        frame = look()
        if frame.present and names_exercise(frame):
            return frame
        if frame.present and not kept.present:
            kept = frame
    return kept

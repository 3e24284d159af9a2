"""`--annotate` text follows the picture's size: it never covers more than TEXT_SHARE of the
picture, its lines never overlap, nothing runs off the side, and a bigger picture gets bigger
text. A small photo with two faults keeps the person in view (the text goes below it); a video
frame keeps its size (short fault titles)."""

import numpy as np
import pytest

from psoas.pose.annotate import MIN_FONT, TEXT_SHARE, Annotator
from psoas.pose.frame import PoseFrame
from psoas.pose.result import FrameResult

MESSAGES = {
    "cobra.hips_lifted": "Let your hips sink back onto the mat; lift with the chest, not the hips.",
    "cobra.back_overextended": "Come down a little and soften your elbows; keep a natural curve in your lower back.",
}
TITLES = {"cobra.hips_lifted": "Hips leave the floor", "cobra.back_overextended": "Back over-extended"}
SIZES = [(225, 225), (259, 194), (640, 480), (1920, 1080), (300, 900)]


def _result(faults=tuple(MESSAGES)):
    return FrameResult(t=0.0, exercise="cobra", phase="hold", confidence=1.0, faults=list(faults), reps=2, hold_s=3.0)


def _picture(w, h):
    return np.full((h, w, 3), 128, dtype=np.uint8)  # grey: any drawn text or box changes pixels


def _changed_rows(before, after):
    rows = np.flatnonzero((before != after[: before.shape[0]]).any(axis=(1, 2)))
    return (rows[0], rows[-1] + 1) if rows.size else (0, 0)


def _check_lines(annotator, layout, w):
    cv2 = annotator.cv2
    for (text, _), y, (top, bottom) in zip(layout.lines, layout.baselines, layout.boxes, strict=True):
        (tw, ascent), descent = cv2.getTextSize(text, layout.font, layout.fs, layout.thick)
        assert top <= y - ascent and bottom >= y + min(descent, bottom - y)  # the box holds the letters
        assert 10 + tw <= w - 10  # nothing runs off the side
    for (_, bottom), (top, _) in zip(layout.boxes, layout.boxes[1:], strict=False):
        assert bottom < top  # lines do not overlap
    assert cv2.getTextSize("Ag", layout.font, layout.fs, layout.thick)[0][1] >= 8  # legible


@pytest.mark.parametrize(("w", "h"), SIZES)
@pytest.mark.parametrize("still", [True, False])
def test_text_never_covers_more_than_its_share_of_the_picture(w, h, still):
    annotator = Annotator(MESSAGES, still=still, titles=TITLES)
    picture = _picture(w, h)
    out = annotator.draw(picture, PoseFrame.empty(0.0, w / h), _result())
    layout, below = annotator.placement(w, h, _result(), True)
    _check_lines(annotator, layout, w)
    top, bottom = _changed_rows(picture, out)
    if below:  # a photo: the text in a band under the picture, which is left untouched
        assert still and out.shape == (h + layout.block, w, 3) and bottom == 0
        assert (out[h:] != 0).any()  # the band carries the text
    else:
        assert out.shape == picture.shape
        assert top < 10 and bottom - top <= TEXT_SHARE * h  # the text block, measured on the pixels
    if not still:
        assert out.shape == picture.shape  # a video's frames keep their size


def test_a_small_photo_with_two_faults_keeps_the_person_in_view_and_every_word():
    # The issue's case: on a 225x225 photo the two cobra faults' messages took five lines over
    # the upper half of the picture, the woman's head under them.
    annotator = Annotator(MESSAGES, still=True, titles=TITLES)
    layout, below = annotator.placement(225, 225, _result(), True)
    assert below
    words = " ".join(text for text, _ in layout.lines).split()
    assert words == " ".join(["Cobra", "hold", *MESSAGES.values()]).split()
    # a big photo has room for the same text on the picture, in bigger letters
    big, below_big = annotator.placement(1920, 1080, _result(), True)
    assert not below_big and big.block <= TEXT_SHARE * 1080 and big.fs > layout.fs


def test_a_small_video_frame_shows_fault_titles_and_a_big_one_the_messages():
    annotator = Annotator(MESSAGES, still=False, titles=TITLES)
    small, _ = annotator.placement(225, 225, _result(), True)
    assert [t for t, fault in small.lines if fault] == list(TITLES.values())
    assert small.fs == MIN_FONT
    big, _ = annotator.placement(1280, 720, _result(), True)
    assert " ".join(t for t, fault in big.lines if fault).split() == " ".join(MESSAGES.values()).split()


def test_more_faults_than_fit_on_a_small_video_frame_say_how_many_are_left_out():
    codes = [f"cobra.rule_{i}" for i in range(8)]
    annotator = Annotator({c: "A long message that wraps onto a second line here" for c in codes}, still=False,
                          titles={c: f"Fault number {i}" for i, c in enumerate(codes)})  # fmt: skip
    layout, below = annotator.placement(225, 160, _result(codes), True)
    assert not below and layout.block <= TEXT_SHARE * 160
    assert layout.lines[-1][0].startswith("+") and layout.lines[-1][0].endswith("more")
    shown = sum(t.startswith("Fault number") for t, _ in layout.lines)
    assert shown + int(layout.lines[-1][0].split()[0][1:]) == len(codes)


def test_titles_come_from_the_library_when_not_given():
    titles = Annotator().titles
    assert titles["cobra.hips_lifted"] == "Hips leave the floor"

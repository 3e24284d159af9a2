"""Chime and voice: real audio tools, fallbacks and the cue texts."""

from __future__ import annotations

import shutil
import wave

import pytest

from psoas.library import load_library
from psoas.session.engine import SessionEngine
from psoas.session.plan import plan_session
from psoas.ui.sound import VOICE_HINT, Chime, Voice, cue_for, write_chime


def all_events(clock):
    engine = SessionEngine(plan_session(load_library()[:1], get_ready_s=2), clock)
    events = engine.start()
    while engine.state != "ended":
        clock.tick(0.5)
        events += engine.poll()
    return events


def test_chime_file_is_a_real_wav(tmp_path) -> None:
    path = write_chime(tmp_path / "c.wav", seconds=0.2)
    with wave.open(str(path)) as audio:
        assert audio.getnchannels() == 1 and audio.getframerate() == 22050
        assert audio.getnframes() == int(22050 * 0.2)


def test_chime_marks_every_hold_start_and_end_with_the_bell_fallback(clock) -> None:
    rings: list[str] = []
    chime = Chime(bell=lambda: rings.append("ding"), which=lambda name: None)
    events = all_events(clock)
    for event in events:
        chime(event)
    reps = load_library()[0].dose.reps
    assert len(rings) == 2 * reps


def test_voice_without_engine_says_once_how_to_get_one(clock) -> None:
    notes: list[str] = []
    voice = Voice(notify=notes.append, which=lambda name: None)
    for event in all_events(clock):
        voice(event)
    assert notes == [VOICE_HINT] and "espeak-ng" in VOICE_HINT


def test_cues_name_the_exercise_steps_and_countdown(clock) -> None:
    cues = [cue for cue in map(cue_for, all_events(clock)) if cue]
    assert cues[0] == "Exercise 1 of 1: Cobra."
    assert "Hold, rep 1 of 3." in cues and "3" in cues and "1" in cues
    assert cues[-1] == "Well done. Session complete."


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not installed (CI installs it)")
def test_voice_speaks_through_espeak_ng_into_wav_files(tmp_path) -> None:
    voice = Voice(notify=pytest.fail, record_to=tmp_path)
    assert voice.engine == "espeak-ng"
    voice.say("Hold, rep 1 of 3.")
    voice.say("Switch sides: now the right hip.")
    voice.close()
    files = sorted(tmp_path.glob("cue-*.wav"))
    assert len(files) == 2
    for path in files:
        with wave.open(str(path)) as audio:
            seconds = audio.getnframes() / audio.getframerate()
        assert 0.5 < seconds < 5

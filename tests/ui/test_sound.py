"""Chime and voice: real audio tools, fallbacks and the cue texts."""

from __future__ import annotations

import shutil
import wave

import pytest

from psoas.library import load_library
from psoas.session.engine import SessionEngine
from psoas.session.plan import plan_session
from psoas.ui.sound import NO_PLAYER, VOICE_HINT, Chime, Voice, cue_for, write_chime


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


NO_DEVICE = (
    "ALSA lib confmisc.c:855:(parse_card) cannot find card '0'\n"
    "ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown PCM default\n"
    "error: No such file or directory"
)  # what espeak-ng prints, exiting 0, on a machine without a sound card


def kneeling_events(clock):
    engine = SessionEngine(plan_session([load_library()[1]], get_ready_s=2), clock)
    events = engine.start()
    while engine.state != "ended":
        clock.tick(0.5)
        events += engine.poll()
    return events


def test_voice_without_an_audio_device_says_so_once_and_goes_on(clock, fake_tool) -> None:
    log = fake_tool("espeak-ng", stderr=NO_DEVICE, exit_code=0)
    notes: list[str] = []
    voice = Voice(notify=notes.append)
    assert voice.engine == "espeak-ng"
    for event in all_events(clock):
        voice(event)
    voice.close()
    assert notes == ["voice: no audio device found; going on without voice"]
    runs = log.read_text().count("\n")
    voice.say("Hold, rep 1 of 3.")
    voice.close()
    assert voice.failed and log.read_text().count("\n") == runs  # nothing more is started


def test_voice_engine_exiting_non_zero_is_named_with_its_message(fake_tool) -> None:
    fake_tool("espeak-ng", stderr="espeak-ng: voice not found", exit_code=3)
    notes: list[str] = []
    voice = Voice(notify=notes.append)
    voice.say("Hold.")
    voice.close()
    voice.say("Release.")
    voice.close()
    assert notes == ["voice: espeak-ng failed (exit 3: espeak-ng: voice not found); going on without voice"]


def test_voice_engine_that_cannot_start_is_said_once(fake_tool) -> None:
    def cannot_start(argv, **kwargs):  # noqa: ANN001, ANN003, ANN202
        raise PermissionError(13, "Permission denied")

    notes: list[str] = []
    voice = Voice(notify=notes.append, which=lambda name: "/usr/bin/" + name, popen=cannot_start)
    voice.say("Hold.")
    voice.say("Release.")
    assert notes == ["voice: espeak-ng could not start (Permission denied); going on without voice"]


class Running:
    """A speech process that keeps talking until terminated (no real process, no timing)."""

    def __init__(self, argv: list[str], started: list[list[str]]) -> None:
        started.append(argv)
        self.code: int | None = None

    def poll(self) -> int | None:
        return self.code

    def terminate(self) -> None:
        self.code = -15

    def wait(self, timeout: float | None = None) -> int:
        self.code = 0 if self.code is None else self.code
        return self.code


def test_voice_says_the_kneeling_set_up_for_the_first_side_and_at_the_switch(clock) -> None:
    cues = [cue for cue in map(cue_for, kneeling_events(clock)) if cue]
    assert cues[:2] == ["Exercise 1 of 1: Kneeling Hip Stretch.", "Left hip first: left knee down, right foot forward."]
    assert "Switch sides: now the right hip, right knee down, left foot forward." in cues
    started: list[list[str]] = []
    voice = Voice(
        notify=pytest.fail,
        which=lambda name: "/usr/bin/" + name,
        popen=lambda argv, **kwargs: Running(argv, started),
    )
    for event in kneeling_events(clock):
        voice(event)
    voice.close()
    # said at the same moment, the set-up follows the exercise's name instead of cutting it off
    assert started[1][-1] == f"{cues[0]} {cues[1]}"


def test_plain_view_and_terminal_show_the_first_side_set_up(clock) -> None:
    from psoas.ui.plain import PlainView

    lines: list[str] = []
    view = PlainView(lines.append)
    for event in kneeling_events(clock):
        view(event)
    assert any("Get ready" in line and "left knee down, right foot forward" in line for line in lines)
    assert any("Switch sides" in line and "right knee down, left foot forward" in line for line in lines)


def test_chime_player_without_a_device_says_so_once_then_rings_the_bell(clock, fake_tool) -> None:
    log = fake_tool("paplay", stderr="Connection failure: Connection refused", exit_code=1)
    notes: list[str] = []
    rings: list[str] = []
    chime = Chime(bell=lambda: rings.append("ding"), notify=notes.append)
    events = all_events(clock)
    first_hold_end = next(i for i, e in enumerate(events) if type(e).__name__ == "StepEnded" and e.step.kind == "hold")
    for event in events[: first_hold_end + 1]:
        chime(event)
    chime.close()  # the first tone has ended: its failure is known
    for event in events[first_hold_end + 1 :]:
        chime(event)
    assert notes == ["chime: no audio device found; using the terminal bell"]
    tones = 2 * load_library()[0].dose.reps
    assert log.read_text().count("\n") >= 1  # the player was tried
    assert tones - 2 <= len(rings) < tones  # the bell took over after the first hold at the latest


def test_chime_with_no_player_and_no_bell_writes_nothing_and_says_so_once(clock, capsys) -> None:
    notes: list[str] = []
    chime = Chime(which=lambda name: None, notify=notes.append)
    for event in all_events(clock):
        chime(event)
    assert notes == [NO_PLAYER]
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_start_with_voice_and_no_audio_device_runs_and_says_so_once(fake_tool, start_screened) -> None:
    fake_tool("espeak-ng", stderr=NO_DEVICE)
    result = start_screened("--voice", "--speed", "5000", "--no-checkin", "--only", "cobra")
    assert result.code == 0, result.err
    said = (result.out + result.err).count("voice: no audio device found; going on without voice")
    assert said == 1 and "Session completed" in result.out

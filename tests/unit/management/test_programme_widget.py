"""The exercise-programme widget: each control changes what the text and the table show; undo,
start again, the static page and bad input."""

from __future__ import annotations

from html import escape

import pytest

import course
from course import lessons, words
from course.management import ProgrammeInputError, exercise_programme
from course.management.widget import PROGRAMME_CAPTION, ExerciseProgramme
from course.style import ACCENT_TEXT


@pytest.fixture
def widget() -> ExerciseProgramme:
    return exercise_programme("gluteal_tendinopathy", "irritable")


def add(widget: ExerciseProgramme, ident: str) -> None:
    widget.pick.value = ident
    widget.add_button.click()


def test_it_opens_empty_with_the_condition_first_and_the_caption(widget):
    assert widget.condition_menu.options[0][0] < widget.condition_menu.options[-1][0]
    assert widget.condition_menu.value == "gluteal_tendinopathy"
    text = widget.describe()
    assert text.startswith("Condition: Gluteal tendinopathy. Stage: irritable.")
    assert "The programme is empty" in text and PROGRAMME_CAPTION in text
    assert "The programme is empty" in widget.programme_view.value
    assert widget.undo_button.disabled and widget.remove_button.disabled


def test_adding_a_conflicting_exercise_flags_it_with_sign_word_colour_and_reason(widget):
    add(widget, "pigeon_stretch")
    pigeon = course.management.exercise("pigeon_stretch")
    reason = pigeon.aggravates[0].why.strip()
    assert widget.state.exercises == ("pigeon_stretch",)
    assert f"⚠ Conflict: Pigeon stretch. Why: {reason} (Grimaldi 2015" in widget.describe()
    assert "1 of 1 exercises conflict" in widget.describe()
    html = widget.programme_view.value
    assert "⚠ Conflict" in html and ACCENT_TEXT["wrong"] in html and escape(reason) in html
    assert "1 conflict(s) in 1 exercise(s)" in html


def test_a_supported_exercise_shows_its_dose_and_evidence(widget):
    add(widget, "isometric_hip_abduction")
    entry = widget.checked().entries[0]
    assert entry.verdict == "supported"
    text = widget.describe()
    assert "✓ Supported: Isometric hip abduction" in text
    assert "5 sets, hold 30 s, daily" in text
    assert words.EVIDENCE["unverified"] in text  # the dose's marker
    assert "✓ Supported" in widget.programme_view.value
    assert ACCENT_TEXT["right"] in widget.programme_view.value


def test_changing_the_stage_changes_dose_progression_and_verdict(widget):
    add(widget, "lateral_step_up")
    assert "⚠ Conflict: Lateral step-up" in widget.describe()
    widget.stage_buttons.value = "settled"
    assert widget.state.stage == "settled"
    text = widget.describe()
    assert "Stage: settled." in text and "✓ Supported: Lateral step-up" in text
    assert "3 sets × 10 reps, 3 times a week" in text
    assert "Functional strength" in text  # the progression's phase for this stage
    assert "Functional strength" in widget.programme_view.value


def test_changing_the_condition_rechecks_the_programme(widget):
    add(widget, "isometric_hip_abduction")
    widget.condition_menu.value = "proximal_hamstring_tendinopathy"
    text = widget.describe()
    assert text.startswith("Condition: Proximal hamstring tendinopathy.")
    assert "• No source links it to this condition: Isometric hip abduction" in text
    assert "Staged tendon loading" in text
    assert "Isometric hamstring hold" in text  # suggested: suits at this stage, not chosen


def test_remove_one_at_a_time_undo_and_start_again():
    w = exercise_programme("gluteal_tendinopathy", "settled", ["bridge"])
    add(w, "step_up")
    add(w, "step_up")  # adding twice changes nothing
    assert w.state.exercises == ("bridge", "step_up")
    w.pick.value = "bridge"
    w.remove_button.click()
    assert w.state.exercises == ("step_up",)
    assert "Bridge (double-leg, then single-leg)</th>" not in w.programme_view.value
    assert "Step-up</th>" in w.programme_view.value
    w.undo_button.click()
    assert w.state.exercises == ("bridge", "step_up")
    w.stage_buttons.value = "return_to_sport"
    w.reset_button.click()
    assert w.state == w.initial
    assert w.stage_buttons.value == "settled" and w.state.exercises == ("bridge",)


def test_the_static_page_shows_the_description_and_the_table():
    w = exercise_programme("proximal_hamstring_tendinopathy", "irritable", ["pigeon_stretch"])
    page = w.static_html()
    assert "course-static" in page and "⚠ Conflict" in page
    assert escape(PROGRAMME_CAPTION) in page
    assert w._repr_mimebundle_()["text/html"] == page


def test_bad_input_names_the_closest_choices(widget):
    with pytest.raises(ProgrammeInputError, match="did you mean 'bridge'"):
        widget.send(("add", "brige"))
    with pytest.raises(ProgrammeInputError, match="unknown stage"):
        widget.send(("stage", "acute"))
    with pytest.raises(ProgrammeInputError, match="no condition called"):
        exercise_programme("gluteal_tendinopathi")
    assert widget.send("nonsense") is False


def test_the_lessons_reach_it_lazily():
    assert lessons.exercise_programme is exercise_programme
    assert isinstance(course.management.exercise_programme(), ExerciseProgramme)


def test_seed_000s_warning_flags_a_hamstring_stretch_in_hamstring_tendinopathy():
    w = exercise_programme("proximal_hamstring_tendinopathy", "irritable", ["hamstring_stretch"])
    assert "⚠ Conflict: Hamstring stretch." in w.describe()
    assert "Beatty 2017" in w.describe()
    w.stage_buttons.value = "return_to_sport"
    assert "⚠ Conflict: Hamstring stretch." in w.describe()  # every stage
    w.condition_menu.value = "lumbar_radicular_pain"
    assert "• No source links it to this condition: Hamstring stretch." in w.describe()

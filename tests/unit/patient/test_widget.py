"""The virtual-patient widget, driven as a student drives it: a whole case through its real
controls to a committed, saved, verified and scored run; the engine hidden; the static page free
of answers; figure text; and 10 000 seeded random events."""

from __future__ import annotations

import json
import random
from html import escape

import pytest

import course
from course.catalogue import UnknownIdError
from course.figures import MIN_TEXT_PX, figure_texts
from course.patient import runs
from course.patient.widget import DECISION, STEPS, VirtualPatient, _menu_label, play
from course.quiz.progress import ProgressFile, patient_key
from course.records.patient import TRIAGE, open_expert

from ...support import MemoryWindow

CASE = course.patient.case("vp_01")
ITEMS = {item.id: item for item in course.patient.menu()}


@pytest.fixture
def patient(tmp_path):
    """vp_01 with the engine shown, its run and progress going to a temporary folder."""
    return VirtualPatient(
        CASE, save_to=tmp_path / "vp_01.run.json", progress_path=tmp_path / "progress.json"
    )


def ask_by_controls(w: VirtualPatient, stage: str, item: str) -> None:
    """What a student does: pick the stage, pick the item in the stage's menu, press Ask."""
    w.stages.value = stage
    w.menu.value = item
    w.ask_button.click()


def says(item: str) -> str:
    return next(a.says for a in CASE.answers if a.item == item)


def test_a_whole_case_through_the_real_controls(patient, tmp_path):
    w = patient
    assert "Questions asked and tests done: 0" in w.counters.value
    assert escape(CASE.story) in w.header.value
    first_png = w.engine_view.widget.value

    ask_by_controls(w, "history", "hx_onset")
    assert w.state.asked == ("hx_onset",)
    assert "Questions asked and tests done: 1 · Consultation time: 2 min" in w.counters.value
    assert "hx_onset" not in w.menu.values, "an item asked leaves the menu"
    assert says("hx_onset") in w.describe() and escape(says("hx_onset")) in w.found.value

    ask_by_controls(w, "history", "hx_where")
    assert w.engine_view.widget.value != first_png, "the pain map moved the engine's chart"
    ask_by_controls(w, "examination", "ex_neuro")
    ask_by_controls(w, "tests", "ts_laslett")
    leading = w.engine_chart.shown[0]
    assert leading[0] == "Sacroiliac joint pain"
    assert "1. Sacroiliac joint pain" in w.describe() and "Laslett" in w.engine_html.value
    ask_by_controls(w, "investigations", "iv_xray")
    assert f"Investigation cost: {ITEMS['iv_xray'].cost:g} units" in w.counters.value
    ask_by_controls(w, "history", "rf_saddle_bladder")  # back to the history: allowed
    assert w.state.stage == "history" and len(w.state.asked) == 6
    minutes = sum(ITEMS[i].minutes for i in w.state.asked)
    assert f"Consultation time: {minutes:g} min" in w.counters.value

    # a ranked differential by the controls: add three, move one up, remove one
    for condition in (
        "lumbar_facet_referred_pain",
        "sacroiliac_joint_pain",
        "deep_gluteal_syndrome",
    ):
        w.condition_pick.value = condition
        w.add_button.click()
    w.ranked.value = "sacroiliac_joint_pain"
    w.up_button.click()
    w.ranked.value = "deep_gluteal_syndrome"
    w.remove_button.click()
    assert w.state.differential == ("sacroiliac_joint_pain", "lumbar_facet_referred_pain")
    assert "My differential: 1. Sacroiliac joint pain, 2. Lumbar facet" in w.describe()

    # the reasoning map: a revealed finding linked to a condition
    w.finding_pick.value = "ts_laslett"
    w.link_condition.value = "sacroiliac_joint_pain"
    w.effect.value = "supports"
    w.link_button.click()
    w.finding_pick.value = "ex_neuro"
    w.link_condition.value = "lumbar_radicular_pain"
    w.effect.value = "weakens"
    w.link_button.click()
    assert len(w.state.links) == 2 and "weakens Lumbar radicular pain" in w.describe()

    # the decision: urgency and next step by their radio groups, then commit
    w.stages.value = DECISION
    assert w.decision_box.layout.display is None and w.menu_box.layout.display == "none"
    w.urgency.value = "none"
    w.next_step.value = "physiotherapy"
    w.commit_button.click()
    assert w.state.committed and w.outcome is not None

    run = runs.load_run(tmp_path / "vp_01.run.json")
    assert runs.verify(run, CASE).ok
    assert run.asked == w.state.asked
    assert run.answer.differential == w.state.differential
    score = runs.score(run, CASE, open_expert(CASE))
    assert score.top3 and score.urgency_ok and score.next_step_ok
    assert str(tmp_path / "vp_01.run.json") in w.feedback_html.value
    text = w.describe()
    assert "The expert's answer:" in text and "Red-flag questions you never asked:" in text
    assert "Did it start with a fall" in text  # a must-ask question never asked
    assert "The replay figure shows the engine's 5 leading conditions over 6 findings" in text
    assert w.feedback_box.layout.display is None
    assert w.replay_view.widget.value != b""

    # counted in the progress file and shown on the progress page
    entry = ProgressFile(tmp_path / "progress.json").get(patient_key("vp_01"))
    assert entry.solved and entry.best == pytest.approx(score.total) and entry.attempts == 1
    from course.quiz.summary import ProgressView

    page = ProgressView(progress_path=tmp_path / "progress.json", interactive=False)
    assert "Virtual patients: 1 of " in page.describe()
    assert "vp_01 (" in page.describe() and "solved" in page.text.value

    # the commit is final
    assert not w.can_undo and not w.undo() and w.commit_button.disabled
    before = w.state
    w.reset()
    assert not w.send(("stage", "history")) and w.state == before


def test_a_commit_needs_a_differential_an_urgency_and_a_next_step(patient, tmp_path):
    w = patient
    w.commit_button.click()  # straight away: refused, and says why
    assert not w.state.committed and w.outcome is None
    assert "choose at least one condition" in w.message.value
    assert not (tmp_path / "vp_01.run.json").exists()
    w.add("cauda_equina_syndrome")
    w.decide("emergency", "emergency_department")
    assert w.state.problem == "" and w.message.value == ""
    outcome = w.commit()  # committed with nothing asked: allowed, and scored low
    assert outcome is not None and outcome.verdict.ok and not outcome.solved
    assert outcome.debrief.score.total < 0.5


def test_at_most_five_conditions_and_the_differential_moves(patient):
    ids = [c.id for c in course.content().all("conditions")][:6]
    for ident in ids:
        patient.send(("add", ident))
    assert patient.state.differential == tuple(ids[:5])
    assert "holds 5 conditions" in patient.state.problem
    patient.send(("down", ids[4]))  # already last: nothing
    patient.send(("up", ids[0]))  # already first: nothing
    assert patient.state.differential == tuple(ids[:5])
    patient.send(("down", ids[0]))
    assert patient.state.differential[:2] == (ids[1], ids[0])
    assert patient.state.problem == "", "a successful action clears the refusal"


def test_undo_brings_back_the_screen_and_never_unasks(patient, tmp_path):
    w = patient
    w.ask("hx_onset")
    w.ask("hx_where")
    assert w.undo() and w.state.asked == ("hx_onset",)
    assert w.menu.value == "hx_where", "the undone item is the one chosen again"
    assert w.recorder.asked == ("hx_onset", "hx_where"), "the patient was asked all the same"
    w.add("sacroiliac_joint_pain")
    w.decide("none", "physiotherapy")
    run = w.commit().run
    assert run.asked == ("hx_onset", "hx_where") and runs.verify(run, CASE).ok


def test_links_need_a_revealed_finding(patient):
    assert not patient.send(("link", "ts_laslett", "sacroiliac_joint_pain", "supports"))
    patient.ask("ts_laslett")
    assert patient.link("ts_laslett", "sacroiliac_joint_pain", "supports")
    assert patient.link("ts_laslett", "sacroiliac_joint_pain", "weakens")  # changes the effect
    assert [x.effect for x in patient.state.links] == ["weakens"]
    patient.links_list.value = ("ts_laslett", "sacroiliac_joint_pain")
    patient.unlink_button.click()
    assert patient.state.links == ()


def test_unknown_ids_name_the_valid_ones(patient):
    with pytest.raises(UnknownIdError, match="vp_01"):
        play("vp_1")
    with pytest.raises(UnknownIdError, match="did you mean|hx_onset"):
        patient.ask("hx_onsett")
    with pytest.raises(UnknownIdError):
        patient.add("sacroiliac")
    with pytest.raises(ValueError, match="urgency must be one of"):
        patient.decide("asap", "physiotherapy")
    assert course.patient.play is play and course.patient.VirtualPatient is VirtualPatient


def test_the_engine_hidden_shows_no_ranking_until_the_commit(tmp_path):
    w = VirtualPatient(
        CASE,
        show_engine=False,
        save_to=tmp_path / "run.json",
        progress_path=tmp_path / "p.json",
    )
    png = w.engine_view.widget.value
    w.ask("hx_where")
    w.ask("ts_laslett")
    assert w.engine_box.layout.display == "none"
    assert w.engine_html.value == "" and w.engine_view.widget.value == png
    text = w.describe()
    assert "engine's ranking" not in text and "bar chart" not in text
    assert "Questions asked and tests done: 2" in text
    w.add("sacroiliac_joint_pain")
    w.decide("none", "physiotherapy")
    w.commit()
    assert w.feedback_box.layout.display is None, "the feedback shows after the commit"
    assert "The replay figure shows" in w.describe()


def test_the_save_path_defaults_to_the_case_in_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(tmp_path / "p.json"))
    w = play("vp_01", show_engine=False)
    assert w.save_to == tmp_path / "vp_01.run.json"
    w.add("sacroiliac_joint_pain")
    w.decide("none", "physiotherapy")
    w.commit()
    assert (tmp_path / "vp_01.run.json").exists() and "vp_01.run.json" in w.feedback_html.value


@pytest.mark.parametrize("case", course.patient.cases(), ids=lambda c: c.id)
def test_the_static_page_and_book_spec_hold_no_answer(case, tmp_path):
    w = VirtualPatient(case, save_to=tmp_path / "r.json", progress_path=tmp_path / "p.json")
    page = w.static_html()
    spec = json.dumps(w.book_spec())
    expert = open_expert(case)
    names = {c.id: c.name for c in course.content().all("conditions")}
    # the menu is the same for every patient (its labels may name a condition, "Hip
    # osteoarthritis cluster"): what is left of the page is this patient's own
    own = page
    for item in course.patient.menu():
        own = own.replace(escape(_menu_label(item)), "")
    for text in (own, spec):
        for ident in expert.differential:
            assert ident not in text and names[ident] not in text, ident
        for secret in (expert.reasoning[:60], *(a.says[:50] for a in case.answers)):
            assert secret not in text and escape(secret) not in text, secret
    # no urgency tier is named at all (so the case's cannot be), nor a next step
    for tier in TRIAGE:
        assert f"{tier}:" not in page
    from course.words import NEXT_STEP
    from course.words import TRIAGE as TRIAGE_WORDS

    for words in (*TRIAGE_WORDS.values(), *NEXT_STEP.values()):
        assert words not in page
    # what it does show: the story, every menu item, the counters, the note on JupyterLab
    assert escape(case.story) in page
    for item in course.patient.menu():
        assert escape(item.label) in page
    assert "Questions asked and tests done: 0" in page and "make lab" in page
    assert w._repr_mimebundle_()["text/html"] == page


def test_figure_text_is_readable(patient):
    patient.ask("hx_where")
    patient.ask("ts_laslett")
    patient.add("sacroiliac_joint_pain")
    patient.decide("none", "physiotherapy")
    patient.commit()
    for figure in (patient.engine_chart.figure, patient.replay_chart.figure):
        sizes = [px for _text, px in figure_texts(figure)]
        assert sizes and min(sizes) >= MIN_TEXT_PX


@pytest.mark.parametrize("case", course.patient.cases(), ids=lambda c: c.id)
def test_the_engine_chart_words_stay_on_the_figure_and_off_the_bars(case, tmp_path):
    """Every condition's words lie inside the figure and cover no bar, whatever the names."""
    w = VirtualPatient(case, save_to=tmp_path / "r.json", progress_path=tmp_path / "p.json")
    for answer in case.answers:
        w.ask(answer.item)
    figure = w.engine_chart.figure
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    whole = figure.bbox
    bars = [bar.get_window_extent(renderer) for bar in w.engine_chart.bars]
    shown = [label for label in w.engine_chart.labels if label.get_text()]
    assert len(shown) == len(w.engine_chart.shown) > 0
    for label in shown:
        box = label.get_window_extent(renderer)
        assert whole.x0 <= box.x0 and box.x1 <= whole.x1, label.get_text()
        assert whole.y0 <= box.y0 and box.y1 <= whole.y1, label.get_text()
        for bar in bars:
            if bar.width > 0:
                assert not box.overlaps(bar), label.get_text()


def test_the_stage_order_is_a_consultation():
    assert STEPS == ("history", "examination", "tests", "investigations", "decision")


# ---------------------------------------------------------------------------- random events

EVENTS = 10_000
SEED = 20261201
POOL = 40
"""Patients opened for the random walk (each commit moves on to the next one)."""


def random_event(rng: random.Random, w: VirtualPatient, condition_ids: list[str]) -> None:
    """One student action on a real control (or, now and then, a malformed event)."""
    roll = rng.random()
    if roll < 0.12:
        w.stages.value = rng.choice(STEPS)
    elif roll < 0.40:
        if w.menu.values and rng.random() < 0.8:
            w.menu.value = rng.choice(w.menu.values)
        w.ask_button.click()
    elif roll < 0.52:
        w.condition_pick.value = rng.choice(condition_ids)
        w.add_button.click()
    elif roll < 0.62:
        if w.ranked.options:
            w.ranked.value = rng.choice([v for _label, v in w.ranked.options])
        rng.choice([w.up_button, w.down_button, w.remove_button]).click()
    elif roll < 0.72:
        if w.finding_pick.options:
            w.finding_pick.value = rng.choice([v for _label, v in w.finding_pick.options])
        w.link_condition.value = rng.choice(condition_ids)
        w.effect.value = rng.choice(w.effect.values)
        w.link_button.click()
    elif roll < 0.76:
        if w.links_list.options:
            w.links_list.value = rng.choice([v for _label, v in w.links_list.options])
        w.unlink_button.click()
    elif roll < 0.82:
        w.urgency.value = rng.choice(w.urgency.values)
    elif roll < 0.88:
        w.next_step.value = rng.choice(w.next_step.values)
    elif roll < 0.94:
        w.undo_button.click()
    elif roll < 0.96:
        w.reset_button.click()
    elif roll < 0.98:
        w.send(rng.choice([("ask", "nothing"), ("stage", 3), ("link", 1, 2), None, ("up", 5)]))
    elif rng.random() < 0.1:  # now and then commit, early or late
        w.commit_button.click()


def assert_consistent(w: VirtualPatient) -> None:
    state = w.state
    assert w.stages.value == state.stage
    assert len(state.differential) <= 5 and len(set(state.differential)) == len(state.differential)
    assert [v for _label, v in w.ranked.options] == list(state.differential)
    assert set(state.asked) <= set(w.recorder.asked), "every item shown was recorded"
    assert all(x.item in state.asked for x in state.links)
    n = len(state.asked)
    assert f"Questions asked and tests done: {n} ·" in w.counters.value
    assert w.describe() == w.describe_state(state)
    if w.show_engine:
        assert w.engine_chart.shown[0][0] == w.ranking().top(1)[0].condition.name


@pytest.mark.slow
def test_ten_thousand_random_events_never_break_the_widget(tmp_path):
    rng = random.Random(SEED)
    condition_ids = [c.id for c in course.content().all("conditions")]

    def fresh(life: int) -> VirtualPatient:
        return VirtualPatient(
            CASE,
            show_engine=life % 2 == 0,
            save_to=tmp_path / f"run-{life}.json",
            progress_path=tmp_path / "progress.json",
        )

    # the patients a commit moves on to are opened before the memory window (a new one opened
    # inside it would count as growth, while the committed one it replaces frees memory that
    # was allocated before the window, unseen)
    pool = [fresh(life) for life in range(POOL)]
    life, w = 0, pool[0]
    memory = MemoryWindow(EVENTS)
    commits = 0
    for event in range(EVENTS):
        memory.tick(event)
        random_event(rng, w, condition_ids)
        if event % 100 == 0:
            assert_consistent(w)
        if w.state.committed:  # a finished run: check it, then the next patient
            commits += 1
            run = runs.load_run(tmp_path / f"run-{life}.json")
            assert runs.verify(run, CASE).ok and run.asked == w.recorder.asked
            assert not w.send(("stage", "history")), "nothing changes after the commit"
            w.close()
            pool[life] = None
            life += 1
            assert life < POOL, "more commits than patients opened: raise POOL"
            w = pool[life]
    grown = memory.close()
    assert_consistent(w)
    limit = memory.bound(5_000_000)  # 5 MB over the whole run, a new patient each commit
    assert grown < limit, f"memory grew by {grown / 1e3:.0f} kB over {memory.traced} events"
    assert commits >= 3, "the random walk reached the commit"
    progress = ProgressFile(tmp_path / "progress.json").get(patient_key("vp_01"))
    assert progress.attempts == commits


@pytest.mark.parametrize("case", course.patient.cases(), ids=lambda c: c.id)
def test_graded_work_saves_the_run_and_shows_no_expert_answer(case, tmp_path):
    """feedback=False (the assignment): the run is saved and verifies, and nothing the student
    sees after the commit names the expert's diagnoses, urgency, next step or reasoning."""
    from course.patient import runs
    from course.records.patient import open_expert

    w = VirtualPatient(
        case,
        show_engine=False,
        feedback=False,
        save_to=tmp_path / "run.json",
        progress_path=tmp_path / "p.json",
    )
    for answer in case.answers[:4]:
        w.ask(answer.item)
    w.add("hip_osteoarthritis")
    w.decide("soon", "routine_referral")
    w.commit()
    run = runs.load_run(tmp_path / "run.json")
    assert runs.verify(run, case).ok
    assert w.outcome is not None and w.outcome.debrief is None
    shown = w.describe() + w.feedback_html.value
    assert "Your instructor marks this run" in shown
    expert = open_expert(case)
    names = {c.id: c.name for c in course.content().all("conditions")}
    for ident in expert.differential:
        if ident != "hip_osteoarthritis":
            assert names[ident] not in shown and ident not in shown
    assert expert.reasoning not in shown and "The expert" not in shown
    assert w.replay_view.widget.layout.display == "none"
    assert not (tmp_path / "p.json").exists()

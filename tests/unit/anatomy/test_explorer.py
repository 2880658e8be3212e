"""The anatomy explorer widget, driven through its controls as a student would drive it."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from matplotlib.colors import to_hex

import course
from course import words
from course.anatomy import Explorer, explore
from course.figures import CONTROL_CLASS, DESCRIPTION_CLASS, HIGHLIGHT, WIDGET_CLASS
from course.records import LAYERS
from tools import notebooks

LESSON = Path(notebooks.NOTEBOOKS) / "01_anatomy_of_the_buttock.ipynb"


@pytest.fixture(scope="module", params=[False, True], ids=["png", "ipympl"])
def shared_explorer(request, tmp_path_factory) -> Explorer:
    """One explorer per display mode: a static PNG view and the clickable ipympl canvas."""
    progress = tmp_path_factory.mktemp("progress") / "progress.json"
    return explore(side="right", interactive=request.param, quiz_seed=5, progress_path=progress)


@pytest.fixture
def explorer(shared_explorer) -> Explorer:
    """The shared explorer, set back to the default view through its controls."""
    shared_explorer.stop_quiz()
    shared_explorer.picker.value = ""
    shared_explorer.depth.value = "skin_fascia"
    shared_explorer.side.value = "right"
    shared_explorer.labels.value = True
    shared_explorer.zones.value = False
    shared_explorer.overlay.value = ""
    shared_explorer.status.value = ""
    return shared_explorer


def anchor(explorer: Explorer, ident: str) -> tuple[float, float]:
    return explorer.scene.geometry.shapes[ident].outline.anchor


def face(artist) -> str:
    return to_hex(artist.get_facecolor())


def test_the_widget_holds_the_controls_and_the_figure(explorer):
    assert explorer.view.widget in explorer.widget.children[-1].children[0].children
    assert [label for label, _ in explorer.depth.options] == list(words.LAYER_BUTTON.values())
    assert WIDGET_CLASS in explorer.widget._dom_classes
    assert CONTROL_CLASS in explorer.depth._dom_classes  # the first control a student meets
    assert DESCRIPTION_CLASS in explorer.caption._dom_classes


def test_exported_pages_get_the_picture_and_its_description(explorer):
    explorer.depth.value = "deep"
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    assert bundle["text/plain"] == explorer.describe()
    assert "Peeled to: deep layer" in bundle["text/html"]


@pytest.mark.parametrize("layer", LAYERS)
def test_each_depth_shows_that_layer_and_everything_deeper(explorer, layer):
    explorer.depth.value = layer
    visible = set(explorer.visible_structures())
    expected = {
        i
        for i in explorer.scene.ids
        if LAYERS.index(explorer.scene.layers[i]) >= LAYERS.index(layer)
    }
    assert visible == expected
    hidden = set(explorer.scene.ids) - expected
    assert all(not explorer.drawing.artists[i].get_visible() for i in hidden)
    labelled = {i for i, t in explorer.drawing.labels.items() if t.get_visible()}
    assert labelled == explorer.scene.exposed(layer)
    assert f"Peeled to: {words.LAYER[layer]}" in explorer.caption.value


def test_peeling_to_the_deep_layer_lifts_the_glutei(explorer):
    explorer.depth.value = "deep"
    visible = explorer.visible_structures()
    assert "gluteus_maximus" not in visible and "gluteus_medius" not in visible
    assert {"piriformis", "sciatic_nerve", "quadratus_femoris"} <= set(visible)


def test_picking_from_the_list_highlights_and_fills_the_info_panel(explorer):
    before = face(explorer.drawing.drawn_as("piriformis"))
    explorer.picker.value = "Piriformis"
    assert explorer.state.highlight == "piriformis"
    artist = explorer.drawing.drawn_as("piriformis")  # its copy in the highlight look
    assert face(artist) == HIGHLIGHT.lower() and artist.get_linewidth() == 3.0
    assert course.structure("piriformis").description[:60] in explorer.info.value
    assert "Deep gluteal syndrome" in explorer.info.value
    assert "Where:" in explorer.info_text() and "greater trochanter" in explorer.info_text()
    assert "Selected: Piriformis" in explorer.caption.value
    # covered by gluteus maximus at this depth: the dashed outline shows where it lies
    assert explorer.drawing.overlay.get_visible()
    explorer.depth.value = "deep"
    assert not explorer.drawing.overlay.get_visible()
    explorer.clear.click()
    artist = explorer.drawing.drawn_as("piriformis")
    assert explorer.state.highlight is None and face(artist) == before
    assert explorer.info_text() == ""


def test_a_nerve_is_highlighted_in_colour_and_width(explorer):
    width = explorer.drawing.drawn_as("superior_cluneal_nerves").get_linewidth()
    explorer.select("superior_cluneal_nerves")
    line = explorer.drawing.drawn_as("superior_cluneal_nerves")
    assert to_hex(line.get_color()) == HIGHLIGHT.lower() and line.get_linewidth() > width
    assert "Cluneal nerve entrapment" in explorer.info_text()


def test_clicking_a_structure_picks_it(explorer):
    explorer.depth.value = "deep"
    explorer.click(*anchor(explorer, "sciatic_nerve"))
    assert explorer.state.highlight == "sciatic_nerve"
    assert explorer.picker.value == "Sciatic nerve"
    assert "lateral to the ischial tuberosity" in explorer.caption.value
    explorer.click(*anchor(explorer, "quadratus_femoris"))
    assert explorer.state.highlight == "quadratus_femoris"
    explorer.depth.value = "skeleton"
    explorer.click(2.5, -6.6)  # the ischiopubic ramus: drawn for context, not taught
    assert explorer.state.highlight is None
    assert "ischium and pubis" in explorer.status.value


def test_clicks_land_on_the_mirrored_drawing_on_the_left(explorer):
    explorer.side.value = "left"
    x0, x1 = explorer.drawing.axes.get_xlim()
    assert x0 > x1  # mirrored: medial is on the right of the picture
    text = explorer.drawing.labels["gluteus_maximus"]
    assert text.get_horizontalalignment() == "right"
    assert explorer.drawing.artists["gluteus_maximus"].get_hatch() == "/"
    explorer.click(*anchor(explorer, "gluteus_maximus"))
    assert explorer.state.highlight == "gluteus_maximus"
    assert "left buttock" in explorer.describe()
    explorer.side.value = "right"
    assert explorer.drawing.artists["gluteus_maximus"].get_hatch() == "\\"


def test_labels_and_zones_switch_on_and_off(explorer):
    explorer.labels.value = False
    assert not any(t.get_visible() for t in explorer.drawing.labels.values())
    assert "Labels off" in explorer.describe()
    explorer.zones.value = True
    assert all(patch.get_visible() for patch, _ in explorer.drawing.zones.values())
    assert "zones shown" in explorer.describe()
    explorer.zones.value = False
    assert not any(patch.get_visible() for patch, _ in explorer.drawing.zones.values())


def test_the_injection_overlay_draws_each_site_in_its_colour_hatch_and_name(explorer):
    from course.anatomy.drawing import SITE_LOOK

    assert [label for label, _ in explorer.overlay.options] == [
        "Off",
        "Injection sites",
        "Pressure-injury zones",
    ]
    explorer.overlay.value = "injection"
    assert explorer.state.overlay == "injection"
    assert explorer.visible_sites() == ["ventrogluteal", "dorsogluteal"]
    for ident, role in (("ventrogluteal", "first"), ("dorsogluteal", "second")):
        patch, label = explorer.drawing.sites[ident]
        colour, hatch = SITE_LOOK[role]
        assert to_hex(patch.get_facecolor()[:3]) == to_hex(colour)
        assert patch.get_hatch() == hatch
        assert label.get_visible()
    assert explorer.drawing.site_keys["injection"].get_visible()
    assert not explorer.drawing.site_keys["pressure"].get_visible()
    text = explorer.describe()
    assert "Overlay: injection sites (2)" in text
    assert "Ventrogluteal site (green with diagonal lines; first choice)" in text
    assert "Dorsogluteal site (orange with crossed lines; second choice)" in text
    assert "keeps about 5 cm from the sciatic nerve" in text  # ventrogluteal, measured
    assert "keeps about 3 cm from the sciatic nerve" in text  # dorsogluteal, measured
    assert "Anticoagulant" in text and "image guidance" in text
    assert "it does not teach anyone to give injections" in text


def test_the_pressure_overlay_replaces_the_injection_sites_and_its_key(explorer):
    explorer.overlay.value = "injection"
    explorer.overlay.value = "pressure"
    assert explorer.visible_sites() == ["sacral_zone", "ischial_zone", "trochanteric_zone"]
    assert not explorer.drawing.sites["ventrogluteal"][0].get_visible()
    assert explorer.drawing.site_keys["pressure"].get_visible()
    assert not explorer.drawing.site_keys["injection"].get_visible()
    text = explorer.describe()
    assert "Overlay: pressure-injury zones (3)" in text
    for words_ in ("Sacrum and coccyx", "lying on the back", "Ischial tuberosity", "sitting"):
        assert words_ in text
    assert "Greater trochanter (blue with dots; loaded by lying on the side)" in text
    explorer.overlay.value = ""
    assert explorer.visible_sites() == []
    assert not any(stamp.get_visible() for stamp in explorer.drawing.site_keys.values())
    assert "Overlay:" not in explorer.describe()


def test_the_overlay_follows_the_side_and_undo(explorer):
    explorer.set_overlay("injection")
    explorer.side.value = "left"
    (_, label) = explorer.drawing.sites["ventrogluteal"]
    assert label.get_horizontalalignment() == "right"  # written outwards, mirrored
    explorer.undo()
    assert explorer.state.side == "right" and explorer.state.overlay == "injection"
    assert label.get_horizontalalignment() == "left"
    explorer.undo()
    assert explorer.state.overlay == "" and explorer.overlay.value == ""


def test_the_pick_the_site_check_hides_the_answer_until_it_is_found(tmp_path):
    from course.anatomy.drawing import BLIND_LOOK, SITE_LOOK

    checker = explore(interactive=False, progress_path=tmp_path / "progress.json")
    checker.site_button.click()
    assert checker.state.quiz == "asking" and checker.state.overlay == "injection"
    assert "click the site that keeps the needle further" in checker.status.value
    # while it waits, both sites look alike and nothing ranks them
    for ident in ("ventrogluteal", "dorsogluteal"):
        patch, label = checker.drawing.sites[ident]
        assert patch.get_hatch() == BLIND_LOOK[1] and not label.get_visible()
        assert checker.drawing.blind_names[ident].get_visible()
    assert not checker.drawing.site_keys["injection"].get_visible()
    text = checker.describe()
    assert "all drawn alike in grey" in text and "first choice" not in text
    # a miss is not counted; the wrong site is, with its feedback; the right one ends the check
    checker.click(0.0, -20.0)
    assert "Click inside one of the outlined sites" in checker.status.value
    checker.click(*checker.scene.sites.records["dorsogluteal"].anchor)
    assert "Not this one" in checker.status.value and checker.state.blind
    checker.click(15.6, 5.0)  # inside the ventrogluteal triangle
    assert "Correct" in checker.status.value and "site to prefer" in checker.status.value
    assert checker.state.quiz == "" and not checker.state.blind and checker.site_question is None
    patch, label = checker.drawing.sites["ventrogluteal"]
    assert patch.get_hatch() == SITE_LOOK["first"][1] and label.get_visible()
    record = checker.progress.get("lesson01_q4")
    assert record.attempts == 2 and record.solved
    # a click now selects structures again
    checker.click(*anchor(checker, "piriformis"))
    assert checker.state.highlight is not None


def test_the_site_check_can_be_ended_and_gives_way_to_the_quiz(explorer):
    explorer.start_site_check()
    explorer.stop_button.click()
    assert explorer.state.quiz == "" and not explorer.state.blind
    assert "Check ended" in explorer.status.value
    explorer.start_site_check()
    explorer.start_quiz(rounds=1, seed=2)
    assert explorer.site_question is None and not explorer.state.blind
    with pytest.raises(ValueError, match="no self-check question called 'lesson01_q9'"):
        explorer.start_site_check("lesson01_q9")
    with pytest.raises(ValueError, match="lesson01_q1 is a single_choice question"):
        explorer.start_site_check("lesson01_q1")


def test_every_event_refreshes_the_static_view():
    static = explore(interactive=False)
    before = static.view.widget.value
    static.depth.value = "skeleton"
    assert static.view.widget.value != before
    assert static.view.widget.value == static.view.png()


def test_bad_choices_name_the_valid_ones(explorer):
    with pytest.raises(ValueError, match="did you mean 'piriformis'"):
        explorer.select("piriformus")
    with pytest.raises(ValueError, match="choose one of: skin_fascia, superficial_muscle"):
        explorer.set_depth("muscles")
    with pytest.raises(ValueError, match="choose one of: right, left"):
        explorer.set_side("centre")
    with pytest.raises(ValueError, match="unknown overlay 'needles'.*injection, pressure"):
        explorer.set_overlay("needles")
    with pytest.raises(ValueError, match="unknown layer 'core'"):
        explore(depth="core")
    assert explorer.state.highlight is None and explorer.depth.value == "skin_fascia"


def test_a_quiz_round_with_a_fixed_seed(explorer):
    quiz = explorer.start_quiz(rounds=4, seed=21)
    assert (
        quiz.targets
        == course.anatomy.FindTheStructure(
            explorer.scene.ids, explorer.scene.names, rounds=4, seed=21
        ).targets
    )
    assert not explorer.labels.value and explorer.labels.disabled
    for number, target in enumerate(quiz.targets):
        assert explorer.depth.value == explorer.scene.layers[target]  # peeled to its layer
        assert f"Question {number + 1} of 4" in explorer.status.value
        if number < 3:
            explorer.click(*anchor(explorer, target))
            assert "Correct" in explorer.status.value
        else:
            wrong = next(i for i in explorer.visible_structures() if i != target)
            x, y = anchor(explorer, wrong)
            picked = explorer.scene.pick(explorer.state, x, y)
            explorer.click(x, y)
            assert "Not quite" in explorer.status.value
            assert explorer.scene.names[picked].lower() in explorer.status.value.lower()
        assert explorer.state.highlight == target  # the answer is shown either way
        explorer.click(*anchor(explorer, target))  # a second click changes nothing
        explorer.next_button.click()
    assert quiz.score == (3, 4)
    assert "Quiz over" in explorer.status.value and "Score: 3 of 4" in explorer.status.value
    assert explorer.labels.value and not explorer.labels.disabled


def test_the_quiz_records_progress_that_lesson_10_shows(tmp_path):
    """Each answer is an attempt at an identify_structure question in the progress file, and
    the progress summary (lesson 12) shows the find-the-structure set with it."""
    from course.quiz.progress import ProgressFile
    from course.quiz.structures import SET_ID, question_id
    from course.quiz.summary import ProgressView

    path = tmp_path / "progress.json"
    explorer = explore(interactive=False, quiz_seed=4, progress_path=path)
    quiz = explorer.start_quiz(rounds=2)
    first, second = quiz.targets
    assert quiz.questions[first].kind == "identify_structure"
    explorer.click(*anchor(explorer, first))  # right
    explorer.next_button.click()
    wrong = next(i for i in explorer.visible_structures() if i != second)
    explorer.click(*anchor(explorer, wrong))  # wrong
    items = ProgressFile(path).load()
    assert items[question_id(first)].solved and items[question_id(first)].best == 1.0
    assert items[question_id(second)].attempts == 1 and not items[question_id(second)].solved
    assert items[question_id(second)].best == 0.0

    view = ProgressView(progress_path=path, interactive=False)
    row = view.chart.ids.index(SET_ID)
    total = len(explorer.scene.ids)
    assert view.chart.labels[row].get_text() == f"1/{total}"
    assert view.chart.bars["done"][row].get_width() == pytest.approx(1 / total)
    assert f"{SET_ID} (Lesson 01: find the structure): 1/{total} done, 0 shown, 1 tried" in (
        view.describe()
    )
    assert "Progress: 1 of" in view.describe() and SET_ID in view.text.value


@pytest.mark.slow
def test_the_lesson_runs_headless_and_shows_the_explorer(lesson_runs):
    executed = lesson_runs[LESSON]
    assert notebooks.errors(executed) == []
    widgets = [
        output
        for cell in executed.cells
        for output in cell.get("outputs", [])
        if "application/vnd.jupyter.widget-view+json" in output.get("data", {})
    ]
    assert len(widgets) >= 3  # the explorer, the deep-layer example and the quiz
    text = "\n".join(c.source for c in executed.cells)
    assert text.count("course.disclaimer()") == 1


def test_the_explorer_stands_on_the_course_widget_base(explorer):
    from course.anatomy.explorer import ExplorerState
    from course.widgets import CourseWidget

    assert isinstance(explorer, CourseWidget)
    state = ExplorerState()
    after = explorer.apply(state, {"depth": "deep", "highlight": "Piriformis"})
    assert after == ExplorerState(depth="deep", highlight="piriformis")
    assert state == ExplorerState()  # apply is pure: the old state is untouched
    assert explorer.state.depth == "skin_fascia"  # and the widget did not move
    with pytest.raises(ValueError, match="choose one of: right, left"):
        explorer.apply(state, {"side": "centre"})
    with pytest.raises(KeyError, match="unknown explorer field"):
        explorer.apply(state, {"colour": "red"})


def test_one_event_per_selection_and_undo_goes_back(explorer):
    applied = explorer.events_applied
    explorer.select("piriformis")
    assert explorer.events_applied == applied + 1  # the picker's echo changes nothing
    assert explorer.picker.value == "Piriformis"
    explorer.depth.value = "deep"
    assert explorer.undo() and explorer.depth.value == "skin_fascia"
    assert explorer.undo() and explorer.state.highlight is None and explorer.picker.value == ""
    explorer.picker.value = "Piri"  # typing half a name selects nothing
    assert explorer.state.highlight is None


def test_a_click_is_hit_tested_once(explorer, monkeypatch):
    explorer.depth.value = "deep"
    calls = []
    real = explorer.scene.pick

    def counting(*args):
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(explorer.scene, "pick", counting)
    explorer.click(*anchor(explorer, "sciatic_nerve"))
    assert len(calls) == 1 and explorer.state.highlight == "sciatic_nerve"
    calls.clear()
    explorer.start_quiz(rounds=2, seed=4)
    explorer.click(*anchor(explorer, explorer.quiz.current))
    assert len(calls) == 1 and "Correct" in explorer.status.value


def test_the_info_panel_is_worked_out_once_per_structure(explorer, monkeypatch):
    calls = []
    real = explorer.scene.info
    monkeypatch.setattr(explorer.scene, "info", lambda *a: calls.append(a) or real(*a))
    explorer._panels.clear()
    explorer.select("gluteus_medius")
    assert "Where:" in explorer.info_text() and "Where:" in explorer.info.value
    explorer.select(None)
    explorer.select("gluteus_medius")
    assert len(calls) == 1


def test_part_of_a_name_in_any_case_picks_its_structure_on_enter(explorer):
    explorer.picker.value = "piriformis"  # the whole name in lower case picks at once
    assert explorer.state.highlight == "piriformis"
    assert explorer.picker.value == "Piriformis"
    explorer.select(None)
    explorer.picker.value = "PIRIF"  # typing part of it picks nothing on the way ...
    assert explorer.state.highlight is None
    assert "Press Enter to pick Piriformis" in explorer.matches.value
    # ... and Enter (the front end's 'submit' message) picks its one match
    explorer.picker._handle_custom_msg({"event": "submit"}, [])
    assert explorer.state.highlight == "piriformis"
    assert explorer.picker.value == "Piriformis" and explorer.matches.value == ""
    assert "Piriformis" in explorer.info_text()


def test_an_ambiguous_part_lists_its_matches_and_no_match_says_so(explorer):
    explorer.select("sciatic_nerve")
    explorer.search("gluteus")
    assert explorer.state.highlight == "sciatic_nerve"  # nothing picked, nothing lost
    assert explorer.picker.value == "gluteus"  # what was typed stays in the box
    listed = explorer.matches.value
    assert "3 structures match" in listed
    for name in ("Gluteus maximus", "Gluteus medius", "Gluteus minimus"):
        assert name in listed
    assert explorer.matching("gluteus") == ["Gluteus maximus", "Gluteus medius", "Gluteus minimus"]
    explorer.search("zygoma")
    assert "No structure's name contains “zygoma”" in explorer.matches.value
    assert explorer.state.highlight == "sciatic_nerve"
    explorer.search("sacrum")  # a whole name is never ambiguous
    assert explorer.state.highlight == "sacrum" and explorer.picker.value == "Sacrum"
    assert explorer.undo() and explorer.state.highlight == "sciatic_nerve"


def test_the_control_bar_is_one_grid_with_each_label_on_its_controls_row(explorer):
    import ipywidgets as widgets

    grid = explorer.widget.children[0]
    assert isinstance(grid, widgets.GridBox)
    assert grid.layout.grid_template_columns.startswith("max-content")
    labels = [child.value for child in grid.children[0::2]]
    assert labels == [
        "<b>Peel to</b>",
        "<b>Side</b>",
        "<b>Procedure sites</b>",
        "<b>Structure</b>",
        "<b>Quiz</b>",
    ]
    rows = [child.children for child in grid.children[1::2]]
    assert rows[0] == (explorer.depth,)
    assert rows[1] == (explorer.side, explorer.labels, explorer.zones)  # side and its buttons
    assert rows[2] == (explorer.overlay,)
    assert explorer.picker in rows[3] and explorer.quiz_button in rows[4]
    assert explorer.site_button in rows[4]
    # the label sits beside its controls, not inside them (no description to wrap apart)
    assert all(c.description == "" for c in (explorer.side, explorer.depth, explorer.overlay))


def test_zones_are_outlines_that_leave_the_tissue_colours_as_the_key_shows(explorer):
    from matplotlib.lines import Line2D
    from matplotlib.path import Path

    explorer.depth.value = "deep"
    before = {i: face(a) for i, a in explorer.drawing.artists.items() if not isinstance(a, Line2D)}
    explorer.zones.value = True
    for patch, text in explorer.drawing.zones.values():
        assert patch.get_visible() and text.get_visible()
        assert patch.get_facecolor()[3] == 0  # no tint over the tissues
        assert patch.zorder > max(a.zorder for a in explorer.drawing.artists.values())
    after = {i: face(a) for i, a in explorer.drawing.artists.items() if not isinstance(a, Line2D)}
    assert after == before  # the tissues keep the colours the key gives them
    # the zone names sit on their zones and cross no nerve, vessel or the iliac crest
    ax = explorer.drawing.axes
    lines = [
        Path(a.get_xydata())
        for a in explorer.drawing.artists.values()
        if isinstance(a, Line2D) and len(a.get_xydata()) > 1
    ]
    for ident in ("upper", "lower"):
        patch, text = explorer.drawing.zones[ident]
        box = text.window_extent().transformed(ax.transData.inverted())
        corners = [(x, y) for x in (box.x0, box.x1) for y in (box.y0, box.y1)]
        inside = sum(patch.get_path().contains_point(c) for c in corners)
        assert inside >= 2 or patch.get_path().contains_point(text.position), ident  # on it
        crossed = [line for line in lines if line.intersects_bbox(box, filled=False)]
        assert crossed == [], ident


def test_undo_and_reset_take_the_site_check_back_with_the_view(tmp_path):
    """Found by the fuzz: reset during a pick-the-site check left the check running behind a
    view that showed none (clicks were still scored), and undo back into the check showed it
    with nothing to answer it."""
    checker = explore(interactive=False, progress_path=tmp_path / "progress.json")
    checker.start_site_check()
    checker.reset()
    assert checker.state.quiz == "" and checker.site_question is None
    assert checker.stop_button.disabled and not checker.overlay.disabled
    checker.click(*anchor(checker, "gluteus_maximus"))  # selects: no check is running
    assert checker.state.highlight == "gluteus_maximus"
    assert checker.progress.get("lesson01_q4").attempts == 0
    checker.undo()  # back to the check, waiting for its answer again
    checker.undo()
    assert checker.state.blind and checker.site_question is not None
    checker.click(15.6, 5.0)  # inside the ventrogluteal triangle
    assert "Correct" in checker.status.value and checker.site_question is None


def test_undo_takes_a_quiz_back_to_the_question_it_shows(tmp_path):
    """Undo after an answer shows the question again, and the next click answers it (the
    first answer stays in the progress file as an attempt)."""
    explorer = explore(interactive=False, quiz_seed=4, progress_path=tmp_path / "progress.json")
    quiz = explorer.start_quiz(rounds=2)
    first = quiz.current
    wrong = next(i for i in explorer.visible_structures() if i != first)
    explorer.click(*anchor(explorer, wrong))
    assert explorer.state.quiz == "answered" and quiz.score == (0, 1)
    explorer.undo()
    assert explorer.state.quiz == "asking" and not quiz.answered and quiz.current == first
    explorer.click(*anchor(explorer, first))
    assert "Correct" in explorer.status.value and quiz.score == (1, 1)
    assert explorer.progress.get(quiz.questions[first].id).attempts == 2
    explorer.reset()
    assert explorer.quiz is None and not explorer.labels.disabled


def test_the_site_check_keeps_its_sites_in_view_until_it_is_over(tmp_path):
    checker = explore(interactive=False, progress_path=tmp_path / "progress.json")
    checker.start_site_check()
    assert checker.overlay.disabled
    checker.send({"overlay": "pressure"})  # what a changed overlay would send: the sites stay
    assert checker.state.overlay == "injection" and checker.overlay.value == "injection"
    checker.stop_quiz()
    assert not checker.overlay.disabled
    checker.overlay.value = "pressure"
    assert checker.state.overlay == "pressure"


def test_quizzes_share_their_sealed_questions():
    """Each find-the-structure question is sealed once per kernel, so starting quiz after quiz
    (and keeping them for undo) does not pile up copies."""
    scene = course.anatomy.posterior_scene()
    one = course.anatomy.FindTheStructure(scene.ids, scene.names, rounds=3, seed=1)
    two = course.anatomy.FindTheStructure(scene.ids, scene.names, rounds=3, seed=1)
    assert all(one.questions[t] is two.questions[t] for t in one.targets)

"""Drive the compare widget and the "where does it come from?" exercise; check what they show."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import pytest
from matplotlib.colors import to_rgba

from course import UnknownIdError, painmap
from course.figures import HIGHLIGHT
from course.painmap.drawing import KIND_COLOUR, fill_alpha, owned_artists
from course.painmap.ranking import CENTRAL_WARNING, TEACHING_AID


@pytest.fixture
def compare():
    return painmap.compare("facet_referral", "radicular_l5", interactive=False)


@pytest.fixture
def exercise():
    return painmap.where_from(interactive=False)


def shaded(chart):
    """{(view, region, side): fill opacity} read back from the chart's artists."""
    return chart.shading()


# --------------------------------------------------------------------------- compare widget


def test_compare_shows_both_maps_with_legends_titles_and_the_contrast_table(compare):
    a, b = compare.panels
    assert a.title.get_text() == "A: Facet joint (referred)"
    assert b.title.get_text() == "B: L5 radicular"
    assert ("posterior", "low_back", "right") in shaded(a.chart)
    assert all(side != "left" for _v, _r, side in shaded(a.chart))  # the right side only
    assert a.chart.keyed["posterior"][0].region == "low_back"
    assert "Evidence: confirmed" in a.legend.details.get_text()
    assert "[secondary source only]" in b.legend.details.get_text()
    table = compare.table.value
    for row in ("Quality", "Neurological signs", "Neurodynamic tests", "Where, and how well"):
        assert row in table
    assert "Deep, dull, aching or gnawing" in table and "lancinating" in table
    assert "Marks R. Distribution of pain provoked" in table
    assert "Map A: Lumbar facet joint" in compare.describe()


def test_selecting_sources_restyles_the_existing_artists(compare):
    a, b = compare.panels
    artists_before = owned_artists(a.figure) + owned_artists(b.figure)
    compare.select("sij_referral", "hip_joint_referral")
    fortin = shaded(a.chart)[("posterior", "fortin_area", "right")]
    assert fortin == pytest.approx(fill_alpha(0.94))
    colours = a.chart.shade["posterior"].get_facecolor()
    assert tuple(colours[0][:3]) == pytest.approx(to_rgba(KIND_COLOUR["somatic_referral"])[:3])
    assert [s.region for s in a.chart.keyed["posterior"]] == ["fortin_area"]
    assert [s.region for s in b.chart.keyed["anterior"]] == ["groin"]
    assert "94%" in {t.get_text() for t in a.chart.labels.values()}
    assert "55%" in {t.get_text() for t in b.chart.labels.values()}
    assert owned_artists(a.figure) + owned_artists(b.figure) == artists_before
    assert "Fortin" in compare.describe() and "94%" in compare.describe()


def test_driving_the_dropdowns_changes_the_figure(compare):
    compare.first.value = "superior_cluneal"
    a = compare.panels[0]
    assert a.title.get_text() == "A: Superior cluneal n."
    assert shaded(a.chart)[("posterior", "upper_buttock_lateral", "right")] == pytest.approx(
        fill_alpha(1.0)
    )
    assert all(t.get_text() == "" for t in a.chart.labels.values())  # ordinal map: no %
    assert "teaching weight" in a.legend.unit.get_text()
    compare.second.value = ""
    b = compare.panels[1]
    assert shaded(b.chart) == {}
    assert b.legend.name.get_text() == "Choose a second source to compare"
    assert "Map B: none." in compare.describe()
    assert compare.table.value.count("</td>") == 10  # one column of ten rows


def test_a_dermatome_brings_the_variability_note(compare):
    compare.select("dermatome_l5", "radicular_l5")
    assert "Lee 2008" in compare.panels[0].footer.get_text()
    assert "Lee 2008" not in compare.panels[1].footer.get_text()
    assert "only the most consistent area" in compare.describe()


def test_changing_one_map_redraws_only_its_figure(compare):
    before = [view.widget.value for view in compare.views]
    compare.first.value = "disc_referral"
    after = [view.widget.value for view in compare.views]
    assert after[0] != before[0] and after[1] == before[1]


def test_compare_refuses_unknown_sources():
    with pytest.raises(UnknownIdError, match="did you mean 'radicular_l5'"):
        painmap.compare("facet_referral", "radicular_l6", interactive=False)


def test_compare_runs_on_the_ipympl_canvas():
    widget = painmap.compare("sij_referral", None, interactive=True)
    assert type(widget.views[0].widget).__name__ == "Canvas"
    widget.select("hip_joint_referral", "sij_referral")
    assert widget.panels[1].title.get_text() == "B: Sacroiliac joint"


# --------------------------------------------------------------------------- the exercise


def centre(exercise, region, side="right", view="posterior"):
    (shape,) = exercise.chart.copies(region, side, view)
    return shape.centroid


def test_the_exercise_starts_with_a_clear_message_and_says_it_is_a_teaching_aid(exercise):
    assert exercise.ranking is None
    assert "Nothing to rank yet" in exercise.ranking_html.value
    assert "role='alert'" in exercise.ranking_html.value
    assert escape(TEACHING_AID) in exercise.widget.children[0].value


def test_clicking_the_chart_marks_and_unmarks_regions(exercise):
    exercise.click("posterior", *centre(exercise, "posterior_thigh"))
    assert list(exercise.marked) == [("posterior_thigh", "right")]
    assert exercise.checklist.value == (("posterior_thigh", "right"),)
    assert [s.region for s in exercise.chart.marked["posterior"]] == ["posterior_thigh"]
    edge = exercise.chart.marks["posterior"].get_edgecolor()[0]
    assert tuple(edge) == pytest.approx(to_rgba(HIGHLIGHT))
    assert exercise.ranking is not None
    assert "back of the thigh (right)" in exercise.describe()
    exercise.click("anterior", *centre(exercise, "groin", "left", "anterior"))
    assert ("groin", "left") in exercise.marked
    exercise.click("posterior", *centre(exercise, "posterior_thigh"))
    assert list(exercise.marked) == [("groin", "left")]
    exercise.click("posterior", 20.5, 127)  # outside the body: nothing happens
    assert list(exercise.marked) == [("groin", "left")]


def test_the_checklist_and_descriptors_drive_the_ranking_and_the_overlay(exercise):
    exercise.checklist.value = (("fortin_area", "right"), ("upper_buttock_medial", "right"))
    assert set(exercise.marked) == {("fortin_area", "right"), ("upper_buttock_medial", "right")}
    assert len(exercise.chart.marked["posterior"]) == 2
    for ident in ("dull_ache", "no_neuro_signs", "well_localised"):
        exercise.boxes[ident].value = True
    top = exercise.ranking.candidates[0]
    assert top.source.id == "sij_referral"
    assert exercise.panel.title.get_text() == "Your marks over: Sacroiliac joint"
    assert shaded(exercise.chart)[("posterior", "fortin_area", "right")] == pytest.approx(
        fill_alpha(0.94)
    )
    html = exercise.ranking_html.value
    assert "Sacroiliac joint referred pain" in html and "Map overlap" in html
    assert "You marked its key area: just below the PSIS" in html
    assert f"{top.overlap:.0%}" in html
    assert "Overlap with your marks" in exercise.describe()


def test_the_overlay_can_show_any_source(exercise):
    exercise.mark("posterior_thigh")
    exercise.overlay.value = "posterior_femoral_cutaneous"
    assert exercise.shown_source.id == "posterior_femoral_cutaneous"
    assert ("posterior", "posterior_thigh", "right") in shaded(exercise.chart)
    assert "Posterior femoral cutaneous nerve" in exercise.describe()


def test_contradictory_descriptors_show_a_message_instead_of_a_ranking(exercise):
    exercise.mark("posterior_thigh")
    exercise.set_descriptors(["neuro_signs", "no_neuro_signs"])
    assert exercise.ranking is None
    assert "contradict each other" in exercise.ranking_html.value
    assert shaded(exercise.chart) == {}  # no map is drawn for input that cannot be ranked
    exercise.set_descriptors(["no_neuro_signs"])
    assert exercise.ranking is not None


def test_marks_on_both_sides_raise_the_red_flag_screen(exercise):
    exercise.mark("posterior_thigh", "right")
    exercise.mark("posterior_thigh", "left")
    assert CENTRAL_WARNING in exercise.ranking_html.value


def test_below_knee_marks_are_explained(exercise):
    exercise.mark("lateral_leg")
    assert "which is below the knee" in exercise.ranking_html.value


def test_clear_and_bad_input(exercise):
    exercise.mark("heel")
    exercise.set_descriptors(["numbness"])
    exercise.clear()
    assert not exercise.marked and exercise.picked == []
    assert "Nothing to rank yet" in exercise.ranking_html.value
    with pytest.raises(ValueError, match="did you mean 'numbness'"):
        exercise.set_descriptors(["numbnes"])
    with pytest.raises(ValueError, match="use one of: \\['midline'\\]"):
        exercise.mark("sacrum", "right")
    with pytest.raises(KeyError, match="did you mean 'heel'"):
        exercise.mark("heal")


def test_the_exercise_runs_on_the_ipympl_canvas_and_handles_clicks():
    exercise = painmap.where_from(interactive=True)
    assert type(exercise.view.widget).__name__ == "Canvas"
    (shape,) = exercise.chart.copies("heel", "right", "posterior")
    exercise.click("posterior", *shape.centroid)
    assert list(exercise.marked) == [("heel", "right")]
    assert exercise.ranking.candidates[0].source.id == "dermatome_s1"


def test_both_widgets_follow_the_course_conventions_and_have_a_static_form(compare, exercise):
    from course.figures import CONTROL_CLASS, DESCRIPTION_CLASS, WIDGET_CLASS

    assert WIDGET_CLASS in compare.widget._dom_classes
    assert CONTROL_CLASS in compare.first._dom_classes
    assert DESCRIPTION_CLASS in compare.description_view._dom_classes
    assert WIDGET_CLASS in exercise.widget._dom_classes
    assert all(CONTROL_CLASS in box._dom_classes for box in exercise.boxes.values())
    bundle = compare._repr_mimebundle_()
    assert bundle["text/html"].count("<img ") == 2  # map A and map B
    assert "Neurodynamic tests" in bundle["text/html"]
    assert bundle["text/plain"] == compare.describe()
    assert "image/png" in bundle
    exercise.mark("heel")
    static = exercise._repr_mimebundle_()
    assert "S1 dermatome" in static["text/html"] and "<img " in static["text/html"]


# --------------------------------------------------------------------------- on the widget base


def marked_on_chart(exercise):
    """{(view, region, side)} the chart's mark artists show now."""
    return {(v, s.region, s.side) for v, shapes in exercise.chart.marked.items() for s in shapes}


def test_a_plain_click_in_the_list_adds_one_region_and_keeps_the_chart_marks(exercise):
    exercise.click("posterior", *centre(exercise, "posterior_thigh"))
    exercise.click("anterior", *centre(exercise, "groin", "left", "anterior"))
    exercise.checklist.value = (("heel", "right"),)  # what a plain click on one row sends
    assert set(exercise.marked) == {
        ("posterior_thigh", "right"),
        ("groin", "left"),
        ("heel", "right"),
    }
    assert set(exercise.checklist.value) == set(exercise.marked)  # the list shows every mark
    assert marked_on_chart(exercise) == {
        ("posterior", "posterior_thigh", "right"),
        ("anterior", "groin", "left"),
        ("posterior", "heel", "right"),
    }
    assert exercise.chart.marks["posterior"].get_paths()  # the artists hold the outlines
    assert "heel (right)" in exercise.describe() and "back of the thigh" in exercise.describe()


def test_a_list_click_on_a_marked_row_removes_only_that_row(exercise):
    for region in ("posterior_thigh", "heel", "lateral_leg"):
        exercise.mark(region)
    exercise.checklist.value = (("heel", "right"),)  # plain click on a marked row
    assert set(exercise.marked) == {("posterior_thigh", "right"), ("lateral_leg", "right")}
    exercise.mark("groin", "left")
    rows = tuple(exercise.checklist.value)
    exercise.checklist.value = rows[1:]  # a Ctrl-click that deselects one of three rows
    assert exercise.marked == rows[1:]
    exercise.checklist.value = (*exercise.checklist.value, ("heel", "left"), ("groin", "right"))
    assert ("heel", "left") in exercise.marked and ("groin", "right") in exercise.marked
    assert len(exercise.marked) == 4  # a Shift-click range adds and wipes nothing
    assert {r for _v, r, _s in marked_on_chart(exercise)} == {r for r, _s in exercise.marked}


def test_undo_restores_marks_descriptors_overlay_and_the_figure(exercise):
    assert exercise.undo_button.disabled
    exercise.mark("fortin_area")
    exercise.boxes["dull_ache"].value = True
    before = exercise.state
    title = exercise.panel.title.get_text()
    shading = exercise.chart.shading()
    table = exercise.ranking_html.value
    assert not exercise.undo_button.disabled
    exercise.overlay.value = "radicular_l5"
    exercise.checklist.value = (("heel", "right"),)
    assert exercise.panel.title.get_text() == "Your marks over: L5 radicular"
    exercise.undo_button.click()
    exercise.undo_button.click()
    assert exercise.state == before
    assert exercise.overlay.value == "__top__"
    assert exercise.checklist.value == (("fortin_area", "right"),)
    assert exercise.boxes["dull_ache"].value
    assert exercise.panel.title.get_text() == title
    assert exercise.chart.shading() == shading
    assert exercise.ranking_html.value == table
    assert marked_on_chart(exercise) == {("posterior", "fortin_area", "right")}


def test_clear_all_is_one_undoable_step_and_keeps_the_overlay(exercise):
    exercise.overlay.value = "sij_referral"
    exercise.mark("fortin_area")
    exercise.set_descriptors(["dull_ache", "no_neuro_signs"])
    kept = exercise.state
    exercise.clear_button.click()
    assert not exercise.marked and exercise.picked == []
    assert not any(box.value for box in exercise.boxes.values())
    assert marked_on_chart(exercise) == set()
    assert exercise.shown_source.id == "sij_referral"  # the chosen map stays
    assert exercise.undo()
    assert exercise.state == kept and marked_on_chart(exercise)
    assert exercise.boxes["no_neuro_signs"].value


def test_the_exercise_state_is_a_value_and_apply_is_pure(exercise):
    from course.painmap.widgets import TOP, Answer

    state = Answer(frozenset({("heel", "right")}), frozenset({"numbness"}), TOP)
    after = exercise.apply(state, ("toggle", "groin", "left"))
    assert after.marks == {("heel", "right"), ("groin", "left")}
    assert state.marks == {("heel", "right")}  # the old value is untouched
    assert exercise.state == Answer() and not exercise.marked  # and so is the widget
    assert exercise.apply(state, ("no such event",)) is state
    same = exercise.describe_state(state)
    assert same == exercise.describe_state(Answer(*state.__dict__.values()))
    assert "heel (right)" in same and "S1 dermatome" in same
    with pytest.raises(ValueError, match="did you mean 'numbness'"):
        exercise.apply(state, ("descriptor", "numbnes", True))


def test_compare_state_undo_and_pure_apply(compare):
    from course.painmap.widgets import Pair

    assert compare.state == Pair("facet_referral", "radicular_l5")
    assert compare.apply(compare.state, ("second", "")) == Pair("facet_referral", None)
    assert compare.state.second == "radicular_l5"  # apply changed nothing
    a = compare.panels[0]
    shading = a.chart.shading()
    compare.first.value = "sij_referral"
    assert a.title.get_text() == "A: Sacroiliac joint"
    compare.second.value = ""
    assert compare.undo() and compare.second.value == "radicular_l5"
    assert compare.panels[1].title.get_text() == "B: L5 radicular"
    assert compare.undo() and compare.first.value == "facet_referral"
    assert a.title.get_text() == "A: Facet joint (referred)" and a.chart.shading() == shading
    assert not compare.undo()
    with pytest.raises(UnknownIdError, match="did you mean"):
        compare.select("sij_referal")
    assert compare.state == Pair("facet_referral", "radicular_l5")


def test_compare_options_show_the_name_first_grouped_by_kind(compare):
    from course import words
    from course.painmap.sources import KINDS, pain_source

    labels = [label for label, _ident in compare.first.options]
    idents = [ident for _label, ident in compare.first.options]
    kinds = [pain_source(ident).kind for ident in idents]
    assert kinds == sorted(kinds, key=KINDS.index)  # one block per kind, in KINDS order
    for label, ident, kind in zip(labels, idents, kinds, strict=True):
        source = pain_source(ident)
        assert label == f"{source.short} — {words.PAIN_SOURCE_KIND[kind]}"  # name first
    for kind in KINDS:  # alphabetical inside a kind, so typing a name's start finds it
        names = [
            pain_source(i).short.casefold() for i, k in zip(idents, kinds, strict=True) if k == kind
        ]
        assert names == sorted(names)
    assert compare.second.options[0] == ("(none)", "")
    assert [ident for _, ident in compare.second.options][1:] == idents


def test_the_where_list_is_as_wide_as_its_entries(exercise):
    assert exercise.checklist.layout.width == "auto"  # not a fixed width that cuts entries
    for box in exercise.boxes.values():  # descriptor labels wrap (WIDGET_CSS), nothing cut
        assert box.description and not box.description.endswith("…")


def test_the_ranking_sits_in_the_row_of_the_descriptor_boxes(exercise):
    """Issue 17: a tick changes the ranking, so the ranking shares the boxes' row (side by side
    where the output has room, wrapping to right under them where not), and the list, the map
    choice, Undo and Clear all sit beside the chart they change."""
    rows = [child for child in exercise.widget.children if isinstance(child, widgets.HBox)]
    beside = next(row for row in rows if exercise.ranking_html in row.children)
    grid, ranking = beside.children
    assert ranking is exercise.ranking_html
    ticks = [box for column in grid.children for box in column.children]
    assert set(exercise.boxes.values()) <= set(ticks)
    assert grid.layout.grid_template_columns.startswith("repeat(2,")
    chart_row = next(row for row in rows if exercise.view.widget in row.children)
    (side,) = [child for child in chart_row.children if child is not exercise.view.widget]
    controls = {exercise.checklist, exercise.overlay}
    buttons = {exercise.undo_button, exercise.clear_button}
    shown = set(side.children) | {c for row in side.children for c in getattr(row, "children", ())}
    assert controls | buttons <= shown

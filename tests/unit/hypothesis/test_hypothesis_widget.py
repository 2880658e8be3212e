"""The Fagan nomogram and the hypothesis widget, driven as a student would drive them."""

from __future__ import annotations

import pytest
from matplotlib.colors import to_hex

import course.hypothesis as hypothesis
from course.figures import OKABE_ITO
from course.hypothesis.nomogram import (
    X_LR,
    X_POST,
    X_PRE,
    draw,
    probability_at,
    y_lr,
    y_post,
    y_pre,
)
from course.hypothesis.probability import post_test_probability
from course.words import percent

# ---------------------------------------------------------------------------- nomogram geometry


@pytest.mark.parametrize(("pretest", "lr"), [(0.2, 4.29), (0.7, 0.11), (0.05, 24.3), (0.5, 1)])
def test_the_three_scales_make_the_line_straight(pretest, lr):
    """Pre-test, LR and post-test marks are collinear: that is what makes it a nomogram."""
    post = post_test_probability(pretest, lr)
    left, middle, right = y_pre(pretest), y_lr(lr), y_post(post)
    assert middle == pytest.approx((left + right) / 2)
    assert probability_at(right, "post") == pytest.approx(post)
    assert probability_at(left, "pre") == pytest.approx(pretest)


def test_the_scales_run_the_textbook_way():
    assert y_pre(0.001) > 0 > y_pre(0.999)  # 0.1 % at the top of the left scale
    assert y_post(0.999) > 0 > y_post(0.001)  # 99.9 % at the top of the right scale
    assert y_pre(0.5) == pytest.approx(0) and y_post(0.5) == pytest.approx(0)
    assert y_lr(1000) > y_lr(1) == 0 > y_lr(0.001)
    with pytest.raises(ValueError, match="'pre' or 'post'"):
        probability_at(0.0, "middle")


def test_draw_returns_handles_at_the_right_places():
    drawn = draw(0.2, 4.29)
    xs, ys = drawn.line.get_data()
    assert list(xs) == [X_PRE, X_LR, X_POST]
    assert probability_at(ys[-1]) == pytest.approx(0.5175, abs=5e-4)
    assert drawn.post_label.get_text() == "51.7%"
    assert drawn.lr_label.get_text() == "LR 4.29"
    assert "51.7%" in drawn.describe() and "4.29" in drawn.describe()


def test_show_moves_artists_and_creates_none():
    drawn = draw(0.2)
    before = len(drawn.axes.get_children()) + len(drawn.bar_axes.get_children())
    drawn.show(0.3, 0.08, span=(0.15, 0.30), evidence="secondary")
    after = len(drawn.axes.get_children()) + len(drawn.bar_axes.get_children())
    assert before == after
    assert drawn.span_lines[0].get_visible() and drawn.span_marks[1].get_visible()
    low_post = post_test_probability(0.15, 0.08)
    assert probability_at(drawn.span_lines[0].get_ydata()[-1]) == pytest.approx(low_post)
    assert "secondary source only" in drawn.lr_label.get_text()
    assert drawn.post_marker.get_xdata()[0] == pytest.approx(drawn.post_test * 100)


def test_threshold_bar_zones_are_hatched_labelled_and_movable():
    drawn = draw(0.2, 4.29, thresholds=(0.1, 0.7))
    hatches = [z.get_hatch() or "" for z in drawn.zones]
    assert len(set(hatches)) == 3, "each zone needs its own hatch, not colour alone"
    colours = {to_hex(z.get_facecolor(), keep_alpha=False).upper() for z in drawn.zones}
    assert colours <= {c.upper() for c in OKABE_ITO.values()}
    # a zone too narrow for its long label gets the short one
    assert [label.get_text() for label in drawn.zone_labels] == [
        "Set aside",
        "Test further",
        "Act: treat\nor refer",
    ]
    assert drawn.zone == "test"
    drawn.set_thresholds(0.05, 0.5)
    assert drawn.zones[1].get_x() == pytest.approx(5) and drawn.zones[1].get_width() == 45
    assert drawn.zone == "act" and "'Act: treat or refer' zone" in drawn.describe()
    assert [t.get_text() for t in drawn.threshold_labels] == ["5%", "50%"]
    assert not drawn.end_labels[0].get_visible(), "'0%' would collide with '5%'"
    assert drawn.end_labels[1].get_visible()
    drawn.set_thresholds(0.05, 0.09)  # a narrow middle zone drops its label, never overlaps
    assert drawn.zone_labels[1].get_text() == ""
    with pytest.raises(ValueError, match="testing threshold < treatment threshold"):
        drawn.set_thresholds(0.6, 0.4)


def test_bad_input_to_the_nomogram_is_refused():
    with pytest.raises(ValueError, match="between 0 and 1"):
        draw(1.2)
    with pytest.raises(ValueError, match="finite number above 0"):
        draw(0.3, 0)


# ---------------------------------------------------------------------------- the widget


@pytest.fixture
def explorer():
    return hypothesis.explore_probability("pgp_in_pregnancy", interactive=False)


def post_y(explorer) -> float:
    return explorer.nomogram.line.get_ydata()[-1]


def test_the_widget_starts_at_the_published_pre_test_probability(explorer):
    assert explorer.pretest_slider.value == pytest.approx(20.0)
    assert "Pre-test 20%</b> (published figure" in explorer.result.value
    assert "post-test 20%" in explorer.result.value
    assert probability_at(post_y(explorer)) == pytest.approx(0.20)
    assert set(explorer.toggles) == {
        "laslett_sij_3_of_6",
        "laslett_sij_2_of_4",
        "thigh_thrust",
        "active_straight_leg_raise",
    }


def test_toggling_the_sij_cluster_moves_the_text_and_the_line(explorer):
    figure = explorer.nomogram.figure
    png_before = explorer.view.widget.value
    explorer.toggles["laslett_sij_3_of_6"].value = "3+ of 6"
    assert "post-test 51.6%" in explorer.result.value
    assert "3 or more of 6 positive (LR+ 4.27)" in explorer.result.value
    assert probability_at(post_y(explorer)) == pytest.approx(post_test_probability(0.2, 4.27))
    assert explorer.nomogram.figure is figure, "the figure is restyled, never rebuilt"
    assert explorer.view.widget.value != png_before, "the PNG view was refreshed"
    explorer.toggles["laslett_sij_3_of_6"].value = "0-2 of 6"
    assert "post-test 2%" in explorer.result.value  # 0.25 x 0.08 = 0.02 odds
    assert probability_at(post_y(explorer)) == pytest.approx(post_test_probability(0.2, 0.08))
    assert "Set aside" in explorer.result.value
    explorer.toggles["laslett_sij_3_of_6"].value = "not done"
    assert probability_at(post_y(explorer)) == pytest.approx(0.2)


def test_two_findings_combine_and_the_text_states_independence(explorer):
    explorer.set_result("laslett_sij_3_of_6", "3+ of 6")
    explorer.set_result("active_straight_leg_raise", "positive")
    expected = post_test_probability(0.2, 4.27, 4.5)
    assert probability_at(post_y(explorer)) == pytest.approx(expected)
    assert f"post-test {percent(expected)}" in explorer.result.value
    assert "conditionally independent" in explorer.result.value
    assert "Act: treat or refer" in explorer.result.value


def test_a_cluster_disables_its_own_member_tests(explorer):
    explorer.set_result("laslett_sij_3_of_6", "3+ of 6")
    assert explorer.toggles["thigh_thrust"].disabled
    assert explorer.toggles["laslett_sij_2_of_4"].disabled
    assert not explorer.toggles["active_straight_leg_raise"].disabled
    assert "already counts this examination" in explorer._names["thigh_thrust"].value
    explorer.set_result("laslett_sij_3_of_6", "not done")
    assert not explorer.toggles["thigh_thrust"].disabled
    # forced in code past the disabled control: refused with the reason, nothing combined
    explorer.set_result("thigh_thrust", "positive")
    explorer.toggles["laslett_sij_3_of_6"].value = "3+ of 6"
    assert "count the same examination twice" in explorer.result.value


def test_figures_not_confirmed_show_their_marker_next_to_the_figure(explorer):
    explorer.set_result("thigh_thrust", "positive")
    assert "positive (LR+ 2.84) [secondary source only]" in explorer.result.value
    assert "secondary source only" in explorer.nomogram.lr_label.get_text()
    explorer.set_result("thigh_thrust", "not done")
    explorer.set_result("laslett_sij_2_of_4", "2+ of 4")
    assert "[UNVERIFIED]" in explorer.result.value
    assert "UNVERIFIED" in explorer.nomogram.lr_label.get_text()
    assert "[UNVERIFIED]" in explorer.describe()


def test_the_pre_test_slider_overrides_the_published_figure(explorer):
    explorer.set_result("active_straight_leg_raise", "positive")
    explorer.pretest_slider.value = 50.0
    assert "Pre-test 50%</b> (set by hand)" in explorer.result.value
    assert probability_at(post_y(explorer)) == pytest.approx(post_test_probability(0.5, 4.5))


def test_a_presentation_with_a_range_shows_it_and_its_result():
    explorer = hypothesis.explore_probability("sij_in_chronic_lbp", interactive=False)
    assert explorer.pretest_slider.value == pytest.approx(22.5)
    assert "Pre-test 22.5%</b> (middle of the published range 15–30%)" in explorer.result.value
    assert "Published pre-test probability: 15–30%" in explorer.published.value
    explorer.set_result("laslett_sij_3_of_6", "3+ of 6")
    low, high = (post_test_probability(p, 4.27) for p in (0.15, 0.30))
    expected = f"range 15–30% the post-test probability runs from {percent(low)} to {percent(high)}"
    assert expected in explorer.result.value
    assert all(line.get_visible() for line in explorer.nomogram.span_lines)
    explorer.pretest_slider.value = 40.0
    assert not any(line.get_visible() for line in explorer.nomogram.span_lines)


def test_changing_presentation_rebuilds_the_controls_not_the_figure(explorer):
    figure, line = explorer.nomogram.figure, explorer.nomogram.line
    explorer.presentation.value = "dgs_martin_2014"
    assert explorer.nomogram.figure is figure and explorer.nomogram.line is line
    assert "seated_piriformis_stretch" in explorer.toggles
    assert explorer.pretest_slider.value == pytest.approx(70.0)
    explorer.set_result("seated_piriformis_stretch", "positive")
    assert probability_at(post_y(explorer)) == pytest.approx(post_test_probability(0.7, 5.22))
    explorer.presentation.value = "facet_depalma_2011"
    assert explorer.toggles == {}
    assert "No test for this presentation" in explorer.findings_box.children[0].value


def test_the_threshold_slider_moves_the_zones(explorer):
    explorer.set_result("laslett_sij_3_of_6", "3+ of 6")
    explorer.thresholds.value = (5.0, 40.0)
    assert explorer.nomogram.zones[2].get_x() == pytest.approx(40)
    assert "Act: treat or refer" in explorer.result.value
    assert "above 40% 'Act: treat or refer'" in explorer.describe()


def test_each_change_refreshes_the_figure_once(explorer):
    start = explorer.redraws
    explorer.set_result("thigh_thrust", "negative")
    explorer.pretest_slider.value = 30.0
    assert explorer.redraws == start + 2


def test_the_text_description_follows_the_state(explorer):
    explorer.set_result("active_straight_leg_raise", "negative")
    text = explorer.describe()
    assert "Pelvic girdle pain in pregnancy" in text and "LR− 0.52" in text
    assert percent(post_test_probability(0.2, 0.52)) in text
    assert "Text description" in explorer.description_view.value


def test_bad_choices_name_the_valid_ones(explorer):
    with pytest.raises(ValueError, match="no presentation called 'pgp_pregnancy'.*did you mean"):
        hypothesis.explore_probability("pgp_pregnancy", interactive=False)
    with pytest.raises(ValueError, match="'thigh_thurst' is not offered.*mean 'thigh_thrust'"):
        explorer.set_result("thigh_thurst", "positive")
    with pytest.raises(ValueError, match="'pos' is not a result.*positive"):
        explorer.set_result("thigh_thrust", "pos")


def test_the_interactive_canvas_is_used_where_ipympl_exists():
    explorer = hypothesis.explore_probability("hip_oa_over_55", interactive=True)
    explorer.set_result("sutlive_hip_oa", "4+ of 5")
    assert probability_at(post_y(explorer)) == pytest.approx(post_test_probability(0.175, 24.3))
    assert explorer.view.interactive


def test_the_widget_has_a_static_fallback_and_stable_css_classes(explorer):
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["image/png"]  # the nomogram as it stands, for the book and exports
    assert "Presentation:" in bundle["text/plain"]
    assert "course-widget" in explorer.widget._dom_classes
    assert "course-control" in explorer.presentation._dom_classes


# ---------------------------------------------------------------------------- state, apply, render


def test_the_state_is_a_frozen_value_and_apply_is_pure(explorer):
    from dataclasses import FrozenInstanceError

    state = explorer.state
    assert state.presentation == "pgp_in_pregnancy" and state.pretest == 20.0
    assert state.thresholds == (10.0, 70.0)
    assert state.result("thigh_thrust") == "not done"
    with pytest.raises(FrozenInstanceError):
        state.pretest = 30.0  # type: ignore[misc]
    after = explorer.apply(state, ("result", "pgp_in_pregnancy", "thigh_thrust", "positive"))
    assert after.result("thigh_thrust") == "positive"
    assert explorer.state is state, "apply changes nothing: only send moves the widget"
    assert explorer.toggles["thigh_thrust"].value == "not done"
    assert (
        explorer.apply(state, ("result", "pgp_in_pregnancy", "thigh_thrust", "positive")) == after
    )


@pytest.mark.parametrize(
    "event",
    [
        ("nonsense",),
        "pretest",
        ("pretest", float("nan")),
        ("pretest", True),
        ("pretest", "50"),
        ("thresholds", (5.0,)),
        ("presentation", "no_such_presentation"),
        ("result", "pgp_in_pregnancy", "thigh_thurst", "positive"),
        ("result", "pgp_in_pregnancy", "thigh_thrust", "pos"),
        ("result", "dgs_martin_2014", "thigh_thrust", "positive"),  # not the one shown
    ],
)
def test_events_that_mean_nothing_leave_the_state_alone(explorer, event):
    state = explorer.state
    assert explorer.apply(state, event) == state
    assert not explorer.send(event) and explorer.redraws == 0


def test_apply_keeps_sliders_inside_their_ranges_and_the_middle_zone_open(explorer):
    state = explorer.state
    assert explorer.apply(state, ("pretest", 250)).pretest == 99.9
    assert explorer.apply(state, ("pretest", -3)).pretest == 0.1
    assert explorer.apply(state, ("pretest", 33.333)).pretest == 33.3
    assert explorer.apply(state, ("thresholds", (40, 20))).thresholds == (20.0, 40.0)
    assert explorer.apply(state, ("thresholds", (50, 50))).thresholds == (50.0, 51.0)
    assert explorer.apply(state, ("thresholds", (100, 100))).thresholds == (99.0, 100.0)
    assert explorer.apply(state, ("thresholds", (-5, 130))).thresholds == (0.0, 100.0)


def test_a_threshold_slider_pushed_together_keeps_a_visible_middle_zone(explorer):
    explorer.thresholds.value = (100.0, 100.0)  # used to raise inside set_thresholds
    assert explorer.thresholds.value == (99.0, 100.0), "the slider shows what the state holds"
    assert explorer.nomogram.zones[1].get_x() == pytest.approx(99)
    assert explorer.nomogram.zones[1].get_width() == pytest.approx(1)
    assert "'Set aside: no test'" in explorer.describe()
    assert "below 99% 'Set aside: no test'" in explorer.describe()


def test_a_new_presentation_opens_at_its_published_figure_with_nothing_examined(explorer):
    explorer.set_result("thigh_thrust", "positive")
    explorer.thresholds.value = (20.0, 60.0)
    explorer.presentation.value = "sij_in_chronic_lbp"
    state = explorer.state
    assert state.presentation == "sij_in_chronic_lbp" and state.pretest == 22.5
    assert all(key == "not done" for _fid, key in state.results)
    assert state.thresholds == (20.0, 60.0), "the thresholds are the student's, they stay"
    assert explorer.pretest_slider.value == 22.5
    assert explorer.findings_box.children[0].children[1] is explorer.toggles["laslett_sij_3_of_6"]
    # coming back shows the first presentation's controls again, reset to its opening state
    toggles = explorer.toggles
    explorer.presentation.value = "pgp_in_pregnancy"
    assert explorer.toggles["thigh_thrust"].value == "not done"
    assert explorer.state.pretest == 20.0
    explorer.presentation.value = "sij_in_chronic_lbp"
    assert explorer.toggles == toggles and all(
        a is b for a, b in zip(explorer.toggles.values(), toggles.values(), strict=True)
    ), "a presentation's controls are made once"


def test_a_stale_toggle_of_another_presentation_changes_nothing(explorer):
    old = explorer.toggles["thigh_thrust"]
    explorer.presentation.value = "dgs_martin_2014"
    before = explorer.state
    old.value = "positive"  # not on screen any more
    assert explorer.state == before


def test_undo_and_reset_bring_back_the_line_the_text_and_the_controls(explorer):
    start_y = post_y(explorer)
    explorer.set_result("laslett_sij_3_of_6", "3+ of 6")
    explorer.pretest_slider.value = 35.0
    assert explorer.undo()
    assert explorer.pretest_slider.value == 20.0
    assert "3 or more of 6 positive" in explorer.result.value
    assert explorer.toggles["laslett_sij_3_of_6"].value == "3+ of 6"
    explorer.presentation.value = "hip_oa_over_55"
    explorer.reset()
    assert explorer.presentation.value == "pgp_in_pregnancy"
    assert explorer.toggles["laslett_sij_3_of_6"].value == "not done"
    assert not explorer.toggles["thigh_thrust"].disabled
    assert post_y(explorer) == pytest.approx(start_y)
    assert "post-test 20%" in explorer.result.value
    assert explorer.undo() and explorer.presentation.value == "hip_oa_over_55"


def test_the_description_is_a_function_of_the_state_alone(explorer):
    other = explorer.apply(explorer.state, ("pretest", 64.2))
    text = explorer.describe_state(other)  # computed without showing it
    assert "Pre-test probability 64.2%" in text
    explorer.send(("pretest", 64.2))
    assert explorer.describe() == text
    assert "64.2%" in explorer.description_view.value


def test_the_nomogram_keeps_its_artists_and_paints_its_scales_once(explorer):
    nomogram = explorer.nomogram
    artists = [*nomogram.axes.get_children(), *nomogram.bar_axes.get_children()]
    nomogram.figure.canvas.draw()
    painted = nomogram.still.paints
    for value in (30.0, 45.5, 60.0):
        explorer.pretest_slider.value = value
        nomogram.figure.canvas.draw()
    explorer.thresholds.value = (15.0, 55.0)
    nomogram.figure.canvas.draw()
    assert [*nomogram.axes.get_children(), *nomogram.bar_axes.get_children()] == artists
    assert nomogram.still.paints == painted, "the scales and tick labels are copied back"
    assert nomogram.post_label.get_text() == percent(0.60)
    assert [t.get_text() for t in nomogram.threshold_labels] == ["15%", "55%"]


# ---------------------------------------------------------------------------- fuzz


def _expected_post(explorer, state) -> float | None:
    """The post-test probability worked out here from the state, or None if it is refused."""
    offered = explorer.offered(state.presentation)
    chosen = [offered[f].outcome(k) for f, k in state.results if k != "not done"]
    members = [offered[f].members for f, k in state.results if k != "not done"]
    for i, first in enumerate(members):
        if any(first & second for second in members[i + 1 :]):
            return None
    return post_test_probability(state.pretest / 100, *(o.lr for o in chosen))


@pytest.mark.slow
def test_random_student_events_never_break_the_widget_or_its_description():
    import random

    rng = random.Random(20261130)
    explorer = hypothesis.explore_probability(
        "pgp_in_pregnancy", interactive=True
    )  # no PNG per event
    ids = [value for _label, value in explorer.presentation.options]
    refused, shown = 0, set()
    for step in range(3000):
        roll = rng.random()
        if roll < 0.04:
            explorer.presentation.value = rng.choice(ids)
        elif roll < 0.25:
            explorer.pretest_slider.value = round(rng.uniform(0.1, 99.9), 1)
        elif roll < 0.33:
            low = rng.uniform(-5, 105)
            explorer.send(("thresholds", (low, low + rng.uniform(-20, 60))))
        elif roll < 0.37:
            explorer.undo() if rng.random() < 0.8 else explorer.reset()
        elif roll < 0.40:
            explorer.send(rng.choice([("pretest", float("nan")), ("result", "x", "y", "z"), 7]))
        elif explorer.toggles:
            finding = rng.choice(list(explorer.toggles))
            key = rng.choice(explorer.findings[finding].keys)
            if rng.random() < 0.5:
                explorer.toggles[finding].value = key  # a click (even a forced one)
            else:
                explorer.set_result(finding, key)
        state = explorer.state
        context = f"step {step}: {state}"
        assert explorer.description_view.value.count("Presentation:") == 1, context
        assert explorer.describe() == explorer.describe_state(state), context
        assert explorer.presentation.value == state.presentation, context
        assert explorer.pretest_slider.value == state.pretest, context
        assert tuple(explorer.thresholds.value) == state.thresholds, context
        assert {f: t.value for f, t in explorer.toggles.items()} == dict(state.results), context
        expected = _expected_post(explorer, state)
        if expected is None:
            assert "count the same examination twice" in explorer.result.value, context
            assert explorer.assessment is None, context
            refused += 1
            expected = state.pretest / 100  # nothing combined: the line runs through LR 1
        else:
            assert f"post-test {percent(expected)}" in explorer.result.value, context
        text = explorer.describe()
        assert f"to a post-test probability of {percent(expected)} on the right" in text, context
        assert probability_at(post_y(explorer)) == pytest.approx(expected, rel=1e-6), context
        assert explorer.nomogram.post_label.get_text() == percent(expected), context
        low, high = state.thresholds
        assert explorer.nomogram.zones[1].get_x() == pytest.approx(low), context
        assert explorer.nomogram.zones[2].get_x() == pytest.approx(high), context
        assert high - low >= 1.0, context
        shown.add(state.presentation)
    assert refused > 10 and shown == set(ids), "the events reached every corner of the widget"


# ---------------------------------------------------------------------------- the threshold control


def bar_labels(drawn) -> list:
    """Every label of the threshold bar that shows now."""
    labels = [*drawn.zone_labels, *drawn.threshold_labels, *drawn.end_labels, drawn.post_bar_label]
    return [lab for lab in labels if lab.get_visible() and lab.get_text().strip()]


@pytest.mark.slow  # about 4 s each: 300 threshold pairs laid out and measured
@pytest.mark.parametrize("width, height", [(5.6, 6.8), (6.4, 7.6)], ids=["widget", "default"])
def test_bar_labels_never_overlap_and_the_middle_band_is_always_named(width, height):
    drawn = draw(0.2, 4.29, width=width, height=height)
    checked = 0
    for low in range(0, 100, 3):
        for gap in (1, 2, 3, 5, 8, 12, 17, 25, 40, 70):
            high = low + gap
            if high > 100:
                continue
            drawn.set_thresholds(low / 100, high / 100)
            drawn.show(min(0.999, (low + gap / 2) / 100 + 0.001))  # the post-test marker moves too
            shown = bar_labels(drawn)
            boxes = [(lab.get_text(), lab.window_extent()) for lab in shown]
            for i, (text_a, box_a) in enumerate(boxes):
                for text_b, box_b in boxes[i + 1 :]:
                    assert not box_a.overlaps(box_b), (low, high, text_a, text_b)
            named = drawn.zone_labels[1].get_text() or drawn.threshold_labels[0].get_text()
            assert "test" in named.lower(), (low, high, named)  # the 'test further' band
            checked += 1
    assert checked > 200


def test_a_narrow_middle_band_is_named_under_the_bar_with_both_thresholds():
    drawn = draw(0.2, 4.29, thresholds=(0.65, 0.70))
    assert drawn.zone_labels[1].get_text() == ""  # too narrow to name inside the bar ...
    assert drawn.threshold_labels[0].get_text() == "test further: 65–70%"  # ... named under it
    assert drawn.threshold_labels[1].get_text() == ""  # no '65%70%'
    drawn.set_thresholds(0.6, 0.7)
    assert [t.get_text() for t in drawn.threshold_labels] == ["60%", "70%"]


def test_the_threshold_slider_takes_one_point_steps_and_has_typed_boxes():
    from course.hypothesis.widget import STEP_PX, THRESHOLD_TRACK_PX

    explorer = hypothesis.explore_probability()
    slider = explorer.thresholds
    assert slider.step == 1.0 and (slider.min, slider.max) == (0.0, 100.0)
    assert int(slider.layout.min_width.removesuffix("px")) >= THRESHOLD_TRACK_PX
    assert THRESHOLD_TRACK_PX / ((slider.max - slider.min) / slider.step) >= STEP_PX
    # the typed boxes sit with the slider (under it, at its two ends) and drive the same state
    row = next(
        child
        for child in explorer.figure_column.children
        if slider in getattr(child, "children", ())
    )
    assert row.children == (explorer.test_box, slider, explorer.act_box)
    explorer.test_box.value = 20.0
    assert explorer.state.thresholds == (20.0, 70.0) and slider.value == (20.0, 70.0)
    explorer.act_box.value = 45.0
    assert explorer.state.thresholds == (20.0, 45.0)
    assert [t.get_text() for t in explorer.nomogram.threshold_labels] == ["20%", "45%"]
    slider.value = (30.0, 60.0)
    assert (explorer.test_box.value, explorer.act_box.value) == (30.0, 60.0)
    assert explorer.undo() and explorer.state.thresholds == (20.0, 45.0)
    explorer.pretest_box.value = 33.3
    assert explorer.state.pretest == 33.3 and explorer.pretest_slider.value == 33.3


def test_the_nomogram_sits_beside_the_controls_at_laptop_width_and_at_its_own_size():
    """Issue 17 finding 3: at 1366x900 with the file browser open the figure a control changes
    is on screen with that control, so the nomogram's column and the controls fit in one row."""
    from course.hypothesis.widget import CONTROLS_MIN_PX, LAPTOP_OUTPUT_PX

    explorer = hypothesis.explore_probability()
    picture = explorer.nomogram.figure.bbox.width  # CSS px at 100 % zoom
    column = explorer.figure_column
    # the column is the picture's width and the picture has no rim: shown at scale 1, so its
    # text is as large as drawn (at least 10 px), neither shrunk nor blown up
    assert column.layout.width == f"{round(picture)}px" and column.layout.flex == "0 0 auto"
    assert column.children[0] is explorer.view.widget and explorer.view.widget.layout.margin == "0"
    # the controls and the figure share one row, the controls first, wrapping only when narrow
    row = next(c for c in explorer.widget.children if column in getattr(c, "children", ()))
    controls, figure = row.children
    assert figure is column and row.layout.flex_flow == "row wrap"
    assert explorer.findings_box in controls.children and explorer.result in controls.children
    assert controls.layout.min_width == f"{CONTROLS_MIN_PX}px"
    margin_px = 16  # the controls' 1em right margin, at JupyterLab's 13-16 px font
    assert picture + CONTROLS_MIN_PX + margin_px <= LAPTOP_OUTPUT_PX
    # the presentation (which changes everything) spans the output above the row
    assert explorer.widget.children.index(explorer.presentation) < explorer.widget.children.index(
        row
    )


def test_one_number_format_in_the_widget():
    explorer = hypothesis.explore_probability()
    # no slider writes its own readout ('20.0', '10.00 – 70.00'); the words are words.percent
    assert not explorer.thresholds.readout and not explorer.pretest_slider.readout
    explorer.thresholds.value = (15.0, 55.0)
    text = explorer.describe()
    assert f"below {percent(0.15)}" in text and "15.0" not in text and "55.00" not in text
    assert percent(explorer.assessment.post_test) in explorer.result.value

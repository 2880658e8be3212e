"""The posterior-view geometry and the explorer's pure logic: loading, anatomy, picking, words."""

from __future__ import annotations

import itertools
import textwrap

import numpy as np
import pytest

import course
from course.anatomy import FindTheStructure, Scene, ViewState, load_geometry, posterior_scene
from course.anatomy.geometry import GEOMETRY_FILE, ZONES, Relation, phrase
from course.loading import ContentError
from course.records import LAYERS

SCENE = posterior_scene()
GEOMETRY = SCENE.geometry
SHAPES = GEOMETRY.shapes

ISSUE_STRUCTURES = {
    # every structure the issue asks the posterior view to show
    "ilium", "iliac_crest", "psis", "sacrum", "coccyx", "ischial_tuberosity",
    "greater_trochanter", "femur", "sacroiliac_joint", "hip_joint", "sacrotuberous_ligament",
    "sacrospinous_ligament", "gluteus_maximus", "gluteus_medius", "gluteus_minimus", "piriformis",
    "superior_gemellus", "inferior_gemellus", "obturator_internus", "quadratus_femoris",
    "hamstring_origin", "sciatic_nerve", "superior_gluteal_nerve", "inferior_gluteal_nerve",
    "posterior_femoral_cutaneous_nerve", "superior_cluneal_nerves", "middle_cluneal_nerves",
    "inferior_cluneal_nerves", "ischiogluteal_bursa", "trochanteric_bursa",
}  # fmt: skip


def anchor(ident: str) -> tuple[float, float]:
    return SHAPES[ident].outline.anchor


def points(ident: str) -> np.ndarray:
    return np.vstack([p.points for p in SHAPES[ident].parts])


# --------------------------------------------------------------------------- loading


def test_every_outline_names_a_structure_and_the_issue_list_is_drawn():
    assert set(SHAPES) <= set(course.ids("structures"))
    assert set(SHAPES) >= ISSUE_STRUCTURES
    assert set(GEOMETRY.zones) == set(ZONES)
    assert GEOMETRY.sources and all(course.source(s) for s in GEOMETRY.sources)


def _write(tmp_path, body: str):
    path = tmp_path / "anatomy_posterior.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


GOOD_ENTRY = """
  - id: psis
    label: medial
    anchor: [5.0, 7.5]
    ellipses:
      - {centre: [5.0, 7.5], radii: [0.8, 0.9]}
"""


def _load(path):
    return load_geometry(path, structure_ids={"psis", "piriformis"}, source_ids={"grays_anatomy"})


def test_a_small_valid_file_loads(tmp_path):
    header = "units: cm\nsources: [grays_anatomy]\noutlines:"
    geometry = _load(_write(tmp_path, header + GOOD_ENTRY))
    assert list(geometry.shapes) == ["psis"]
    assert geometry.shapes["psis"].contains(5.0, 7.5)
    assert not geometry.shapes["psis"].contains(7.0, 7.5)


def test_an_unknown_structure_fails_with_file_line_entry_and_field(tmp_path):
    body = """
    units: cm
    sources: [grays_anatomy]
    outlines:
      - id: piriformus
        label: lateral
        anchor: [1, 1]
        polygons:
          - [[0, 0], [2, 0], [2, 2]]
    """
    with pytest.raises(ContentError) as caught:
        _load(_write(tmp_path, body))
    message = str(caught.value)
    assert "anatomy_posterior.yaml:5" in message
    assert "entry 'piriformus'" in message and "field 'id'" in message
    assert "did you mean 'piriformis'" in message


def test_every_malformed_outline_is_reported_in_one_go(tmp_path):
    body = """
    units: inches
    sources: [no_such_source]
    outlines:
      - id: psis
        label: medial
        anchor: [9, 9]
        ellipses:
          - {centre: [5.0, 7.5], radii: [0.8, 0.9]}
      - id: piriformis
        label: sideways
        anchor: [1, 1]
        polygons:
          - [[0, 0], [2, 0]]
        polylines:
          - [[0, 0], [1, 1]]
    zones:
      - id: middle
        anchor: [0, 0]
        polygon: [[0, 0], [1, 0], [1, 1]]
    """
    with pytest.raises(ContentError) as caught:
        _load(_write(tmp_path, body))
    text = str(caught.value)
    assert "field 'units': must be 'cm'" in text
    assert "'no_such_source' names no source" in text
    assert "entry 'psis', field 'anchor': [9.0, 9.0] does not lie on the outline" in text
    assert "entry 'piriformis', field 'label'" in text and "'medial', 'lateral'" in text
    assert "entry 'middle', field 'id': str 'middle' is not one of 'upper', 'lower', 'lateral'" in (
        text
    )


def test_lines_and_fills_do_not_mix_and_points_need_two_numbers(tmp_path):
    body = """
    units: cm
    sources: [grays_anatomy]
    outlines:
      - id: piriformis
        label: lateral
        anchor: [1, 1]
        polygons:
          - [[0, 0], [2, 0], [2, 2, 5]]
        polylines:
          - [[0, 0], [1, 1]]
      - id: psis
        label: medial
        anchor: [-1, 0]
        polygons:
          - [[-2, -1], [0, -1], [0, 1]]
    """
    with pytest.raises(ContentError) as caught:
        _load(_write(tmp_path, body))
    text = str(caught.value)
    assert "field 'polygons[0][2]': each point is [x, y] in cm" in text
    assert "either filled (polygons/ellipses) or lines, not both" in text
    assert "crosses the midline" in text


def test_the_shipped_file_is_the_default():
    assert GEOMETRY.file == GEOMETRY_FILE.name == "anatomy_posterior.yaml"


# --------------------------------------------------------------------------- textbook relations


def _y_range_at(ident: str, x: float) -> tuple[float, float]:
    """The vertical extent (cm) of a filled outline on the vertical line at x."""
    ys = np.linspace(-25, 20, 901)
    inside = [y for y in ys if SHAPES[ident].contains(x, y)]
    assert inside, f"{ident} does not reach x = {x}"
    return min(inside), max(inside)


def test_bony_proportions_match_an_average_adult():
    psis_x, psis_y = anchor("psis")
    assert 4.0 <= psis_x <= 6.0  # dimples about 9-10 cm apart
    crest_top = points("iliac_crest")[:, 1].max()
    assert 13.0 <= crest_top <= 16.0  # crest well above the hip, at L4
    assert points("lumbar_spine")[:, 1].min() < crest_top < points("lumbar_spine")[:, 1].max()
    trochanter = points("greater_trochanter")
    assert 15.5 <= trochanter[:, 0].max() <= 18.0  # bitrochanteric width 31-36 cm
    tuberosity = points("ischial_tuberosity")
    assert tuberosity[:, 1].min() < trochanter[:, 1].min()  # sitting bone lowest
    assert tuberosity[:, 0].max() < trochanter[:, 0].min()  # and medial to the trochanter
    assert psis_y > trochanter[:, 1].max() + 4  # PSIS (S2) well above the trochanter


def test_the_sciatic_nerve_leaves_below_piriformis_and_runs_through_the_ischial_tunnel():
    low, _ = _y_range_at("piriformis", 8.5)
    top_of_nerve = points("sciatic_nerve")[:, 1].max()
    assert top_of_nerve < low + 1.2  # starts at piriformis' lower border...
    assert SCENE.hidden_by("sciatic_nerve", "superficial_muscle") == ["gluteus_maximus"]
    x, _ = anchor("sciatic_nerve")
    medial = points("ischial_tuberosity")[:, 0].max()
    lateral = points("greater_trochanter")[:, 0].min()
    assert medial < x < lateral  # between tuberosity and trochanter
    assert x < (anchor("ischial_tuberosity")[0] + anchor("greater_trochanter")[0]) / 2 + 1.0


@pytest.mark.parametrize(
    "nerve, above",
    [
        ("superior_gluteal_nerve", True),
        ("superior_gluteal_artery", True),
        ("inferior_gluteal_nerve", False),
        ("posterior_femoral_cutaneous_nerve", False),
        ("pudendal_nerve", False),
    ],
)
def test_nerves_leave_above_or_below_piriformis(nerve, above):
    start_x, start_y = SHAPES[nerve].parts[0].points[0]
    low, high = _y_range_at("piriformis", start_x)
    assert low - 0.5 <= start_y <= high + 0.5, "starts at piriformis' border"
    outside = [p for p in points(nerve) if not SHAPES["piriformis"].contains(*p)]
    if above:
        assert all(y > _y_range_at("piriformis", x)[1] for x, y in outside if 5 < x < 13.5)
    else:
        assert np.mean([y for _, y in outside]) < low


def test_superior_cluneal_medial_branch_crosses_the_crest_7_to_8_cm_from_midline():
    crest = points("iliac_crest")
    branch = SHAPES["superior_cluneal_nerves"].parts[0].points
    # the crossing: the branch point closest to the crest line
    gaps = [SHAPES["iliac_crest"].distance(*p) for p in branch]
    crossing_x = branch[int(np.argmin(gaps))][0]
    assert min(gaps) < 0.3 and crest[:, 0].min() < crossing_x
    assert 6.0 <= crossing_x <= 8.5  # Lu 1998 ~7-8 cm; Iwanaga 2019 ~6.5 cm


def test_middle_cluneal_nerves_cross_the_long_ligament_below_the_psis():
    _, psis_y = anchor("psis")
    hits = [
        p
        for p in points("middle_cluneal_nerves")
        if SHAPES["long_posterior_sacroiliac_ligament"].contains(*p)
    ]
    assert hits
    assert any(1.5 <= psis_y - y <= 4.0 and 2.5 <= x <= 5.0 for x, y in hits)  # Konno 2017


def test_inferior_cluneal_nerves_curl_round_the_lower_border_of_gluteus_maximus():
    for part in SHAPES["inferior_cluneal_nerves"].parts[:2]:
        ends = [part.points[0], part.points[-1]]
        inside = [SHAPES["gluteus_maximus"].contains(*p) for p in ends]
        assert inside.count(True) == 1, "one end under the muscle edge, one below it"


def test_deep_structures_attach_where_textbooks_put_them():
    trochanter = SHAPES["greater_trochanter"]
    tip = max(SHAPES["piriformis"].parts[0].points, key=lambda p: p[0])
    assert trochanter.distance(*tip) < 0.6  # piriformis to the top of the trochanter
    for rotator in ("superior_gemellus", "obturator_internus", "inferior_gemellus"):
        lateral_end = max(points(rotator), key=lambda p: p[0])
        assert trochanter.contains(*lateral_end) or trochanter.distance(*lateral_end) < 0.6
    quadratus = points("quadratus_femoris")
    assert quadratus[:, 0].min() < points("ischial_tuberosity")[:, 0].max()
    assert quadratus[:, 0].max() > points("lesser_trochanter")[:, 0].min()
    assert SHAPES["ischial_tuberosity"].contains(*anchor("ischiogluteal_bursa"))
    assert SHAPES["hamstring_origin"].contains(*anchor("ischiogluteal_bursa"))
    assert SHAPES["greater_trochanter"].contains(*anchor("trochanteric_bursa"))
    spine = max(SHAPES["sacrospinous_ligament"].parts[0].points, key=lambda p: p[0])
    assert 4.5 <= spine[0] <= 5.6  # to the ischial spine, about 5 cm from the midline
    assert any(SHAPES["ischial_tuberosity"].contains(*p) for p in points("sacrotuberous_ligament"))


# --------------------------------------------------------------------------- depth and picking


@pytest.mark.parametrize("ident", sorted(SHAPES))
def test_each_structure_can_be_clicked_at_its_own_depth(ident):
    layer = SCENE.layers[ident]
    assert SCENE.pick(ViewState(depth=layer), *anchor(ident)) == ident
    assert SCENE.hidden_by(ident, layer) == []


def test_peeling_shows_a_layer_and_everything_deeper():
    for depth in LAYERS:
        shown = set(SCENE.shown(depth))
        expected = {i for i in SHAPES if LAYERS.index(SCENE.layers[i]) >= LAYERS.index(depth)}
        assert shown == expected
    assert "gluteus_maximus" in SCENE.exposed("superficial_muscle")
    assert "piriformis" not in SCENE.exposed("superficial_muscle")
    assert "piriformis" in SCENE.exposed("deep")
    assert SCENE.hidden_by("gluteus_minimus", "intermediate") == ["gluteus_medius"]


def test_a_click_hits_the_topmost_structure_or_nothing():
    x, y = anchor("piriformis")
    assert SCENE.pick(ViewState(depth="superficial_muscle"), x, y) == "gluteus_maximus"
    assert SCENE.pick(ViewState(depth="deep"), x, y) == "piriformis"
    assert SCENE.pick(ViewState(depth="skeleton"), x, y) in {"ilium", "greater_sciatic_foramen"}
    assert SCENE.pick(ViewState(), 28.0, 17.0) is None
    assert SCENE.what_is_at(ViewState(depth="skeleton"), 2.5, -6.6).startswith("ischium")
    assert SCENE.what_is_at(ViewState(), 28.0, 17.0) == ""


def test_zones_sort_landmarks_into_upper_lower_and_lateral():
    assert GEOMETRY.zones_at(*anchor("psis")) == ["upper"]
    assert GEOMETRY.zones_at(*anchor("ischial_tuberosity")) == ["lower"]
    assert GEOMETRY.zones_at(*anchor("greater_trochanter")) == ["lateral"]


def test_labels_never_overlap_and_stay_in_their_column():
    from course.anatomy.view import LABEL_BOTTOM, LABEL_LINE_CM, LABEL_TOP, label_text

    for wanted in [SCENE.exposed(d) for d in LAYERS] + [set(SHAPES)]:
        placed = SCENE.layout(wanted)
        assert set(placed) == set(wanted)
        for column in ("medial", "lateral"):
            items = sorted(
                (placed[i], label_text(SCENE.names[i]).count("\n") + 1)
                for i in wanted
                if SHAPES[i].outline.label == column
            )
            for (y0, n0), (y1, n1) in itertools.pairwise(items):
                assert y1 - y0 >= (n0 + n1) * LABEL_LINE_CM / 2 - 1e-9
            assert all(LABEL_BOTTOM - 1e-9 <= y <= LABEL_TOP + 1e-9 for y, _ in items)


# --------------------------------------------------------------------------- words


def test_relations_are_phrased_from_landmarks():
    names = {"psis": "PSIS"}
    assert phrase(Relation("psis", 2.2, -3.1, False), names) == (
        "about 3 cm below and 2 cm lateral to the PSIS"
    )
    assert phrase(Relation("psis", -1.6, 0.2, False), names) == "about 2 cm medial to the PSIS"
    assert phrase(Relation("psis", 0.1, 0.1, True), names) == "over the PSIS"
    where = SCENE.where("sciatic_nerve")
    assert "lateral to the ischial tuberosity" in where
    assert "medial to the greater trochanter" in where


def test_describe_says_layers_selection_landmarks_and_what_covers_it():
    text = SCENE.describe(ViewState(depth="superficial_muscle", highlight="piriformis"))
    assert "right buttock" in text
    assert "Layers shown: gluteus maximus, intermediate layer, deep layer, skeleton." in text
    assert "Selected: Piriformis (deep layer)" in text
    assert "greater trochanter" in text
    assert "it lies under gluteus maximus" in text and "peel to 'deep'" in text
    peeled = SCENE.describe(ViewState(depth="deep", highlight="gluteus_maximus", zones=True))
    assert "peeled away at this depth" in peeled
    assert "zones shown: upper buttock, lower buttock, lateral buttock" in peeled.lower()


def test_info_links_a_structure_to_the_conditions_that_involve_it():
    info = SCENE.info("piriformis", course.conditions())
    assert ("deep_gluteal_syndrome", "Deep gluteal syndrome") in info.conditions
    text = info.text()
    assert course.structure("piriformis").description in text
    assert "Innervation:" in text and "Deep gluteal syndrome" in text
    assert SCENE.info("Piriformis", course.conditions()).id == "piriformis"  # by name too


def test_bad_choices_name_the_valid_ones():
    with pytest.raises(ValueError, match="no structure 'piriformus'.*did you mean 'piriformis'"):
        SCENE.check_structure("piriformus")
    with pytest.raises(ValueError, match="outside this posterior view"):
        SCENE.check_structure("pelvic_organs")
    with pytest.raises(ValueError, match="unknown layer 'bone'; choose one of: skin_fascia"):
        Scene.check_layer("bone")
    with pytest.raises(ValueError, match="unknown side 'both'; choose one of: right, left"):
        Scene.check_side("both")


# --------------------------------------------------------------------------- quiz


def test_a_seed_fixes_the_quiz_sequence():
    first = FindTheStructure(SCENE.ids, SCENE.names, rounds=6, seed=11).targets
    again = FindTheStructure(SCENE.ids, SCENE.names, rounds=6, seed=11).targets
    other = FindTheStructure(SCENE.ids, SCENE.names, rounds=6, seed=12).targets
    assert first == again != other
    assert len(set(first)) == 6


def test_quiz_scores_answers_and_names_what_was_clicked():
    quiz = FindTheStructure(["piriformis", "sciatic_nerve", "psis"], SCENE.names, seed=1)
    assert len(quiz.targets) == 3  # no more rounds than structures
    asked = quiz.current
    right = quiz.answer(asked)
    # one verdict per message (issue 17, finding 16): the widget adds only a mark before it
    assert right.correct and right.message.startswith("Correct: that is the ")
    assert quiz.answer("psis") is right  # a second click does not change the answer
    quiz.advance()
    wrong_pick = next(i for i in ("piriformis", "psis") if i != quiz.current)
    wrong = quiz.answer(wrong_pick)
    assert not wrong.correct
    assert f"you clicked the {SCENE.names[wrong_pick].lower()}" in wrong.message.lower()
    quiz.advance()
    missed = quiz.answer(None, "ischium and pubis (part of the hip bone)")
    assert "ischium and pubis" in missed.message and "not one of the course's structures" in (
        missed.message
    )
    assert quiz.score == (1, 3)
    assert quiz.advance() is None and quiz.finished
    assert quiz.summary().startswith("Score: 1 of 3.")
    with pytest.raises(RuntimeError, match="quiz is over"):
        quiz.answer("psis")


def test_quiz_refuses_to_skip_and_empty_setups():
    quiz = FindTheStructure(["psis"], SCENE.names, seed=0)
    with pytest.raises(RuntimeError, match="answer the current question"):
        quiz.advance()
    with pytest.raises(ValueError, match="at least one round"):
        FindTheStructure(["psis"], SCENE.names, rounds=0)
    with pytest.raises(ValueError, match="at least one structure"):
        FindTheStructure([], SCENE.names)


def test_each_round_is_an_identify_structure_question_recorded_in_progress(tmp_path):
    from course.quiz import kinds
    from course.quiz.progress import ProgressFile
    from course.quiz.structures import question_id, structure_set

    progress = ProgressFile(tmp_path / "p.json")
    quiz = FindTheStructure(["piriformis", "psis"], SCENE.names, seed=2, progress=progress)
    target = quiz.current
    question = quiz.questions[target]
    assert question.id == question_id(target) and question.kind == "identify_structure"
    assert kinds.reveal(question).answer == target
    assert kinds.KIND["identify_structure"].right_option_ids(question) == [target]
    assert kinds.problems(question) == []  # keys are sealed hashes like any other question
    assert len(question.options) == len(SCENE.names)  # any structure a click can pick
    quiz.answer(target)
    assert progress.get(question_id(target)).solved
    quiz.advance()
    quiz.answer(None, "ischium and pubis (part of the hip bone)")
    missed = progress.get(question_id(quiz.current))
    assert missed.attempts == 1 and missed.best == 0.0 and not missed.solved
    whole = structure_set()
    assert [q.id for q in whole.questions] == [question_id(i) for i in SCENE.ids]

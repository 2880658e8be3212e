"""The lesson helpers show exactly the content they are asked for, and the widgets react.

Most tests run twice over: on a small fixed content folder (so that the expected cards are
known exactly) and on the shipped content (so that the lessons' real calls work).
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Iterator
from html import escape
from pathlib import Path

import nbformat
import pytest

import course
import course.catalogue
from course import lessons, records, words
from course.catalogue import Catalogue
from course.records import rules
from tools import notebooks

FIXTURE = {
    "sources/s.yaml": """\
        - id: seed_a
          citation: Seed article A (lay text).
          kind: seed
        - id: paper_b
          citation: Author B. A paper. Journal 2001.
          kind: primary
        """,
    "structures.yaml": """\
        - id: sacroiliac_joint
          name: Sacroiliac joint
          kind: joint
          layer: skeleton
          regions: [upper]
          description: Between sacrum and ilium.
          sources: [seed_a]
        - id: hamstring_origin
          name: Hamstring origin
          kind: tendon
          layer: deep
          regions: [lower]
          description: On the ischial tuberosity.
          sources: [seed_a]
        - id: sciatic_nerve
          name: Sciatic nerve
          kind: nerve
          layer: deep
          regions: [deep_radiating, lower]
          description: The large nerve of the back of the thigh.
          sources: [seed_a]
        """,
    "tests.yaml": """\
        - id: thigh_thrust
          name: Thigh thrust
          purpose: SIJ pain.
          procedure: Push along the femur with the hip flexed.
          positive: Familiar buttock pain.
          accuracy:
            - reference_standard: Intra-articular block
              sensitivity: 0.88
              specificity: 0.69
              evidence: secondary
              note: Taken from a review; the original paper was not read.
              sources: [paper_b]
          sources: [paper_b]
        - id: bent_knee_stretch
          name: Bent-knee stretch
          purpose: Proximal hamstring tendinopathy.
          procedure: Hip and knee flexed, then the knee is straightened.
          positive: Pain at the ischial tuberosity.
          sources: [paper_b]
        """,
    "urgency.yaml": """\
        - {id: emergency, name: Emergency, when: Now, meaning: Ambulance., words: [ambulance],
           sources: [seed_a]}
        - {id: same_day, name: Same day, when: Today, meaning: Today., words: [today],
           sources: [seed_a]}
        - {id: urgent, name: Urgent, when: Within days, meaning: Days., words: [within days],
           sources: [seed_a]}
        - {id: soon, name: Soon, when: At the next medical review, meaning: Routine.,
           words: [routine], sources: [seed_a]}
        """,
    "red_flags.yaml": """\
        - id: inflammatory
          name: Inflammatory back pain
          suspect: Axial spondyloarthritis
          features: [Onset before 40, Night pain easing on getting up]
          action: Refer to a rheumatologist.
          urgency: soon
          sources: [paper_b]
        - id: cauda_equina
          name: Cauda equina syndrome
          suspect: Compression of the cauda equina
          features: [Saddle numbness, Bladder change]
          action: Same-day emergency referral.
          urgency: emergency
          sources: [seed_a]
        - id: infection
          name: Infection
          suspect: Septic arthritis or osteomyelitis
          features: [Fever, Night pain easing on getting up]
          action: Urgent medical assessment.
          urgency: urgent
          sources: [seed_a]
        """,
    "conditions.yaml": """\
        - id: sacroiliac_joint_pain
          name: Sacroiliac joint pain
          regions: [upper]
          source_category: joint
          summary: Pain from the SIJ.
          structures: [sacroiliac_joint]
          aggravating: [Rolling in bed, Stairs]
          key_tests: [thigh_thrust]
          red_flags: [inflammatory, infection]
          caution_claims:
            - claim: The pelvis goes out of place.
              seed: seed_a
              why: Asymmetry is normal.
          sources: [seed_a]
        - id: proximal_hamstring_tendinopathy
          name: Proximal hamstring tendinopathy
          regions: [lower]
          source_category: soft_tissue
          summary: Sit-bone pain with load.
          structures: [hamstring_origin]
          pain_character: Deep ache at the sit bone.
          key_tests: [bent_knee_stretch]
          sources: [paper_b]
        - id: deep_gluteal_syndrome
          name: Deep gluteal syndrome
          regions: [deep_radiating, lower]
          source_category: peripheral_nerve
          summary: Sciatic nerve irritated under gluteus maximus.
          structures: [sciatic_nerve]
          red_flags: [cauda_equina]
          sources: [seed_a]
        - id: sacral_fatigue_fracture
          name: Sacral fatigue fracture
          regions: [upper]
          source_category: bone
          summary: A stress fracture in a runner.
          structures: [sacroiliac_joint]
          sources: [paper_b]
        """,
}


@pytest.fixture
def small(tmp_path: Path) -> Iterator[Catalogue]:
    """Use a small known content folder instead of the shipped one for the length of one test."""
    for name, text in FIXTURE.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    with course.using(Catalogue.load(tmp_path, required=False)) as catalogue:
        yield catalogue


def names_in(html: str, catalogue: Catalogue) -> set[str]:
    return {c.name for c in catalogue.all("conditions") if c.name in html}


# --------------------------------------------------------------------------- condition cards


def test_region_filter_returns_exactly_that_regions_conditions(small):
    expected = {
        "upper": ["sacroiliac_joint_pain", "sacral_fatigue_fracture"],
        "lower": ["proximal_hamstring_tendinopathy", "deep_gluteal_syndrome"],
        "lateral": [],
        "deep_radiating": ["deep_gluteal_syndrome"],
    }
    for region, ids in expected.items():
        deck = lessons.condition_cards(region=region)
        assert deck.ids == ids, region
        wanted = {small.get("conditions", i).name for i in ids}
        assert names_in(deck._repr_html_(), small) == wanted, region
    assert "none in the content" in lessons.condition_cards(region="lateral").description()


def test_region_and_category_combine(small):
    deck = lessons.condition_cards(region="lower", category="soft_tissue")
    assert deck.ids == ["proximal_hamstring_tendinopathy"]
    assert deck.heading == "Soft tissue causes felt in the lower buttock"
    assert lessons.condition_cards(category="bone").ids == ["sacral_fatigue_fracture"]


def test_named_ids_keep_their_order_and_respect_the_filters(small):
    deck = lessons.condition_cards(ids=["sacral_fatigue_fracture", "sacroiliac_joint_pain"])
    assert deck.ids == ["sacral_fatigue_fracture", "sacroiliac_joint_pain"]
    deck = lessons.condition_cards(region="upper", ids=["deep_gluteal_syndrome"])
    assert deck.ids == []


def test_cards_collapse_to_a_summary_line_or_open_in_full(small):
    html = lessons.condition_cards(region="upper")._repr_html_()
    assert html.count("<details") == 2 and "Pain from the SIJ." in html
    assert "Thigh thrust" in html  # the full card is inside, test names not ids
    full = lessons.condition_cards(region="upper", expanded=True)._repr_html_()
    assert "<details" not in full and full.count("<h4") == 2


def test_bad_region_or_category_names_the_choices(small):
    with pytest.raises(ValueError, match="unknown region 'uper'; choose one of: .*upper"):
        lessons.condition_cards(region="uper")
    with pytest.raises(ValueError, match="unknown category 'nerve'; choose one of: .*radicular"):
        lessons.condition_cards(category="nerve")
    with pytest.raises(course.UnknownIdError, match="did you mean 'sacroiliac_joint_pain'"):
        lessons.condition_cards(ids=["sacroiliac_joint_pian"])


@pytest.mark.parametrize("region", list(words.REGION))
def test_shipped_region_decks_match_the_content(region):
    expected = [c.id for c in course.conditions() if region in c.regions]
    deck = lessons.condition_cards(region=region)
    assert deck.ids == expected
    html = deck._repr_html_()
    for c in course.conditions():
        assert (f"<strong>{c.name}</strong>" in html) == (c.id in expected), c.id


# --------------------------------------------------------------------------- comparison


def test_compare_table_puts_conditions_side_by_side_with_names_not_ids(small):
    table = lessons.compare_table(
        ["sacroiliac_joint_pain", "proximal_hamstring_tendinopathy"],
        ["structures", "key_tests", "aggravating", "pain_character", "red_flags"],
    )
    assert table.cell("structures", "sacroiliac_joint_pain") == ("Sacroiliac joint",)
    assert table.cell("key_tests", "proximal_hamstring_tendinopathy") == ("Bent-knee stretch",)
    assert table.cell("aggravating", "sacroiliac_joint_pain") == ("Rolling in bed", "Stairs")
    assert table.cell("pain_character", "sacroiliac_joint_pain") == ()
    assert table.cell("red_flags", "sacroiliac_joint_pain") == (
        "Inflammatory back pain",
        "Infection",
    )
    html = table._repr_html_()
    assert html.count("<tr>") == 1 + 5  # header and one row per field
    assert "Rolling in bed" in html and "thigh_thrust" not in html
    assert "Key tests, Proximal hamstring tendinopathy: Bent-knee stretch." in str(table)


def test_compare_table_default_fields(small):
    table = lessons.compare_table(["deep_gluteal_syndrome", "sacral_fatigue_fracture"])
    assert table.fields == lessons.COMPARE_FIELDS
    assert table.cell("regions", "deep_gluteal_syndrome") == (
        "deep buttock, radiating into the leg",
        "lower buttock",
    )
    assert table.cell("source_category", "sacral_fatigue_fracture") == ("bone",)


def test_compare_table_rejects_unknown_ids_with_did_you_mean(small):
    with pytest.raises(course.UnknownIdError) as caught:
        lessons.compare_table(["sacroiliac_joint_pain", "deep_gluteal_syndrom"])
    assert "no condition called 'deep_gluteal_syndrom'" in str(caught.value)
    assert "did you mean 'deep_gluteal_syndrome'" in str(caught.value)


def test_compare_table_rejects_unknown_fields_and_bad_lists(small):
    pair = ["sacroiliac_joint_pain", "deep_gluteal_syndrome"]
    with pytest.raises(ValueError, match="unknown field 'aggravated'; did you mean 'aggravating'"):
        lessons.compare_table(pair, ["aggravated"])
    with pytest.raises(ValueError, match="2 to 6 conditions"):
        lessons.compare_table(pair[:1])
    with pytest.raises(ValueError, match="listed twice: deep_gluteal_syndrome"):
        lessons.compare_table([*pair, "deep_gluteal_syndrome"])
    with pytest.raises(TypeError, match="list of condition ids"):
        lessons.compare_table("sacroiliac_joint_pain")


def test_shipped_compare_table_suggests_the_closest_condition():
    real = course.ids("conditions")[0]
    with pytest.raises(course.UnknownIdError, match=f"did you mean '{real}'"):
        lessons.compare_table([real, real[:-1]])


# --------------------------------------------------------------------------- tests, claims


def test_key_tests_shows_accuracy_and_the_evidence_marker(small):
    deck = lessons.key_tests("sacroiliac_joint_pain")
    assert [t.id for t in deck.tests] == ["thigh_thrust"]
    html = deck._repr_html_()
    assert "88%" in html and "69%" in html and "[secondary source only]" in html
    plain = lessons.key_tests("proximal_hamstring_tendinopathy")
    assert "No published accuracy" in plain._repr_html_()


def test_caution_claims_are_shown_as_claims_with_their_seed(small):
    claims = lessons.caution_claims(region="upper")
    assert [k.claim.claim for k in claims.claims] == ["The pelvis goes out of place."]
    html = claims._repr_html_()
    assert "“The pelvis goes out of place.”" in html
    assert "Seed article A" in html and "Asymmetry is normal." in html
    assert lessons.caution_claims(region="lower").claims == ()
    assert "none recorded" in lessons.caution_claims(region="lower")._repr_html_()


# --------------------------------------------------------------------------- red flags


def test_red_flag_checklist_holds_every_flag_most_urgent_first(small):
    checklist = lessons.red_flag_checklist()
    assert [f.id for f in checklist.flags] == ["cauda_equina", "infection", "inflammatory"]
    html = checklist._repr_html_()
    for flag in small.all("red_flags"):
        assert flag.name in html and flag.action in html
        for feature in flag.features:
            assert feature in html
    assert html.index("Cauda equina") < html.index("Infection") < html.index("Inflammatory")
    assert checklist.screened_in("infection") == ["Sacroiliac joint pain"]
    assert "EMERGENCY: NOW" in html  # tier words come from urgency.yaml


def test_shipped_red_flag_checklist_contains_every_red_flag():
    checklist = lessons.red_flag_checklist()
    assert sorted(f.id for f in checklist.flags) == sorted(course.ids("red_flags"))
    urgencies = [lessons.URGENCY_ORDER.index(f.urgency) for f in checklist.flags]
    assert urgencies == sorted(urgencies)
    text = checklist.description()
    for flag in course.red_flags():
        assert flag.name in text and flag.action in text


def test_flags_for_maps_findings_to_flags_by_urgency(small):
    assert lessons.features() == [
        "Bladder change",
        "Fever",
        "Night pain easing on getting up",
        "Onset before 40",
        "Saddle numbness",
    ]
    shared = lessons.flags_for(["Night pain easing on getting up"])
    assert [f.id for f in shared] == ["infection", "inflammatory"]
    both = lessons.flags_for(["Onset before 40", "Saddle numbness"])
    assert [f.id for f in both] == ["cauda_equina", "inflammatory"]
    assert lessons.flags_for([]) == []
    with pytest.raises(ValueError, match="unknown red-flag feature 'Fevr'; did you mean 'Fever'"):
        lessons.flags_for(["Fevr"])


def test_red_flag_screen_reacts_to_ticks(small):
    screen = lessons.red_flag_screen(case="A man of 70 with new back pain.")
    assert list(screen.boxes) == lessons.features()
    assert "No red flag ticked" in screen.result.value
    screen.boxes["Fever"].value = True
    assert "Infection" in screen.result.value
    assert "Urgent medical assessment." in screen.result.value
    assert "Cauda" not in screen.result.value
    screen.boxes["Saddle numbness"].value = True
    html = screen.result.value
    assert html.index("Cauda equina syndrome") < html.index("Infection")
    assert screen.description().startswith("Most urgent: Cauda equina syndrome (emergency")
    screen.boxes["Fever"].value = False
    screen.boxes["Saddle numbness"].value = False
    assert "No red flag ticked" in screen.result.value
    assert screen.ticked() == []


# --------------------------------------------------------------------------- widgets


def test_condition_explorer_filters_when_a_control_changes(small):
    explorer = lessons.explore_conditions()
    assert explorer.region.index == 0, "the drop-down must show 'any region', not a blank"
    assert explorer.deck.ids == [c.id for c in small.all("conditions")]
    explorer.region.value = "upper"
    assert explorer.deck.ids == ["sacroiliac_joint_pain", "sacral_fatigue_fracture"]
    assert names_in(explorer.cards.value, small) == {
        "Sacroiliac joint pain",
        "Sacral fatigue fracture",
    }
    explorer.category.value = "bone"
    assert names_in(explorer.cards.value, small) == {"Sacral fatigue fracture"}
    assert explorer.description().startswith("Bone causes felt in the upper buttock (1)")
    explorer.region.value = "lateral"
    assert "No condition in the content matches" in explorer.cards.value
    explorer.region.value = lessons.ANY
    explorer.category.value = lessons.ANY
    assert len(explorer.deck.conditions) == 4


def test_condition_explorer_refuses_a_bad_start_value(small):
    with pytest.raises(ValueError, match="unknown region"):
        lessons.explore_conditions(region="middle")


# --------------------------------------------------------------------------- course map


def test_course_map_lists_the_lessons_in_order():
    numbers = [lesson.number for lesson in lessons.COURSE_MAP]
    assert numbers == list(range(len(numbers)))
    assert len(numbers) >= 14  # 00 start here ... 12 my progress, 13 the virtual patient
    lines = lessons.course_map().description().splitlines()
    assert lines[0].startswith("00 Start here")
    assert lines[12].startswith("12 My progress")
    assert lines[13].startswith("13 Clinical reasoning with a virtual patient")
    assert len(lines) == len(numbers)


def test_every_lesson_notebook_is_on_the_map_and_linked():
    mapped = {lesson.number for lesson in lessons.COURSE_MAP}
    on_disk = {int(p.name[:2]): p for p in notebooks.lessons()}
    assert set(on_disk) <= mapped, "a lesson notebook is missing from lessons.COURSE_MAP"
    html = lessons.course_map()._repr_html_()
    for path in on_disk.values():
        assert f"<a href='{path.name}'>" in html
    for lesson, path in lessons.course_map().entries:
        assert (path is None) == (lesson.number not in on_disk)
    assert list(lessons.LESSON_NOTEBOOKS) == [p.name for p in notebooks.lessons()]


# --------------------------------------------------------------------------- my notebooks

MINE = [
    "00_start_here",
    "03_upper_buttock_pain",
    "04_lower_buttock_pain",
    "05_lateral_and_deep_radiating_pain",
    "07_non_musculoskeletal_causes_and_red_flags",
]


def sections(path: Path) -> dict[str, str]:
    """The markdown under each level-2 heading of a notebook."""
    nb = nbformat.read(path, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    parts = re.split(r"^## (.+)$", text, flags=re.M)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts), 2)}


@pytest.mark.parametrize("stem", MINE)
def test_lesson_has_measurable_objectives_and_open_self_check(stem):
    found = sections(notebooks.NOTEBOOKS / f"{stem}.ipynb")
    objectives = re.findall(r"^\d+\. ", found["Objectives"], flags=re.M)
    assert 3 <= len(objectives) <= 5
    questions = re.findall(r"^\d+\. ", found["Self-check"], flags=re.M)
    assert 2 <= len(questions) <= 3
    assert "answer:" not in found["Self-check"].lower()
    assert "Summary" in found


@pytest.mark.parametrize("stem", MINE[1:])
def test_lesson_shows_condition_cards_and_claims_from_content(stem):
    nb = nbformat.read(notebooks.NOTEBOOKS / f"{stem}.ipynb", as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "course.lessons.condition_cards(" in code
    assert "course.lessons.compare_table(" in code


def test_widgets_carry_a_static_copy_for_exported_pages(small):
    explorer = lessons.explore_conditions(region="upper")
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert names_in(bundle["text/html"], small) == {
        "Sacroiliac joint pain",
        "Sacral fatigue fracture",
    }
    assert bundle["text/plain"] == explorer.description()
    screen = lessons.red_flag_screen(case="A febrile teenager.")
    screen.boxes["Fever"].value = True
    assert screen._repr_mimebundle_()["text/plain"].startswith("Most urgent: Infection")
    html = screen._repr_mimebundle_()["text/html"]
    assert "A febrile teenager." in html
    assert "☑ Fever" in html and "☐ Saddle numbness" in html and "Infection" in html


def test_collapsed_cards_show_the_first_sentence_of_the_summary():
    text = "Pain at the sit bone (Smith 2001). It builds with load. Sitting hurts."
    assert lessons.first_sentence(text) == "Pain at the sit bone (Smith 2001)."
    assert lessons.first_sentence("One sentence only") == "One sentence only"


def test_widgets_follow_the_course_css_conventions(small):
    from course.figures import CONTROL_CLASS, DESCRIPTION_CLASS, WIDGET_CLASS

    explorer = lessons.explore_conditions()
    assert WIDGET_CLASS in explorer.widget._dom_classes
    assert CONTROL_CLASS in explorer.region._dom_classes
    assert CONTROL_CLASS in explorer.category._dom_classes
    assert DESCRIPTION_CLASS in explorer.cards._dom_classes
    screen = lessons.red_flag_screen()
    assert WIDGET_CLASS in screen.widget._dom_classes
    assert all(CONTROL_CLASS in box._dom_classes for box in screen.boxes.values())
    assert DESCRIPTION_CLASS in screen.result._dom_classes


# --------------------------------------------------------------------------- course map as content


def _first_heading(path: Path) -> str:
    """The title in a notebook's first heading, without its lesson number ("# 03 · Title")."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell["cell_type"] == "markdown":
            first = "".join(cell["source"]).splitlines()[0]
            match = re.fullmatch(r"#\s+\d+\s*[·.]\s*(.+)", first.strip())
            assert match, f"{path.name}: first heading '{first}' is not '# NN · Title'"
            return match.group(1).strip()
    raise AssertionError(f"{path.name}: no markdown cell")


def test_each_notebook_first_heading_is_its_map_title():
    folder = notebooks.lessons()[0].parent
    for lesson in lessons.COURSE_MAP:
        path = folder / lesson.notebook
        assert path.exists(), f"course_map.yaml {lesson.id}: no notebook {lesson.notebook}"
        assert _first_heading(path) == lesson.title, path.name


def test_readme_lesson_table_matches_the_map():
    readme = (notebooks.lessons()[0].parent.parent / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| \[(\d\d)\]\([^)]*labpath=notebooks%2F([^)]+)\) \|", readme, re.M)
    assert rows == [(f"{x.number:02d}", x.notebook) for x in lessons.COURSE_MAP]


def test_course_map_titles_come_from_the_content():
    html = lessons.course_map()._repr_html_()
    for lesson in course.content().all("course_map"):
        assert escape(lesson.title) in html
        assert lesson.about in lessons.course_map().description()


def test_a_bad_map_entry_is_named_field_by_field():
    bad = records.MapLesson("lesson3", 4, " ", "About.", "4_x.ipynb")
    flaws = dict(rules.map_lesson(bad))
    assert flaws["id"] == "should be 'lesson04' for lesson number 4"
    assert "04_<words>.ipynb" in flaws["notebook"]
    assert flaws["title"] == "is empty"
    good = records.MapLesson("lesson04", 4, "Lower buttock pain", "About.", "04_lower.ipynb")
    assert list(rules.map_lesson(good)) == []


# --------------------------------------------------------------------------- on the widget base


def test_condition_explorer_is_driven_by_events_with_undo_and_reset(small):
    explorer = lessons.explore_conditions()
    assert explorer.send(("region", "upper"))
    assert explorer.region.value == "upper", "render sets the drop-down to the state"
    assert explorer.state == lessons.DeckFilter("upper", None)
    assert explorer.send(("category", "bone"))
    assert explorer.category.value == "bone"
    assert names_in(explorer.cards.value, small) == {"Sacral fatigue fracture"}
    assert "Bone causes felt in the upper buttock (1)" in explorer.description_view.value
    assert not explorer.send(("category", "bone")), "the same choice again changes nothing"
    assert not explorer.send("nonsense")
    assert explorer.undo()
    assert explorer.category.value == lessons.ANY
    assert explorer.deck.ids == ["sacroiliac_joint_pain", "sacral_fatigue_fracture"]
    explorer.reset()
    assert explorer.region.value == lessons.ANY and len(explorer.deck.conditions) == 4
    assert explorer.describe() == explorer.description()
    with pytest.raises(ValueError, match="unknown region"):
        explorer.send(("region", "middle"))
    assert explorer.state == lessons.DeckFilter() and explorer.region.value == lessons.ANY


def test_condition_explorer_static_page_shows_the_cards(small):
    explorer = lessons.explore_conditions(category="bone")
    page = explorer.static_html()
    assert names_in(page, small) == {"Sacral fatigue fracture"}
    assert "Bone causes (1): Sacral fatigue fracture." in page


def test_red_flag_screen_clear_unticks_everything_and_can_be_undone(small):
    screen = lessons.red_flag_screen(case="A man of 70 with new back pain.")
    screen.boxes["Fever"].value = True
    assert screen.send(("Saddle numbness", True))
    assert screen.boxes["Saddle numbness"].value, "render ticks the box the event named"
    assert screen.ticked() == [x for x in screen.boxes if x in {"Fever", "Saddle numbness"}]
    assert "Most urgent: Cauda equina syndrome" in screen.description_view.value
    screen.clear.click()
    assert screen.ticked() == [] and not any(b.value for b in screen.boxes.values())
    assert "No red flag ticked" in screen.result.value
    assert screen.description().endswith(lessons.SCREEN_CAPTION)
    assert screen.undo(), "Clear is the base's reset, so it can be undone"
    assert screen.boxes["Fever"].value and screen.boxes["Saddle numbness"].value
    assert [f.id for f in screen.raised()] == ["cauda_equina", "infection"]
    assert screen.send(("Fever", False))
    assert [f.id for f in screen.raised()] == ["cauda_equina"]
    assert "Infection" not in screen.result.value
    with pytest.raises(ValueError, match="did you mean 'Fever'"):
        screen.send(("Fevr", True))
    assert screen.ticked() == ["Saddle numbness"], "a refused event leaves the state as it was"


def test_red_flag_screen_static_page_keeps_case_caption_and_ticks(small):
    screen = lessons.red_flag_screen(case="A febrile teenager.")
    screen.send(("Fever", True))
    page = screen.static_html()
    assert "A febrile teenager." in page and "☑ Fever" in page and "☐ Saddle numbness" in page
    assert "does not assess anyone" in page
    assert page == screen._repr_mimebundle_()["text/html"]


def test_random_events_keep_both_lesson_widgets_consistent(small):
    import random

    rng = random.Random(20261130)
    screen = lessons.red_flag_screen(case="A paper case.")
    explorer = lessons.explore_conditions()
    regions = [lessons.ANY, "upper", "lower", "lateral", "deep_radiating"]
    categories = [lessons.ANY, *(value for _label, value in explorer.category.options[1:])]
    for step in range(400):
        roll = rng.random()
        if roll < 0.45:
            screen.boxes[rng.choice(list(screen.boxes))].value = rng.random() < 0.6
        elif roll < 0.5:
            screen.clear.click() if rng.random() < 0.5 else screen.undo()
        elif roll < 0.75:
            explorer.region.value = rng.choice(regions)
        elif roll < 0.95:
            explorer.category.value = rng.choice(categories)
        else:
            explorer.undo() if rng.random() < 0.7 else explorer.reset()
        context = f"step {step}: {screen.state} {explorer.state}"
        assert [x for x, b in screen.boxes.items() if b.value] == screen.ticked(), context
        assert screen.raised() == lessons.flags_for(screen.ticked()), context
        assert screen.description().endswith(lessons.SCREEN_CAPTION), context
        assert screen.description_view.value.count(lessons.SCREEN_CAPTION) == 1, context
        assert explorer.region.value == (explorer.state.region or lessons.ANY), context
        assert explorer.category.value == (explorer.state.category or lessons.ANY), context
        expected = lessons.condition_cards(explorer.state.region, explorer.state.category)
        assert explorer.deck == expected and explorer.cards.value == expected._repr_html_(), context

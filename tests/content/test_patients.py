"""The virtual patient's content: the item menu covers every red flag, every test with usable
accuracy and every cluster rule; the shipped cases cover what issue 13 asks for (every source
category, three emergencies, two cases with two sources, one reassurance); every sealed expert
answer opens; no case file names its answer in readable form; and a malformed case is refused
with a message naming the file, line, entry and field."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from course.catalogue import CONTENT_DIR, Catalogue, content
from course.hypothesis.findings import finding_of_test
from course.loading import ContentError
from course.records.patient import ExpertAnswer, open_expert, seal_expert
from tools.leaks import readable_forms

CATALOGUE = content()
ITEMS = {item.id: item for item in CATALOGUE.all("patient_items")}
CASES = CATALOGUE.all("patients")
EXPERTS = {case.id: open_expert(case) for case in CASES}
CONDITIONS = {c.id: c for c in CATALOGUE.all("conditions")}
FLAG_TIERS = {f.id: f.urgency for f in CATALOGUE.all("red_flags")}


def case_file(ident: str) -> Path:
    return CONTENT_DIR / "patients" / f"{ident}.yaml"


# --------------------------------------------------------------------------- the item menu


def test_every_red_flag_has_a_screening_question_in_the_history():
    asked = {item.flag for item in ITEMS.values() if item.flag}
    missing = sorted(set(FLAG_TIERS) - asked)
    assert not missing, f"red flags with no question: {missing}"
    for item in ITEMS.values():
        if item.flag:
            assert item.stage == "history" and item.suggests, item.id


def test_every_test_with_usable_accuracy_and_every_cluster_is_on_the_menu():
    clusters = {c.id: c for c in CATALOGUE.all("clusters")}
    offered_clusters = {item.cluster for item in ITEMS.values() if item.cluster}
    assert offered_clusters == set(clusters), sorted(set(clusters) - offered_clusters)
    # A cluster rule that scores a tests.yaml entry (its `test:`) offers that test by its count.
    offered = {item.test for item in ITEMS.values() if item.test}
    offered |= {clusters[c].test for c in offered_clusters if clusters[c].test}
    usable = []
    for test in CATALOGUE.all("tests"):
        try:
            finding_of_test(test)
        except ValueError:
            continue
        usable.append(test.id)
    assert len(usable) > 20  # the check is not vacuous
    assert not sorted(set(usable) - offered)


def test_the_menu_offers_each_stage_and_each_kind_of_finding():
    stages = {item.stage for item in ITEMS.values()}
    assert stages == {"history", "examination", "tests", "investigations"}
    kinds = {item.kind for item in ITEMS.values()}
    assert {"flag", "test", "cluster", "investigation", "map", "descriptors", "story"} <= kinds
    assert sum(item.map for item in ITEMS.values()) == 1
    imaging = {item.imaging for item in ITEMS.values() if item.imaging}
    assert {"xray", "mri", "ultrasound"} <= imaging


def test_costs_follow_the_teaching_scale_anchored_on_a_plain_xray():
    xray = [item for item in ITEMS.values() if item.imaging == "xray"]
    assert xray and all(item.cost == 1 for item in xray)
    for item in ITEMS.values():
        assert (item.cost > 0) == (item.stage == "investigations"), item.id
        assert item.minutes > 0 and item.sources, item.id


# --------------------------------------------------------------------------- coverage


def first(ident: str) -> str:
    return EXPERTS[ident].differential[0]


def test_there_are_at_least_fourteen_cases():
    assert len(CASES) >= 14


def test_every_source_category_is_some_case_first_diagnosis():
    wanted = {c.source_category for c in CONDITIONS.values()}
    covered = {CONDITIONS[first(case.id)].source_category for case in CASES}
    assert wanted == covered, f"not covered: {sorted(wanted - covered)}"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_a_case_declares_the_category_of_its_answer(case):
    expert = EXPERTS[case.id]
    right = expert.differential[:2] if expert.both else expert.differential[:1]
    for condition in right:
        assert CONDITIONS[condition].source_category in case.source_category


def test_three_red_flag_emergencies_each_carried_by_a_positive_emergency_flag():
    emergencies = [c for c in CASES if EXPERTS[c.id].urgency == "emergency"]
    assert len(emergencies) >= 3
    for case in emergencies:
        assert EXPERTS[case.id].next_step == "emergency_department", case.id
        tiers = {
            FLAG_TIERS[ITEMS[a.item].flag]
            for a in case.answers
            if ITEMS[a.item].flag and a.result == "positive"
        }
        assert "emergency" in tiers, case.id
    assert len({first(c.id) for c in emergencies}) == len(emergencies)


def test_two_cases_with_two_sources_at_once():
    both = [c for c in CASES if EXPERTS[c.id].both]
    assert len(both) >= 2
    for case in both:
        assert len(EXPERTS[case.id].differential) >= 2, case.id


def test_one_case_where_the_right_call_is_reassurance():
    calm = [
        c for c in CASES if (EXPERTS[c.id].urgency, EXPERTS[c.id].next_step) == ("none", "reassure")
    ]
    assert calm
    for case in calm:
        flags = [a for a in case.answers if ITEMS[a.item].flag]
        assert flags and all(a.result == "negative" for a in flags), case.id


# --------------------------------------------------------------------------- each case


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_the_expert_answer_opens_and_asks_the_right_questions(case):
    expert = EXPERTS[case.id]
    assert expert.must_ask
    for item in expert.must_ask:
        assert ITEMS[item].flag, f"{case.id}: {item} is no red-flag question"
    positive = [a.item for a in case.answers if ITEMS[a.item].flag and a.result == "positive"]
    assert set(positive) <= set(expert.must_ask), f"{case.id}: a positive flag not in must_ask"
    assert 4 <= len(expert.links) <= 10, case.id
    assert len(expert.reasoning.split()) >= 60, case.id
    assert case.sources


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_the_urgency_is_the_most_urgent_positive_flag_or_none(case):
    """A case's expert urgency is never below the tier of a red flag the patient has; a case
    without a positive flag is not urgent at all."""
    order = [t.id for t in CATALOGUE.all("urgency")] + ["none"]
    tiers = [
        FLAG_TIERS[ITEMS[a.item].flag]
        for a in case.answers
        if ITEMS[a.item].flag and a.result == "positive"
    ]
    demanded = min(tiers, key=order.index) if tiers else "none"
    assert EXPERTS[case.id].urgency == demanded


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_a_case_is_fictional_and_titled_without_its_answer(case):
    assert re.fullmatch(r"vp_\d\d", case.id)
    names = [CONDITIONS[c].name.lower() for c in EXPERTS[case.id].differential]
    for visible in (case.title.lower(), case.story.lower()):
        for name in names:
            assert name not in visible, f"{case.id} names {name}"


# --------------------------------------------------------------------------- no leaks

DECISION_KEYS = re.compile(r"^\s*-?\s*(differential|urgency|next_step|must_ask|links)\s*:", re.M)


def readable_text(data: dict) -> str:
    """What a student reads of a case before committing (all but the setting, which names
    the clinic, and the sealed answer)."""
    parts = [data["title"], data["story"], data["patient"]["context"]]
    parts += [a["says"] for a in data["answers"]]
    return "\n".join(parts)


def leaks(text: str, expert: ExpertAnswer) -> list[str]:
    """Where a case file's text gives away its expert answer: a decision field in the open, a
    condition id of the answer or its reasoning map (as text or in a simply reversible form),
    an urgency or next-step id, or the words of the decision in what the student reads."""
    found = [f"decision field {m.group(1)}" for m in DECISION_KEYS.finditer(text)]
    data = yaml.safe_load(text)
    if not str(data.get("expert", "")).startswith("sealed:"):
        found.append("the expert answer is not sealed")
    ids = set(expert.differential) | {link.condition for link in expert.links}
    ids |= {x for x in (expert.urgency, expert.next_step) if "_" in x}
    found += [
        f"{ident!r} readable as {form!r}"
        for ident in sorted(ids)
        for form in sorted(readable_forms(ident) | {ident})
        if form in text
    ]
    shown = readable_text(data)
    words = {expert.urgency.replace("_", " "), expert.next_step.replace("_", " ")} - {"none"}
    found += [f"says {w!r}" for w in sorted(words) if re.search(rf"\b{w}", shown, re.I)]
    return found


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_the_sealed_file_never_names_the_expert_answer(case):
    assert leaks(case_file(case.id).read_text(encoding="utf-8"), EXPERTS[case.id]) == []


def test_the_leak_scan_catches_each_kind_of_leak():
    case = CASES[1]
    expert = EXPERTS[case.id]
    text = case_file(case.id).read_text(encoding="utf-8")
    condition = expert.differential[0]
    planted = {
        "id": text.replace("\nsources:", f"\n# {condition}\nsources:", 1),
        "reversed id": text.replace("\nsources:", f"\n# {condition[::-1]}\nsources:", 1),
        "decision field": text + f"urgency: {expert.urgency}\n",
        "words": text.replace(
            "  says: ", f"  says: Off to the {expert.next_step.replace('_', ' ')}. ", 1
        ),
    }
    for kind, bad in planted.items():
        assert leaks(bad, expert), kind


def test_no_authoring_file_is_tracked():
    root = Path(__file__).resolve().parents[2]
    if not (root / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(
        ["git", "ls-files", "authoring"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.split()
    assert tracked == []


# --------------------------------------------------------------------------- malformed cases


def broken(tmp_path: Path, ident: str, old: str, new: str) -> Path:
    """A copy of the shipped content with one edit in one case file."""
    folder = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, folder)
    path = folder / "patients" / f"{ident}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"seed not found: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def problems(folder: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        Catalogue.load(folder)
    return [str(p) for p in caught.value.problems]


def named(found: list[str], ident: str, field: str, words: str) -> None:
    pattern = rf"patients/{ident}\.yaml:\d+, entry '{ident}', field '{re.escape(field)}': "
    hits = [p for p in found if re.match(pattern, p) and words in p]
    assert hits, f"expected {field} / {words!r} in {found}"


def test_an_unknown_item_is_named_with_the_valid_ids(tmp_path):
    found = problems(broken(tmp_path, "vp_02", "- item: hx_onset\n", "- item: hx_onsett\n"))
    named(found, "vp_02", "answers[0].item", "'hx_onsett' names no virtual-patient item")
    assert any("hx_onset" in p.split("hx_onsett", 1)[1] for p in found)


def test_a_result_on_a_story_item_is_refused(tmp_path):
    old = "- item: hx_onset\n  says:"
    text = case_file("vp_02").read_text()
    assert old in text
    found = problems(
        broken(tmp_path, "vp_02", old, "- item: hx_onset\n  result: positive\n  says:")
    )
    named(found, "vp_02", "answers[0].result", "only a red flag, test or cluster has a result")


def test_a_cluster_count_out_of_range_is_refused(tmp_path):
    found = problems(broken(tmp_path, "vp_05", "  count: 4\n", "  count: 9\n"))
    index = [a.item for a in CATALOGUE.get("patients", "vp_05").answers].index("ts_laslett")
    named(found, "vp_05", f"answers[{index}].count", "expected 0 to 6 positive items")


def test_an_expert_answer_that_does_not_open_is_refused(tmp_path):
    salt = CATALOGUE.get("patients", "vp_06").salt
    found = problems(broken(tmp_path, "vp_06", f"salt: {salt}\n", f"salt: {salt[::-1]}\n"))
    named(found, "vp_06", "expert", "does not open")


def test_an_expert_naming_an_unknown_condition_is_refused(tmp_path):
    case = CATALOGUE.get("patients", "vp_07")
    expert = EXPERTS["vp_07"].to_mapping()
    expert["differential"] = ["lumbar_disc_pain", *expert["differential"][1:]]
    sealed = seal_expert(case.id, case.salt, ExpertAnswer.from_mapping(expert))
    found = problems(broken(tmp_path, "vp_07", case.expert, sealed))
    named(found, "vp_07", "expert.differential[0]", "no condition lumbar_disc_pain")

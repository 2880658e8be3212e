"""Every shipped case, with every scripted item asked in file order, puts the expert's first
diagnosis (both first diagnoses for a two-source case) in the engine's top three, and the
engine's urgency equals the expert's whenever the expert's urgency is a red flag's tier.

The cases carry the reasoning in their findings; when this fails, the case's findings do not
support its answer (or the engine weighs them differently from the expert), and the case is
what gets fixed."""

from __future__ import annotations

import pytest

from course.catalogue import content
from course.patient.engine import engine_for, observe
from course.records.patient import open_expert

CATALOGUE = content()
ITEMS = {item.id: item for item in CATALOGUE.all("patient_items")}
CASES = CATALOGUE.all("patients")
FLAG_TIERS = {f.urgency for f in CATALOGUE.all("red_flags")}


def ranked(case):
    findings = [observe(case, ITEMS[answer.item]) for answer in case.answers]
    return engine_for(case, CATALOGUE).rank(findings)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_the_expert_answer_is_in_the_engine_top_three(case):
    expert = open_expert(case)
    differential = ranked(case)
    top = [s.condition.id for s in differential.top(3)]
    right = expert.differential[:2] if expert.both else expert.differential[:1]
    for condition in right:
        assert condition in top, (
            f"{case.id}: {condition} at position {differential.position(condition)}; top three "
            + ", ".join(f"{s.condition.id} {s.probability:.2f}" for s in differential.top(3))
        )


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_the_engine_tier_is_the_expert_urgency_when_a_red_flag_sets_it(case):
    expert = open_expert(case)
    differential = ranked(case)
    if expert.urgency in FLAG_TIERS:
        assert differential.tier == expert.urgency, case.id
    else:
        assert expert.urgency == "none"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_each_finding_linked_as_support_is_one_the_case_scripts(case):
    """The expert's reasoning map links only findings the student can reveal in this case."""
    scripted = {answer.item for answer in case.answers}
    for link in open_expert(case).links:
        assert link.item in scripted

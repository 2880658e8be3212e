"""The words the course shows for its ids and numbers, kept in one place.

Content records hold ids (``deep_radiating``, ``lumbar_referred``, ``somatic_referral``...) whose
allowed values are ``Literal`` types in the records. Every card, deck, figure and widget that
shows such an id to a student takes its words from here, so a condition reads the same on its card
and in its deck. Numbers are written here too: one :func:`percent` for proportions and one
:func:`ratio` for likelihood ratios, the same in the figure, the widget, the card and the text.

Logic modules return values (an evidence marker id, an LR, a band's bounds); display code turns
them into words with the functions below.
"""

from __future__ import annotations

from typing import Protocol

from .records.core import Accuracy, Evidence
from .records.hypothesis import PretestProbability


class BandLike(Protocol):
    """What :func:`band` reads of a cluster band (``course.hypothesis.clusters.Band``); declared
    here as a shape so that the words stand below the logic that uses them."""

    low: int
    high: int
    of: int
    lr: float
    result: str
    accuracy: Accuracy
    approximate: bool


class ResultLike(Protocol):
    """What :func:`outcome` reads of an outcome (``course.hypothesis.findings.ResultLR``)."""

    key: str
    lr: float
    evidence: Evidence
    band: BandLike | None


# --------------------------------------------------------------------------- id vocabularies

REGION: dict[str, str] = {
    "upper": "upper buttock",
    "lower": "lower buttock",
    "lateral": "lateral buttock and hip",
    "deep_radiating": "deep buttock, radiating into the leg",
}
"""How each ``Region`` reads in a sentence."""

CATEGORY: dict[str, str] = {
    "joint": "joint",
    "soft_tissue": "soft tissue",
    "bone": "bone",
    "lumbar_referred": "lumbar somatic referred",
    "radicular": "radicular (nerve root)",
    "peripheral_nerve": "peripheral nerve",
    "non_msk": "non-musculoskeletal",
}
"""How each ``SourceCategory`` (which tissue or system produces the pain) reads in a sentence."""

URGENCY: dict[str, str] = {
    "emergency": "emergency: now",
    "same_day": "same day: today",
    "urgent": "urgent: within days",
    "soon": "soon: at the next medical review",
}
"""How each red flag ``Urgency`` reads: the tier and how soon a doctor must see the patient,
as ``name: when`` of ``course/content/urgency.yaml`` (tests/content/test_urgency.py keeps them
equal)."""

LAYER: dict[str, str] = {
    "skin_fascia": "skin and fascia (cutaneous nerves)",
    "superficial_muscle": "gluteus maximus",
    "intermediate": "intermediate layer (gluteus medius)",
    "deep": "deep layer (gluteus minimus, deep rotators, sciatic and gluteal nerves)",
    "skeleton": "skeleton (bones, joints, ligaments)",
}
"""Each anatomical ``Layer`` in full, superficial first (the explorer's caption and info)."""

LAYER_BUTTON: dict[str, str] = {
    "skin_fascia": "1 Skin & fascia",
    "superficial_muscle": "2 Gluteus maximus",
    "intermediate": "3 Gluteus medius",
    "deep": "4 Deep layer",
    "skeleton": "5 Skeleton",
}
"""Each ``Layer`` as a short numbered button label, superficial first."""

STRUCTURE_KIND: dict[str, str] = {
    "bone": "bone",
    "landmark": "landmark",
    "joint": "joint",
    "disc": "disc",
    "muscle": "muscle",
    "tendon": "tendon",
    "nerve": "nerve",
    "bursa": "bursa",
    "ligament": "ligament",
    "fascia": "fascia",
    "vessel": "vessel",
    "organ": "organ",
}
"""Each ``StructureKind`` in words (the cards and the explorer print the kind as it is)."""

SOURCE_KIND: dict[str, str] = {
    "seed": "seed",
    "primary": "primary",
    "review": "review",
    "guideline": "guideline",
    "secondary": "secondary",
    "reference": "reference",
}
"""Each kind of publication (``SourceKind``) in words."""

PAIN_SOURCE_KIND: dict[str, str] = {
    "dermatome": "dermatome (nerve-root skin area)",
    "somatic_referral": "somatic referred pain",
    "radicular": "radicular pain",
    "cutaneous_nerve": "cutaneous nerve territory",
    "nerve_entrapment": "peripheral nerve entrapment",
}
"""Each ``PainSourceKind`` (what produces a pain map) in words."""

MEASURE: dict[str, str] = {
    "proportion": "% of patients with pain there (study figure)",
    "consistency": "how consistently involved (teaching weight, not a rate)",
}
"""What the shading of a pain map means, for each ``MapMeasure``."""

DESCRIPTOR_GROUP: dict[str, str] = {
    "quality": "quality",
    "location": "location",
    "behaviour": "behaviour",
    "examination": "examination",
}
"""The heading of each group of pain descriptors (``DescriptorGroup``) in the exercise."""

EVIDENCE: dict[str, str] = {
    "confirmed": "",
    "secondary": " [secondary source only]",
    "unverified": " [UNVERIFIED]",
}
"""The marker written right after a figure of each ``Evidence`` level (a leading space; nothing
for a confirmed figure)."""

BETTER: dict[str, str] = {
    "higher": "a higher score is better",
    "lower": "a lower score is better",
}
"""Which way an outcome measure's score moves with improvement (``Better``)."""

REASSESSMENT_STAGE: dict[str, str] = {
    "immediate": "immediate check (in the session)",
    "follow_up": "follow-up (later visits)",
}
"""When a reassessment step happens (``ReassessmentStage``)."""

SITE_KIND: dict[str, str] = {
    "injection": "injection sites",
    "pressure": "pressure-injury zones",
}
"""Each ``SiteKind`` of the procedure sites, as the explorer's overlay control and caption name
the group (plural)."""

SITE_CHOICE: dict[str, str] = {
    "first": "first choice",
    "second": "second choice",
}
"""How an injection site ranks (``SiteChoice``; pressure zones have none)."""

STAGE: dict[str, str] = {
    "irritable": "irritable",
    "settled": "settled",
    "return_to_sport": "return to sport",
}
"""Each rehabilitation ``Stage`` in words, in the order a person moves through them."""

EXERCISE_KIND: dict[str, str] = {
    "stretch": "stretch",
    "isometric": "isometric (held, no movement)",
    "strength": "strength through range",
    "balance": "balance and control",
    "energy_storage": "energy storage (fast, springy loading)",
}
"""What each ``ExerciseKind`` does, in words."""

TREATMENT_KIND: dict[str, str] = {
    "soft_tissue": "soft-tissue treatment",
    "thermal": "heat",
    "medication": "medicines (a prescriber's decision)",
    "device": "device",
    "needling": "needling",
}
"""Each ``TreatmentKind`` in words."""

VERDICT: dict[str, tuple[str, str]] = {
    "conflict": ("⚠", "Conflict"),
    "supported": ("✓", "Supported"),
    "neutral": ("•", "No source links it to this condition"),
}
"""The sign and the word of each verdict on an exercise in a practice programme
(``course.management.programme.ProgrammeEntry.verdict``): it may aggravate the condition at this
stage, a source says it suits it, or no source ties the two. The widget adds a colour; the sign
and the word carry the meaning."""

TRIAGE: dict[str, str] = {
    **URGENCY,
    "none": "none: no medical referral now (physiotherapy care goes on)",
}
"""How each urgency a student commits for a virtual patient reads (``records.patient.Triage``):
the course's four tiers as :data:`URGENCY` words them, and ``none``."""

NEXT_STEP: dict[str, str] = {
    "emergency_department": "send to the emergency department now",
    "doctor_today": "a doctor today",
    "urgent_referral": "an urgent referral (within days)",
    "routine_referral": "a routine referral (next medical review)",
    "imaging": "imaging before deciding",
    "physiotherapy": "start physiotherapy care",
    "reassure": "reassure, advise and let it settle (with safety-netting)",
}
"""What happens next after a virtual patient's consultation (``records.patient.NextStep``)."""

EFFECT: dict[str, str] = {
    "supports": "supports",
    "weakens": "weakens",
}
"""What a finding does to a diagnosis in a reasoning map (``records.patient.Effect``)."""

CONSULTATION_STAGE: dict[str, str] = {
    "history": "History",
    "examination": "Examination",
    "tests": "Tests",
    "investigations": "Investigations",
}
"""The stages of a virtual patient's consultation, in the order a student meets them
(``records.patient.ConsultationStage``); the widget adds its own last stage, the decision."""

VOCABULARIES: dict[str, dict[str, str]] = {
    "Region": REGION,
    "SourceCategory": CATEGORY,
    "Urgency": URGENCY,
    "Layer": LAYER,
    "StructureKind": STRUCTURE_KIND,
    "SourceKind": SOURCE_KIND,
    "PainSourceKind": PAIN_SOURCE_KIND,
    "MapMeasure": MEASURE,
    "DescriptorGroup": DESCRIPTOR_GROUP,
    "Evidence": EVIDENCE,
    "Better": BETTER,
    "ReassessmentStage": REASSESSMENT_STAGE,
    "SiteKind": SITE_KIND,
    "Stage": STAGE,
    "ExerciseKind": EXERCISE_KIND,
    "TreatmentKind": TREATMENT_KIND,
    "Triage": TRIAGE,
    "NextStep": NEXT_STEP,
    "Effect": EFFECT,
    "ConsultationStage": CONSULTATION_STAGE,
}
"""Every id vocabulary with words, by the name of its ``Literal`` type in the records."""


def evidence_word(level: str) -> str:
    """The marker of an evidence level without brackets ('secondary source only', 'UNVERIFIED'),
    empty for a confirmed figure (a figure label prints nothing then)."""
    return EVIDENCE[level].strip(" []")


def evidence_cell(level: str) -> str:
    """An evidence level for a table column: 'confirmed', '[secondary source only]', ..."""
    return EVIDENCE[level].strip() or level


def evidence_named(level: str) -> str:
    """An evidence level with its marker: 'secondary' -> 'secondary [secondary source only]'."""
    return level + EVIDENCE[level]


def marked(text: str, evidence: str) -> str:
    """``text`` followed by the marker of its evidence level (unchanged when confirmed)."""
    return text + EVIDENCE[evidence]


# --------------------------------------------------------------------------- numbers

DASH = "–"
"""What a table shows for a figure that was not published."""

FEEDBACK_MARK: dict[str, str] = {
    "right": "✔",
    "partial": "◐",
    "wrong": "✘",
    "info": "ℹ",
    "shown": "◆",
}
"""The symbol written before each kind of answer feedback (right, partly right, wrong, a note,
the answer shown), beside its accent colour (``course.style.ACCENT``), so the state never rests
on colour alone. One mark per message: the words after it never repeat the verdict."""


def percent(p: float | None) -> str:
    """A proportion (0..1) as a percentage to one decimal, without a trailing '.0'.

    0.2 -> '20%', 0.5175 -> '51.7%', 0.016 -> '1.6%'; None (not published) -> '–'.
    """
    if p is None:
        return DASH
    text = f"{p * 100:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return f"{text}%"


def percent_range(low: float, high: float) -> str:
    """A range of proportions as '15–30%'."""
    return f"{percent(low)[:-1]}–{percent(high)}"


def ratio(lr: float | None) -> str:
    """A likelihood ratio as clinical tables print it: 0.077, 0.53, 4.00, 24.3, 1000.

    Two significant figures below 0.1, two decimals below 10, one below 100, none above;
    None (not published) -> '–'.
    """
    if lr is None:
        return DASH
    if lr < 0.1:
        return f"{lr:.2g}"
    if lr < 10:
        return f"{lr:.2f}"
    return f"{lr:.1f}" if lr < 100 else f"{lr:.0f}"


def lr_sign(result: str) -> str:
    """'LR+' for a positive result, 'LR−' for a negative one."""
    return "LR+" if result == "positive" else "LR−"


def dose(
    sets: int | None, reps: int | None, hold_seconds: float | None, per_week: int | None
) -> str:
    """An exercise dose in words: '3 sets × 10 reps, hold 5 s, 3 times a week'; the parts the
    sources leave out are left out, and '' when there are none."""
    parts = []
    if sets is not None and reps is not None:
        parts.append(f"{sets} sets × {reps} reps")
    elif sets is not None:
        parts.append(f"{sets} sets")
    elif reps is not None:
        parts.append(f"{reps} reps")
    if hold_seconds is not None:
        parts.append(f"hold {hold_seconds:g} s")
    if per_week is not None:
        parts.append("daily" if per_week == 7 else f"{per_week} times a week")
    return ", ".join(parts)


def source_label(ident: str) -> str:
    """A source id as a short label in text: 'grimaldi_fearon_2015' -> 'Grimaldi & Fearon 2015',
    'seed_001' -> 'seed 001', 'nice_ng59' -> 'NICE NG59'."""
    parts = ident.split("_")
    if parts[0] == "seed":
        return " ".join(parts)
    if len(parts) > 1 and parts[-1].isdigit() and len(parts[-1]) == 4:
        return " & ".join(p.capitalize() for p in parts[:-1]) + f" {parts[-1]}"
    return " ".join(p.upper() for p in parts)


# --------------------------------------------------------------------------- hypothesis values


def band(b: BandLike) -> str:
    """A cluster band in words, e.g. '3 or more of 6 positive (LR+ 4.27)' with its marker."""
    if b.high == b.of and b.low < b.high:
        count = f"{b.low} or more of {b.of} positive"
    elif b.low == b.high == 0:
        count = f"none of {b.of} positive"
    elif b.low == b.high:
        count = f"exactly {b.low} of {b.of} positive"
    else:
        count = f"{b.low} to {b.high} of {b.of} positive"
    extra = ", approximate" if b.approximate else ""
    return marked(f"{count} ({lr_sign(b.result)} {ratio(b.lr)}{extra})", b.accuracy.evidence)


def result_words(result: str, lr: float, evidence: str) -> str:
    """One result of a single test in words, e.g. 'positive (LR+ 5.22)' with its marker."""
    return marked(f"{result} ({lr_sign(result)} {ratio(lr)})", evidence)


def pretest_figure(entry: PretestProbability) -> str:
    """A published pre-test figure with its marker, e.g. '15–30%' or '18% [UNVERIFIED]'."""
    text = percent_range(*entry.span) if entry.span is not None else percent(entry.typical)
    return marked(text, entry.evidence)


def outcome(o: ResultLike) -> str:
    """One outcome of a finding in words: a cluster band, or a single test's result and LR."""
    return band(o.band) if o.band is not None else result_words(o.key, o.lr, o.evidence)

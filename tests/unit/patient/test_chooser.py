"""Lesson 13's patient chooser: every case by neutral title, never a diagnosis, the one picked
played below in a fresh patient; the static page lists the patients and nothing more."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import ipywidgets as widgets
import pytest

import course
from course import patient
from course.patient.chooser import CaseChooser, label
from course.records.patient import open_expert

SHIPPED = patient.cases()


class Player:
    """Stands in for :func:`course.patient.play` here, so that these tests see which case the
    chooser opens and with which setting (the real player is driven in the lesson's test)."""

    def __init__(self) -> None:
        self.opened: list[tuple[str, bool]] = []

    def __call__(self, case_id: str, *, show_engine: bool = True) -> SimpleNamespace:
        self.opened.append((case_id, show_engine))
        return SimpleNamespace(case_id=case_id, widget=widgets.HTML(case_id))


def three_cases() -> list:
    """The first shipped case and two copies of it under other ids and titles."""
    first = SHIPPED[0]
    return [
        first,
        dataclasses.replace(first, id="vp_90", title="A retired builder with a sore hip"),
        dataclasses.replace(first, id="vp_91", title="A runner with pain when sitting"),
    ]


def diagnosis_words(cases) -> set[str]:
    """The ids and names of every condition in the cases' expert differentials."""
    words = set()
    for case in cases:
        for ident in open_expert(case).differential:
            words |= {ident.lower(), course.condition(ident).name.lower()}
    return words


def test_it_lists_every_case_by_id_and_title_and_opens_one_not_worked():
    player = Player()
    chooser = CaseChooser(worked=["vp_01"], cases=three_cases(), player=player)
    assert chooser.offered == ("vp_01", "vp_90", "vp_91")
    assert [v for _, v in chooser.picker.options] == list(chooser.offered)
    assert chooser.labels() == [label(c) for c in three_cases()]
    assert chooser.state == "vp_90" and player.opened == [("vp_90", True)]
    assert "Patient 2 of 3 open: A retired builder" in chooser.description_view.value
    assert chooser.area.children[0].value == "vp_90"


def test_picking_a_case_plays_it_afresh_and_undo_goes_back():
    player = Player()
    chooser = CaseChooser(cases=three_cases(), player=player, show_engine=False)
    assert chooser.state == "vp_01", "nothing worked: the first case opens"
    chooser.picker.value = "vp_91"
    assert chooser.state == "vp_91" and chooser.current.case_id == "vp_91"
    assert not chooser.send(("case", "vp_99")) and chooser.state == "vp_91"
    assert not chooser.send("nonsense")
    assert chooser.undo() and chooser.picker.value == "vp_01"
    assert player.opened == [("vp_01", False), ("vp_91", False), ("vp_01", False)]


def test_an_unknown_worked_case_names_the_valid_ones():
    with pytest.raises(ValueError, match=r"no case 'vp_77'.*vp_01, vp_90, vp_91"):
        CaseChooser(worked=["vp_77"], cases=three_cases(), player=Player())
    with pytest.raises(ValueError, match="no virtual patient"):
        CaseChooser(cases=[], player=Player())


def test_every_shipped_case_is_offered_and_no_diagnosis_is_named():
    chooser = CaseChooser(player=Player())
    assert chooser.offered == tuple(c.id for c in SHIPPED)
    shown = " ".join([*chooser.labels(), chooser.describe(), chooser.static_html()]).lower()
    for case in SHIPPED:
        assert case.title.lower() in shown
    named = [word for word in diagnosis_words(SHIPPED) if word in shown]
    assert named == [], f"the chooser names a diagnosis: {named}"


def test_the_static_page_lists_the_patients_and_says_where_to_play():
    chooser = CaseChooser(cases=three_cases(), player=Player())
    page = chooser._repr_mimebundle_()["text/html"]
    assert page == chooser.static_html()
    assert "any of these 3 patients" in page and "JupyterLab" in page
    for case in three_cases():
        assert case.title in page
    assert "course-widget-patient-chooser" in chooser.widget._dom_classes

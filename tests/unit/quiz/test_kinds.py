"""Question kinds as types: one registry, and a new kind is one class."""

from __future__ import annotations

import pytest

import course.quiz as quiz
from course.quiz import kinds, questions, static
from course.quiz.progress import ProgressFile
from course.quiz.widget import QuestionWidget


def test_every_kind_a_quiz_file_may_use_is_a_registered_class():
    assert set(questions.KINDS) <= set(kinds.KIND)
    assert "identify_structure" in kinds.KIND  # built from the anatomy content
    for name, kind in kinds.KIND.items():
        assert isinstance(kind, kinds.Kind) and kind.name == name
        assert kind.ask  # the static page says what to do for every kind


def test_every_shipped_question_is_checked_and_revealed_by_its_kind():
    for quiz_set in quiz.quiz_sets():
        for q in quiz_set.questions:
            kind = kinds.KIND[q.kind]
            found = kind.reveal(q)
            assert kinds.reveal(q) == found, q.id
            if q.kind == "free_text":
                continue
            assert kind.check(q, found.answer).solved, q.id
            assert kinds.question_flaws(q) == [], q.id


def test_an_unknown_kind_is_named():
    q = questions.Question(id="x_q1", kind="essay", prompt="p", salt="0" * 32)
    with pytest.raises(ValueError, match="unknown question kind 'essay'"):
        kinds.check(q, "anything")
    assert kinds.question_flaws(q) == [
        "unknown question kind 'essay'; one of " + ", ".join(kinds.KIND)
    ]


class TrueFalse(kinds.SingleChoice):
    """A statement that is true or false: a single choice of exactly two options."""

    name = "true_false"
    ask = "True or false?"
    mark = "◇"

    def seal(self, job: kinds.Sealing) -> kinds.Sealed:
        if len(job.options) != 2:
            raise kinds.AuthoringError(f"{job.qid}: a true/false question has two options")
        return super().seal(job)


@pytest.fixture
def true_false():
    kinds.register(TrueFalse)
    yield kinds.KIND["true_false"]
    del kinds.KIND["true_false"]


def test_a_new_kind_is_one_class_and_every_loop_uses_it(true_false, tmp_path):
    raw = {
        "id": "lesson99_q1",
        "kind": "true_false",
        "focus": "anatomy",
        "prompt": "The piriformis lies deep to gluteus maximus.",
        "options": [
            {"id": "true_answer", "text": "True", "feedback": "It does."},
            {"id": "false_answer", "text": "False", "feedback": "Peel the layers again."},
        ],
        "answer": "true_answer",
        "hints": ["Peel to the deep layer."],
        "explanation": "Gluteus maximus covers the deep six.",
    }
    question = kinds.question_record(kinds.seal_question(raw))
    assert kinds.question_flaws(question) == []
    assert kinds.check(question, "true_answer").solved
    assert kinds.reveal(question).answer == "true_answer"
    assert kinds.unseal_question(question)["answer"] == "true_answer"
    html = static.question_html(question)
    assert "True or false?" in html and html.count("◇") == 2

    widget = QuestionWidget(question, ProgressFile(tmp_path / "p.json"))
    widget.answer("false_answer")
    widget.check_button.click()
    assert "Not this one" in widget.feedback.value and "Peel the layers" in widget.feedback.value
    widget.answer("true_answer")
    widget.check_button.click()
    assert widget.solved and "Gluteus maximus covers" in widget.feedback.value

    raw["options"].append({"id": "maybe_answer", "text": "Maybe", "feedback": "No."})
    with pytest.raises(kinds.AuthoringError, match="has two options"):
        kinds.seal_question(raw)


def test_a_find_the_structure_question_works_in_the_generic_self_check(tmp_path):
    """The identify_structure kind also drives the ordinary question widget: its control shows
    the structure a click picked, and the answer is recorded like any other."""
    from course.anatomy.quiz import structure_question
    from course.anatomy.view import in_text, posterior_scene

    scene = posterior_scene()
    question = structure_question("piriformis", scene.names)
    html = static.question_html(question)
    assert "Click the structure on the figure." in html
    assert static.OPTION_CLASS not in html  # the figure is the answer area, not a list
    progress = ProgressFile(tmp_path / "p.json")
    widget = QuestionWidget(question, progress)
    widget.answer(kinds.Click("psis"))
    widget.check_button.click()
    psis = in_text(scene.names["psis"])
    assert f"Not quite: you clicked the {psis}. The piriformis" in widget.feedback.value
    widget.answer(kinds.Click(None, "ischium and pubis"))
    widget.check_button.click()
    assert "the ischium and pubis, which is not one of the course" in widget.feedback.value
    widget.answer(kinds.Click("piriformis"))
    widget.check_button.click()
    assert widget.solved and "that is the piriformis" in widget.feedback.value
    assert progress.get(question.id).attempts == 3 and progress.get(question.id).solved
    widget.show_answer()
    assert "The answer:</strong> piriformis" in widget.feedback.value


def test_the_content_rules_and_the_kind_classes_read_one_shape_per_kind():
    from course.records import rules
    from course.records.quiz import SHAPES

    assert set(SHAPES) == set(kinds.KIND)
    for name, kind in kinds.KIND.items():
        assert kind.shape is SHAPES[name], name
    broken = questions.Question(
        id="x_q2", kind="numeric", prompt="p", salt="0" * 32, options=(), tolerance=1.0
    )
    found = [message for _, message in rules.question(broken)]
    assert found == kinds.question_flaws(broken)
    assert "a numeric question needs tolerance, grid, minimum, maximum and answer_keys" in found
    assert "needs a sealed explanation" in found
    empty = questions.Question(id="x_q3", kind="identify_structure", prompt="p", salt="0" * 32)
    assert "needs at least 1 option(s)" in kinds.question_flaws(empty)
    assert list(rules.question(questions.Question(id="x", kind="essay", prompt="", salt=""))) == [
        ("kind", "unknown question kind 'essay'; one of " + ", ".join(SHAPES))
    ]


def test_a_pick_the_site_question_takes_a_click_or_a_choice(tmp_path):
    """Lesson 01's pick_site question: a click on a site (as the explorer sends it) or the same
    site chosen from the list scores alike, with the site's own sealed feedback; a click that
    misses every site is not counted; the static page lists the sites for a reader who cannot
    click."""
    question = next(q for s in quiz.quiz_sets() for q in s.questions if q.id == "lesson01_q4")
    kind = kinds.KIND["pick_site"]
    assert question.kind == "pick_site" and isinstance(kind, kinds.SingleChoice)
    wrong = kind.check(question, kinds.Click("dorsogluteal"))
    assert not wrong.solved and wrong.score == 0 and not wrong.explanation
    assert "sciatic nerve leaves the pelvis" in wrong.feedback[0][1]
    right = kind.check(question, kinds.Click("ventrogluteal"))
    assert right.solved and "ventrogluteal site" in right.explanation
    assert kind.check(question, "ventrogluteal").solved  # chosen from the list
    with pytest.raises(questions.AnswerError, match="you clicked the ischium and pubis"):
        kind.check(question, kinds.Click(None, "ischium and pubis"))
    html = static.question_html(question)
    assert "Click the site on the figure, or pick it from the list." in html
    assert "The ventrogluteal site, on the side of the hip" in html
    progress = ProgressFile(tmp_path / "p.json")
    widget = QuestionWidget(question, progress)
    widget.answer("ventrogluteal")
    widget.check_button.click()
    assert widget.solved and progress.get(question.id).solved


def test_a_pick_the_site_question_must_offer_procedure_sites(tmp_path):
    import shutil

    from course.catalogue import CONTENT_DIR, Catalogue
    from course.loading import ContentError

    folder = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, folder)
    path = folder / "procedure_sites.yaml"
    path.write_text(path.read_text().replace("- id: dorsogluteal", "- id: dorsal_site"))
    with pytest.raises(ContentError) as caught:
        Catalogue.load(folder)
    assert "lesson01_q4: 'dorsogluteal' names no site in procedure_sites.yaml" in str(caught.value)

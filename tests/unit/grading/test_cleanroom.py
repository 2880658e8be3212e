"""The clean room scores a test the same way in a new ``python`` as in a new Jupyter kernel.

Plain-Python tests run in a fresh interpreter (no kernel start-up per student); a test that
needs IPython still gets a kernel. Both are scored by nbgrader's ``determine_grade`` on the
outputs they leave, so each kind of outcome is compared between the two here.
"""

from __future__ import annotations

import pytest
from nbformat.v4 import new_code_cell

from course.grading import cleanroom
from course.grading.cleanroom import Answers, needs_kernel, recheck

Cell = cleanroom.TestCell

pytestmark = pytest.mark.slow  # one Jupyter kernel start

CELLS = [
    Cell("passes", 'assert answer_q1 == "B"', 2.0),
    Cell("fails", 'assert answer_q2 == "C", "wrong"', 1.0),
    Cell("missing_name", "assert answer_q9", 1.0),
    Cell("partial", "x = 3\nx", 4.0),
    Cell("none_shown", "None", 1.0),
    Cell("text_shown", "'not a number'", 1.0),
    Cell("stderr", "import sys\nprint('careful', file=sys.stderr)", 1.0),
    Cell("stdout_only", "print('fine')", 1.0),
    Cell("endless", "while True:\n    pass", 1.0),
    Cell("after_the_loop", 'assert answer_q1 == "B"', 1.0),
    Cell("syntax", "assert (", 1.0),
]
ANSWERS = Answers({"answer_q1": "B", "answer_q2": "A"})


def test_python_and_kernel_clean_rooms_give_every_kind_of_cell_the_same_score():
    in_python = recheck(CELLS, ANSWERS, timeout=3)
    notebook_cells = [new_code_cell("answer_q1 = 'B'\nanswer_q2 = 'A'")]
    notebook_cells += [
        new_code_cell(
            t.source,
            metadata={"nbgrader": {"grade": True, "grade_id": t.grade_id, "points": t.points}},
        )
        for t in CELLS
    ]
    from nbformat.v4 import new_notebook
    from nbgrader.utils import determine_grade

    cleanroom._run_in_kernel(new_notebook(cells=notebook_cells), timeout=3)
    in_kernel = {
        c.metadata.nbgrader["grade_id"]: determine_grade(c)[0] or 0.0 for c in notebook_cells[1:]
    }
    assert in_python == in_kernel
    assert in_python["passes"] == 2.0 and in_python["partial"] == 3.0
    assert in_python["endless"] == 0.0 and in_python["after_the_loop"] == 1.0


def test_only_tests_that_need_ipython_get_a_kernel():
    assert not needs_kernel('assert answer_q1 == "B"\n### BEGIN HIDDEN TESTS\nassert 1\n')
    assert needs_kernel("%time answer_q1")
    assert needs_kernel("!ls")
    assert needs_kernel("display(answer_q1)")
    assert needs_kernel("get_ipython().user_ns")
    magic = Cell("magic", "%time 1", 1.0)
    assert recheck([magic], Answers(), timeout=10) == {"magic": 1.0}

"""nbgrader settings for the course's graded case reviews.

Run nbgrader (or ``python -m course.grading``) from this folder. Everything not set here is
nbgrader's default: the gradebook is ``gradebook.db`` (SQLite) in this folder; for a large course
set ``c.CourseDirectory.db_url`` to a PostgreSQL address instead.
"""

import sys
from pathlib import Path

# Import `course` from this checkout when nbgrader runs from the repository's own folder.
_repository = Path(__file__).resolve().parents[2]
if (_repository / "course" / "grading").is_dir() and str(_repository) not in sys.path:
    sys.path.insert(0, str(_repository))

from course.grading.preprocessors import (  # noqa: E402
    autograde_preprocessors,
    feedback_preprocessors,
)

c = get_config()  # noqa: F821  (provided by nbgrader when it reads this file)

c.CourseDirectory.course_id = "buttock_pain"

# What a student finds in place of a solution.
c.ClearSolutions.code_stub = {"python": "# YOUR ANSWER HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Autograding: each cell may run for 30 s; output is capped in lines (nbgrader) and in bytes
# (the course's CapOutputBytes, which runs after the scores are saved).
c.Execute.timeout = 30
c.LimitOutput.max_lines = 1000
c.CapOutputBytes.max_bytes = 100_000
c.Autograde.autograde_preprocessors = autograde_preprocessors()

# Feedback: hidden tests are removed from the cells AND from the tracebacks of failing ones.
c.GenerateFeedback.preprocessors = feedback_preprocessors()

"""Old home of the sealed-key format, kept so that ``course.quiz.keys`` still imports.

The format is part of the content records, so it lives in :mod:`course.records.keys`; this name
is that same module object (not a copy), so attributes and patches are shared.
"""

from __future__ import annotations

import sys

from ..records import keys as _keys

sys.modules[__name__] = _keys

"""Fixtures shared by the integration tests: a real PostgreSQL server (see :mod:`.servers`).

``postgres`` is one server per test session (per xdist worker); ``postgres_url`` gives each
test module an empty database of its own on it, as the address ``CourseDirectory.db_url`` takes.
"""

from __future__ import annotations

import re

import pytest

from .servers import Postgres, postgres_server


@pytest.fixture(scope="session")
def postgres() -> Postgres:
    with postgres_server() as server:
        yield server


@pytest.fixture(scope="module")
def postgres_url(postgres, request) -> str:
    name = re.sub(r"\W+", "_", request.module.__name__.rsplit(".", 1)[-1]).lower()[:60]
    postgres.drop_database(name)
    yield postgres.create_database(name)
    postgres.drop_database(name)

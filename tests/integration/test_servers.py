"""The server fixtures' own rules: a missing server program fails in CI and skips elsewhere."""

from __future__ import annotations

import pytest

from . import servers


@pytest.mark.parametrize(
    ("ci", "outcome"),
    [("true", pytest.fail.Exception), ("1", pytest.fail.Exception), ("", pytest.skip.Exception)],
)
def test_a_missing_requirement_fails_in_ci_and_skips_elsewhere(monkeypatch, ci, outcome):
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="install it"):
        servers.require("install it")


@pytest.mark.parametrize("ci", ["true", "false"])
def test_without_postgresql_the_fixture_says_to_install_it(monkeypatch, tmp_path, ci):
    monkeypatch.setenv("CI", ci)
    monkeypatch.setattr(servers, "POSTGRES_BINARIES", str(tmp_path / "no-postgresql" / "*" / "bin"))
    assert servers.postgres_bin() is None
    expected = pytest.fail.Exception if ci == "true" else pytest.skip.Exception
    with pytest.raises(expected, match=r"apt-get install postgresql"), servers.postgres_server():
        pass

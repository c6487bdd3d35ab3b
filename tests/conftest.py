"""Fixtures every test folder may use: the central server's real PostgreSQL and HTTP server."""
pytest_plugins = ["tests.fixtures.central"]


import pytest  # noqa: E402


@pytest.fixture(autouse=True, scope="session")
def _demo_templates_stay_in_the_test_run(tmp_path_factory):
    """Demo stores built by tests keep their templates in the run's own temporary folder, not the user's cache."""
    import os

    from db.demo_template import TEMPLATES_ENV

    before = os.environ.get(TEMPLATES_ENV)
    os.environ[TEMPLATES_ENV] = str(tmp_path_factory.mktemp("demo-templates"))
    yield
    if before is None:
        os.environ.pop(TEMPLATES_ENV, None)
    else:
        os.environ[TEMPLATES_ENV] = before

"""The shipped flow rendered once for every scenario module that measures or plays real audio."""
import pytest


@pytest.fixture(scope="session")
def rendered_audio(shipped_audio):
    """Every prompt of the shipped flow rendered by espeak-ng (tests/conftest.py): (audio dir, flow)."""
    return shipped_audio

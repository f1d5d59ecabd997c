"""A fake results plugin: every collected test passes."""


def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    return None


def pytest_collection_modifyitems(items):  # type: ignore[no-untyped-def]
    for item in items:
        item.add_marker("criterion")

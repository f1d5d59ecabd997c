def pytest_collection_modifyitems(items):  # type: ignore[no-untyped-def]
    for item in items:
        item.add_marker("criterion")

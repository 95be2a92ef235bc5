"""Puts ``examples/web`` on ``sys.path`` (pytest's rootdir-relative import) for its tests."""

"""Hypothesis profiles for the test suite, and the project's strategies registered.

Pick a profile with ``HYPOTHESIS_PROFILE``:

- ``dev`` (the default on a workstation): 100 random examples per property;
- ``ci`` (the default when ``CI`` is set): 60 random examples, no deadline, and a
  reproduction blob printed on failure. It replaces Hypothesis's own ``ci``
  profile, which derandomizes and so would replay the same examples on every run;
- ``thorough``: 2,000 examples, for a long run before a release;
- ``mutation``: 25 derandomized examples and no example database, for mutation testing
  (``HYPOTHESIS_PROFILE=mutation mutmut run``, see docs/testing.md): each mutant
  reruns the tests that reach it, so they must be quick, and the same examples on every
  run make a mutant's verdict reproducible instead of depending on what earlier runs saved.

No profile has a deadline: the suite runs on shared, loaded machines (and under
coverage), where a timing failure says nothing about the code.
"""

from __future__ import annotations

import os

from hypothesis import settings

from telecentre_core.testing import _hypothesis_setup_hook

# Each profile starts from Hypothesis's defaults: with CI set, Hypothesis has already
# loaded its own `ci` profile, which a profile registered without a parent would inherit
# (derandomize included).
_DEFAULTS = settings.get_profile("default")
settings.register_profile("dev", _DEFAULTS, max_examples=100, deadline=None)
settings.register_profile(
    "ci", _DEFAULTS, max_examples=60, derandomize=False, deadline=None, print_blob=True
)
settings.register_profile("thorough", _DEFAULTS, max_examples=2000, deadline=None)
# For the runs on the other Python versions in CI: the same tests, fewer examples each; the
# depth comes from the main run (ci) and from local runs (dev, thorough).
settings.register_profile("compat", _DEFAULTS, max_examples=15, deadline=None)
settings.register_profile(
    "mutation", _DEFAULTS, max_examples=25, derandomize=True, database=None, deadline=None
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if "CI" in os.environ else "dev"))

# Importing telecentre_core.testing registered the strategies already (the `hypothesis`
# entry point imports it too). The explicit call keeps from_type() working if that ever
# changes; registering a strategy again replaces it with the same one.
_hypothesis_setup_hook()

# The command line writes French when the locale asks for it (LC_ALL, LC_MESSAGES, LANG):
# the suite runs in an English locale whatever the machine's, so that the outputs it
# compares are the same everywhere. tests/test_i18n.py sets the locale where it tests it.
for _name in ("LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_name, None)
os.environ["LANG"] = "C.UTF-8"

"""The reliability suite's shared setup: one seed for every random choice (printed in the
header so a failure can be repeated), hypothesis profiles chosen by $CALLCOACH_FUZZ, and
the figures each test measured, printed at the end of the run (README: Reliability).

    CALLCOACH_SEED=1234            repeat a run
    CALLCOACH_FUZZ=full            the long fuzz run (`make fuzz`); default "quick"
    CALLCOACH_CRASH_CYCLES=200     the full crash run (`make reliability`)
"""

from __future__ import annotations

import os
import random
from collections import Counter

from hypothesis import HealthCheck, settings

SEED = int(os.environ.get("CALLCOACH_SEED") or random.SystemRandom().randrange(1, 10**6))
FIGURES: Counter = Counter()

# database=None: nothing is written into the checkout (CI runs it on a clean clone).
_COMMON = dict(deadline=None, database=None, print_blob=True,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                      HealthCheck.function_scoped_fixture])
settings.register_profile("quick", max_examples=40, **_COMMON)
settings.register_profile("full", max_examples=2000, **_COMMON)
PROFILE = os.environ.get("CALLCOACH_FUZZ", "quick")


def pytest_report_header(config):
    return (f"reliability: seed {SEED} (CALLCOACH_SEED={SEED} repeats it), "
            f"fuzz profile {PROFILE!r}")


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("reliability figures")
        terminalreporter.write_line(f"seed {SEED}, fuzz profile {PROFILE!r}")
        for key in sorted(FIGURES):
            value = FIGURES[key]
            shown = f"{value:.1f}" if isinstance(value, float) else str(value)
            terminalreporter.write_line(f"{key}: {shown}")


def fuzz_settings(share: float = 1.0) -> settings:
    """The chosen profile for one fuzz test (applied per test, never loaded globally, so
    the rest of the suite keeps hypothesis's defaults); `share` scales its examples."""
    base = settings.get_profile(PROFILE)
    return settings(base, max_examples=max(5, int(base.max_examples * share)))

"""How many cores this process may use: one answer for every part of scormgen that
shares out work (page workers, deflating threads)."""
from __future__ import annotations

import os


def available_cores() -> int:
    """The cores this process may run on: its CPU affinity where the system has one (a
    container, a CI runner or ``taskset`` may allow fewer cores than the machine has),
    else every core of the machine; at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # no affinity on macOS and Windows
        return max(1, os.cpu_count() or 1)

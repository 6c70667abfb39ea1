"""Runs a Python program in a subprocess on the test's clock.

The suite runs on a fixed "today" (time_machine, in conftest.py). A worker or server started as a
separate process would otherwise read the machine's real clock and disagree with the test about
which term it is, whether a round is open or when a job started. Usage:

    python tests/same_clock.py 2026-11-02T09:00:00+00:00 -m celery -A wellbeing_portal worker
    python tests/same_clock.py 2026-11-02T09:00:00+00:00 manage.py runserver --noreload

The program starts at that moment and its clock then runs on, as the test's does.
"""

import runpy
import sys
from datetime import datetime


def python_on_test_clock() -> list[str]:
    """The start of a subprocess command line that runs Python at the test's current moment."""
    from django.utils import timezone

    return [sys.executable, __file__, timezone.now().isoformat()]


def main() -> None:
    import time_machine

    moment = datetime.fromisoformat(sys.argv[1])
    program = sys.argv[2:]
    time_machine.travel(moment, tick=True).start()
    if program[0] == "-m":
        sys.argv = program[1:]
        runpy.run_module(program[1], run_name="__main__", alter_sys=True)
    else:
        sys.argv = program
        runpy.run_path(program[0], run_name="__main__")


if __name__ == "__main__":
    main()

"""The revision run at portfolio scale (issue 12): the demo grown with ``byvekst demo --projects N``, its adopted
programme and status reports, then a revision from the programme in force on the adopted frames — the time to
build the revision scenario (the newest report per project, the overrides) and the time of the run itself (the
optimisation and its analyses, as the worker does it).

    .venv/bin/python bench/revision.py [--sizes 0,400] [--database-url postgres://…]
"""

from __future__ import annotations

import argparse
import io
import time

from _django import setup


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="0,400")
    ap.add_argument("--database-url", default="")
    args = ap.parse_args()
    setup(args.database_url)
    from django.core.management import call_command

    from byvekst.followup.revision import revision_start
    from byvekst.followup.selectors import adopted_version
    from byvekst.governance.models import User
    from byvekst.portfolio import services
    from byvekst.portfolio.models import FrameVersion, Run

    call_command("migrate", verbosity=0)
    actor = User.objects.get_or_create(username="sekretariat")[0]
    print("| extra sheets | candidates | under way | build scenario s | run s | status | in | out |")
    print("|---:|---:|---:|---:|---:|---|---:|---:|")
    for size in [int(s) for s in args.sizes.split(",")]:
        call_command("demo", projects=size, stdout=io.StringIO())
        services.work_once()  # the scale demo's own run, so that the revision run is the only one queued next
        actor = User.objects.get(username="sekretariat")
        version = adopted_version()
        assert version is not None and version.run is not None
        frame = FrameVersion.objects.get(pk=version.run.scenario.frame_id)
        start = time.perf_counter()
        run = revision_start(actor=actor, frame=frame, name=f"Revisjon ({size})", reason="Benchmark")
        built = time.perf_counter() - start
        start = time.perf_counter()
        services.work_once()
        solved = time.perf_counter() - start
        run = Run.objects.get(pk=run.pk)
        fixed = sum(1 for o in run.scenario.revision["overrides"].values() if o["fixed"])
        chosen = len(run.result["selected"]) if run.result else 0
        total = len(run.instance["projects"]) if run.instance else 0
        status = run.result["status"] if run.result else run.status
        print(f"| {size} | {total} | {fixed} | {built:.2f} | {solved:.1f} | {status} | {chosen} | {total - chosen} |")


if __name__ == "__main__":
    main()

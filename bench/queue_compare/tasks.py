import time

from django_tasks import task


@task()
def slow(seconds: float) -> str:
    time.sleep(seconds)
    return "done"

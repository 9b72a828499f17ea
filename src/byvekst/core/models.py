"""Immutability for versioned records, in one place.

``WriteOnce`` records (frozen sheet and programme versions) are written when created and never again.
``FrozenWhen`` records (mandate versions, criteria sets, frames) may change while a draft; once the stored
row has reached a frozen status, every save and delete is refused. Both raise :class:`FrozenError`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.db import IntegrityError, models, transaction


class FrozenError(ValueError):
    """A frozen record was about to change."""


class WriteOnce(models.Model):
    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise FrozenError(f"{self} is frozen and cannot change.")
        super().save(*args, **kwargs)


class FrozenWhen(models.Model):
    """Subclasses name the status values from which the stored row may no longer change."""

    FROZEN_STATUSES: ClassVar[tuple[str, ...]] = ()
    FROZEN_ERROR: ClassVar[type[FrozenError]] = FrozenError

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.is_frozen_in_db():
            raise self.FROZEN_ERROR(f"{self} is adopted or agreed and cannot change; make a new version.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self.is_frozen_in_db():
            raise self.FROZEN_ERROR(f"{self} is adopted or agreed and cannot be deleted.")
        return super().delete(*args, **kwargs)

    def is_frozen_in_db(self) -> bool:
        if self.pk is None:
            return False
        # "status" is a field of every subclass; the abstract base has none, hence the dynamic lookup.
        stored = type(self)._default_manager.filter(pk=self.pk).values_list("status", flat=True).first()  # type: ignore[misc]
        return stored in self.FROZEN_STATUSES


class Counter(models.Model):
    """The last number handed out in a series (case numbers of a year, decision numbers of a forum and year,
    project ids of an area and year). Taken under a row lock, so concurrent creations never collide."""

    key = models.CharField(max_length=80, unique=True)
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}: {self.value}"


def next_number(key: str, floor: Callable[[], int] = lambda: 0) -> int:
    """The next number in the series ``key``. The first call starts after ``floor()`` (the highest number
    already in use, for series that existed before their counter)."""
    return next_numbers(key, 1, floor)[0]


def next_numbers(key: str, count: int, floor: Callable[[], int] = lambda: 0) -> range:
    """The next ``count`` numbers in the series ``key``, taken at once under the lock."""
    with transaction.atomic():
        counter = Counter.objects.select_for_update().filter(key=key).first()
        if counter is None:
            try:
                with transaction.atomic():  # a savepoint: another transaction may create the same row first
                    Counter.objects.create(key=key, value=floor())
            except IntegrityError:
                pass
            counter = Counter.objects.select_for_update().get(key=key)
        first = counter.value + 1
        counter.value += count
        counter.save(update_fields=["value"])
        return range(int(first), int(counter.value) + 1)

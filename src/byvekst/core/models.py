"""Immutability for versioned records, in one place.

``WriteOnce`` records (frozen sheet and programme versions) are written when created and never again.
``FrozenWhen`` records (mandate versions, criteria sets, frames) may change while a draft; once the stored
row has reached a frozen status, every save and delete is refused. Both raise :class:`FrozenError`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models


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

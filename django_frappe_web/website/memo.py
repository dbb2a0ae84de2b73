"""A process-local memo whose entries carry the page versions (:mod:`.generation`) they were built from."""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable


class VersionedMemo:
    """A bounded process-local memo whose entries each carry the versions they were built from.

    Lets a process remember route tables, route lookups (including misses) and rows without a
    query per request; an entry is used only while the versions it was built from are current.
    """

    MISSING = object()
    _instances: weakref.WeakSet[VersionedMemo] = weakref.WeakSet()

    def __init__(self, maxsize: int = 4096):
        self.maxsize = maxsize
        self.entries: OrderedDict[Hashable, tuple[tuple, object]] = OrderedDict()
        VersionedMemo._instances.add(self)

    def clear(self) -> None:
        self.entries.clear()

    @classmethod
    def forget_all(cls) -> None:
        """Empty every memo of this process (tests: a rolled-back database reuses version numbers)."""
        for memo in list(cls._instances):
            memo.clear()

    def get(self, stamp: tuple, key: Hashable) -> object:
        entry = self.entries.get(key)
        if entry is None or entry[0] != stamp:
            return self.MISSING
        try:
            self.entries.move_to_end(key)
        except KeyError:  # evicted meanwhile by another thread: the entry read is still right
            pass
        return entry[1]

    def get_or_set(self, stamp: tuple, key: Hashable, compute: Callable[[], object]) -> object:
        """The value memoised for ``key`` at ``stamp``; ``compute()`` and remember it when missing."""
        value = self.get(stamp, key)
        if value is self.MISSING:
            value = compute()
            self.set(stamp, key, value)
        return value

    def set(self, stamp: tuple, key: Hashable, value: object) -> None:
        self.entries[key] = (stamp, value)
        try:
            self.entries.move_to_end(key)
            while len(self.entries) > self.maxsize:
                self.entries.popitem(last=False)
        except KeyError:  # another thread evicted or emptied it meanwhile: nothing to do
            pass

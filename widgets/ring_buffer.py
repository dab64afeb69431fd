"""A fixed-capacity ring buffer of 2-D float rows, so live plots keep bounded memory however long they run."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


class RingBuffer:
    """The newest `capacity` rows of `columns` floats each, stored in one preallocated numpy array.

    Appending never allocates more than the incoming block, so memory stays the same after a week of
    simulated time as after a minute; the oldest rows are overwritten first.
    """

    def __init__(self, capacity: int, columns: int) -> None:
        if capacity < 1 or columns < 1:
            raise ValueError("a ring buffer needs capacity >= 1 and columns >= 1")
        self._data = np.zeros((int(capacity), int(columns)), dtype=float)
        self._start = 0  # index of the oldest row
        self._len = 0

    @property
    def capacity(self) -> int:
        """Most rows kept."""
        return self._data.shape[0]

    @property
    def columns(self) -> int:
        """Floats per row."""
        return self._data.shape[1]

    @property
    def nbytes(self) -> int:
        """Bytes held by the storage (constant: it is allocated once)."""
        return self._data.nbytes

    def __len__(self) -> int:
        return self._len

    def append(self, rows: np.ndarray | Sequence[Sequence[float]]) -> None:
        """Add k rows (k × columns; a single 1-D row is accepted); if k > capacity only the newest fit."""
        block = np.asarray(rows, dtype=float)
        if block.ndim == 1:
            block = block.reshape(1, -1)
        if block.ndim != 2 or block.shape[1] != self.columns:
            raise ValueError(f"expected rows of {self.columns} columns, got shape {block.shape}")
        k = block.shape[0]
        if k == 0:
            return
        cap = self.capacity
        if k >= cap:
            self._data[:] = block[-cap:]
            self._start, self._len = 0, cap
            return
        end = (self._start + self._len) % cap
        first = min(k, cap - end)
        self._data[end:end + first] = block[:first]
        if first < k:
            self._data[:k - first] = block[first:]
        overflow = self._len + k - cap
        if overflow > 0:
            self._start = (self._start + overflow) % cap
            self._len = cap
        else:
            self._len += k

    def view(self, columns: Sequence[int] | None = None) -> np.ndarray:
        """The rows oldest first, as a new array (a copy, safe to keep); optionally only some columns."""
        cols = slice(None) if columns is None else list(columns)
        stop = self._start + self._len
        if stop <= self.capacity:
            return self._data[self._start:stop, cols].copy()
        return np.concatenate((self._data[self._start:, cols], self._data[:stop - self.capacity, cols]))

    def first(self) -> np.ndarray:
        """The oldest row (a copy); IndexError if empty."""
        if not self._len:
            raise IndexError("ring buffer is empty")
        return self._data[self._start].copy()

    def last(self) -> np.ndarray:
        """The newest row (a copy); IndexError if empty."""
        if not self._len:
            raise IndexError("ring buffer is empty")
        return self._data[(self._start + self._len - 1) % self.capacity].copy()

    def clear(self) -> None:
        """Forget every row (storage is kept for reuse)."""
        self._start = 0
        self._len = 0

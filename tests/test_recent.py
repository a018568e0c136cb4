"""The per-process memo of rarely changing rows: kept for the trust window, never a missing row, off at 0."""

from __future__ import annotations

from tinhso.core import recent as memo


def test_a_value_is_kept_for_the_window_and_made_again_after(settings, monkeypatch):  # type: ignore[no-untyped-def]
    # given a window of 10 seconds
    settings.TINHSO_VERSION_CHECK_SECONDS = 10
    memo._memo.clear()
    made: list[int] = []

    def make() -> int:
        made.append(1)
        return len(made)

    # when the same key is asked for now, 5 s later and 11 s later
    now = [100.0]
    monkeypatch.setattr(memo.time, "monotonic", lambda: now[0])
    first = memo.recent(("t", 1), make)
    now[0] = 105.0
    second = memo.recent(("t", 1), make)
    now[0] = 111.0
    third = memo.recent(("t", 1), make)
    memo._memo.clear()
    # then it is made twice: at first and once the window has passed
    assert (first, second, third) == (1, 1, 2)


def test_a_missing_row_is_not_remembered_and_a_zero_window_keeps_nothing(settings):  # type: ignore[no-untyped-def]
    settings.TINHSO_VERSION_CHECK_SECONDS = 10
    memo._memo.clear()
    assert memo.recent(("t", 2), lambda: None) is None
    assert memo.recent(("t", 2), lambda: "now there") == "now there"
    settings.TINHSO_VERSION_CHECK_SECONDS = 0
    assert memo.recent(("t", 3), lambda: "a") == "a"
    assert memo.recent(("t", 3), lambda: "b") == "b"
    memo._memo.clear()

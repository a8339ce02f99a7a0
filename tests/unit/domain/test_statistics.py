"""The small-count rule of the anonymous statistics."""
from scheduler_app.domain.statistics import HIDDEN, MonthCounts, is_hidden, publish, shown


def test_counts_below_three_are_hidden():
    assert [shown(n) for n in range(5)] == [HIDDEN, HIDDEN, HIDDEN, "3", "4"]
    assert HIDDEN == "< 3" and is_hidden(2) and not is_hidden(3)


def test_bars_scale_on_shown_counts_only():
    rows = publish([MonthCounts("A", 2026, 1, 10, 0, 1), MonthCounts("A", 2026, 2, 5, 3, 0),
                    MonthCounts("B", 2026, 1, 2, 2, 0)])
    assert [r.bar_percent for r in rows] == [100, 50, None]
    assert (rows[0].bookings, rows[0].cancellations, rows[0].no_shows) == ("10", HIDDEN, HIDDEN)
    assert rows[2].bookings == HIDDEN


def test_nothing_to_show():
    assert publish([MonthCounts("A", 2026, 1, 1, 0, 0)])[0].bar_percent is None
    assert publish([]) == []

"""The publications-per-year chart's geometry."""

from core.charts import HEIGHT, LABEL_ROOM, MAX_LABELS, WIDTH, year_bars


def test_every_year_from_first_to_last_gets_a_bar_and_the_tallest_fills_the_room():
    bars = year_bars({2016: 3, 2018: 12, 2019: 6})
    assert [(bar.year, bar.count) for bar in bars] == [(2016, 3), (2017, 0), (2018, 12), (2019, 6)]
    tallest = max(bars, key=lambda bar: bar.height)
    assert tallest.year == 2018 and tallest.y + tallest.height == HEIGHT - LABEL_ROOM
    assert bars[1].height == 0
    assert bars[0].height == tallest.height / 4


def test_bars_stay_inside_the_chart_and_labels_never_crowd():
    bars = year_bars({year: year % 7 + 1 for year in range(1970, 2026)})
    assert all(bar.x >= 0 and bar.x + bar.width <= WIDTH for bar in bars)
    assert sum(bar.label for bar in bars) <= MAX_LABELS
    assert bars[0].label


def test_no_papers_no_chart():
    assert year_bars({}) == []

"""Charts drawn on the server as SVG geometry: no JavaScript, readable in print."""

from dataclasses import dataclass

WIDTH, HEIGHT = 640, 160
# Room under the bars for the year labels, above them for the counts.
LABEL_ROOM, TOP_ROOM = 18, 14
MAX_LABELS = 12


@dataclass(frozen=True)
class Bar:
    year: int
    count: int
    x: float
    y: float
    width: float
    height: float
    label: bool  # whether the year is written under the bar

    @property
    def center(self) -> float:
        return self.x + self.width / 2


def year_bars(counts: dict[int, int]) -> list[Bar]:
    """One bar a year from the first year to the last (empty years included), scaled to the chart."""
    if not counts:
        return []
    years = list(range(min(counts), max(counts) + 1))
    slot = WIDTH / len(years)
    tallest = max(counts.values())
    room = HEIGHT - LABEL_ROOM - TOP_ROOM
    every = -(-len(years) // MAX_LABELS)  # label every nth year so labels never overlap
    bars = []
    for index, year in enumerate(years):
        count = counts.get(year, 0)
        height = room * count / tallest
        x = index * slot + slot * 0.15
        bars.append(Bar(year, count, x, TOP_ROOM + room - height, slot * 0.7, height, index % every == 0))
    return bars

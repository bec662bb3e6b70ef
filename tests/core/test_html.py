"""core.html.format_markup writes what Django's format_html writes, for every kind of value."""

import datetime

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st

from core.html import format_markup

VALUES = st.one_of(
    st.text(),
    st.integers(),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False),
    st.dates(),
    st.text().map(mark_safe),
)


@given(st.lists(VALUES, min_size=1, max_size=8))
def test_the_same_text_as_format_html(values):
    markup = '<a href="{}">' * len(values)
    assert format_markup(markup, *values) == format_html(markup, *values)


def test_text_is_escaped_and_marked_safe():
    shown = format_markup('<a title="{}">{}</a>', 'O\'Neil & "Co"', "<script>x</script>")
    assert shown == '<a title="O&#x27;Neil &amp; &quot;Co&quot;">&lt;script&gt;x&lt;/script&gt;</a>'
    assert isinstance(shown, SafeString)


def test_safe_markup_and_lazy_text_are_taken_as_format_html_takes_them():
    values = (mark_safe("<b>kept</b>"), gettext_lazy("Lazy <text>"), datetime.date(2024, 6, 1), 7)
    assert format_markup("{} {} {} {}", *values) == format_html("{} {} {} {}", *values)
    assert format_markup("{}", values[0]) == "<b>kept</b>"

"""LaTeX in BibTeX text as a reader expects it: math as Unicode, soft hyphens gone, accents kept."""

from datetime import date

import pytest

from core.text import latex_to_text, prose
from ingest.parsers.bibtex import parse
from ingest.parsers.drafts import ParseContext

CONTEXT = ParseContext(observed_at=date(2025, 6, 1))


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"360${}^\circ$ Video", "360° Video"),
        (r"$360^\circ$ Video", "360° Video"),
        (r"$\alpha$-Blending", "α-Blending"),
        (r"2$\times$ Faster", "2× Faster"),
        (r"Area in m$^{2}$", "Area in m²"),
        (r"$\ell_1$ Regularisation", "ℓ₁ Regularisation"),
        (r"$O(n^2)$ Matching", "O(n²) Matching"),
        (r"$10^{-3}$ Error", "10⁻³ Error"),
        (r"Sparse $\mathcal{O}(n \log n)$ Solvers", "Sparse 𝒪(n log n) Solvers"),
        (r"$\geq$ 3 Views", "≥ 3 Views"),
        (r"$W_\theta$ Weights", "W_θ Weights"),
        (r"$\mathbb{R}^3$ Shapes", "ℝ³ Shapes"),
    ],
)
def test_math_becomes_unicode(latex, text):
    assert latex_to_text(latex) == text


def test_a_discretionary_hyphen_and_a_stray_soft_hyphen_disappear():
    assert latex_to_text(r"Fing\-scheidt") == "Fingscheidt"
    assert latex_to_text("Fing\u00adscheidt") == "Fingscheidt"
    assert prose("Fing\u00adscheidt and co") == "Fingscheidt and co"


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"M{\"u}ller", "Müller"),
        (r"Caf\'{e}", "Café"),
        (r"Stra{\ss}e", "Straße"),
        (r"Fran\c{c}ois", "François"),
        (r"Rodol\`a", "Rodolà"),
    ],
)
def test_accents_keep_working(latex, text):
    assert latex_to_text(latex) == text


def test_underscores_and_carets_outside_math_stay_as_written():
    assert latex_to_text(r"file_name and x^2 \emph{here}") == "file_name and x^2 here"


def test_a_lone_dollar_is_a_dollar_not_a_formula():
    assert latex_to_text(r"costs $5 \emph{only}") == "costs $5 only"


def test_marks_raised_in_math_stay_marks():
    assert latex_to_text(r"Sun$^{*}$") == "Sun*"
    assert latex_to_text(r"Sun$^\dagger$") == "Sun†"


ENTRY = r"""
@article{math2024,
  title = {{360${}^\circ$} Scenes with $\alpha$-Blending at 2$\times$ Speed},
  author = {Fing\-scheidt, Tim and M{\"u}ller, J{\"o}rg and Ko{\c{c}}, Ay{\c{s}}e},
  journal = {Journal of $\ell_1$ Methods},
  abstract = {We reach $10^{-3}$ error in m$^{2}$ with $O(n^2)$ cost.},
  year = {2024},
}
"""


def test_title_abstract_names_and_venue_of_an_entry_are_clean_text():
    (paper,) = parse(ENTRY, CONTEXT).papers
    assert paper.title == "360° Scenes with α-Blending at 2× Speed"
    assert paper.abstract == "We reach 10⁻³ error in m² with O(n²) cost."
    assert paper.venue_text == "Journal of ℓ₁ Methods"
    assert [author.name for author in paper.authors] == ["Fingscheidt, Tim", "Müller, Jörg", "Koç, Ayşe"]


def test_marks_raised_after_names_are_read_and_dropped():
    entry = r"""
    @inproceedings{marks2024,
      title = {Marks},
      author = {Qianru Sun$^{*}$ and Hanwang Zhang$^\dagger$ and Mei Tanaka$^{1,2}$},
      booktitle = {CVPR},
      year = {2024},
    }
    """
    (paper,) = parse(entry, CONTEXT).papers
    shown = [(author.name, author.equal_contribution, author.corresponding) for author in paper.authors]
    expected = [("Qianru Sun", True, False), ("Hanwang Zhang", False, True), ("Mei Tanaka", False, False)]
    assert shown == expected

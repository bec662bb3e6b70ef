"""The catalogue's venue spellings (alias key -> acronym) arranged for the ways files abbreviate them."""

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from core.keys import venue_key

# Words a venue's name may carry or drop without naming another venue ("IEEE Trans. on Pattern
# Analysis and Machine Intelligence", "Transactions on Pattern Analysis & Machine Intelligence").
LOOSE_WORDS = frozenset({
    "a", "an", "and", "at", "for", "in", "of", "on", "the", "to",
    "ieee", "acm", "cvf", "rsj", "siam", "ifip", "iapr", "springer", "elsevier", "pmlr", "lncs",
    "international", "annual", "proceedings",
})  # fmt: skip
# ACM's special interest groups: "ACM SIGKDD Conference on ..." is also "ACM Conference on ...".
SIG_WORDS = frozenset({
    "sigact", "sigai", "sigapp", "sigarch", "sigbed", "sigcas", "sigchi", "sigcomm", "sigcse", "sigda",
    "sigdial", "sigdoc", "sigecom", "sigevo", "sighpc", "sigir", "sigite", "sigkdd", "siglog",
    "sigmetrics", "sigmicro", "sigmis", "sigmm", "sigmobile", "sigmod", "sigops", "sigplan", "sigsac",
    "sigsim", "sigsoft", "sigspatial", "siguccs", "sigweb",
})  # fmt: skip
# Acronym-like words that name a publisher, a society or a place, never the venue itself.
IGNORED_TOKENS = frozenset({
    "ieee", "acm", "cvf", "usenix", "siam", "spie", "iet", "iee", "lncs", "ceur", "pmlr", "isca",
    "usa", "uk", "eu", "ifip", "iapr", "rsj", "ws",
})  # fmt: skip
ACRONYM_LIKE_RE = re.compile(r"^(?:[a-z0-9&]{3,20})$")


class VenueAliases(dict):
    """Folded spelling -> acronym, as parsers take the catalogue, with each acronym's kind."""

    def __init__(
        self,
        aliases: Mapping[str, str] | Iterable[tuple[str, str]] = (),
        kinds: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(aliases)
        self.kinds = dict(kinds or {})


@dataclass
class VenueIndex:
    """Ways to find an acronym from a spelling: exact key, key without filler words, abbreviations."""

    strict: Mapping[str, str]
    loose: dict[str, str] = field(default_factory=dict)
    abbreviable: dict[tuple[int, str], list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)
    acronyms: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    workshops: dict[str, str] = field(default_factory=dict)
    ignored_tokens: frozenset[str] = IGNORED_TOKENS

    def find(self, text: str) -> str:
        """The acronym text spells, exactly, without filler words, or abbreviated; "" if none or many."""
        key = venue_key(text)
        if not key:
            return ""
        found = self.strict.get(key)
        if found:
            return found
        words = loose_words(key)
        if not words or (len(words) == 1 and words[0] != key):
            return ""  # "and services", "IEEE Access": one plain word left is no venue's name
        return self.loose.get(" ".join(words)) or self._abbreviated(words)

    def _abbreviated(self, words: tuple[str, ...]) -> str:
        """ "Trans Pattern Anal Mach Intell" -> the one venue whose words these begin (or that begin
        these: "Interactive Mobile" against "Interact. Mob."), if only one."""
        if len(words) < 2:
            return ""
        found = {
            acronym
            for full, acronym in self.abbreviable.get((len(words), words[0][0]), ())
            if all(_abbreviates(word, whole) for word, whole in zip(words, full, strict=True))
        }
        return found.pop() if len(found) == 1 else ""


def _abbreviates(word: str, whole: str) -> bool:
    """Whether one of two words shortens the other: "anal" and "analysis"; a letter alone does not."""
    if word == whole:
        return True
    short, long = sorted((word, whole), key=len)
    return len(short) > 1 and long.startswith(short)


def loose_words(key: str) -> tuple[str, ...]:
    """The words of a venue key that tell venues apart."""
    return tuple(word for word in key.split() if word not in LOOSE_WORDS and word not in SIG_WORDS)


_last: tuple[Mapping[str, str], int, VenueIndex] | None = None


def venue_index(aliases: Mapping[str, str]) -> VenueIndex:
    """The index of aliases, built once for the mapping a run (or a parser) passes every time."""
    global _last
    if _last is not None and _last[0] is aliases and _last[1] == len(aliases):
        return _last[2]
    index = build_index(aliases, getattr(aliases, "kinds", None))
    _last = (aliases, len(aliases), index)
    return index


def build_index(aliases: Mapping[str, str], kinds: Mapping[str, str] | None = None) -> VenueIndex:
    """Arrange the alias keys; a loose key that two venues share is left out, as ambiguous."""
    index = VenueIndex(strict=aliases)
    owners: dict[str, set[str]] = defaultdict(set)
    keys_of: dict[str, list[str]] = defaultdict(list)
    for key, acronym in aliases.items():
        keys_of[acronym].append(key)
        words = loose_words(key)
        # "IEEE Access" and "IEEE Visualization" without their publisher are a plain word, not a venue.
        if len(words) > 1 or (words and " ".join(words) == key):
            owners[" ".join(words)].add(acronym)
    index.loose = {key: next(iter(found)) for key, found in owners.items() if len(found) == 1}
    for key, acronym in index.loose.items():
        words = tuple(key.split())
        index.abbreviable.setdefault((len(words), words[0][0]), []).append((words, acronym))
    index.acronyms = _acronyms(aliases, keys_of)
    index.workshops = _workshop_series(aliases, keys_of)
    index.kinds = dict(kinds) if kinds is not None else _kinds(keys_of, index.workshops)
    return index


def _acronyms(aliases: Mapping[str, str], keys_of: dict[str, list[str]]) -> dict[str, str]:
    """One-word spellings ("cvpr", "nips", "tpami") -> acronym, for acronyms met inside a line."""
    found = {key: acronym for key, acronym in aliases.items() if ACRONYM_LIKE_RE.match(key)}
    found.update({venue_key(acronym): acronym for acronym in keys_of if venue_key(acronym)})
    return {key: acronym for key, acronym in found.items() if key not in IGNORED_TOKENS}


def _workshop_series(aliases: Mapping[str, str], keys_of: dict[str, list[str]]) -> dict[str, str]:
    """Conference acronym -> the acronym of the catalogue's venue for its workshops ("CVPR Workshops")."""
    series = {}
    for acronym, keys in keys_of.items():
        for key in [venue_key(acronym), *keys]:
            workshop = aliases.get(f"{key} workshop")
            if workshop and workshop != acronym:
                series[acronym] = workshop
                break
    return series


JOURNAL_WORDS = frozenset({"journal", "transactions", "letters", "magazine", "review", "reviews", "surveys"})


def _kinds(keys_of: dict[str, list[str]], series: dict[str, str]) -> dict[str, str]:
    """Kinds as far as the spellings tell, when the catalogue did not give them: a conference's
    workshop series or most names saying "workshop" make a workshop; "Transactions" a journal."""
    kinds = dict.fromkeys(series.values(), "workshop")
    for acronym, keys in keys_of.items():
        if sum("workshop" in key.split() for key in keys) * 2 > len(keys):
            kinds[acronym] = "workshop"
        elif any(JOURNAL_WORDS & set(key.split()) for key in keys):
            kinds.setdefault(acronym, "journal")
    return kinds

"""What a statement says of the child, by its words: a worry, a strength, or neither (polarity), with
its clauses and the context scopes they open (read once per statement and memoised), and whether a
harm it names is ruled out or not current. Pure: (index, text) → answers.

A negated harm is a strength ("parents do not drink"); a negated need is a worry ("no food in the
house"); negation is kept as a word (``not``) because Tier 1 descriptors are often the negated worry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from threshold_cli.model.lookup import Entry, Hit
from threshold_cli.retrieval.index import Index
from threshold_cli.retrieval.query import QUERY_MEMO
from threshold_cli.text.context import SENTENCE_MARKS
from threshold_cli.text.words import NOT, cased_words, contains, fold, phrase_starts, words

if TYPE_CHECKING:
    from threshold_cli.text.concepts import Act
    from threshold_cli.text.context import Scope


NEGATION_WINDOW = 6
"""How many words after a negation it still reaches ("does not use drugs or alcohol")."""

STRENGTH_WEIGHT = 0.6
"""Tier 1 wording describes needs met; a worry ranks it below Tiers 2-4 (and a strength ranks 2-4 below it)."""


STRENGTH, WORRY, NEUTRAL = "strength", "worry", "neutral"
_CLAUSE_END = re.compile(SENTENCE_MARKS + r"|\b(?:and|but|so|because|although|though|however|while|whereas)\b", re.I)


def _clauses(text: str) -> tuple[list[str], list[int]]:
    """The statement's words, and for each word the number of its clause (a negation ends with it)."""
    seq: list[str] = []
    clause: list[int] = []
    for n, part in enumerate(_CLAUSE_END.split(text)):
        part_words = words(part)
        seq.extend(part_words)
        clause.extend([n] * len(part_words))
    return seq, clause


def polarity(index: Index, text: str) -> str:
    """Whether a statement is a strength, a worry, or says neither by its words alone.

    A negated harm is a strength ("parents do not drink", "no marks or injuries"); a negated need is a
    worry ("no food in the house", "didn't come home"); a bare harm is a worry; a protective phrase with
    no harm and no negation is a strength. Anything else is neutral, and the matrix decides: a neutral
    statement that fits a Tier 1 descriptor best is a strength.
    """
    return polarity_and_denial(index, text)[0]


def polarity_and_denial(index: Index, text: str) -> tuple[str, bool]:
    """The polarity, and whether it is a strength because the statement says a harm did not happen or
    was ruled out ("no FGM concerns", "DA ruled out"): only then may it set aside a criterion its words
    name. A strength by protective words alone ("pregnancy test positive", "happy") never does."""
    reading, why = _read(index, text)
    return reading, why == HARM_DENIED


HARM_DENIED = "harm denied"


def _read(index: Index, text: str) -> tuple[str, str]:
    """The polarity and why: ``harm denied`` (every harm negated or ruled out), ``protective words``,
    or another reason."""
    seq, clause = _clauses(text)
    stems = [index.stem_word(w) for w in seq]
    negations: set[int] = {i for i, w in enumerate(seq) if w == NOT}
    for phrase in index.cues.get("negation", []):
        for start in phrase_starts(phrase, seq):
            negations.update(range(start, start + len(phrase)))

    present = set(seq) | set(stems)

    def positions(cue: str, *, exact: bool = False) -> list[int]:
        found: set[int] = set()
        for phrase in index.cues.get(cue, []):
            pattern = phrase if exact else index.phrase_stems(" ".join(phrase))[0]
            if not pattern or pattern[0] not in present:
                continue
            for start in phrase_starts(pattern, seq if exact else stems):
                found.add(start + len(phrase) - 1)
        return sorted(found - negations)

    def negated(i: int) -> bool:
        return any(0 < i - n <= NEGATION_WINDOW and clause[n] == clause[i] for n in negations)

    harms, needs = positions("harm"), positions("need")
    if any(negated(i) for i in needs):
        return WORRY, "need negated"
    if names_a_current_act(index, text):
        return WORRY, "act"
    if any(not negated(i) for i in harms):
        out_of_present = _harms_out_of_present(index, text)
        if out_of_present == "ruled-out":
            return STRENGTH, HARM_DENIED
        if out_of_present == "explained":  # read on Tier 1 wording; a criterion it names still counts
            return STRENGTH, "harm explained"
        return (NEUTRAL, "harm past") if out_of_present == "past" else (WORRY, "harm")
    if harms:
        return STRENGTH, HARM_DENIED
    if not negations and positions("protective", exact=True):
        return STRENGTH, "protective words"
    return NEUTRAL, "nothing"


@dataclass(frozen=True)
class ClauseReading:
    """A statement as the context and concept stages read it: its words as written (case kept), lower
    case and as stems, each word's clause, the context scopes (context.yaml) they open, and the acts it
    names with who did them to whom (concepts.yaml), read once for every stage that asks."""

    cased: list[str]
    surface: list[str]
    stems: list[str]
    clause: list[int]
    scopes: list[Scope]
    acts: list[Act]


def read_clauses(index: Index, text: str) -> ClauseReading:
    """The statement's :class:`ClauseReading`, memoised as queries are (polarity, the criteria and
    ``--explain`` all read the same statement)."""
    from threshold_cli.text.concepts import acts, names_in
    from threshold_cli.text.context import clause_numbers, scopes

    found = index._contexts.get(text)
    if found is None:
        cased, clause = clause_numbers(text, index.clause_breaks, cased_words)
        surface = [w.lower() for w in cased]
        stems = [index.stem_word(fold(w)) for w in surface]
        named = acts(surface, stems, clause, index.concepts, names_in(cased, clause)) if index.concepts else []
        if len(index._contexts) >= QUERY_MEMO:
            index._contexts.clear()
        found = index._contexts[text] = ClauseReading(
            cased, surface, stems, clause, scopes(surface, stems, clause, index.context), named
        )
    return found


def in_everyday_sense(index: Index, text: str) -> str:
    """The statement without the words it uses in their everyday sense (concepts.yaml acts marked
    ``everyday``: "threw up", "kicking off at home"), so that neither the harm words nor the rows' words
    for violence read "threw" or "kicking" there. The statement as written when it has none."""
    everyday = set(index.concepts.get("everyday", ()))
    if not everyday:
        return text
    reading = read_clauses(index, text)
    cues = [a.cue for a in reading.acts if a.act in everyday and reading.clause[a.start] == reading.clause[a.end - 1]]
    for cue in cues:  # within a clause only: "he was hit. The ball ..." keeps its blow
        pattern = r"[\s-]+".join("['’]?".join(map(re.escape, word)) for word in cue.split())
        text = re.sub(rf"(?<!\w){pattern}(?!\w)", " ", text, count=1, flags=re.I)
    return text


SOFTENING = frozenset({"ruled-out", "historical", "hypothetical", "accidental"})
SOFTENING_AN_ACT = SOFTENING | {"negated"}
"""What puts an act out of the present: never a confirmation, a game, a story or someone else's harm."""


def reassures(index: Index, text: str) -> bool:
    """Whether the statement says plainly, in the writer's own words, that the child is not affected
    ("seem completely unaffected", thesaurus ``reassurance_cues``). A carer's words reported or quoted
    ("she just says 'he's fine, stop fussing'") are what the carer says, not the writer's reassurance."""
    own = QUOTED.sub(" , ", text)
    seq = words(own)
    cues = [p for p in index.cues.get("reassurance", []) if contains(p, seq)]
    if not cues:
        return False
    reading = read_clauses(index, own)
    reported = {i for s in reading.scopes if s.assertion == "reported" for i in s.positions}
    surface = [fold(w) for w in reading.surface]
    return any(not set(range(start, start + len(p))) & reported for p in cues for start in phrase_starts(p, surface))


QUOTED = re.compile(r"(?<![\w'’])['\"“‘](?=\S)(?:[^'\"“”‘’]|(?<=\w)['’](?=\w))*?(?<=\S)['\"”’](?![\w'’])")
"""A passage in quotation marks: an opening mark not after a letter, a closing one not before a letter,
an apostrophe between letters inside it ("'he's fine'"; "she's" and "kids'" open no quote)."""


def tells_of_fiction(index: Index, text: str) -> bool:
    """Whether the statement shows its alarming words are a game, a story, schoolwork or a joke
    (context.yaml, assertion ``fictional``)."""
    return any(s.assertion == "fictional" for s in read_clauses(index, text).scopes)


def names_a_current_act(index: Index, text: str) -> bool:
    """Whether the statement names an act of harm (concepts.yaml: violence, sexual abuse, FGM...) that is
    current: not negated, ruled out, past, only feared, or given an everyday cause ("hit each other when
    they play"). Someone hitting someone is a worry whatever words the harm list lacks ("getting battered
    on the way home"); who was harmed decides the row, not the polarity. A lasting harm in the past (a
    parent's own FGM as a child) is not made current here: the criteria read it (docs/reading.md)."""
    harms = set(index.concepts.get("harms", ()))
    if not harms:
        return False
    r = read_clauses(index, text)
    for act in r.acts:
        where = set(range(act.start, act.end))
        softened = any(s.positions >= where and s.assertion in SOFTENING_AN_ACT for s in r.scopes)
        if act.act in harms and not softened:
            return True
    return False


def names_a_lack(index: Index, text: str) -> bool:
    """Whether a statement with no harm word negates something ordinary, now ("doesn't respond to his
    name", "hasn't got a coat"): a lack, and so a worry. Not when it is put in the past, ruled out,
    only feared or given an everyday cause, nor when it names a strength ("never once hugged him …
    really affectionate with his two")."""
    if NOT not in words(text):
        return False
    if any(s.assertion in SOFTENING for s in read_clauses(index, text).scopes):
        return False
    seq = words(text)
    return not any(contains(phrase, seq) for phrase in index.cues.get("protective", []))


def _harms_out_of_present(index: Index, text: str) -> str | None:
    """``ruled-out`` when every harm the statement names was investigated and found not to be so
    ("DA has been ruled out"); ``explained`` when each is ruled out or given an everyday cause the
    concern itself gives or someone confirms ("bruised shins from football", "mum said the same");
    ``past`` when every one is out of the present otherwise (past or only feared: "used to self-harm",
    "mum was abused as a child"); ``None`` when any harm is current."""
    from threshold_cli.text.concepts import things

    reading = read_clauses(index, text)
    stems = reading.stems
    often = _repeated(index, stems)  # "4th A&E attendance this year … all explained": a pattern, not an accident
    explaining = {"accidental", "corroborated", "fictional", "game", "someone-else"}
    everyday_cause = {"accidental", "corroborated"}  # a pattern of injuries is never explained away by one
    found = [s for s in reading.scopes if s.assertion != "negated" and not (often and s.assertion in everyday_cause)]
    # An everyday cause given anywhere in the concern explains its injuries when nobody is said to have
    # done anything and there is one account ("Burn on her neck. She told me it's from her
    # straighteners"); never beside an act by someone ("first said he fell off his scooter, later 'my
    # stepdad grabbed me'") nor among several accounts ("he said the iron, mum says the oven door").
    accounts = sum(1 for s in reading.scopes if s.assertion == "reported")
    accounted = (
        any(s.assertion == "accidental" for s in found)
        and all(a.actor == "child" for a in reading.acts)
        and (accounts <= 1 or any(s.assertion == "corroborated" for s in found))
    )
    injuries = (
        {i for m in things(stems, index.concepts) if m.concept == "injury" for i in range(m.start, m.end)}
        if accounted
        else set()
    )
    kinds: set[str] = set()
    for phrase in index.cues.get("harm", []):
        pattern = index.phrase_stems(" ".join(phrase))[0]
        for start in phrase_starts(pattern, stems):
            where = set(range(start, start + len(pattern)))
            if any(s.assertion == "negated" and s.positions >= where for s in reading.scopes):
                continue  # a negated harm is no current harm ("no worries about the kids")
            covering = {s.assertion for s in found if s.positions >= where}
            if covering & {"ruled-out"}:
                kinds.add("ruled-out")
            elif covering & explaining:
                kinds.add("explained")
            elif covering & {"historical", "hypothetical"}:
                kinds.add("past")
            elif where <= injuries:
                kinds.add("explained")
            else:
                return None
    if not kinds:
        return None
    if kinds == {"ruled-out"}:
        return "ruled-out"
    return "explained" if kinds <= {"ruled-out", "explained"} else "past"


def _repeated(index: Index, stems: list[str]) -> bool:
    """Whether the statement says something happens often or badly (the thesaurus's Tier 3-4 severity words,
    or a count: "4th attendance", "third time")."""
    if any(s in ORDINALS for s in stems):
        return True
    cues = [*index.cues.get("severity-3", []), *index.cues.get("severity-4", [])]
    return any(contains(index.phrase_stems(" ".join(c))[0], stems) for c in cues)


ORDINALS = frozenset({"3rd", "4th", "5th", "6th", "third", "fourth", "fifth", "sixth", "sever", "multipl"})
"""Stems of counts that make a pattern ("sever" is "several" and "severe")."""


def is_protective(index: Index, text: str) -> bool:
    """Lookup's reading of a query: only a clear strength ranks Tier 1 wording first."""
    return polarity(index, text) == STRENGTH


def is_strength_wording(entry: Entry) -> bool:
    return entry.kind == "descriptor" and entry.tier == 1


def rank_by_polarity(hits: list[Hit], *, protective: bool) -> list[Hit]:
    """Worries rank Tier 2-4 wording first; strengths rank Tier 1 wording first."""

    def weight(hit: Hit) -> float:
        return hit.score * (1.0 if is_strength_wording(hit.entry) == protective else STRENGTH_WEIGHT)

    return sorted(hits, key=lambda h: (-round(weight(h), 9), h.entry.pack, h.entry.ref, h.entry.tier or 0))

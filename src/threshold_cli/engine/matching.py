"""Pure matching of one free-text statement to a pack: statutory criteria and descriptors.

A worry is matched to the indicator (row) whose descriptors fit it best and, within that row, to the
tier whose *distinctive* wording fits best: words every tier of a row shares ("drug", "alcohol") say
which row it is, not which tier, so the tier is chosen by the words that tell the row's tiers apart
("occasionally", "escalated", "out of control"), weighted by how few of the row's tiers use them.
A worry never lands on Tier 1; a strength lands on Tier 1. When two adjacent tiers fit about equally,
the higher is taken and the match is marked borderline with both descriptors shown.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from threshold_cli.model.case import Child
from threshold_cli.model.lookup import Entry, Hit, Query
from threshold_cli.model.pack import Applicability, Condition, Criterion, Pack, Trigger
from threshold_cli.model.terms import CHILD
from threshold_cli.retrieval.bm25 import search
from threshold_cli.retrieval.index import Index
from threshold_cli.retrieval.polarity import (
    STRENGTH,
    WORRY,
    names_a_current_act,
    names_a_lack,
    polarity,
    read_clauses,
    reassures,
    tells_of_fiction,
)
from threshold_cli.retrieval.query import QUERY_MEMO, parse_query
from threshold_cli.text.concepts import Act, Mention, things
from threshold_cli.text.context import BLOCKING, Scope
from threshold_cli.text.words import NOT, contains, fold, phrase_starts, words

MIN_COVERAGE = 0.2
"""Share of the statement's words (idf-weighted) a row must explain to count as a match."""

MIN_SCORE = 4.0
"""Smallest BM25 score for a match: one common shared word ("school") is not evidence on its own."""

BORDERLINE_RATIO = 0.85
"""An adjacent lower tier scoring at least this share of the chosen tier's score makes it borderline."""

NEUTRAL_MIN_COVERAGE = 0.4
NEUTRAL_MIN_SCORE = 10.0
"""A statement with neither harm nor negation words needs this much more evidence to be read as a worry."""

EXACT_SYNONYMS = frozenset({"abbreviation", "jargon", "spelling"})
"""Thesaurus kinds that may satisfy a statutory trigger; everyday approximations may not."""


@dataclass(frozen=True)
class DescriptorMatch:
    indicator: str
    tier: int
    text: str
    score: float
    coverage: float
    borderline_with: int | None  # the adjacent tier that fitted almost as well
    borderline_text: str | None
    protective: bool


@dataclass(frozen=True)
class CriterionMatch:
    criterion: Criterion
    because: tuple[str, ...]  # the words that met each trigger group
    context: tuple[Scope, ...] = ()  # what the statement says about those words (reported, suspected...)


@dataclass(frozen=True)
class MentionedCriterion:
    """A criterion whose words the statement puts out of the present: negated, ruled out, past or only
    feared. Not met, and never hidden: shown beside the reading for the practitioner to review."""

    criterion: Criterion
    because: tuple[str, ...]
    scope: Scope


@dataclass(frozen=True)
class PossibleCriterion:
    """A criterion whose words fit but whose facts about the child are not given."""

    criterion: Criterion
    missing: tuple[str, ...]


PRESUMED_WALKING_AND_TALKING_FROM_AGE = 4.0
"""A child this old (years) whose case says nothing of it is presumed mobile and verbal, unless the case says
the child is disabled: so a 15-year-old's reading carries no "may meet (a non-mobile baby's criterion)"
note, while a disabled child's, or a toddler's, still does."""


def _holds(condition: Condition, child: Child, presumed_non_mobile_under: float | None) -> bool | None:
    value = getattr(child, condition.fact)
    young = child.age is not None and presumed_non_mobile_under is not None and child.age < presumed_non_mobile_under
    if condition.fact == "mobile" and value is None and young:
        value = False
    grown = child.age is not None and child.age >= PRESUMED_WALKING_AND_TALKING_FROM_AGE and child.disabled is not True
    if condition.fact in {"mobile", "verbal"} and value is None and grown:
        value = True
    if value is None:
        return None
    if condition.equals is not None:
        return bool(value == condition.equals)
    if condition.below is not None:
        return bool(value < condition.below)
    if condition.at_least is not None:
        return bool(value >= condition.at_least)
    return None


def applies(
    when: Applicability | None, child: Child, presumed_non_mobile_under: float | None
) -> tuple[bool, tuple[str, ...]]:
    """Whether the child's facts meet the criterion's conditions; else which facts are missing."""
    if when is None:
        return True, ()
    results_any = [(c, _holds(c, child, presumed_non_mobile_under)) for c in when.any]
    results_all = [(c, _holds(c, child, presumed_non_mobile_under)) for c in when.all]
    ok_all = all(r is True for _, r in results_all)
    ok_any = not when.any or any(r is True for _, r in results_any)
    if ok_all and ok_any:
        return True, ()
    missing = tuple(sorted({c.fact for c, r in [*results_any, *results_all] if r is None}))
    return False, missing


@dataclass(frozen=True)
class _Statement:
    """A statement as stems of every word (stopwords kept, typos corrected), and the stems of each
    exact-synonym expansion it triggered (abbreviations and jargon, e.g. "DV" → "domestic abuse")."""

    own: list[str]
    synonyms: list[list[str]]
    present: frozenset[str]  # every stem of ``own``: a phrase with a stem outside it cannot match
    synonym_present: frozenset[str]
    words: frozenset[str]  # both: every stem a phrase could match on
    found: dict[str, bool] = field(default_factory=dict)  # each phrase looked for, and whether it is here


def _statement(index: Index, text: str, query: Query) -> _Statement:
    corrected = {t.because: t.stem for t in query.terms if t.origin in {"typo", "spelling"}}
    own = [corrected.get(w) or index.stem_word(w) for w in words(text)]
    synonyms = [list(stems) for kind, stems in query.expansions if kind in EXACT_SYNONYMS]
    present, synonym_present = frozenset(own), frozenset(s for seq in synonyms for s in seq)
    return _Statement(own, synonyms, present, synonym_present, present | synonym_present)


def match_criteria(
    index: Index,
    text: str,
    criteria: Iterable[Criterion],
    child: Child,
    presumed_non_mobile_under: float | None,
) -> tuple[list[CriterionMatch], list[PossibleCriterion], list[MentionedCriterion]]:
    """Criteria with a trigger pattern met by the statement (and whose facts about the child hold);
    those it could meet with facts the case does not give; and those it mentions out of the present."""
    statement = _statement(index, text, parse_query(index, text))
    context = _Context.of(index, text)
    met: list[CriterionMatch] = []
    possible: list[PossibleCriterion] = []
    mentioned: list[MentionedCriterion] = []
    for criterion in criteria:
        found = _triggered(index, criterion.triggers, statement, context)
        if found is None:
            continue
        because, out_of_present = found
        ok, missing = applies(criterion.applies_when, child, presumed_non_mobile_under)
        if out_of_present is not None:
            if ok:  # a criterion the child's facts rule out is not worth a mention
                mentioned.append(MentionedCriterion(criterion, because, out_of_present))
        elif ok:
            met.append(CriterionMatch(criterion, because, context.around(index, because)))
        elif missing:
            possible.append(PossibleCriterion(criterion, missing))
    return met, possible, mentioned


@dataclass(frozen=True)
class _Context:
    """The statement's words as stems, split into clauses, and the context scopes they open."""

    stems: list[str]
    scopes: list[Scope]
    acts: list[Act]
    things: list[Mention]

    @classmethod
    def of(cls, index: Index, text: str) -> _Context:
        r = read_clauses(index, text)
        return cls(
            r.stems,
            r.scopes,
            r.acts,
            things(r.stems, index.concepts),
        )

    def blocking(
        self, where: range, *, harm: bool = True, sign: bool = False, lasting: bool = False, fiction: bool = False
    ) -> Scope | None:
        """The scope that puts the words at ``where`` out of the present: a negation when they name a
        harm, or a sign the negation denies as a thing ("no", "without": DENYING_A_THING); the past
        never when the harm is a lasting one (FGM done years ago is still FGM).
        With ``fiction``, also a story, schoolwork or a joke the statement shows them to be: for a
        criterion's words, never for an act (a disclosure may come as a story)."""
        return next(
            (
                s
                for s in self.scopes
                if (s.assertion in BLOCKING or (fiction and s.assertion == "fictional"))
                and (harm or s.assertion != "negated" or (sign and _denies_a_thing(s)))
                and not (lasting and s.assertion == "historical")
                and s.positions.issuperset(where)
            ),
            None,
        )

    def names_now(self, thing: str) -> bool:
        """Whether a thing (an injury...) is named and not negated or ruled out."""
        return any(m.concept == thing and self.blocking(range(m.start, m.end)) is None for m in self.things)

    def occurrences(self, index: Index, phrase: str) -> list[range]:
        full, _ = index.phrase_stems(phrase)
        return [range(i, i + len(full)) for i in phrase_starts(full, self.stems)] if full else []

    def out_of_present(self, index: Index, phrase: str) -> Scope | None:
        """The scope that puts every occurrence of ``phrase`` out of the present, if one does. A phrase
        found only through a synonym or a corrected typo has no occurrence here, so it stays current
        unless a scope covers the whole statement (a story, schoolwork: context.yaml ``whole_statement``).
        A negation puts a harm out of the present ("no bruises", "he was not hit"); a sign only when the
        negation denies the thing itself ("no missing episodes, no new phone or gifts"), not an act
        ("hasn't been home since Friday": the absence is the worry); and never a phrase that itself
        says what is lacking ("no parent in the UK")."""
        harm = index.names_harm(phrase)
        sign = not harm and not any(fold(w) == NOT for w in words(phrase))
        found = self.occurrences(index, phrase) or self.said_as(index, phrase)
        if not found:  # met through a synonym of no known place: only a scope over the whole statement reaches it
            return self.blocking(range(len(self.stems)), harm=harm, sign=sign, fiction=True)
        first: Scope | None = None
        for where in found:
            scope = self.blocking(where, harm=harm, sign=sign, fiction=True)
            if scope is None:
                return None
            first = first or scope
        return first

    def said_as(self, index: Index, phrase: str) -> list[range]:
        """Where a phrase met only through a synonym was said: the places of the abbreviation or jargon
        whose meaning holds it ("DV" for "domestic violence"), so that "her son was on a CP plan 8 years
        ago because of DV" puts the domestic violence in the past with the rest of the sentence."""
        _, content = index.phrase_stems(phrase)
        out: list[range] = []
        for key, means, kind, _whole, _gloss in index.expansions_possible(self.stems):
            if kind in EXACT_SYNONYMS and any(contains(content, list(m)) for m in means):
                out += [range(i, i + len(key)) for i in phrase_starts(list(key), self.stems)]
        return out

    def around(self, index: Index, phrases: Iterable[str]) -> tuple[Scope, ...]:
        spots = {i for p in phrases for where in self.occurrences(index, p) for i in where}
        return tuple(s for s in self.scopes if s.positions & spots and s.assertion not in BLOCKING)


def _act_found(
    trigger: Trigger, statement: _Statement, context: _Context, index: Index
) -> tuple[tuple[str, ...], Scope | None] | None:
    """The trigger's act with the roles it asks for: current if any such act is, else out of the
    present with its scope. Where the trigger does not say who may do it, anyone may, a person nobody
    names included ("she says he touched her"): that fails safe. Where it does (``by``), the actor must
    be named as one of them."""
    if _any_found(index, trigger.unless, statement):
        return None
    if not all(context.names_now(thing) for thing in trigger.also):
        return None
    fits = [
        a
        for a in context.acts
        if a.act == trigger.act
        and (not trigger.by or a.actor in trigger.by)
        and _whose(a) not in trigger.not_by
        and (not trigger.to or a.harmed in trigger.to)
    ]
    for a in fits:
        if context.blocking(range(a.start, a.end), lasting=a.lasting) is None:
            return (a.cue,), None
    if fits:
        return (fits[0].cue,), context.blocking(range(fits[0].start, fits[0].end), lasting=fits[0].lasting)
    elsewhere = next(
        (a for a in context.acts if a.act == trigger.act and trigger.to and a.harmed not in trigger.to), None
    )
    if elsewhere is not None:  # the act harms someone else: not met, and never hidden
        cue = f"{elsewhere.cue}: the {elsewhere.harmed} harmed"  # the note quotes it
        return (elsewhere.cue,), Scope(
            "roles", "about someone else", cue, frozenset(range(elsewhere.start, elsewhere.end))
        )
    return None


DENYING_A_THING = frozenset({"no", "none", "nil", "without", "nothing", "nobody", "nor", "free", "absence"})
"""Negations that deny a thing ("no new phone", "without marks"), not an act ("hasn't been home")."""


def _denies_a_thing(scope: Scope) -> bool:
    return scope.cue.split()[0].lower() in DENYING_A_THING if scope.cue else False


def _whose(a: Act) -> str | None:
    """Whose act it is, for ``not_by``: the subject ("mum's pregnant"), or in the passive the one it is
    about ("her sister is pregnant"); nobody named when a pronoun stands between ("told mum she is
    pregnant")."""
    if a.unnamed_subject:
        return None
    return a.harmed if a.passive else a.actor


def _candidates(index: Index, phrases: Sequence[str], statement: _Statement) -> list[str]:
    """The phrases that could be in the statement, in their order: those whose key stem it has."""
    keys, where = index.by_key_stem(phrases)
    hit = statement.words & keys
    if not hit:
        return []
    if len(hit) == 1:
        return [phrases[i] for i in where[next(iter(hit))]]
    return [phrases[i] for i in sorted({i for stem in hit for i in where[stem]})]


def _any_found(index: Index, phrases: Sequence[str], statement: _Statement) -> bool:
    return any(_phrase_found(index, p, statement) for p in _candidates(index, phrases, statement))


def _phrase_found(index: Index, phrase: str, statement: _Statement) -> bool:
    """Every word of ``phrase``, in order, in the statement; or its content words in a synonym, when
    they still say what the phrase says: "other families" is not "families" (a one-word remainder of a
    longer phrase never matches through a synonym, so "DA" is not "abuse in other families").
    Memoised per statement: the criteria share many phrases ("every day", "mum")."""
    found = statement.found.get(phrase)
    if found is None:
        found = statement.found[phrase] = _phrase_in(index, phrase, statement)
    return found


def _phrase_in(index: Index, phrase: str, statement: _Statement) -> bool:
    full, content = index.phrase_stems(phrase)
    if full and statement.present.issuperset(full) and contains(full, statement.own):
        return True
    return (
        bool(content)
        and (len(content) == len(full) or len(content) >= 2)
        and statement.synonym_present.issuperset(content)
        and any(contains(content, synonym) for synonym in statement.synonyms)
    )


def _triggered(
    index: Index, triggers: Sequence[Trigger], statement: _Statement, context: _Context
) -> tuple[tuple[str, ...], Scope | None] | None:
    """The words that met a trigger, and ``None`` beside them when they are current; else the first
    trigger met only out of the present, with the scope that put it there; else ``None``. Only the
    triggers whose first group the statement could meet are read, in their order."""
    keys, opens, always = index.by_first_group(triggers)
    live = set(always).union(*(opens[stem] for stem in statement.words & keys))
    mentioned: tuple[tuple[str, ...], Scope | None] | None = None
    for trigger in (triggers[n] for n in sorted(live)):
        if trigger.act is not None:
            found = _act_found(trigger, statement, context, index)
            if found is not None and found[1] is None:
                return found
            mentioned = mentioned or found
            continue
        because: list[str] = []
        out_of_present: Scope | None = None
        for group in trigger.all:
            candidates = _candidates(index, group, statement)
            if not candidates:
                break  # no phrase of the group can be in the statement
            first: tuple[str, Scope] | None = None  # the first phrase found, when it is out of the present
            for phrase in candidates:
                if not _phrase_found(index, phrase, statement):
                    continue
                scope = context.out_of_present(index, phrase)
                if scope is None:
                    because.append(phrase)
                    break
                first = first or (phrase, scope)
            else:
                if first is None:
                    break
                because.append(first[0])
                out_of_present = out_of_present or first[1]
        else:
            if _any_found(index, trigger.unless, statement):
                continue
            if out_of_present is None:
                return tuple(because), None
            mentioned = mentioned or (tuple(because), out_of_present)
    return mentioned


def read_statement(
    index: Index,
    pack_id: str,
    text: str,
    reading: str,
    trace: list[str] | None = None,
    not_for_child: Mapping[str, frozenset[str]] | None = None,
) -> DescriptorMatch | None:
    """Match a free-text statement by its polarity (``polarity()``).

    A strength lands on Tier 1; a worry on Tiers 2-4. A neutral statement (no harm word, no negated
    harm) is read as a worry on strong evidence, or when it negates something ordinary ("doesn't
    respond to his name", "hasn't got a coat": a lack); otherwise it is a strength if Tier 1 wording
    fits it, and unmatched if nothing does. Generic words (school, parent, family) never make a worry alone.
    ``trace``, when given, receives each step in words (``assess --explain``). ``not_for_child``: the
    rows about a younger child (:func:`rows_not_for`), each with the concepts that still bring it in.
    """
    note = trace.append if trace is not None else (lambda line: None)
    if reading == STRENGTH:
        note("tier: a strength, so the row's Tier 1 wording")
        return match_descriptor(index, pack_id, text, protective=True, trace=trace, not_for_child=not_for_child)
    row_words, victim_words = _whose_harm(index, text)
    row_text = _with_words(text, row_words)
    if row_text != text:
        note(f"row words added for whose harm it is: {row_text[len(text) :].strip()}")
    worry = match_descriptor(
        index,
        pack_id,
        _with_words(text, victim_words),
        protective=False,
        row_text=row_text,
        trace=trace,
        not_for_child=not_for_child,
    )
    if reading == WORRY:
        if worry is not None and reassures(index, text) and not names_a_current_act(index, text):
            note("tier: a worry said not to affect the child, so the row's lowest need tier, the rest borderline")
            return _lowest_worry_tier(index, pack_id, text, worry, lift=False)
        return worry
    strong = worry is not None and worry.coverage >= NEUTRAL_MIN_COVERAGE and worry.score >= NEUTRAL_MIN_SCORE
    reassured, fiction = reassures(index, text), tells_of_fiction(index, text)
    lack = names_a_lack(index, text)
    needs_met = worry is not None and not lack and _needs_met_fits_best(index, pack_id, text, worry.indicator)
    if worry is not None and (strong or lack) and not (reassured or fiction or needs_met):
        note("tier: no current harm word, so the row's lowest need tier, the tier its words point to as borderline")
        return _lowest_worry_tier(index, pack_id, text, worry)
    why = (
        "it says the child is not affected"
        if reassured
        else "the row's needs-met wording fits it best"
        if needs_met
        else "it tells of a game, a story or schoolwork"
        if fiction
        else "the evidence for a worry is weak"
    )
    note(f"tier: neither a worry nor a strength and {why}, so the row's Tier 1 wording, if any fits")
    return match_descriptor(index, pack_id, text, protective=True, not_for_child=not_for_child)


def _needs_met_fits_best(index: Index, pack_id: str, text: str, ref: str) -> bool:
    """Whether a statement with no harm word fits its row's Tier 1 wording better than any need tier's:
    "makes and keeps friendships and gets on well with peers and adults" is the guide's own picture of
    needs met (and other partnerships' guides write Tier 1 so), not a worry about friendships."""
    hits = search(
        index,
        parse_query(index, text),
        keep=lambda e: e.pack == pack_id and e.kind == "descriptor" and e.ref == ref,
    )
    by_tier: dict[int, float] = {}
    for hit in hits:
        by_tier.setdefault(hit.entry.tier or 0, hit.score)
    need = max((score for tier, score in by_tier.items() if tier >= 2), default=0.0)
    if by_tier.get(1, 0.0) <= need:
        return False
    # Tier 1 worded as the worry's absence ("There is no history of criminal offences") fits a statement
    # of the worry itself ("a family member is in prison") only if the statement negates it too
    absence = NOT in words(_row_texts(index, pack_id, ref).get(1) or "")[:ABSENCE_OPENING]
    return not absence or NOT in words(text)


ABSENCE_OPENING = 4
"""How far into a Tier 1 descriptor a negation makes it the worry's absence ("There is no history of ...",
"The parent/carer does not sexually abuse ..."), not a needs-met picture with a "not" in its last line."""


ADULTS_OF_THE_HOUSEHOLD = frozenset({"carer", "parent-partner"})
ADULTS = frozenset({*ADULTS_OF_THE_HOUSEHOLD, "relative", "other-adult", "professional"})
FAMILY = frozenset({*ADULTS_OF_THE_HOUSEHOLD, "relative"})
CHILDREN_OTHER_THAN_THE_CHILD = frozenset({"peer", "relative", "professional"})
"""Whom a child's own aggression harms: another child, a sibling, a member of staff. ("relative" is a
sibling here only because no adult does the act.)"""


def _whose_harm(index: Index, text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The guides' words for the acts a statement names, by who did them to whom, so that who was harmed,
    not the shared word "hits", proposes the row: between the adults of the household ("dad hits mum":
    domestic abuse), or by a child to another child or to staff ("kicks other children at lunch", "punched
    a TA": the child's aggressive behaviour), not a carer's to the child; by the child's family ("dad was
    arrested": the family's criminal history, not the child's offending); or by someone else to a child
    the statement names as harmed ("had his bike taken off him at knifepoint by older boys": a victim;
    never the presumed child). Returns the words for the row, and those of them that say how the child
    is harmed and so count for the tier too (both guides place a child who is a victim of crime at Tier 3)."""
    concepts = index.concepts
    between_adults, by_a_child = concepts.get("between_adults", {}), concepts.get("by_a_child", {})
    by_the_family, against_the_child = concepts.get("by_the_family", {}), concepts.get("against_the_child", {})
    if not (between_adults or by_a_child or by_the_family or against_the_child):
        return frozenset(), frozenset()
    row: set[str] = set()
    victim: set[str] = set()
    for a in read_clauses(index, text).acts:
        if a.act in between_adults and a.harmed in ADULTS_OF_THE_HOUSEHOLD:
            row.add(between_adults[a.act])
        elif a.act in by_a_child and a.harmed in CHILDREN_OTHER_THAN_THE_CHILD and a.actor not in ADULTS:
            row.add(by_a_child[a.act])
        elif a.act in by_the_family and (a.harmed if a.passive else a.actor) in FAMILY:
            row.add(by_the_family[a.act])
        if a.act in against_the_child and a.harmed == CHILD and a.harmed_named and a.actor not in (None, CHILD):
            victim.add(against_the_child[a.act])
    return frozenset(row | victim), frozenset(victim)


def _with_words(text: str, words_added: frozenset[str]) -> str:
    return " ".join([text, *sorted(words_added)]) if words_added else text


def _lowest_worry_tier(
    index: Index, pack_id: str, text: str, worry: DescriptorMatch, *, lift: bool = True
) -> DescriptorMatch:
    """A statement with no harm word, or one said not to affect the child, fits a row, not a severity: it
    reads at the row's lowest need tier, with the tier the words pointed at shown as the borderline to
    consider. With ``lift``, Tier 3 when it says it is regular, constant or severe, or that help is refused."""
    texts = _row_texts(index, pack_id, worry.indicator)
    lowest = min((t for t in texts if t >= 2), default=worry.tier)
    if lift and lowest < CONSTANT_FLOOR <= worry.tier and _lifted_by(index, text, _severity(index, text)):
        lowest = CONSTANT_FLOOR
    if lowest >= worry.tier:
        return worry
    return replace(worry, tier=lowest, text=texts[lowest], borderline_with=worry.tier, borderline_text=worry.text)


def match_descriptor(
    index: Index,
    pack_id: str,
    text: str,
    *,
    protective: bool,
    indicator: str | None = None,
    row_text: str | None = None,
    trace: list[str] | None = None,
    not_for_child: Mapping[str, frozenset[str]] | None = None,
) -> DescriptorMatch | None:
    """The row and tier whose descriptor fits ``text`` best, or ``None`` below confidence.

    With ``indicator`` given (a pinned concern), only that row's tiers compete. ``row_text`` (the
    statement with words for whose harm it is) proposes the row; the tier is read from ``text`` alone.
    A row in ``not_for_child`` competes only when the statement names one of its concepts.
    """
    query = parse_query(index, text)
    named = _concepts_named(index, text) if not_for_child and indicator is None else frozenset()
    out_of_reach = {ref for ref, brings_in in (not_for_child or {}).items() if not brings_in & named}

    def keep(entry: Entry) -> bool:
        return (
            entry.pack == pack_id
            and entry.kind == "descriptor"
            and (entry.ref == indicator if indicator is not None else entry.ref not in out_of_reach)
        )

    hits = search(index, _proposing(parse_query(index, row_text) if row_text else query), keep=keep)
    if not hits:
        return None
    rows: dict[str, dict[int, Hit]] = {}
    for hit in hits:
        rows.setdefault(hit.entry.ref, {}).setdefault(hit.entry.tier or 0, hit)
    if indicator is None:  # only rows that explain enough of the statement compete, by more than who it is about
        who = index.who_stems()
        rows = {
            ref: tiers for ref, tiers in rows.items() if _confident(tiers) and (protective or _says_what(tiers, who))
        }
        if not rows:
            return None
    best_ref = max(rows, key=lambda ref: (_row_strength(rows[ref], protective), ref))
    if trace is not None:
        ranked_rows = sorted(rows, key=lambda ref: (-_row_strength(rows[ref], protective), ref))[:3]
        shown = ", ".join(f"`{ref}` ({_row_strength(rows[ref], protective):.1f})" for ref in ranked_rows)
        trace.append(f"candidate rows (how well each fits): {shown}")
    tiers = rows[best_ref]
    best_coverage = max(h.coverage for h in tiers.values())
    best_score = max(h.score for h in tiers.values())
    texts = _row_texts(index, pack_id, best_ref)
    if protective:
        if not texts.get(1):
            return None
        return DescriptorMatch(best_ref, 1, texts[1], round(best_score, 4), round(best_coverage, 4), None, None, True)
    severity = _severity(index, query.text)
    worst = {4: severity[4]} if 4 in severity else severity  # "every day" outweighs "most mornings"
    # Words for telling tell apart the tiers of a row the statement's own words proposed, never of one
    # only its Tier 1 wording fits ("he told his teacher he is in a gang ... play chase")
    telling = query if _row_strength(tiers, protective=False) > 0 else _proposing(query)
    tier_scores, evidence = _tier_scores(index, telling, index.row(pack_id, best_ref), worst)
    if not tier_scores:
        return None
    if trace is not None:
        scored = "; ".join(
            f"Tier {t} {s:.1f}" + (f" ({', '.join(sorted(evidence[t]))})" if evidence[t] else "")
            for t, s in sorted(tier_scores.items())
        )
        trace.append(f"tiers of `{best_ref}` by the words that tell them apart: {scored}")
    # Equal scores mean the statement has none of the higher tier's own words: the lower tier fits.
    ranked = sorted(tier_scores.items(), key=lambda kv: (-round(kv[1], 6), kv[0]))
    chosen, chosen_score = ranked[0]
    runner = next(
        (
            (t, s)
            for t, s in ranked[1:]
            if abs(t - chosen) == 1
            and s >= BORDERLINE_RATIO * chosen_score
            and s > 0
            and not evidence[t] <= evidence[chosen]  # "about equally" needs evidence of its own
        ),
        None,
    )
    borderline_with = None
    if runner is not None:
        if runner[0] > chosen:  # borderline: take the higher tier, show both
            chosen, borderline_with = runner[0], chosen
        else:
            borderline_with = runner[0]
    lifted_by = _lifted_by(index, query.text, severity)
    if chosen < CONSTANT_FLOOR and CONSTANT_FLOOR in texts and lifted_by:
        if trace is not None:
            trace.append(f"said to be {lifted_by}, so not Tier {chosen}'s occasional or low-level wording")
        borderline_with, chosen = chosen, CONSTANT_FLOOR
    if trace is not None:
        beside = f", borderline with Tier {borderline_with} (the higher of the two is taken)" if borderline_with else ""
        trace.append(f"chosen: Tier {chosen}{beside}")
    return DescriptorMatch(
        indicator=best_ref,
        tier=chosen,
        text=texts[chosen],
        score=round(best_score, 4),
        coverage=round(best_coverage, 4),
        borderline_with=borderline_with,
        borderline_text=texts.get(borderline_with) if borderline_with else None,
        protective=False,
    )


def rows_not_for(pack: Pack, child: Child) -> dict[str, frozenset[str]]:
    """The rows whose area is about a younger child than this one (``read_for``: "Parenting during
    pregnancy and infancy"), each with the concepts that still bring it in (a pregnancy, a baby). A
    child of unknown age is read against every row."""
    if child.age is None:
        return {}
    return {
        indicator.id: frozenset(area.read_for.unless_named)
        for _, area, indicator in pack.indicators()
        if area.read_for is not None and child.age >= area.read_for.under_age
    }


def _concepts_named(index: Index, text: str) -> frozenset[str]:
    """The acts and things a statement names, whoever they are about."""
    r = read_clauses(index, text)
    return frozenset({a.act for a in r.acts} | {m.concept for m in things(r.stems, index.concepts)})


def _proposing(query: Query) -> Query:
    """The query without the thesaurus's words for telling ("told her teacher": a disclosure), which tell
    a row's tiers apart but never propose a row: "he told his teacher he is in a gang" is no injury."""
    if not any(t.kind == TELLING_KIND for t in query.terms):
        return query
    terms = tuple(t for t in query.terms if t.kind != TELLING_KIND)
    kept = {t.stem for t in terms}
    sources = tuple((w, stems & kept) for w, stems in query.sources)
    return replace(query, terms=terms, sources=sources)


TELLING_KIND = "telling"
"""The thesaurus kind of words for how a worry came to light."""


def _says_what(tiers: dict[int, Hit], who: frozenset[str]) -> bool:
    """Whether a row shares with the statement a word that says what happened, not only who ("parent",
    "friends") or that someone is worried: "another parent rang worried because he told his friends ..."
    is no parent's drinking."""
    return any(set(h.matched) - who - WORRY_WORDS for h in tiers.values())


WORRY_WORDS = frozenset({"worri", "concern", "issu", "problem"})
"""Stems that say a worry is felt, never what it is about."""


def _confident(tiers: dict[int, Hit]) -> bool:
    return max(h.coverage for h in tiers.values()) >= MIN_COVERAGE and max(h.score for h in tiers.values()) >= MIN_SCORE


def _row_texts(index: Index, pack_id: str, ref: str) -> dict[int, str]:
    return {tier: index.entries[n].text for tier, n in index.row(pack_id, ref).items()}


def _tier_scores(
    index: Index, query: Query, row: dict[int, int], severity: dict[int, float]
) -> tuple[dict[int, float], dict[int, frozenset[str]]]:
    """Score Tiers 2-4 of one row by the query words that tell its tiers apart.

    Each query stem counts by how few of the row's tiers use it (an idf within the row), so the
    words the tiers share decide nothing. Severity words from the thesaurus (how often, how badly:
    ``severity``, from :func:`_severity`) count towards the tier whose wording they echo. Also returns
    each tier's matched evidence.
    """
    stems_by_tier = {t: set(index.sequences[n]) for t, n in row.items()}  # each descriptor's stems, as indexed
    n = len(stems_by_tier)
    people = index.who_stems()  # they say who, never how badly: naming mum does not make Tier 4's
    # "attributable to the care provided by their parents/carers" fit
    scores: dict[int, float] = {}
    evidence: dict[int, frozenset[str]] = {}
    weights = {t.stem: t.weight for t in query.terms if t.stem not in people}
    for tier, stems in stems_by_tier.items():
        if tier < 2:
            continue
        score = 0.0
        for stem, weight in weights.items():
            if stem in stems:
                df = sum(1 for other in stems_by_tier.values() if stem in other)
                score += weight * math.log(1.0 + (n - df + 0.5) / (df + 0.5))
        score += severity.get(tier, 0.0)
        scores[tier] = score
        evidence[tier] = frozenset(s for s in weights if s in stems) | (
            frozenset({f"severity-{tier}"}) if tier in severity else frozenset()
        )
    return scores, evidence


SEVERITY_WEIGHT = 1.0

CONSTANT_FLOOR = 3
"""A worry the statement says is constant or severe (the thesaurus's Tier 4 severity words: "every day",
"always", "severe") is never read on a row's Tier 2 wording, which is "occasional", "low level": it is
read at Tier 3 at least, with the lower tier shown as the borderline."""


REGULAR = "regular or persistent"


def _lifted_by(index: Index, text: str, severity: dict[int, float]) -> str | None:
    """Why a worry is read at Tier 3 at least, if it is: said to be constant or severe, or help refused or
    not working (the thesaurus's ``response`` cues)."""
    if 4 in severity:
        return "constant or severe"
    if 3 in severity and 2 not in severity:
        return REGULAR
    stems = [index.stem_word(w) for w in words(text)]
    if any(contains(index.phrase_stems(" ".join(p))[0], stems) for p in index.cues.get("response", [])):
        return "help refused or not working"
    return None


def _severity(index: Index, text: str) -> dict[int, float]:
    """How strongly the statement's frequency/severity words point at each tier. A word in a clause that
    tells of a need met says how often it is met, not how badly the worry is ("Mum has anxiety ... Noah is
    always clean": not Tier 4's "significantly"). Memoised: a concern's severity is asked for by each
    reading of it."""
    found = index._severities.get(text)
    if found is None:
        if len(index._severities) >= QUERY_MEMO:
            index._severities.clear()
        found = index._severities[text] = _severity_of(index, text)
    return found


def _severity_of(index: Index, text: str) -> dict[int, float]:
    reading = read_clauses(index, text)
    stems = reading.stems
    strengths = _strength_clauses(index, reading.surface, reading.clause)
    out: dict[int, float] = {}
    for tier in (2, 3, 4):
        for phrase in index.cues.get(f"severity-{tier}", []):
            if _says(index, phrase, stems, skip=lambda i: reading.clause[i] in strengths):
                out[tier] = out.get(tier, 0.0) + SEVERITY_WEIGHT
    return out


def _strength_clauses(index: Index, surface: list[str], clause: list[int]) -> frozenset[int]:
    """The clauses of a statement with more than one that each read as a strength on their own."""
    numbers = sorted(set(clause))
    if len(numbers) < 2:
        return frozenset()
    texts = {n: " ".join(w for w, c in zip(surface, clause, strict=True) if c == n) for n in numbers}
    return frozenset(n for n, words_of in texts.items() if polarity(index, words_of) == STRENGTH)


def _says(index: Index, cue: tuple[str, ...], stems: list[str], skip: Callable[[int], bool] | None = None) -> bool:
    """Whether the statement's stems say a cue phrase, not taken back by the word before it."""
    full = index.phrase_stems(" ".join(cue))[0]
    return any((i == 0 or stems[i - 1] not in LESSENING) and not (skip and skip(i)) for i in phrase_starts(full, stems))


LESSENING = frozenset({"less", "fewer", NOT})
"""Words before a severity word that take it back: "less frequent", "not often" ("no", "never" are ``not``)."""


def _row_strength(tiers: dict[int, Hit], protective: bool) -> float:
    """How well a row fits: its best tier of the wanted kind (Tier 1 for a strength, 2-4 for a worry)
    plus a share of its other tiers, so a row whose whole gradient speaks of the statement wins."""
    wanted = [h.score for t, h in tiers.items() if (t == 1) == protective]
    if not wanted:
        return 0.0
    others = sorted((h.score for h in tiers.values()), reverse=True)
    return max(wanted) + 0.25 * sum(others[1:3])

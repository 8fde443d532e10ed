"""A partnership's referral form, field by field (``rulepacks/<pack>.referral.yaml``), and the draft of it
that ``threshold referral`` fills from a case file and its reading.

The form file transcribes the form's own words (its sections, field labels and tick boxes) and says, for
each field, what in the case file or the reading fills it (``fill``). A field without ``fill`` is left
blank: the case file does not say it (names, addresses, the GP), and the draft never invents it.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from threshold_cli.model.pack import SourceRef
from threshold_cli.model.reading import PackStamp, _Out
from threshold_cli.model.types import Slug, Text, _Strict

Fill = Literal[
    "child.age",
    "child.disabled",
    "child.social_care",
    "concerns",
    "working_well",
    "needs_to_happen",
    "scaling",
    "reading",
    "consent.parents",
    "consent.why_not",
]
"""What can fill a field: a fact of the case file, one of its Signs of Safety lists, or the reading."""

TICKS: dict[str, frozenset[str]] = {
    "child.social_care": frozenset({"yes"}),
    "scaling": frozenset(str(n) for n in range(11)),
    "consent.parents": frozenset({"yes", "no"}),
    "consent.why_not": frozenset({"refused"}),
}
"""The boxes a fill can tick: a field it fills must offer a choice for each (``FormChoice.when``)."""


class FormChoice(_Strict):
    """A tick box as the form prints it; ticked when the fill's outcome is ``when`` (by default, the
    box's own words in lower case: ``Yes`` → ``yes``)."""

    text: Text
    when: str | None = None

    @property
    def outcome(self) -> str:
        return self.when if self.when is not None else self.text.lower()


class FormField(_Strict):
    label: Text = Field(description="the field's label, verbatim from the form")
    fill: Fill | None = Field(default=None, description="what fills it; absent: left blank (the case does not say)")
    hint: Text | None = Field(default=None, description="the form's words beside the boxes (a scale's ends)")
    choices: list[FormChoice] = Field(default_factory=list, description="the form's tick boxes, if any")

    @model_validator(mode="after")
    def _boxes_for_every_tick(self) -> FormField:
        ticks = TICKS.get(self.fill or "")
        if ticks is not None:
            offered = {c.outcome for c in self.choices}
            missing = sorted(ticks - offered, key=lambda t: (len(t), t))
            if missing:
                raise ValueError(f"`fill: {self.fill}` ticks a box for {', '.join(missing)}: add those `choices`")
        return self


class FormSection(_Strict):
    number: Annotated[int, Field(ge=1)]
    title: Text
    fields: list[FormField] = Field(min_length=1)


class ReferralForm(_Strict):
    """One partnership's referral form, in its own words."""

    id: Slug
    pack: Slug = Field(description="the pack whose reading fills the form (the file sits beside it)")
    title: Text
    source: SourceRef
    header: list[Text] = Field(description="the form's opening lines: where to send it and how quickly")
    sections: list[FormSection] = Field(min_length=1)
    send: list[Text] = Field(description="the form's closing lines: how to send it securely")

    @model_validator(mode="after")
    def _numbered_in_order(self) -> ReferralForm:
        numbers = [s.number for s in self.sections]
        if numbers != sorted(set(numbers)):
            raise ValueError(f"sections must be numbered in order, each once (found {numbers})")
        return self


class DraftField(_Out):
    """One field of the draft: filled from the case or the reading, or blank (``text`` empty, nothing ticked)."""

    label: str
    fill: str | None = Field(description="what filled it (`FormField.fill`); null: the form's field is left blank")
    text: list[str] = Field(description="the field's lines, from the case file or the reading; empty when blank")
    hint: str | None = None
    choices: list[str]
    ticked: str | None = Field(description="the tick box ticked, as the form prints it; null when none")


class DraftSection(_Out):
    number: int
    title: str
    fields: list[DraftField]


class ReferralDraft(_Out):
    """``threshold referral --format json``: the form's fields, filled where the case says, blank where not."""

    file: str
    reference: str | None = Field(default=None, description="left out entirely with --redact")
    form: str = Field(description="the form's id")
    title: str
    source: str
    pack: PackStamp
    tool_version: str
    header: list[str]
    sections: list[DraftSection]
    send: list[str]
    caveat: str
    redacted: bool = Field(default=False, exclude=True)

    def to_json_dict(self) -> dict[str, object]:
        return self.model_dump(mode="json", exclude={"reference"} if self.redacted else None)

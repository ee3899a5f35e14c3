"""The record types of a SCORM run-time data model: data types, elements, the API, and
what the runtime uses (``rte12`` and ``rte2004`` hold the two models; ``datamodel`` is
what the rest of scormgen reads)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Access = Literal["r", "w", "rw"]
# A value is checked by its length, a list of words, a number's range, or a regular expression.
Kind = Literal["text", "vocabulary", "real", "pattern"]
JSON = dict[str, object]
# A number as the data models write it (CMIDecimal, real(10,7)): an optional minus sign, digits, maybe a fraction.
DECIMAL = r"^-?\d+(\.\d+)?$"


@dataclass(frozen=True)
class DataType:
    """A data type as the specification names it, with its value rule in its words;
    ``pattern`` reads the same in JavaScript and Python; ``label`` names it in a refusal."""

    name: str
    kind: Kind
    rule: str
    label: str = ""
    pattern: str = ""
    limit: int | None = None  # characters, where the type itself fixes them


@dataclass(frozen=True)
class Element:
    """One data-model element; ``n`` in its name stands for an array index."""

    name: str
    access: Access
    type: DataType
    section: str
    limit: int | None = None  # the element's smallest permitted maximum (SPM), if any
    vocabulary: tuple[str, ...] = ()
    range: tuple[float | None, float | None] | None = None
    # What LMSs refuse beyond the standard, and the preview too: "line-break" (Moodle, scorm-again),
    # "leading-brace" (scorm-again: a language tag), "centiseconds" (Moodle: 3 decimals of seconds)
    lms_rules: tuple[str, ...] = ()
    unset_error: bool = False  # SCORM 2004: read before anything was stored, error 403 (no default)

    @property
    def max_length(self) -> int | None:
        return self.limit if self.limit is not None else self.type.limit


@dataclass(frozen=True)
class ResponseFormat:
    """How a learner response and a correct-response pattern of one interaction type are
    written: items matching ``item`` (a regular expression that reads the same in JavaScript
    and Python), joined by ``delimiter``, at most ``max_items``; ``unique``: no item twice;
    ``braces``: the whole may be written inside { } (SCORM 1.2's sets). ``written`` is what
    the runtime writes: for a choice, each chosen option ``by`` its "letter" (a..z, by its
    place in the source) or its "id"; for true-false, the word for "true" and for "false"."""

    item: str
    delimiter: str = ""
    max_items: int = 1
    unique: bool = False
    braces: bool = False
    written: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ScoringUse:
    """What the runtime writes for a course with knowledge checks (runtime/adapter-scorm.js):
    the score and success elements, each check as an interaction, the mastery score the LMS
    may give. In SCORM 1.2 no ``success`` element: the lesson status says passed or failed."""

    elements: Mapping[str, str]      # role -> element: scoreRaw, scoreMin, scoreMax, scoreScaled, success, mastery
    interaction: Mapping[str, str]   # role -> field of cmi.interactions.n, in the order written after the response
    vocabulary: Mapping[str, str]    # result words (correct, incorrect) and success words (passed, failed, unknown)
    responses: Mapping[str, ResponseFormat]  # interaction type -> how its responses are written
    mastery_scale: float             # the LMS's mastery value times this is a percentage
    times: Mapping[str, str]         # role -> data type of the time value written (latency)


@dataclass(frozen=True)
class RuntimeUse:
    """What the runtime's adapter reads and writes, by role (runtime/adapter-scorm.js)."""

    elements: Mapping[str, str]      # role -> element
    interaction: Mapping[str, str]   # role -> field of cmi.interactions.n, in the order written
    objective_status: str            # the status field of cmi.objectives.n
    vocabulary: Mapping[str, str | tuple[str, ...]]
    times: Mapping[str, str]         # role -> data type of the time value written
    resume_only: tuple[str, ...]     # roles read only when the learner resumes
    limits: Mapping[str, str]        # limit name -> the generic element it comes from
    scoring: ScoringUse | None = None  # a course with questions (config.dataModel.scoring)


@dataclass(frozen=True)
class DataModel:
    """One standard's run-time data model: API, elements, error codes, and what the runtime uses."""

    name: str
    title: str
    api_name: str
    api_section: str
    methods: Mapping[str, str]       # role -> the API's method name
    elements: tuple[Element, ...]
    errors: Mapping[int, str]        # the codes the preview can give, with the standard's text
    error_section: str
    codes: Mapping[str, int]         # situation -> error code
    runtime: RuntimeUse

    def element(self, name: str) -> Element:
        """The element of this generic name ("cmi.interactions.n.id")."""
        found = next((element for element in self.elements if element.name == name), None)
        if found is None:
            raise KeyError(f"{name} is not in the {self.title} data model")
        return found

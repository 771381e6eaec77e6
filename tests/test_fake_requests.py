"""The fake's request checks, each rule's oracle read from botocore's service model.

``check_request`` refuses what the model forbids with the answer the service gives (a
ValidationException naming the member as the service does, a SerializationException
for a body of the wrong JSON types, an UnknownOperationException), accepts what the
model allows, and fails no other way, whatever JSON it is given.
"""

from __future__ import annotations

import copy
import pickle
import re
import unicodedata
from collections.abc import Iterator
from typing import Any, NamedTuple

import botocore.session
import pytest
from botocore.model import ListShape, Shape, StructureShape
from botocore.validate import ParamValidator
from hypothesis import event, given, settings
from hypothesis import strategies as st

from voiceid_jobs import (
    DuplicateRegistrationAction,
    InputDataConfig,
    OutputDataConfig,
    RegistrationConfig,
)
from voiceid_jobs.testing import start_fraudster_registration_job_params
from voiceid_jobs.testing._patterns import java_pattern
from voiceid_jobs.testing._requests import RequestRefused, check_request

from samples import DOMAIN_ID, INPUT_URI, OUTPUT_URI, ROLE_ARN, WATCHLIST_ID

MODEL = botocore.session.get_session().get_service_model("voice-id")
CODES = {"ValidationException", "SerializationException", "UnknownOperationException"}
JAVA_LINE_TERMINATORS = "\n\r\x85\u2028\u2029"
"""What Java's ``.`` does not match (java.util.regex.Pattern, "Line terminators")."""
ARN = f"arn:aws:voiceid:us-east-1:123456789012:domain/{DOMAIN_ID}"


class Member(NamedTuple):
    operation: str
    path: tuple[str | int, ...]
    """Member names from the input shape down; 0 stands for a list's first item."""
    shape: Shape
    required: bool


def _members(shape: Shape, operation: str, path: tuple[str | int, ...]) -> Iterator[Member]:
    if isinstance(shape, StructureShape):
        for name, member in shape.members.items():
            required = name in shape.required_members
            yield Member(operation, (*path, name), member, required)
            yield from _members(member, operation, (*path, name))
    elif isinstance(shape, ListShape):
        yield Member(operation, (*path, 0), shape.member, required=False)
        yield from _members(shape.member, operation, (*path, 0))


MEMBERS = [
    member
    for operation in MODEL.operation_names
    for member in _members(MODEL.operation_model(operation).input_shape, operation, ())
]


def members(test: Any = lambda member: True) -> Any:
    """The model's members that pass ``test``, as pytest parameters."""
    chosen = [member for member in MEMBERS if test(member)]
    assert chosen, "the model has no such member"
    return pytest.mark.parametrize(
        "member", chosen, ids=[f"{m.operation}.{wire(m.path)}" for m in chosen]
    )


def wire(path: tuple[str | int, ...]) -> str:
    """How the service names a member in a message: ``inputDataConfig.s3Uri``, ``tags.1.member``."""
    return ".".join(
        f"{step + 1}.member" if isinstance(step, int) else step[:1].lower() + step[1:]
        for step in path
    )


def placed(path: tuple[str | int, ...], value: object) -> Any:
    """A body with ``value`` at ``path`` and nothing else."""
    for step in reversed(path):
        value = [value] if isinstance(step, int) else {step: value}
    return value


def answer(operation: str, params: object) -> RequestRefused | None:
    """The refusal, or None when the request passes."""
    try:
        check_request(operation, params)
    except RequestRefused as refused:
        return refused
    return None


def message_of(operation: str, params: object) -> str:
    """The message of the refusal, or "" when the request passes."""
    refused = answer(operation, params)
    return "" if refused is None else refused.message


def refusal(operation: str, params: object) -> RequestRefused:
    with pytest.raises(RequestRefused) as caught:
        check_request(operation, params)
    return caught.value


def sdk_request(**overrides: Any) -> dict[str, Any]:
    """A StartFraudsterRegistrationJob body as the SDK sends it."""
    params = start_fraudster_registration_job_params(
        domain_id=DOMAIN_ID,
        data_access_role_arn=ROLE_ARN,
        input_data_config=InputDataConfig(s3_uri=INPUT_URI),
        output_data_config=OutputDataConfig(s3_uri=OUTPUT_URI, kms_key_id="alias/voiceid"),
        registration_config=RegistrationConfig(
            duplicate_registration_action=DuplicateRegistrationAction.SKIP,
            fraudster_similarity_threshold=80,
            watchlist_ids=(WATCHLIST_ID,),
        ),
        job_name="nightly-fraudsters",
        client_token="token-1",
    )
    return {**params, **overrides}


# --- What passes ------------------------------------------------------------------


def test_a_request_as_the_sdk_sends_it_passes() -> None:
    request = sdk_request()
    shape = MODEL.operation_model("StartFraudsterRegistrationJob").input_shape
    assert not ParamValidator().validate(request, shape).has_errors()

    check_request("StartFraudsterRegistrationJob", request)


def test_a_request_without_its_idempotency_token_passes() -> None:
    shape = MODEL.operation_model("StartFraudsterRegistrationJob").input_shape
    assert shape.members["ClientToken"].metadata["idempotencyToken"]
    assert "ClientToken" not in shape.required_members
    request = sdk_request()
    del request["ClientToken"]

    check_request("StartFraudsterRegistrationJob", request)


def test_members_the_model_does_not_know_are_ignored() -> None:
    deep: list[object] = []
    for _ in range(10_000):
        deep = [deep]
    request = sdk_request(Unknown={"deep": deep}, InputDataConfig={"S3Uri": INPUT_URI, "X": 1})

    check_request("StartFraudsterRegistrationJob", request)


# --- Required members and JSON types --------------------------------------------------


@members(lambda member: member.required)
def test_a_missing_required_member_is_named_in_lower_camel_case(member: Member) -> None:
    parent = placed(member.path[:-1], {})

    refused = refusal(member.operation, parent)

    assert refused.code == "ValidationException"
    assert refused.status == 400
    expected = f"Value null at '{wire(member.path)}' failed to satisfy constraint:"
    assert f"{expected} Member must not be null" in refused.message


WRONG_TYPES: dict[str, object] = {
    "string": 5,
    "integer": "5",
    "long": "5",
    "boolean": "true",
    "structure": [],
    "list": {},
    "map": [],
    "timestamp": "now",
    "blob": 5,
}


@members()
def test_a_value_of_the_wrong_json_type_is_a_serialization_exception(member: Member) -> None:
    value = WRONG_TYPES[member.shape.type_name]

    refused = refusal(member.operation, placed(member.path, value))

    assert refused.code == "SerializationException"
    assert f"at '{wire(member.path)}'" in refused.message


@pytest.mark.parametrize("body", [None, [], "{}", 1, True, 1.5])
def test_a_body_that_is_not_a_json_object_is_a_serialization_exception(body: object) -> None:
    assert refusal("ListDomains", body).code == "SerializationException"


@pytest.mark.parametrize(
    "value",
    [True, 5.0, float("nan"), 2**31, -(2**31) - 1, 10**4300],
    ids=["true", "5.0", "nan", "2**31", "-2**31-1", "4301 digits"],
)
def test_an_integer_member_takes_only_a_32_bit_json_integer(value: object) -> None:
    assert MODEL.shape_for("MaxResultsForList").type_name == "integer"

    refused = refusal("ListSpeakers", {"DomainId": DOMAIN_ID, "MaxResults": value})

    assert refused.code == "SerializationException"
    assert "maxResults" in refused.message
    assert len(refused.message) < 200


def test_nesting_deeper_than_the_model_is_a_serialization_exception() -> None:
    deep: list[object] = []
    for _ in range(100_000):
        deep = [deep]

    refused = refusal("StartFraudsterRegistrationJob", sdk_request(InputDataConfig=deep))

    assert refused.code == "SerializationException"


@pytest.mark.parametrize("operation", ["StartVoiceJob", "", "\ud800", "x" * 100_000])
def test_an_operation_the_model_lacks_is_an_unknown_operation(operation: str) -> None:
    assert operation not in MODEL.operation_names

    refused = refusal(operation, {})

    assert (refused.code, refused.status) == ("UnknownOperationException", 400)
    assert len(refused.message) < 400
    refused.message.encode()


# --- Lengths, ranges, sizes, enums ---------------------------------------------------


def _has(member: Member, kind: str, key: str) -> bool:
    return member.shape.type_name == kind and key in member.shape.metadata


@members(lambda member: _has(member, "string", "min") and member.shape.metadata["min"] > 0)
def test_a_string_shorter_than_its_min_is_refused(member: Member) -> None:
    low = member.shape.metadata["min"]

    refused = refusal(member.operation, placed(member.path, "a" * (low - 1)))

    assert refused.code == "ValidationException"
    rule = f"Member must have length greater than or equal to {low}"
    assert f"at '{wire(member.path)}' failed to satisfy constraint: {rule}" in refused.message


@members(lambda member: _has(member, "string", "max"))
def test_a_string_longer_than_its_max_is_refused(member: Member) -> None:
    high = member.shape.metadata["max"]

    refused = refusal(member.operation, placed(member.path, "a" * (high + 1)))

    assert refused.code == "ValidationException"
    rule = f"Member must have length less than or equal to {high}"
    assert f"at '{wire(member.path)}' failed to satisfy constraint: {rule}" in refused.message


def test_a_length_counts_code_points() -> None:
    length = MODEL.shape_for("DomainId").metadata["max"]

    refused = refusal("DescribeDomain", {"DomainId": "\U0001f600" * length})

    assert refused.message.startswith("1 validation error detected:")
    assert "regular expression pattern" in refused.message


@members(lambda member: _has(member, "integer", "min"))
def test_an_integer_below_its_min_is_refused(member: Member) -> None:
    low = member.shape.metadata["min"]

    refused = refusal(member.operation, placed(member.path, low - 1))

    rule = f"Member must have value greater than or equal to {low}"
    assert f"Value '{low - 1}' at '{wire(member.path)}' failed to satisfy constraint: {rule}" in (
        refused.message
    )


@members(lambda member: _has(member, "integer", "max"))
def test_an_integer_above_its_max_is_refused(member: Member) -> None:
    high = member.shape.metadata["max"]

    refused = refusal(member.operation, placed(member.path, high + 1))

    rule = f"Member must have value less than or equal to {high}"
    assert f"at '{wire(member.path)}' failed to satisfy constraint: {rule}" in refused.message


def _item(shape: Shape) -> object:
    """A list item: a short string, or a structure of its required members."""
    if isinstance(shape, StructureShape):
        return dict.fromkeys(shape.required_members, "k")
    return "k"


@members(lambda member: _has(member, "list", "min") and member.shape.metadata["min"] > 0)
def test_a_list_with_fewer_items_than_its_min_is_refused(member: Member) -> None:
    low = member.shape.metadata["min"]

    refused = refusal(member.operation, placed(member.path, []))

    rule = f"Member must have length greater than or equal to {low}"
    assert f"Value '[]' at '{wire(member.path)}' failed to satisfy constraint: {rule}" in (
        refused.message
    )


@members(lambda member: _has(member, "list", "max"))
def test_a_list_with_more_items_than_its_max_is_refused(member: Member) -> None:
    high = member.shape.metadata["max"]
    assert isinstance(member.shape, ListShape)
    items = [_item(member.shape.member)] * (high + 1)

    refused = refusal(member.operation, placed(member.path, items))

    rule = f"Member must have length less than or equal to {high}"
    assert f"at '{wire(member.path)}' failed to satisfy constraint: {rule}" in refused.message


def test_an_empty_watchlist_list_is_refused_on_a_registration() -> None:
    config = MODEL.shape_for("RegistrationConfig")
    assert config.members["WatchlistIds"].metadata["min"] == 1

    refused = refusal(
        "StartFraudsterRegistrationJob", sdk_request(RegistrationConfig={"WatchlistIds": []})
    )

    assert refused.message == (
        "1 validation error detected: Value '[]' at 'registrationConfig.watchlistIds' failed"
        " to satisfy constraint: Member must have length greater than or equal to 1"
    )


@members(lambda member: _has(member, "string", "enum"))
def test_a_string_outside_its_enum_is_refused(member: Member) -> None:
    values = member.shape.metadata["enum"]

    refused = refusal(member.operation, placed(member.path, "DONE"))

    rule = f"Member must satisfy enum value set: [{', '.join(values)}]"
    assert f"Value 'DONE' at '{wire(member.path)}' failed to satisfy constraint: {rule}" in (
        refused.message
    )


def test_every_violation_is_listed_in_one_message() -> None:
    refused = refusal("ListSpeakers", {"DomainId": "x", "MaxResults": 0})

    assert refused.message.startswith("3 validation errors detected: Value 'x' at 'domainId'")
    assert refused.message.count("; Value ") == 2


def test_at_most_ten_violations_are_listed_and_the_rest_counted() -> None:
    tag = MODEL.shape_for("Tag")
    expected = 12 * len(tag.required_members)

    refused = refusal("TagResource", {"ResourceArn": ARN, "Tags": [{}] * 12})

    assert refused.message.startswith(f"{expected} validation errors detected: ")
    assert refused.message.count("failed to satisfy constraint") == 10
    assert refused.message.endswith(f"; and {expected - 10} more")


# --- Patterns, with Java's meaning ----------------------------------------------------


@members(lambda member: _has(member, "string", "pattern"))
def test_every_pattern_of_the_model_compiles(member: Member) -> None:
    java_pattern(member.shape.metadata["pattern"])


def test_a_pattern_is_a_search_not_implicitly_anchored() -> None:
    assert java_pattern("[0-9]{3}").search("id-123-x")


S3_URI = MODEL.shape_for("S3Uri").metadata["pattern"]
ROLE = MODEL.shape_for("IamRoleArn").metadata["pattern"]
RESOURCE = MODEL.shape_for("AmazonResourceName").metadata["pattern"]
DOTTED = [
    ("StartSpeakerEnrollmentJob", ("InputDataConfig", "S3Uri"), "s3://bucket/a{}b", S3_URI),
    ("StartSpeakerEnrollmentJob", ("DataAccessRoleArn",), ROLE_ARN + "{}x", ROLE),
    ("ListTagsForResource", ("ResourceArn",), ARN.replace("us-east", "us{}east"), RESOURCE),
]


@pytest.mark.parametrize("terminator", list(JAVA_LINE_TERMINATORS))
@pytest.mark.parametrize(("operation", "path", "template", "pattern"), DOTTED)
def test_a_dot_in_a_pattern_matches_no_java_line_terminator(
    operation: str, path: tuple[str, ...], template: str, pattern: str, terminator: str
) -> None:
    assert ".+" in pattern or ".*" in pattern

    refused = refusal(operation, placed(path, template.format(terminator)))

    rule = f"Member must satisfy regular expression pattern: {pattern}"
    assert f"at '{wire(path)}' failed to satisfy constraint: {rule}" in refused.message


@pytest.mark.parametrize("other", ["\t", "\x0b", "\x0c", "\x00", "\u0378"])
@pytest.mark.parametrize(("operation", "path", "template", "pattern"), DOTTED)
def test_a_dot_in_a_pattern_matches_any_other_character(
    operation: str, path: tuple[str, ...], template: str, pattern: str, other: str
) -> None:
    message = message_of(operation, placed(path, template.format(other)))

    assert "regular expression pattern" not in message


ENDING_IN_DOLLAR = [
    ("EvaluateSession", ("SessionNameOrId",), "session-1"),
    ("CreateWatchlist", ("ClientToken",), "token-1"),
    ("StartSpeakerEnrollmentJob", ("DataAccessRoleArn",), ROLE_ARN),
    ("ListTagsForResource", ("ResourceArn",), ARN),
]


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r", "\u2028"])
@pytest.mark.parametrize(("operation", "path", "value"), ENDING_IN_DOLLAR)
def test_a_trailing_line_terminator_fails_a_pattern_ending_in_dollar(
    operation: str, path: tuple[str, ...], value: str, ending: str
) -> None:
    shape = MODEL.operation_model(operation).input_shape.members[path[0]]
    assert shape.metadata["pattern"].endswith("$")
    assert "regular expression" not in message_of(operation, placed(path, value))

    refused = refusal(operation, placed(path, value + ending))

    assert f"at '{wire(path)}' failed to satisfy constraint: Member must satisfy regular" in (
        refused.message
    )


def test_a_description_may_hold_any_unicode_letter_digit_or_separator() -> None:
    description = "Fraudsters 2026 \u00e9t\u00e9 \u0663 \U0001d400\u3000\u2028line two"
    request = {"DomainId": DOMAIN_ID, "Name": "watch", "Description": description}

    check_request("CreateWatchlist", request)


@pytest.mark.parametrize("punctuation", [",", "!", "?", "'", "(", "#", "\n"])
def test_a_description_may_not_hold_other_punctuation(punctuation: str) -> None:
    request = {"DomainId": DOMAIN_ID, "Name": "watch", "Description": f"a{punctuation}b"}

    refused = refusal("CreateWatchlist", request)

    assert "at 'description' failed to satisfy constraint: Member must satisfy" in refused.message


ASCII_ONLY = MODEL.shape_for("NextToken").metadata["pattern"]


def test_a_next_token_may_hold_any_ascii_character_a_trailing_newline_too() -> None:
    assert ASCII_ONLY == r"^\p{ASCII}{0,8192}$"

    check_request("ListSpeakers", {"DomainId": DOMAIN_ID, "NextToken": "\x00~\x7f\n"})


def test_a_next_token_may_not_hold_other_characters() -> None:
    refused = refusal("ListSpeakers", {"DomainId": DOMAIN_ID, "NextToken": "caf\u00e9"})

    rule = f"Member must satisfy regular expression pattern: {ASCII_ONLY}"
    assert f"Value 'caf\u00e9' at 'nextToken' failed to satisfy constraint: {rule}" in (
        refused.message
    )


# --- What a message shows -------------------------------------------------------------


@members(lambda member: member.shape.metadata.get("sensitive") is True)
def test_a_sensitive_value_is_never_shown(member: Member) -> None:
    secret = "Secret" + "\n" * 300

    refused = refusal(member.operation, placed(member.path, secret))

    assert f"Value at '{wire(member.path)}' failed to satisfy constraint" in refused.message
    assert "Secret" not in refused.message


def test_a_list_that_holds_sensitive_values_is_not_shown() -> None:
    keys = MODEL.shape_for("TagKeyList")
    assert keys.member.metadata["sensitive"]
    secrets = ["Secret"] * (keys.metadata["max"] + 1)

    refused = refusal("UntagResource", {"ResourceArn": ARN, "TagKeys": secrets})

    assert "Value at 'tagKeys' failed to satisfy constraint" in refused.message
    assert "Secret" not in refused.message


def test_a_huge_value_is_shown_cut_short() -> None:
    refused = refusal("ListSpeakers", {"DomainId": DOMAIN_ID, "NextToken": "x" * 1_000_000})

    assert "(1000000 characters) at 'nextToken'" in refused.message
    assert "x" * 257 not in refused.message
    assert len(refused.message) < 1_000


def test_a_lone_surrogate_is_shown_escaped_so_the_message_encodes_as_utf8() -> None:
    refused = refusal("DescribeDomain", {"DomainId": "\ud800" * 22})

    assert "\\ud800" in refused.message
    refused.message.encode()


def test_a_refusal_round_trips_through_pickle() -> None:
    refused = refusal("DescribeDomain", {})

    copied = pickle.loads(pickle.dumps(refused))  # noqa: S301 - our own object

    assert (copied.code, copied.status, copied.message) == (
        refused.code,
        refused.status,
        refused.message,
    )


# --- Properties: any JSON, valid bodies, valid bodies with one rule broken ----------

NAMES = sorted({step for member in MEMBERS for step in member.path if isinstance(step, str)})
texts = (
    st.text(st.characters(exclude_categories=()))  # lone surrogates too
    | st.sampled_from(["\ud800", "\n", "\u2028", DOMAIN_ID])
    | st.integers(0, 10_000).map(lambda size: "x" * size)
)
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(0, 10**6).map(lambda more: 10**4300 + more)  # 4,301 digits
    | st.floats()
    | texts
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(NAMES) | st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=12,
)
operations = st.sampled_from(MODEL.operation_names)


LETTERS = "".join(
    re.escape(chr(point))
    for point in [*range(0x41, 0x250), 0x3042, 0x1D400]
    if unicodedata.category(chr(point)).startswith("L")
)
SAMPLES = {
    r"\p{ASCII}": r"[\x00-\x7f]",
    r"\p{L}": LETTERS,
    r"\p{N}": "0-9\u0663\u2167\u00b2\U0001d7ce",
    r"\p{Z}": " \u00a0\u3000",
}
"""Some of the characters of Java's classes, for ``st.from_regex`` (which has none)."""


def _strings(shape: Shape) -> st.SearchStrategy[str]:
    meta = shape.metadata
    low, high = meta.get("min", 0), meta.get("max", 64)
    if "enum" in meta:
        return st.sampled_from(meta["enum"])
    if "pattern" not in meta:
        return st.text(min_size=low, max_size=min(high, 64))
    pattern = meta["pattern"]
    for name, sample in SAMPLES.items():
        pattern = pattern.replace(name, sample)
    alphabet = st.characters(codec="utf-8", exclude_characters=JAVA_LINE_TERMINATORS)
    matching = st.from_regex(pattern, fullmatch=True, alphabet=alphabet)
    return matching.filter(lambda text: low <= len(text) <= high)  # rarely outside


def valid(shape: Shape) -> st.SearchStrategy[Any]:
    """Values the model allows for ``shape``, generated from its rules."""
    meta = shape.metadata
    if isinstance(shape, StructureShape):
        members = {name: valid(member) for name, member in shape.members.items()}
        required = {name: members.pop(name) for name in shape.required_members}
        return st.fixed_dictionaries(required, optional=members)
    if isinstance(shape, ListShape):
        low = meta.get("min", 0)
        return st.lists(
            valid(shape.member), min_size=low, max_size=max(low, min(meta.get("max", 3), 3))
        )
    if shape.type_name == "integer":
        return st.integers(meta.get("min", -(2**31)), meta.get("max", 2**31 - 1))
    if shape.type_name == "boolean":
        return st.booleans()
    return _strings(shape)


requests = operations.flatmap(
    lambda operation: st.tuples(
        st.just(operation), valid(MODEL.operation_model(operation).input_shape)
    )
)


def _places(shape: Shape, value: object, path: tuple[str | int, ...]) -> Iterator[Member]:
    """Every member present in a valid value, with whether it is required."""
    if isinstance(shape, StructureShape) and isinstance(value, dict):
        for name, member in shape.members.items():
            if name in value:
                yield Member("", (*path, name), member, name in shape.required_members)
                yield from _places(member, value[name], (*path, name))
    elif isinstance(shape, ListShape) and isinstance(value, list):
        for index, item in enumerate(value):
            yield Member("", (*path, index), shape.member, required=False)
            yield from _places(shape.member, item, (*path, index))


def _at(body: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        body = body[step]
    return body


def _replaced(body: Any, path: tuple[str | int, ...], value: object) -> Any:
    body = copy.deepcopy(body)
    _at(body, path[:-1])[path[-1]] = value
    return body


def bodies(operation: str) -> st.SearchStrategy[object]:
    """Any JSON; objects keyed by the model's member names; valid bodies, and valid
    bodies with one member, at any depth, set to any JSON."""
    shape = MODEL.operation_model(operation).input_shape

    def with_any_member(body: Any) -> st.SearchStrategy[object]:
        paths = [member.path for member in _places(shape, body, ())]
        if not paths:
            return st.just(body)
        return st.tuples(st.sampled_from(paths), json_values).map(
            lambda change: _replaced(body, *change)
        )

    return st.one_of(
        json_values,
        st.dictionaries(st.sampled_from(NAMES), json_values, max_size=6),
        valid(shape),
        valid(shape).flatmap(with_any_member),
    )


@settings(deadline=None)  # a first pattern with \p{L} builds its class: not a steady cost
@given(
    request=operations.flatmap(lambda operation: st.tuples(st.just(operation), bodies(operation)))
)
def test_any_json_is_accepted_or_refused_with_an_answer(request: tuple[str, object]) -> None:
    operation, body = request

    refused = answer(operation, body)

    if refused is None:
        event("accepted")
        return
    event(f"refused: {refused.code}")
    assert refused.code in CODES
    assert refused.status == 400
    assert refused.message
    refused.message.encode()


@settings(deadline=None)  # a first pattern with \p{L} builds its class: not a steady cost
@given(request=requests)
def test_a_request_built_from_the_models_rules_passes(request: tuple[str, Any]) -> None:
    operation, body = request
    event(f"valid: {operation}")

    check_request(operation, body)


def _breakings(shape: Shape, value: object) -> list[tuple[str, object]]:
    """Values that break one of the shape's rules, each named."""
    meta = shape.metadata
    low, high = meta.get("min"), meta.get("max")
    if shape.type_name == "integer":
        return [
            *([("below min", low - 1)] if low is not None else []),
            *([("above max", high + 1)] if high is not None else []),
        ]
    if isinstance(shape, ListShape) and isinstance(value, list) and value:
        return [
            *([("too few items", [])] if low else []),
            *([("too many items", value * (high + 1))] if high is not None else []),
        ]
    if shape.type_name == "string" and isinstance(value, str):
        return _string_breakings(meta, value)
    return []


def _string_breakings(meta: dict[str, Any], value: str) -> list[tuple[str, object]]:
    breakings: list[tuple[str, object]] = []
    if meta.get("min"):
        breakings.append(("too short", ""))
    if "max" in meta:
        breakings.append(("too long", "a" * (meta["max"] + 1)))
    if "enum" in meta:
        breakings.append(("not in the enum", value + "_NOT"))
    if "pattern" in meta:
        # Every pattern of the model starts with ^ and then text or a class that no
        # unassigned code point matches: U+0378 in front breaks each of them.
        assert meta["pattern"].startswith("^")
        breakings.append(("pattern", "\u0378" + value))
    return breakings


MISSING = object()
"""Stands for a required member taken out."""


def _changes(shape: Shape, body: Any) -> Iterator[tuple[tuple[str | int, ...], str, object]]:
    """Each way to break one rule of one member of a valid body: path, name, new value."""
    for member in _places(shape, body, ()):
        if member.required:
            yield member.path, "missing", MISSING
        for name, broken in _breakings(member.shape, _at(body, member.path)):
            yield member.path, name, broken


@settings(deadline=None)  # a first pattern with \p{L} builds its class: not a steady cost
@given(request=requests, data=st.data())
def test_one_member_outside_its_rule_is_refused_naming_it(
    request: tuple[str, Any], data: st.DataObject
) -> None:
    operation, body = request
    changes = list(_changes(MODEL.operation_model(operation).input_shape, body))
    if not changes:
        event("nothing to break")
        return
    path, name, broken = data.draw(st.sampled_from(changes))
    event(f"broken: {name}")
    if broken is MISSING:
        body = copy.deepcopy(body)
        del _at(body, path[:-1])[path[-1]]
    else:
        body = _replaced(body, path, broken)

    refused = refusal(operation, body)

    assert refused.code == "ValidationException"
    assert f"at '{wire(path)}' failed to satisfy constraint" in refused.message

"""The validation engine on its own: plain-English messages, pointers, line and column,
undefined fields, streaming that agrees with whole-document validation."""

import io
import json

import pytest

from hub.standards.demo_schemas import SCHEMA_V1, document, document_bytes, openapi_for
from hub.standards.validation.engine import InputError, Target, validate_bytes, validate_stream
from hub.standards.validation.openapi import openapi_targets, response_target
from hub.standards.validation.positions import locate

TARGET = Target("schema", "schema.json", SCHEMA_V1)

PASTE = """{
  "council": "E06000001",
  "generated_at": "2026-12-01T06:00:00Z",
  "records": [
    {"uprn": "100000000001", "collections": [{"service": "refuse", "date": "2026-12-03"}]},
    {"uprn": "12a", "colour": "green",
     "collections": [{"service": "compost", "date": "2026-02-30"}]},
    {"collections": []}
  ]
}"""


def _errors(report) -> dict:
    return {(e["pointer"], e["kind"]): e for e in report.as_dict()["errors"]}


def test_each_error_has_a_pointer_a_position_and_a_plain_message():
    report = validate_bytes(PASTE.encode(), target=TARGET)
    result = report.as_dict()
    assert result["conforms"] is False and result["records"] == 3
    errors = _errors(report)
    service = errors[("/records/1/collections/0/service", "enum")]
    assert service["message"].startswith('Text ("compost") is not one of the allowed values')
    assert (service["line"], service["column"]) == (7, 34)
    date = errors[("/records/1/collections/0/date", "format")]
    assert date["message"] == 'Text ("2026-02-30") is not a valid "date".'
    assert errors[("/records/1/uprn", "pattern")]["line"] == 6
    missing = errors[("/records/2", "required")]
    assert missing["message"] == 'The required field "uprn" is missing.'
    assert (missing["line"], missing["column"]) == (8, 5)
    groups = {g["kind"]: g["count"] for g in result["groups"]}
    assert groups == {"enum": 1, "format": 1, "pattern": 1, "required": 1}
    assert result["undefined_fields"] == [
        {
            "path": "/records/*/colour",
            "count": 1,
            "first": "/records/1/colour",
            "line": 6,
            "column": 31,
        }
    ]


def test_streamed_records_agree_with_whole_document_validation():
    """The same records as an object's array, as a top-level array (both streamed), and
    validated whole with no record array to stream give the same findings."""
    data = document_bytes(300, bad_every=7)
    streamed = validate_stream(io.BytesIO(data), target=TARGET, size=len(data))
    records = json.dumps(document(300, bad_every=7)["records"]).encode()
    array = Target(
        "array",
        "array",
        {"type": "array", "items": {"$ref": "#/$defs/property"}, "$defs": SCHEMA_V1["$defs"]},
    )
    as_array = validate_stream(io.BytesIO(records), target=array, size=len(records))
    whole_schema = {
        "allOf": [{"$ref": "#/$defs/records"}],
        "$defs": {
            **SCHEMA_V1["$defs"],
            "records": {"type": "array", "items": {"$ref": "#/$defs/property"}},
        },
    }
    whole = validate_bytes(records, target=Target("whole", "whole", whole_schema))
    assert streamed.records == as_array.records == whole.records == 300
    assert streamed.error_count == as_array.error_count == whole.error_count == 42 * 3
    assert streamed.by_kind == as_array.by_kind == whole.by_kind
    assert len(streamed.undefined) == len(whole.undefined) == 1


def test_fields_beside_the_records_are_checked_too():
    bad = document(3)
    bad["council"] = "Nowhere"
    del bad["generated_at"]
    report = validate_bytes(json.dumps(bad).encode(), target=TARGET)
    errors = _errors(report)
    assert ("/council", "pattern") in errors and ("", "required") in errors


def test_a_document_without_its_records_field_is_reported():
    report = validate_bytes(
        b'{"council": "E06000001", "generated_at": "2026-12-01T06:00:00Z"}', target=TARGET
    )
    assert [e["message"] for e in report.as_dict()["errors"]] == [
        'The required field "records" is missing.'
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"{not json", "not valid JSON"),
        (b'{"records": [1, 2', "not valid JSON"),
        (b"\xff\xfe{}", "not valid JSON"),
        (b"[" * 100_000, "nested too deeply"),
    ],
)
def test_input_that_is_not_json_is_a_clear_error(data, message):
    with pytest.raises(InputError) as caught:
        validate_bytes(data, target=TARGET)
    assert (
        message in caught.value.message.replace("This is", "").strip()
        or message in caught.value.message
    )


def test_big_input_is_reported_by_pointer_and_says_so():
    data = document_bytes(50, bad_every=10)
    report = validate_stream(io.BytesIO(data), target=TARGET, size=len(data), keep_text_below=100)
    result = report.as_dict()
    assert result["error_count"] == 15 and result["errors"][0]["pointer"].startswith("/records/")
    assert "line" not in result["errors"][0]
    assert "JSON Pointer" in result["positions_note"]


def test_locate_finds_pointers_in_nested_text():
    text = '{"a": [1, {"b": "x"}], "c": {"d": [true, null]}}'
    assert locate(text, ["/a/1/b", "/c/d/1", "", "/missing"]) == {
        "": (1, 1),
        "/a/1/b": (1, 17),
        "/c/d/1": (1, 42),
    }


def test_openapi_operations_become_targets_and_answers_are_checked():
    openapi = openapi_for(SCHEMA_V1)
    targets = openapi_targets("api", openapi)
    assert [t.label for t in targets] == ["GET /bin-collections → 200 (application/json)"]
    report = validate_bytes(document_bytes(5, bad_every=5), target=targets[0])
    assert report.error_count == 3  # the $refs to components resolve
    check, target = response_target(
        "api",
        openapi,
        url="https://c.example/bin-collections?uprn=1",
        status=200,
        content_type="application/json; charset=utf-8",
    )
    assert check["conforms"] and check["operation"] == "GET /bin-collections" and target
    check, target = response_target(
        "api",
        openapi,
        url="https://c.example/bin-collections",
        status=500,
        content_type="text/html",
    )
    assert not check["conforms"] and "HTTP 500 is not a documented response" in check["problem"]
    check, _ = response_target(
        "api",
        openapi,
        url="https://c.example/elsewhere",
        status=200,
        content_type="application/json",
    )
    assert "No GET operation" in check["problem"]

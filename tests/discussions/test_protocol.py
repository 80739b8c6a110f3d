"""Frame parsing limits (docs/realtime.md, "Error codes"): no Channels, no database."""

import json

import pytest

from hub.discussions import protocol
from hub.discussions.services import ChatError


def _code(text) -> str:
    with pytest.raises(ChatError) as caught:
        protocol.decode(text)
    return caught.value.code


def test_deeply_nested_frame_is_a_bad_frame_not_a_crash():
    assert _code("[" * 1000 + "]" * 1000) == "bad_frame"
    assert _code('{"id": 1, "x": ' + "[" * 100_000 + "]" * 100_000 + "}") in {
        "bad_frame",
        "too_long",
    }


def test_nesting_is_limited_explicitly_below_what_json_could_parse():
    deep = {"id": 1, "type": "ping", "x": json.loads("[" * 20 + "]" * 20)}
    assert _code(json.dumps(deep)) == "bad_frame"
    real = {"id": 1, "type": "subscribe", "channels": [{"channel": "a", "after": 3}]}
    assert protocol.decode(json.dumps(real)) == real


def test_oversized_frame_is_too_long_and_marked_for_closing(settings):
    settings.DISCUSSIONS_MAX_MESSAGE_CHARS = 10
    with pytest.raises(protocol.FrameTooLarge) as caught:
        protocol.decode(json.dumps({"id": 1, "type": "send", "body": "x" * 5000}))
    assert caught.value.code == "too_long"


@pytest.mark.parametrize("text", [None, "{not json", "[1, 2]", '"a string"', "12"])
def test_non_objects_are_bad_frames(text):
    assert _code(text) == "bad_frame"


@pytest.mark.parametrize("value", [None, True, 1.5, [], {}])
def test_frame_id_must_be_a_string_or_whole_number(value):
    with pytest.raises(ChatError):
        protocol.frame_id({"id": value})
    assert protocol.frame_id({"id": "a"}) == "a"


def test_server_frames_are_compact_json():
    assert protocol.ack(3, seq=4) == '{"type":"ack","id":3,"seq":4}'
    frame = json.loads(protocol.change(slug="s", payload={"seq": 2}, event=5, new=False))
    assert frame == {"type": "update", "channel": "s", "seq": 2, "event": 5, "message": {"seq": 2}}

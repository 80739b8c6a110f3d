"""The chat WebSocket protocol (docs/realtime.md) through the real ASGI stack and channel layer.

In CI the layer is channels_redis on a real Redis; every socket is disconnected in ``finally``.
"""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from hub.discussions import services
from hub.discussions.models import Message
from tests.discussions.conftest import (
    connect,
    messages_of,
    nothing_more,
    post,
    receive_until,
    request,
    session_cookie,
)
from tests.discussions.factories import ChannelFactory, MembershipFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


async def _roles():
    from tests.discussions.conftest import roles as roles_fixture

    return await sync_to_async(roles_fixture.__wrapped__)(None)


async def test_subscribe_replays_what_was_missed_then_streams_live():
    r = await _roles()
    for i in range(3):
        await post(r["public"], r["author"], f"before {i}")
    ws = await connect(r["outsider"])
    try:
        ack, frames = await request(
            ws,
            {"type": "subscribe", "id": 1, "channels": [{"channel": r["public"].slug, "after": 1}]},
        )
        assert ack["type"] == "ack" and ack["channels"][0]["last_seq"] == 3
        assert messages_of(frames) == [2, 3]
        assert all(f["replay"] for f in frames if f["type"] == "message")
        await post(r["public"], r["author"], "live one")
        live = await receive_until(ws, lambda f: f["type"] == "message")
        assert messages_of(live) == [4]
        assert live[-1]["message"]["html"] == "<p>live one</p>\n"
    finally:
        await ws.disconnect()


async def test_send_is_acknowledged_and_fanned_out_to_every_subscriber():
    r = await _roles()
    slug = r["group_channel"].slug
    alice, bob = await connect(r["author"]), await connect(r["group_member"])
    try:
        for ws in (alice, bob):
            ack, _ = await request(
                ws, {"type": "subscribe", "id": "s", "channels": [{"channel": slug}]}
            )
            assert ack["type"] == "ack"
        ack, _ = await request(
            alice, {"type": "send", "id": 9, "channel": slug, "body": "Hi **Bob**"}
        )
        assert ack == {"type": "ack", "id": 9, "seq": 1, "channel": slug}
        got = await receive_until(bob, lambda f: f["type"] == "message")
        assert got[-1]["message"]["html"] == "<p>Hi <strong>Bob</strong></p>\n"
        assert got[-1]["message"]["author"]["id"] == r["author"].pk
        mine = await receive_until(alice, lambda f: f["type"] == "message")
        assert messages_of(mine) == [1]
    finally:
        await alice.disconnect()
        await bob.disconnect()


async def test_hidden_channel_gets_the_same_error_as_a_missing_one():
    r = await _roles()
    ws = await connect(r["outsider"])
    try:
        hidden, _ = await request(
            ws, {"type": "subscribe", "id": 1, "channels": [{"channel": "x", "after": 0}]}
        )
        missing = dict(hidden)
        for channel in (r["group_channel"], r["private"]):
            await post(channel, r["author"], "secret")
            await sync_to_async(
                lambda c=channel: c.__class__.objects.filter(pk=c.pk).update(slug="x")
            )()
            reply, frames = await request(
                ws, {"type": "subscribe", "id": 1, "channels": [{"channel": "x", "after": 0}]}
            )
            assert reply == missing and frames == []
            await sync_to_async(
                lambda c=channel: c.__class__.objects.filter(pk=c.pk).update(slug=c.slug)
            )()
        assert missing["code"] == "not_found"
        send, _ = await request(
            ws, {"type": "send", "id": 2, "channel": r["private"].slug, "body": "hi"}
        )
        assert send["code"] == "not_found"
        assert await sync_to_async(Message.objects.filter(author=r["outsider"]).count)() == 0
        assert await nothing_more(ws)
    finally:
        await ws.disconnect()


async def test_malformed_frames_get_errors_and_the_socket_stays_usable():
    r = await _roles()
    ws = await connect(r["outsider"])
    try:
        await ws.send_to(text_data="{not json")
        assert (await ws.receive_json_from())["code"] == "bad_frame"
        await ws.send_to(bytes_data=b"\x00\x01")
        assert (await ws.receive_json_from())["code"] == "bad_frame"
        await ws.send_json_to(["a", "list"])
        assert (await ws.receive_json_from())["code"] == "bad_frame"
        await ws.send_json_to({"type": "send"})  # no id
        assert (await ws.receive_json_from())["code"] == "bad_frame"
        reply, _ = await request(ws, {"type": "dance", "id": 3})
        assert reply["code"] == "unknown_type" and reply["message"]
        reply, _ = await request(
            ws, {"type": "send", "id": 4, "channel": r["public"].slug, "body": 5}
        )
        assert reply["code"] == "bad_frame"
        reply, _ = await request(
            ws,
            {
                "type": "subscribe",
                "id": 5,
                "channels": [{"channel": r["public"].slug, "after": -1}],
            },
        )
        assert reply["code"] == "bad_frame"
        ok, _ = await request(
            ws, {"type": "send", "id": 6, "channel": r["public"].slug, "body": "still here"}
        )
        assert ok["type"] == "ack" and ok["seq"] == 1
    finally:
        await ws.disconnect()


async def test_limits_length_rate_and_subscriptions(settings):
    settings.DISCUSSIONS_MAX_MESSAGE_CHARS = 20
    settings.DISCUSSIONS_MAX_SUBSCRIPTIONS = 2
    r = await _roles()
    extra = await sync_to_async(ChannelFactory.create_batch)(2)
    sender = await sync_to_async(UserFactory)()
    ws = await connect(sender)
    try:
        slug = r["public"].slug
        long, _ = await request(ws, {"type": "send", "id": 1, "channel": slug, "body": "x" * 21})
        assert long["code"] == "too_long" and "20" in long["message"]
        subs = [{"channel": c.slug} for c in [r["public"], *extra]]
        many, _ = await request(ws, {"type": "subscribe", "id": 2, "channels": subs})
        assert many["code"] == "too_many_subscriptions"
        ok, _ = await request(ws, {"type": "subscribe", "id": 3, "channels": subs[:2]})
        assert ok["type"] == "ack"
        settings.DISCUSSIONS_SEND_RATE = "2/53s"
        for i in range(2):
            ack, _ = await request(
                ws, {"type": "send", "id": 10 + i, "channel": slug, "body": "ok"}
            )
            assert ack["type"] == "ack"
        limited, _ = await request(ws, {"type": "send", "id": 20, "channel": slug, "body": "spam"})
        assert limited["code"] == "rate_limited"
        assert await sync_to_async(Message.objects.filter(author=sender).count)() == 2
    finally:
        await ws.disconnect()


async def test_removing_membership_drops_the_subscription_on_open_sockets():
    r = await _roles()
    group_slug, private_slug = r["group_channel"].slug, r["private"].slug
    member_ws = await connect(r["group_member"])
    invitee_ws = await connect(r["invitee"])
    try:
        await request(
            member_ws, {"type": "subscribe", "id": 1, "channels": [{"channel": group_slug}]}
        )
        await request(
            invitee_ws, {"type": "subscribe", "id": 1, "channels": [{"channel": private_slug}]}
        )
        from hub.groups.models import Membership

        await sync_to_async(
            lambda: Membership.objects.get(
                group=r["group_channel"].group, user=r["group_member"]
            ).delete()
        )()
        await sync_to_async(services.channel_member_remove)(
            channel=r["private"], user=r["invitee"], removed_by=r["author"]
        )
        for ws, slug in ((member_ws, group_slug), (invitee_ws, private_slug)):
            frames = await receive_until(ws, lambda f: f["type"] == "removed")
            assert frames[-1]["channel"] == slug
        await post(r["group_channel"], r["author"], "after removal")
        await post(r["private"], r["author"], "after removal")
        assert await nothing_more(member_ws, wait=0.5)
        assert await nothing_more(invitee_ws, wait=0.1)
        denied, _ = await request(
            member_ws, {"type": "send", "id": 2, "channel": group_slug, "body": "hi"}
        )
        assert denied["code"] == "not_found"
        # And joining again gives access again.
        await sync_to_async(MembershipFactory)(
            group=r["group_channel"].group, user=r["group_member"]
        )
        again, frames = await request(
            member_ws,
            {"type": "subscribe", "id": 3, "channels": [{"channel": group_slug, "after": 0}]},
        )
        assert again["type"] == "ack" and messages_of(frames) == [1]
    finally:
        await member_ws.disconnect()
        await invitee_ws.disconnect()


async def test_typing_presence_and_read_markers():
    r = await _roles()
    slug = r["public"].slug
    alice, bob = await connect(r["author"]), await connect(r["outsider"])
    bob_tab2 = await connect(r["outsider"])
    try:
        await request(alice, {"type": "subscribe", "id": 1, "channels": [{"channel": slug}]})
        _ack, frames = await request(
            bob, {"type": "subscribe", "id": 1, "channels": [{"channel": slug}]}
        )
        names = {u["id"] for u in frames[-1]["users"]}
        assert frames[-1]["type"] == "presence" and names == {r["author"].pk, r["outsider"].pk}
        joined = await receive_until(
            alice, lambda f: f["type"] == "presence" and len(f["users"]) == 2
        )
        assert joined
        await request(bob_tab2, {"type": "subscribe", "id": 1, "channels": [{"channel": slug}]})
        typing, _ = await request(bob, {"type": "typing", "id": 2, "channel": slug})
        assert typing["type"] == "ack"
        seen = await receive_until(alice, lambda f: f["type"] == "typing")
        assert seen[-1]["user"]["id"] == r["outsider"].pk
        not_sub, _ = await request(alice, {"type": "typing", "id": 3, "channel": "elsewhere"})
        assert not_sub["code"] == "not_subscribed"
        await request(alice, {"type": "send", "id": 4, "channel": slug, "body": "read me"})
        read, _ = await request(bob, {"type": "read", "id": 5, "channel": slug, "seq": 1})
        assert read["type"] == "ack" and read["seq"] == 1
        other_tab = await receive_until(bob_tab2, lambda f: f["type"] == "read")
        assert other_tab[-1] == {"type": "read", "channel": slug, "seq": 1}
        await bob.disconnect()
        await bob_tab2.disconnect()
        left = await receive_until(
            alice, lambda f: f["type"] == "presence" and len(f["users"]) == 1
        )
        assert left[-1]["users"][0]["id"] == r["author"].pk
    finally:
        await alice.disconnect()
        await bob.disconnect()
        await bob_tab2.disconnect()


async def test_edits_deletes_and_reactions_reach_subscribers():
    r = await _roles()
    slug = r["public"].slug
    alice, bob = await connect(r["author"]), await connect(r["outsider"])
    try:
        for ws in (alice, bob):
            await request(ws, {"type": "subscribe", "id": 1, "channels": [{"channel": slug}]})
        await request(alice, {"type": "send", "id": 2, "channel": slug, "body": "tpyo"})
        await receive_until(bob, lambda f: f["type"] == "message")
        forbidden, _ = await request(
            bob, {"type": "edit", "id": 3, "channel": slug, "seq": 1, "body": "no"}
        )
        assert forbidden["code"] == "forbidden"
        await request(alice, {"type": "edit", "id": 4, "channel": slug, "seq": 1, "body": "typo"})
        edited = await receive_until(bob, lambda f: f["type"] == "update")
        assert edited[-1]["message"]["body"] == "typo" and edited[-1]["message"]["edited"]
        useful, _ = await request(bob, {"type": "useful", "id": 5, "channel": slug, "seq": 1})
        assert useful["marked"] is True
        counted = await receive_until(
            alice, lambda f: f["type"] == "update" and f["message"]["useful"] == 1
        )
        assert counted
        await request(alice, {"type": "delete", "id": 6, "channel": slug, "seq": 1})
        gone = await receive_until(bob, lambda f: f["type"] == "update" and f["message"]["deleted"])
        assert gone[-1]["seq"] == 1 and gone[-1]["message"]["body"] == ""
    finally:
        await alice.disconnect()
        await bob.disconnect()


async def test_anonymous_and_foreign_origin_sockets_are_refused():
    from hub.asgi import application

    r = await _roles()
    anonymous = WebsocketCommunicator(
        application,
        "/ws/chat/",
        headers=[(b"host", b"127.0.0.1"), (b"origin", b"http://127.0.0.1")],
    )
    # Accepted, then closed with 4401 (docs/realtime.md): a refusal before accepting would
    # reach the browser as HTTP 403 with no close code, and the client would keep retrying.
    connected, _ = await anonymous.connect()
    assert connected
    assert await anonymous.receive_output() == {"type": "websocket.close", "code": 4401}
    await anonymous.disconnect()
    headers = [
        (b"host", b"127.0.0.1"),
        (b"origin", b"https://evil.example"),
        (b"cookie", await session_cookie(r["author"])),
    ]
    foreign = WebsocketCommunicator(application, "/ws/chat/", headers=headers)
    connected, _ = await foreign.connect()
    assert not connected
    await foreign.disconnect()


async def test_deeply_nested_frame_gets_bad_frame_and_the_socket_stays_open():
    r = await _roles()
    ws = await connect(r["author"])
    try:
        await ws.send_to(text_data="[" * 1000 + "]" * 1000)
        assert (await ws.receive_json_from())["code"] == "bad_frame"
        await ws.send_to(text_data='{"id": 1, "type": "ping", "x": ' + "[" * 50 + "]" * 50 + "}")
        assert (await ws.receive_json_from())["code"] == "bad_frame"
        ok, _ = await request(ws, {"type": "ping", "id": 2})
        assert ok == {"type": "ack", "id": 2}
    finally:
        await ws.disconnect()


async def test_oversized_frame_gets_too_long_then_a_clean_close(settings):
    settings.DISCUSSIONS_MAX_MESSAGE_CHARS = 100
    r = await _roles()
    ws = await connect(r["author"])
    try:
        await ws.send_json_to({"type": "send", "id": 1, "channel": "x", "body": "y" * 10_000})
        reply = await ws.receive_json_from()
        assert reply["code"] == "too_long" and reply["id"] is None
        assert await ws.receive_output() == {"type": "websocket.close", "code": 1009}
    finally:
        await ws.disconnect()


async def test_unread_counts_on_request_leave_out_deleted_and_hidden_channels():
    r = await _roles()
    public, private = r["public"], r["private"]
    for body in ("one", "two"):
        await post(public, r["author"], body)
    await post(private, r["author"], "secret")
    ws = await connect(r["outsider"])
    try:
        ack, _ = await request(
            ws, {"type": "unread", "id": 1, "channels": [public.slug, private.slug, "nope"]}
        )
        assert ack == {"type": "ack", "id": 1, "unread": {public.slug: 2}}
        await sync_to_async(services.message_delete)(channel=public, sequence=1, user=r["author"])
        ack, _ = await request(ws, {"type": "unread", "id": 2, "channels": [public.slug]})
        assert ack["unread"] == {public.slug: 1}
        ack, _ = await request(ws, {"type": "unread", "id": 3, "channels": "x"})
        assert ack["type"] == "error" and ack["code"] == "bad_frame"
    finally:
        await ws.disconnect()

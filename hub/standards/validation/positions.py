"""Line and column of JSON Pointers in JSON text, for the errors a report shows.

The validator works on parsed values, which have no positions, so the few pointers a report
shows are located afterwards by one scan of the text that stops as soon as all are found and
skips every subtree no wanted pointer goes through. Only used for input small enough to keep as
text (``STANDARDS_VALIDATION_POSITION_BYTES``); bigger files are reported by pointer alone.
"""

from __future__ import annotations

import json
import re

TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+', re.S)


def split_pointer(pointer: str) -> tuple[str, ...]:
    if not pointer:
        return ()
    return tuple(p.replace("~1", "/").replace("~0", "~") for p in pointer[1:].split("/"))


def locate(text: str, pointers) -> dict[str, tuple[int, int]]:
    """{pointer: (line, column)} for each pointer found in ``text`` (both 1-based)."""
    wanted = {split_pointer(p): p for p in pointers}
    if not wanted:
        return {}
    prefixes = {key[:i] for key in wanted for i in range(len(key) + 1)}
    offsets: dict[str, int] = {}
    # Each frame: [is_object, current key or index, state]; state "key" | "colon" | "value".
    stack: list[list] = []
    path: list[str] = []
    skip_depth = 0
    for match in TOKEN.finditer(text):
        token = match.group()
        first = token[0]
        if skip_depth:
            if first == '"':
                continue
            if first in "[{":
                skip_depth += 1
            elif first in "]}":
                skip_depth -= 1
            continue
        frame = stack[-1] if stack else None
        if frame is not None and frame[0] and frame[2] == "key":
            if first == '"':
                try:
                    frame[1] = json.loads(token)
                except ValueError:
                    return _to_lines(text, offsets)
                frame[2] = "colon"
            elif first == "}":
                stack.pop()
                path.pop()
            continue
        if first == ":":
            if frame is not None:
                frame[2] = "value"
                path[-1] = str(frame[1])
            continue
        if first == ",":
            if frame is not None:
                if frame[0]:
                    frame[2] = "key"
                else:
                    frame[1] += 1
                    path[-1] = str(frame[1])
            continue
        if first in "]}":
            if stack:
                stack.pop()
                path.pop()
            continue
        # A value starts here.
        here = tuple(path)
        if here in wanted:
            offsets[wanted[here]] = match.start()
            if len(offsets) == len(wanted):
                break
        if first in "[{":
            if here not in prefixes:
                skip_depth = 1
                continue
            if first == "{":
                stack.append([True, "", "key"])
                path.append("")
            else:
                stack.append([False, 0, "value"])
                path.append("0")
    return _to_lines(text, offsets)


def _to_lines(text: str, offsets: dict[str, int]) -> dict[str, tuple[int, int]]:
    result: dict[str, tuple[int, int]] = {}
    line, last_newline, position = 1, -1, 0
    for pointer, offset in sorted(offsets.items(), key=lambda item: item[1]):
        line += text.count("\n", position, offset)
        newline = text.rfind("\n", 0, offset)
        last_newline = newline if newline >= 0 else -1
        position = offset
        result[pointer] = (line, offset - last_newline)
    return result

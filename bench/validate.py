"""Validation benchmark: the hub's validator against the raw validation library, same file.

    .venv/bin/python bench/validate.py                 # 100,000 records (about 50 MB)
    .venv/bin/python bench/validate.py --records 20000 # quicker

Writes a bin-collection document (the demo standard's schema, 1 record in 100 non-conformant
with an undefined field), then runs each contender in its own child process, so each one's peak
memory (max RSS) is its own:

1. ``raw``: what a script using the library directly does: ``json.load`` the file, then
   ``jsonschema_rs.validator_for(schema).iter_errors(document)``;
2. ``hub``: ``hub.standards.validation.engine.validate_stream`` as the validator page and the
   background job run it: streamed parse, record-by-record validation, plain-English messages,
   error groups, undefined fields;
3. ``jsonschema``: the pure-Python ``jsonschema`` library on the first records only (it is about
   a hundred times slower), for the library choice in docs/decisions/0130-validation-library.md.

Prints records/s and peak RSS for each, and the hub/raw ratio (target >= 0.8).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _peak_mb() -> float:
    """This process's peak RSS since exec (VmHWM; ru_maxrss would include the parent's)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(mode: str, path: str, limit: int) -> dict:
    from hub.standards.demo_schemas import SCHEMA_V1

    started = time.perf_counter()
    if mode == "raw":
        import jsonschema_rs

        with open(path, "rb") as handle:
            document = json.load(handle)
        validator = jsonschema_rs.validator_for(SCHEMA_V1, validate_formats=True)
        errors = sum(1 for _ in validator.iter_errors(document))
        records = len(document["records"])
    elif mode == "hub":
        from hub.standards.validation.engine import Target, validate_stream

        with open(path, "rb") as handle:
            report = validate_stream(
                handle,
                target=Target("schema", "schema.json", SCHEMA_V1),
                size=os.path.getsize(path),
            )
        errors, records = report.error_count, report.records
    else:
        import jsonschema
        from jsonschema import Draft202012Validator

        with open(path, "rb") as handle:
            document = json.load(handle)
        document["records"] = document["records"][:limit]
        started = time.perf_counter()  # parse excluded: only the library's speed is compared
        validator = Draft202012Validator(
            SCHEMA_V1, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
        errors = sum(1 for _ in validator.iter_errors(document))
        records = len(document["records"])
    seconds = time.perf_counter() - started
    return {
        "mode": mode,
        "seconds": seconds,
        "records": records,
        "errors": errors,
        "peak_mb": _peak_mb(),
    }


def run(mode: str, path: str, limit: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--file", path, "--limit", str(limit)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each; the best is kept")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument(
        "--limit", type=int, default=5000, help="records for pure-Python jsonschema"
    )
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.file, args.limit)))
        return
    from hub.standards.demo_schemas import document_bytes

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "bins.json")
        Path(path).write_bytes(document_bytes(args.records, bad_every=100))
        size = os.path.getsize(path)
        print(
            f"file: {args.records:,} records, {size / 1e6:.1f} MB; load: {os.getloadavg()[0]:.2f}"
        )
        best: dict[str, dict] = {}
        for _ in range(args.rounds):
            for mode in ("raw", "hub"):  # interleaved, so load changes hit both alike
                result = run(mode, path, args.limit)
                if mode not in best or result["seconds"] < best[mode]["seconds"]:
                    best[mode] = result
        best["jsonschema"] = run("jsonschema", path, args.limit)
    for mode, label in (
        ("raw", "raw jsonschema-rs (json.load + iter_errors)"),
        ("hub", "hub validator (streamed, full report)"),
        ("jsonschema", f"pure-Python jsonschema ({args.limit:,} records, parse excluded)"),
    ):
        r = best[mode]
        print(
            f"{label:55} {r['records'] / r['seconds']:>10,.0f} records/s  "
            f"{r['seconds']:6.2f} s  errors {r['errors']:>6,}  peak RSS {r['peak_mb']:6.0f} MB"
        )
    ratio = (best["hub"]["records"] / best["hub"]["seconds"]) / (
        best["raw"]["records"] / best["raw"]["seconds"]
    )
    print(f"hub/raw throughput ratio: {ratio:.2f}x (target >= 0.8)")
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

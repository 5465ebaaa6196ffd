"""What the query runners of test/archive/ share: blocks in, one JSON object of answers out.

A runner reads {"blocks": {name: source}} on stdin, runs each block, and prints one JSON object
{name: {"columns": [...], "rows": [[...], ...]}} or {name: {"error": message}}, with cells made
plain JSON by `plain`: timestamps as epoch milliseconds (one without a time zone is an error),
arrays, lists and tuples as lists, mappings as objects, missing values as null.

Exit status: 0 when every block gave an answer, 1 when one did not, 2 on bad input.
"""

from __future__ import annotations

import datetime
import json
import math
import sys
import traceback
from typing import Any, Callable, Dict, Iterable

import numpy as np
import pandas as pd

Answer = Dict[str, Any]


def plain(value: Any) -> Any:
    """A cell as JSON: UTC timestamps as epoch milliseconds, arrays as lists."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, pd.Timestamp):
        if value.tzinfo is None:
            raise ValueError(f"a timestamp without a time zone: {value!r}")
        return (value - pd.Timestamp(0, tz="UTC")) // pd.Timedelta(milliseconds=1)
    if isinstance(value, datetime.datetime):
        return plain(pd.Timestamp(value))
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (np.ndarray, list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, np.generic):
        return plain(value.item())
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def answer(columns: Iterable[Any], rows: Iterable[Iterable[Any]]) -> Answer:
    """A block's answer, its cells made plain; a value with no JSON form is the block's error, not the runner's."""
    result = {"columns": [str(column) for column in columns], "rows": [[plain(cell) for cell in row] for row in rows]}
    json.dumps(result)
    return result


def run_blocks(script: str, source: str, run_block: Callable[[str], Answer]) -> int:
    """Reads the blocks on stdin, prints each one's answer (or error), and returns the exit status.

    `script` names the runner in its complaint about bad input, `source` what a block holds (code, sql).
    """
    try:
        blocks = json.load(sys.stdin)["blocks"]
    except (ValueError, KeyError, TypeError) as error:
        print(f"{script}: expected {{\"blocks\": {{name: {source}}}}} on stdin: {error}", file=sys.stderr)
        return 2
    results: Dict[str, Answer] = {}
    for name, block in blocks.items():
        try:
            results[name] = run_block(block)
        except Exception:  # noqa: BLE001 - the block's own failure is its result
            results[name] = {"error": traceback.format_exc()}
    print(json.dumps(results))
    return 1 if any("error" in result for result in results.values()) else 0


"""Runs Python blocks of docs/archive.md and prints the DataFrame each one ends with, as JSON.

Reads {"blocks": {name: code}} on stdin. Each block runs in a namespace of its own, as a notebook
cell does: every statement, then its last one, an expression, is evaluated and must be a pandas
DataFrame. Prints one JSON object {name: {"columns": [...], "rows": [[...], ...]}} or
{name: {"error": traceback}}, with timestamps as epoch milliseconds, NumPy arrays as lists and
missing values as null.

Exit status: 0 when every block gave a DataFrame, 1 when one did not, 2 on bad input.
"""

from __future__ import annotations

import ast
import datetime
import json
import math
import sys
import traceback
from typing import Any, Dict

import numpy as np
import pandas as pd


def plain(value: Any) -> Any:
    """A DataFrame cell as JSON: UTC timestamps as epoch milliseconds, arrays as lists."""
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


def run_block(code: str) -> Dict[str, Any]:
    tree = ast.parse(code)
    last = tree.body.pop() if tree.body else None
    if not isinstance(last, ast.Expr):
        return {"error": "the block does not end with an expression (its DataFrame)"}
    namespace: Dict[str, Any] = {"__name__": "__archive_query__"}
    exec(compile(tree, "<block>", "exec"), namespace)
    frame = eval(compile(ast.Expression(last.value), "<block>", "eval"), namespace)
    if not isinstance(frame, pd.DataFrame):
        return {"error": f"the block ends with a {type(frame).__name__}, not a DataFrame"}
    rows = [[plain(cell) for cell in row] for row in frame.itertuples(index=False, name=None)]
    result = {"columns": [str(column) for column in frame.columns], "rows": rows}
    json.dumps(result)  # a value with no JSON form is the block's error, not the runner's
    return result


def main() -> int:
    try:
        blocks = json.load(sys.stdin)["blocks"]
    except (ValueError, KeyError, TypeError) as error:
        print(f"run_pandas_query.py: expected {{\"blocks\": {{name: code}}}} on stdin: {error}", file=sys.stderr)
        return 2
    results: Dict[str, Any] = {}
    for name, code in blocks.items():
        try:
            results[name] = run_block(code)
        except Exception:  # noqa: BLE001 - the block's own failure is its result
            results[name] = {"error": traceback.format_exc()}
    print(json.dumps(results))
    return 1 if any("error" in result for result in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())

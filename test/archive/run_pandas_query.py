"""Runs Python blocks of docs/archive.md and prints the DataFrame each one ends with, as JSON.

Reads {"blocks": {name: code}} on stdin. Each block runs in a namespace of its own, as a notebook
cell does: every statement, then its last one, an expression, is evaluated and must be a pandas
DataFrame. Prints one JSON object {name: {"columns": [...], "rows": [[...], ...]}} or
{name: {"error": traceback}}, with timestamps as epoch milliseconds, NumPy arrays as lists and
missing values as null (query_blocks.py).

Exit status: 0 when every block gave a DataFrame, 1 when one did not, 2 on bad input.
"""

from __future__ import annotations

import ast
import sys
from typing import Any, Dict

import pandas as pd

from query_blocks import Answer, answer, run_blocks


def run_block(code: str) -> Answer:
    tree = ast.parse(code)
    last = tree.body.pop() if tree.body else None
    if not isinstance(last, ast.Expr):
        return {"error": "the block does not end with an expression (its DataFrame)"}
    namespace: Dict[str, Any] = {"__name__": "__archive_query__"}
    exec(compile(tree, "<block>", "exec"), namespace)
    frame = eval(compile(ast.Expression(last.value), "<block>", "eval"), namespace)
    if not isinstance(frame, pd.DataFrame):
        return {"error": f"the block ends with a {type(frame).__name__}, not a DataFrame"}
    return answer(frame.columns, frame.itertuples(index=False, name=None))


if __name__ == "__main__":
    sys.exit(run_blocks("run_pandas_query.py", "code", run_block))

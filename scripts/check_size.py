"""Size limits of the Python code: a file over 600 lines of code is usually two concerns,
a function over 60 lines usually two steps.

Run from anywhere, with no arguments (the lint step of scripts/test.sh and the pre-commit
hook do): it reads every .py file below sop_lakip/, tests/ and scripts/ and prints one line
per offence, ``path:line: message``; the exit status is 1 when there is one, else 0.

A function that is truly one piece (a flat table of values, one long literal) may stay long
when the comment line just above its ``def`` (or above its first decorator), or the first
line of its body, says why, as ``# long: <why it cannot be split>``.
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("sop_lakip", "tests", "scripts")
MAX_FILE_CODE = 600
MAX_FUNCTION_LINES = 60
REASON = "# long:"


def python_files(root=ROOT):
    """Every .py file of the checked folders, hidden folders and caches left out."""
    for folder in FOLDERS:
        for path in sorted((root / folder).rglob("*.py")):
            parts = path.relative_to(root).parts
            if not any(part.startswith(".") or part == "__pycache__" for part in parts):
                yield path


def code_lines(lines):
    """How many lines hold code: not blank, not only a comment."""
    return sum(1 for line in lines if line.strip() and not line.lstrip().startswith("#"))


def justified(node, lines):
    """Whether the function says why it is long: ``# long: why`` just above its first
    decorator or just above its ``def``, or as the first comment of its body."""
    first = min([node.lineno] + [decorator.lineno for decorator in node.decorator_list])
    candidates = [lines[line - 2] for line in {first, node.lineno} if line >= 2]
    body_start = node.body[0].lineno
    candidates += lines[node.lineno : body_start - 1]  # comments between def and body
    docstring = node.body[0]
    if (
        isinstance(docstring, ast.Expr)
        and isinstance(docstring.value, ast.Constant)
        and isinstance(docstring.value.value, str)
        and len(node.body) > 1
    ):
        candidates += lines[docstring.end_lineno : node.body[1].lineno - 1]
    return any(
        line.strip().startswith(REASON) and line.strip()[len(REASON) :].strip()
        for line in candidates
    )


def offences(path, root=ROOT):
    """The offences of one file, as ``path:line: message`` lines."""
    name = path.relative_to(root).as_posix()
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    found = []
    count = code_lines(lines)
    if count > MAX_FILE_CODE:
        found.append(f"{name}:1: {count} lines of code, over {MAX_FILE_CODE}: split by concern")
    try:
        tree = ast.parse(text, filename=name)
    except SyntaxError as error:
        return [*found, f"{name}:{error.lineno or 1}: not Python: {error.msg}"]
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        length = node.end_lineno - node.lineno + 1
        if length > MAX_FUNCTION_LINES and not justified(node, lines):
            found.append(
                f"{name}:{node.lineno}: {node.name}() is {length} lines, over "
                f"{MAX_FUNCTION_LINES}: split it, or say why not in a '{REASON} ...' comment "
                "just above its def"
            )
    return found


def main():
    found = [line for path in python_files() for line in offences(path)]
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

"""Qualifies the builtin generics of a generated stub: `list[Office]` -> `builtins.list[Office]`.

pybind11-stubgen writes `list[Office]` as a method's return type, but inside a class that also has
a method named `list` (Offices.list, Employers.list, ...) mypy reads that name as the method and
the result as no type at all ("list?[Office]" is not iterable). Run on the .pyi after stubgen.
"""

import re
import sys

NAMES = ("list", "dict", "set", "tuple", "type")


def qualify(text: str) -> str:
    text = re.sub(r"(?<![\w.])(" + "|".join(NAMES) + r")\[", r"builtins.\1[", text)
    if "\nimport builtins\n" not in text:
        text = text.replace(
            "from __future__ import annotations\n", "from __future__ import annotations\nimport builtins\n", 1
        )
    return text


if __name__ == "__main__":
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(path, "w", encoding="utf-8") as f:
            f.write(qualify(text))

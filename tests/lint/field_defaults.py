#!/usr/bin/env python3
"""Every data member of a struct in the public headers has a default member initializer.

An embedder writes `db.offices().add({.name = "OMIL Concón", .commune = "concon"})` and leaves
the other fields out. GCC's -Wextra (-Wmissing-field-initializers) warns for each member left
out that has no default member initializer, even a std::string or a std::optional, so a host
built with -Werror would fail; hence `std::string email{};` in the headers. This reads clang's
syntax tree of the public headers and names each public member of a struct without one.

usage: field_defaults.py CLANGXX INCLUDE_DIR   (exit status 1 when a member has none)
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path


def syntax_trees(clangxx: str, include: Path) -> list[dict]:
    headers = sorted((include / "omilcrm").glob("*.hpp"))
    source = "".join(f"#include <omilcrm/{h.name}>\n" for h in headers)
    with tempfile.NamedTemporaryFile("w", suffix=".cpp") as f:
        f.write(source)
        f.flush()
        out = subprocess.run(
            [
                clangxx,
                "-std=c++20",
                "-fsyntax-only",
                f"-I{include}",
                "-Xclang",
                "-ast-dump=json",
                "-Xclang",
                "-ast-dump-filter",
                "-Xclang",
                "omilcrm",
                f.name,
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    # One JSON document per declaration that matched the filter, one after the other.
    decoder, trees, at = json.JSONDecoder(), [], 0
    while True:
        while at < len(out) and out[at].isspace():
            at += 1
        if at == len(out):
            return trees
        tree, at = decoder.raw_decode(out, at)
        trees.append(tree)


def members_without_default(trees: list[dict], include: Path) -> list[str]:
    # A location names its file and line only when they differ from the previous one printed.
    where = {"file": "", "line": 0}
    found: dict[tuple[str, int, str], str] = {}

    def seen(loc: dict | None) -> None:
        if loc:
            loc = loc.get("spellingLoc", loc)
            where["file"] = loc.get("file", where["file"])
            where["line"] = loc.get("line", where["line"])

    def walk(node: dict, record: str | None) -> None:
        seen(node.get("range", {}).get("begin"))
        seen(node.get("loc"))
        kind = node.get("kind")
        inner_record = None
        if (
            kind == "CXXRecordDecl"
            and node.get("tagUsed") == "struct"
            and node.get("completeDefinition")
            and not node.get("isImplicit")
        ):
            inner_record = node.get("name") or "(anonymous struct)"
        if (
            kind == "FieldDecl"
            and record
            and node.get("access", "public") == "public"
            and not node.get("hasInClassInitializer")
            and Path(where["file"]).resolve().is_relative_to(include)
        ):
            name = node.get("name", "")
            key = (Path(where["file"]).name, where["line"], name)
            found[key] = f"{key[0]}:{key[1]}: {record}::{name} ({node['type']['qualType']})"
        for child in node.get("inner", []) or []:
            walk(child, inner_record)
        seen(node.get("range", {}).get("end"))

    for tree in trees:
        walk(tree, None)
    return [found[k] for k in sorted(found)]


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    include = Path(sys.argv[2]).resolve()
    missing = members_without_default(syntax_trees(sys.argv[1], include), include)
    for m in missing:
        print(m)
    if missing:
        print(
            f"{len(missing)} members of public structs have no default member initializer: "
            "give each one (`std::string name{};`, `std::optional<Date> on{};`) so that "
            "designated initializers may leave it out under -Wextra -Werror"
        )
        return 1
    print("every member of the public structs has a default member initializer")
    return 0


if __name__ == "__main__":
    sys.exit(main())

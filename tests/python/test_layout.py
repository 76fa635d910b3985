"""Guards of the source tree's shape (ARCHITECTURE.md): the store is the only code that speaks SQL
or sees SQLite, and nothing above it handles SQLite's errors."""

import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
STORE = ROOT / "libomilcrm" / "src" / "store"

# Everything that builds on the store: the library's other sources and public headers, the
# Python bindings, the programs and the examples.
ABOVE_THE_STORE = [
    ROOT / "libomilcrm" / "src",
    ROOT / "libomilcrm" / "include",
    ROOT / "bindings" / "python",
    ROOT / "apps",
    ROOT / "examples",
]

# SQLite's names, and SQL statements written in a string literal.
FORBIDDEN = [
    (re.compile(r"\bSQLite::|\bsqlite3_|SQLiteCpp|<sqlite3\.h>"), "a SQLite name"),
    (re.compile(r'#include\s+"store/sqlite\.hpp"'), "the SQLite backend's header"),
    (re.compile(r"\bRawStmt\b|\bgetColumn\(|\bexec_unique\b|\braise_sqlite\b"), "the store's SQLite helpers"),
    (
        re.compile(
            r'"\s*(SELECT\s|INSERT\s+INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|CREATE\s+(TABLE|INDEX)\s'
            r"|ALTER\s+TABLE\s|PRAGMA\s|BEGIN(\s|\")|SAVEPOINT\s|ATTACH\s)",
            re.I,
        ),
        "an SQL statement",
    ),
]


def _sources():
    for top in ABOVE_THE_STORE:
        for path in sorted(top.rglob("*")):
            if path.suffix in {".cpp", ".hpp", ".h"} and STORE not in path.parents:
                yield path


def _code_lines(path):
    """The lines of a C++ file with comments blanked out (a comment may name SQLite)."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    for number, line in enumerate(text.splitlines(), 1):
        yield number, line.split("//", 1)[0] if not line.lstrip().startswith("#include") else line


def test_the_guard_sees_the_tree():
    files = list(_sources())
    assert len(files) > 50, files
    assert (STORE / "sqlite.hpp").exists() and (STORE / "store.hpp").exists()


def test_only_the_store_speaks_sql_or_sees_sqlite():
    found = []
    for path in _sources():
        for number, line in _code_lines(path):
            for pattern, what in FORBIDDEN:
                if pattern.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {what}: {line.strip()}")
    assert not found, "outside libomilcrm/src/store/:\n" + "\n".join(found)


def test_the_store_interface_names_no_sqlite_type():
    """store.hpp and the store modules' headers are what repositories include: a second backend
    must be able to implement them, so they name no SQLite type (only sqlite.hpp does)."""
    found = []
    for path in sorted(STORE.glob("*.hpp")):
        if path.name == "sqlite.hpp":
            continue
        for number, line in _code_lines(path):
            if re.search(r"\bSQLite\b|sqlite3|SQLiteCpp|store/sqlite\.hpp", line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("pattern", [p for p, _ in FORBIDDEN])
def test_the_patterns_catch_what_they_guard(pattern):
    """Each pattern finds a line that breaks the rule, so the guard cannot pass by accident."""
    samples = [
        "catch (const SQLite::Exception& e) {",
        '#include "store/sqlite.hpp"',
        "auto v = s.getColumn(3).getInt64();",
        'auto s = db_->stmt("SELECT id FROM office WHERE id = ?");',
    ]
    assert any(pattern.search(s) for s in samples)

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


# ---- one capability, one name -------------------------------------------------------------------

INCLUDE = ROOT / "libomilcrm" / "include" / "omilcrm"
SRC = ROOT / "libomilcrm" / "src"
BINDINGS = ROOT / "bindings" / "python"
DOCS = ROOT / "docs"
CPP_TESTS = ROOT / "tests" / "cpp"
PY_TESTS = ROOT / "tests" / "python"

# Public headers that hold no capability of their own: the handle, the one include, the shared
# record and repository bases, the error hierarchy (tested in test_error.cpp) and transactions.
INFRASTRUCTURE = {"database", "omilcrm", "record", "repository", "transaction", "version", "fields", "enums"}

# A capability whose page is named for what offices look for rather than for its header.
PAGES = {"data_rights": "personal-data", "outbox": "notifications"}


def _capabilities():
    """Every public header that declares a repository (a class deriving from Repository)."""
    return sorted(
        p.stem for p in INCLUDE.glob("*.hpp") if re.search(r":\s*public\s+Repository\b", p.read_text(encoding="utf-8"))
    )


def _missing(paths):
    return [str(p.relative_to(ROOT)) for p in paths if not p.exists()]


def test_the_capability_guard_sees_the_capabilities():
    caps = _capabilities()
    assert {"employers", "requests", "vacancies", "seekers", "region", "imports"} <= set(caps), caps


@pytest.mark.parametrize("name", _capabilities())
def test_a_capability_has_its_files_in_every_layer(name):
    """X.hpp declares a repository, so X has its source, binding, tests and page, by the same name
    (CONTRIBUTING.md lists them in the order to write them)."""
    missing = _missing(
        [
            SRC / f"{name}.cpp",
            BINDINGS / f"bind_{name}.cpp",
            CPP_TESTS / f"test_{name}.cpp",
            PY_TESTS / f"test_{name}.py",
            DOCS / f"{PAGES.get(name, name)}.md",
        ]
    )
    assert not missing, f"capability {name} lacks: {', '.join(missing)}"


@pytest.mark.parametrize("name", _capabilities())
def test_a_capability_is_wired_in(name):
    """Its binding is called by the module, its page is in the index, its header in omilcrm.hpp."""
    module = (BINDINGS / "module.cpp").read_text(encoding="utf-8")
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    umbrella = (INCLUDE / "omilcrm.hpp").read_text(encoding="utf-8")
    problems = []
    if not re.search(rf"\bbind_{name}\(m\)", module):
        problems.append(f"bindings/python/module.cpp does not call bind_{name}(m)")
    page = PAGES.get(name, name)
    if f"]({page}.md)" not in index:
        problems.append(f"docs/index.md does not link {page}.md")
    if f'#include "omilcrm/{name}.hpp"' not in umbrella:
        problems.append(f"omilcrm.hpp does not include {name}.hpp")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "name",
    sorted(p.stem for p in INCLUDE.glob("*.hpp") if p.stem not in INFRASTRUCTURE and (SRC / f"{p.stem}.cpp").exists()),
)
def test_a_public_header_with_a_source_has_its_cpp_test(name):
    assert not _missing([CPP_TESTS / f"test_{name}.cpp"])


def test_database_hpp_is_the_handle_only():
    """Repositories live in their capability's header; database.hpp declares the handle and how
    it is opened, so adding a repository does not grow it."""
    text = (INCLUDE / "database.hpp").read_text(encoding="utf-8")
    declared = re.findall(r"^(?:class|struct|enum class)\s+(\w+)\s*[:{]", text, flags=re.M)
    assert set(declared) <= {"Database", "OpenOptions", "OpenMode", "Upgrade", "UpgradeReport"}, declared


def test_every_page_is_in_the_index_and_every_binding_is_called():
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    module = (BINDINGS / "module.cpp").read_text(encoding="utf-8")
    unlinked = [p.name for p in DOCS.glob("*.md") if p.name != "index.md" and f"]({p.name})" not in index]
    uncalled = []
    for f in sorted(BINDINGS.glob("bind_*.cpp")):
        # The area functions: the file's functions outside its anonymous namespace.
        text = re.sub(r"namespace\s*\{.*?\n\}\s*// namespace\n", "", f.read_text(encoding="utf-8"), flags=re.S)
        areas = re.findall(r"^void\s+(bind_\w+)\(", text, flags=re.M)
        if not areas or not any(re.search(rf"\b{a}\(m\)", module) for a in areas):
            uncalled.append(f.name)
    assert not unlinked, f"pages not in docs/index.md: {unlinked}"
    assert not uncalled, f"bindings whose area function module.cpp never calls: {uncalled}"


@pytest.mark.parametrize("name", sorted(p.stem for p in SRC.glob("*_rules.cpp")))
def test_pure_rules_have_their_own_tests(name):
    """src/X_rules.cpp holds rules tested without a database, in tests/cpp/test_X_rules.cpp."""
    test = CPP_TESTS / f"test_{name}.cpp"
    assert not _missing([test])
    text = test.read_text(encoding="utf-8")
    assert "Database::open" not in text and "Fixture" not in text, f"{test.name} opens a database"


def test_no_cpp_test_name_has_a_semicolon():
    """ctest splits test names on ';' (catch_discover_tests), so such a test runs as two that fail."""
    bad = [
        f"{p.name}: {name}"
        for p in sorted(CPP_TESTS.glob("*.cpp"))
        for name in re.findall(r'TEST_CASE\(\s*"([^"]*)"', p.read_text(encoding="utf-8"))
        if ";" in name
    ]
    assert not bad, bad

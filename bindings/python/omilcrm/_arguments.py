"""One-line errors for a call whose arguments do not fit: a misspelt keyword, a missing argument or
a value of the wrong type is named, instead of the list of every signature the compiled module
would print.

Every public function and method of the compiled module is wrapped by `explain_calls`: a call
goes straight through, and only when it fails with the module's "incompatible function
arguments" is the call compared with the function's signatures (from its docstring) to say what
was wrong.
"""

from __future__ import annotations

import collections.abc
import datetime
import difflib
import functools
import os
import re
import types
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_MISMATCH = ("incompatible function arguments", "incompatible constructor arguments")
_SIGNATURE = re.compile(r"^(?:\d+\. )?(?P<name>\w+)\((?P<params>.*)\) -> .*$")


@dataclass
class _Param:
    name: str
    annotation: str
    has_default: bool
    keyword_only: bool
    positional_only: bool


def _split(text: str, separator: str = ",") -> list[str]:
    """`text` split at each `separator` outside brackets and quotes: a signature's parameters, or
    an annotation's union members (separator "|")."""
    out, depth, quote, start = [], 0, "", 0
    for i, c in enumerate(text):
        if quote:
            if c == quote:
                quote = ""
        elif c in "'\"":
            quote = c
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == separator and depth == 0:
            out.append(text[start:i].strip())
            start = i + 1
    if text[start:].strip():
        out.append(text[start:].strip())
    return out


def _signatures(doc: str | None) -> list[list[_Param]]:
    """The signatures at the head of a compiled function's docstring (one per overload)."""
    found = []
    for line in (doc or "").splitlines():
        m = _SIGNATURE.match(line.strip())
        if not m:
            continue
        params: list[_Param] = []
        keyword_only = False
        for text in _split(m.group("params")):
            if text == "*":
                keyword_only = True
                continue
            if text == "/":
                for p in params:
                    p.positional_only = True
                continue
            if text.startswith("*"):
                return []  # *args or **kwargs: nothing to check against
            name, _, rest = text.partition(":")
            annotation, eq, _default = rest.partition("=")
            params.append(_Param(name.strip(), annotation.strip(), bool(eq), keyword_only, False))
        found.append(params)
    return found


def _is_whole(v: object) -> bool:
    if isinstance(v, bool) or type(v).__name__ in ("bool_", "bool"):
        return False
    return isinstance(v, int) or (hasattr(v, "__index__") and not isinstance(v, float))


def _fits(value: object, annotation: str) -> bool:
    """Whether `value` may be what `annotation` (a type as the compiled module writes it) asks for.

    Generous where unsure: only a value that clearly is not of the type is blamed.
    """
    for part in _split(annotation, "|"):
        base = part.split("[", 1)[0].removeprefix("typing.").removeprefix("collections.abc.")
        if part == "None" and value is None:
            return True
        if base in ("int", "SupportsInt", "SupportsIndex") and _is_whole(value):
            return True
        if base == "SupportsFloat" and not isinstance(value, (str, bytes)) and hasattr(value, "__float__"):
            return True
        if base == "float" and (_is_whole(value) or isinstance(value, float) or hasattr(value, "__float__")):
            return True
        if base == "bool" and (isinstance(value, bool) or type(value).__name__ in ("bool_", "bool")):
            return True
        if base in ("str", "Literal") and isinstance(value, str):
            return True
        if base == "bytes" and isinstance(value, (bytes, bytearray, memoryview)):
            return True
        if base == "datetime.date" and (
            isinstance(value, (datetime.date, str)) or type(value).__name__ == "datetime64"
        ):
            return True
        if base == "datetime.datetime" and (
            isinstance(value, datetime.datetime) or type(value).__name__ == "datetime64"
        ):
            return True
        if base == "datetime.time" and isinstance(value, (datetime.time, str, int)):
            return True
        if base in ("list", "Iterable", "Sequence", "set", "tuple") and isinstance(value, collections.abc.Iterable):
            return True
        if base in ("dict", "Mapping") and isinstance(value, collections.abc.Mapping):
            return True
        if base == "Callable" and callable(value):
            return True
        if base in ("os.PathLike",) and isinstance(value, (str, os.PathLike)):
            return True
        known = {
            "None",
            "int",
            "SupportsInt",
            "SupportsIndex",
            "SupportsFloat",
            "float",
            "bool",
            "str",
            "Literal",
            "bytes",
            "datetime.date",
            "datetime.datetime",
            "datetime.time",
            "list",
            "Iterable",
            "Sequence",
            "set",
            "tuple",
            "dict",
            "Mapping",
            "Callable",
            "os.PathLike",
        }
        if base not in known:
            cls = base.rsplit(".", 1)[-1]
            if not base.startswith("omilcrm.") or any(t.__name__ == cls for t in type(value).__mro__):
                return True
    return False


def _shown(annotation: str) -> str:
    text = annotation.replace("omilcrm._core.", "").replace("typing.", "").replace("collections.abc.", "")
    text = text.replace("SupportsIndex", "int")  # an id: an int, or a NumPy integer
    return text if len(text) <= 100 else text[:97] + "..."


def _value(v: object) -> str:
    text = repr(v)
    return f"{type(v).__name__} {text if len(text) <= 60 else text[:57] + '...'}"


def _problems(params: list[_Param], args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[str]:
    """What is wrong with calling a function of these parameters so; [] when nothing is seen."""
    positional = [p for p in params if not p.keyword_only]
    if len(args) > len(positional):
        takes = len(positional) - (1 if positional and positional[0].name == "self" else 0)
        given = len(args) - (1 if positional and positional[0].name == "self" else 0)
        return [f"takes {takes} positional argument{'s' if takes != 1 else ''} but {given} were given"]
    given = {positional[i].name: args[i] for i in range(len(args))}  # len(args) <= len(positional)
    names = {p.name: p for p in params}
    for key in kwargs:
        p = names.get(key)
        if p is None or p.positional_only:
            close = difflib.get_close_matches(key, [n for n in names if n != "self"], n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            return [f"unexpected keyword argument '{key}'{hint}"]
        if key in given:
            return [f"got several values for argument '{key}'"]
        given[key] = kwargs[key]
    missing = [p.name for p in params if not p.has_default and p.name not in given]
    if missing:
        return [f"missing required argument '{missing[0]}'"]
    for p in params:
        if p.name in given and p.name != "self" and p.annotation and not _fits(given[p.name], p.annotation):
            return [f"argument '{p.name}' expects {_shown(p.annotation)}, got {_value(given[p.name])}"]
    return []


def explain(qualname: str, doc: str | None, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str | None:
    """The one-line reason a call of `qualname` with these arguments fits none of its signatures
    (read from `doc`), or None when no reason is seen."""
    reasons = [_problems(params, args, kwargs) for params in _signatures(doc)]
    if not reasons or any(not r for r in reasons):
        return None
    return f"{qualname}(): {reasons[0][0]}"


def _wrap(function: Callable[..., Any], qualname: str) -> Callable[..., Any]:
    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        __tracebackhide__ = True  # pytest and IPython show the caller's line, not this one
        try:
            return function(*args, **kwargs)
        except TypeError as e:
            first_line = str(e).split("\n", 1)[0]
            if not any(m in first_line for m in _MISMATCH):
                raise
            reason = explain(qualname, function.__doc__, args, kwargs)
            if reason is None:
                raise
            raise TypeError(reason) from None

    return call


def explain_calls(module: types.ModuleType) -> None:
    """Wraps every public function of `module` and every public method of its classes."""
    for name, obj in list(vars(module).items()):
        if name.startswith("_"):
            continue
        if isinstance(obj, types.BuiltinFunctionType):
            setattr(module, name, _wrap(obj, name))
        elif isinstance(obj, type) and obj.__module__ in (module.__name__, "omilcrm"):
            for attr, member in list(vars(obj).items()):
                if attr.startswith("_"):
                    continue
                if type(member).__name__ == "instancemethod":
                    setattr(obj, attr, _wrap(member.__func__, f"{obj.__name__}.{attr}"))
                elif isinstance(member, staticmethod) and isinstance(member.__func__, types.BuiltinFunctionType):
                    setattr(obj, attr, staticmethod(_wrap(member.__func__, f"{obj.__name__}.{attr}")))

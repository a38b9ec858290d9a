"""What pyinstaller.spec leaves out of the bundle, as plain functions over PyInstaller's TOCs.

A TOC entry is ``(dest, source, typecode)``: ``dest`` is the path inside the bundle's
``_internal`` folder. Three passes, in this order:

1. :func:`trimmed`: Qt libraries, plugins and translations the app does not use, and
   binaries dropped by name (packaging/platforms.toml says which, per platform);
2. :func:`reachable` (where the platform asks for it): shared libraries that no Python
   extension, kept Qt plugin or the Python library links, directly or through others:
   what a left-out plugin brought with it (GTK, Wayland, Kerberos...);
3. :func:`without_dangling_links`: symbolic links whose target went in 1 or 2.

No PyInstaller import here, so the tests can check the rules without building.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
import tomllib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

Entry = tuple[str, str, str]

PLUGIN = re.compile(r"(?:^|/)plugins/([^/]+)/([^/]+)$")
QT_LIBRARY = re.compile(r"(?:^|/)(?:lib)?Qt6([A-Za-z0-9]+)\.(?:so\.6|dll)$|(?:^|/)Qt([A-Za-z0-9]+)\.framework(?:/|$)")
TRANSLATION = re.compile(r"(?:^|/)translations/[^/]+\.qm$")
PYTHON_LIBRARY = re.compile(r"^(?:libpython3[\d.]*\.so[\d.]*|python3\d*\.dll|Python)$")


def platform_settings(platforms_toml: Path, platform: str) -> dict[str, Any]:
    """``[common]`` with ``platform``'s table merged in: lists joined, other values replaced."""
    tables = tomllib.loads(platforms_toml.read_text(encoding="utf-8"))
    merged = dict(tables["common"])
    merged["qt_plugins"] = {kind: list(names) for kind, names in tables["common"]["qt_plugins"].items()}
    for key, value in tables.get(platform, {}).items():
        if key == "qt_plugins":
            for kind, names in value.items():
                merged["qt_plugins"].setdefault(kind, []).extend(names)
        elif isinstance(value, list):
            merged[key] = [*merged.get(key, []), *value]
        else:
            merged[key] = value
    return merged


def plugin_stem(filename: str) -> str:
    """``libqxcb.so`` -> ``qxcb``; ``qwindows.dll`` -> ``qwindows``."""
    stem = filename.split(".", 1)[0]
    return stem[3:] if stem.startswith("lib") else stem


def unwanted(dest: str, settings: dict[str, Any]) -> str | None:
    """Why the file at ``dest`` is left out of the bundle, or None to keep it."""
    path = dest.replace("\\", "/")
    name = path.rsplit("/", 1)[-1]
    if any(fnmatch.fnmatch(name.lower(), pattern) for pattern in settings["drop_binaries"]):
        return "dropped by name"
    plugin = PLUGIN.search(path)
    if plugin and "PySide6/" in path:
        kind, filename = plugin.groups()
        kept = settings["qt_plugins"].get(kind, [])
        return None if "*" in kept or plugin_stem(filename) in kept else f"Qt plugin ({kind})"
    library = QT_LIBRARY.search(path)
    if library:
        module = library.group(1) or library.group(2)
        return None if module in settings["qt_libraries"] else "Qt library"
    if TRANSLATION.search(path) and "PySide6/" in path and not settings["qt_translations"]:
        return "Qt translation"
    return None


def trimmed(toc: Iterable[Entry], settings: dict[str, Any], left_out: dict[str, int]) -> list[Entry]:
    kept = []
    for entry in toc:
        reason = unwanted(entry[0], settings)
        if reason is None:
            kept.append(entry)
        else:
            left_out[reason] = left_out.get(reason, 0) + 1
    return kept


def is_root(entry: Entry) -> bool:
    """Loaded by Python or Qt themselves: extensions, Qt plugins, the Python library."""
    dest, _source, typecode = entry
    path = dest.replace("\\", "/")
    return typecode == "EXTENSION" or bool(PLUGIN.search(path)) or bool(PYTHON_LIBRARY.match(posixpath.basename(path)))


def reachable(
    binaries: Iterable[Entry],
    imports_of: Callable[[str], Iterable[str]],
    keep: Iterable[str],
    left_out: dict[str, int],
) -> list[Entry]:
    """The binaries that a root links, directly or through other binaries of the bundle.

    ``imports_of(source)`` names the libraries a binary links (base names or paths);
    ``keep``: fnmatch patterns of libraries loaded with dlopen, kept though nothing links them.
    """
    entries = list(binaries)
    by_name: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry[2] != "SYMLINK":
            by_name.setdefault(posixpath.basename(entry[0].replace("\\", "/")), []).append(entry)
    for entry in entries:  # a link's own name resolves to its target
        if entry[2] == "SYMLINK":
            target = posixpath.basename(entry[1].replace("\\", "/"))
            by_name.setdefault(posixpath.basename(entry[0].replace("\\", "/")), []).extend(by_name.get(target, []))
    keep = list(keep)
    seen: set[str] = set()
    todo = [e for e in entries if e[2] != "SYMLINK" and (is_root(e) or _kept(e, keep))]
    while todo:
        entry = todo.pop()
        if entry[0] in seen:
            continue
        seen.add(entry[0])
        for name in imports_of(entry[1]):
            todo.extend(by_name.get(posixpath.basename(name.replace("\\", "/")), []))
    result = []
    for entry in entries:
        if entry[2] == "SYMLINK" or entry[0] in seen:
            result.append(entry)
        else:
            left_out["linked by nothing kept"] = left_out.get("linked by nothing kept", 0) + 1
    return result


def _kept(entry: Entry, patterns: list[str]) -> bool:
    name = posixpath.basename(entry[0].replace("\\", "/"))
    return any(fnmatch.fnmatch(name, pattern) for pattern in patterns)


def without_dangling_links(toc: Iterable[Entry], present: set[str], left_out: dict[str, int]) -> list[Entry]:
    """Drop SYMLINK entries whose target (relative to the link) is not in ``present``."""
    kept = []
    for entry in toc:
        dest, source, typecode = entry
        if typecode == "SYMLINK":
            target = posixpath.normpath(posixpath.join(posixpath.dirname(dest.replace("\\", "/")), source))
            if target not in present:
                left_out["link to a left-out file"] = left_out.get("link to a left-out file", 0) + 1
                continue
        kept.append(entry)
    return kept

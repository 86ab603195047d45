"""Validation and canonical JSON of a rendering context.

Templates get data, not objects (architecture.md B1, Indico's rule): only str, int, bool, None,
list and dict with str keys. Floats are refused because money is integer đồng and a float would
round; dates travel as ISO "YYYY-MM-DD" strings. All strings are NFC-normalised so the same data
typed on different keyboards hashes and renders the same.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Mapping
from typing import Any

from .errors import ContextError


def _plain(value: Any, path: str) -> Any:
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, float):
        raise ContextError(
            f"context value at {path} is a float ({value!r}); money must be int đồng and other "
            "decimals strings",
            message_vi=f"Giá trị {path} là số thực; số tiền phải là số nguyên đồng.",
        )
    if isinstance(value, list):
        return [_plain(v, f"{path}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, Mapping):
        out = {}
        for key, v in value.items():
            if not isinstance(key, str):
                raise ContextError(f"context key {key!r} at {path} is not a string",
                                   message_vi=f"Khóa {key!r} tại {path} không phải chuỗi.")
            nkey = unicodedata.normalize("NFC", key)
            out[nkey] = _plain(v, f"{path}.{nkey}" if path else nkey)
        return out
    hint = " (dates must be ISO 'YYYY-MM-DD' strings)" if hasattr(value, "isoformat") else ""
    raise ContextError(
        f"context value at {path or '<root>'} is a {type(value).__name__}, not plain JSON data{hint}",
        message_vi=f"Giá trị {path or 'gốc'} không phải dữ liệu JSON thuần ({type(value).__name__}).",
    )


def plain_context(context: Mapping[str, Any]) -> dict[str, Any]:
    """Return an NFC-normalised deep copy of ``context``; raise ContextError if it is not plain."""
    if not isinstance(context, Mapping):
        raise ContextError(f"context must be a mapping, got {type(context).__name__}")
    return _plain(context, "")


def canonical_json(context: Mapping[str, Any]) -> str:
    """Canonical JSON of a plain context (sorted keys, no spaces, UTF-8 kept)."""
    return json.dumps(context, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def context_sha256(context: Mapping[str, Any]) -> str:
    """sha256 of the canonical JSON of the (already plain) context."""
    return hashlib.sha256(canonical_json(context).encode("utf-8")).hexdigest()

"""Walking a decoded payload: every string (and long integer) is scanned, every encoded
layer inside a string is opened, and the document can be rebuilt with edits applied.

Paths are kept as tuples of segments while walking and formatted only for findings, so a
clean leaf costs one DFA pass and no string building.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import orjson

from ..actions import Edit, apply_edits
from ..errors import PayloadError
from .detector import Detector, Hit
from .layers import JSON_LAYER_STARTS, SHORT_B64, LayerKind, encode_layer, open_layer
from .paths import LAYER, Segment, format_path

Segments = tuple[Segment, ...]
RawHit = tuple[Segments, Hit]

# Integers this long may be card, account or national numbers stored as JSON numbers.
_MIN_NUMBER: Final = 10**5
# Containers with more items than this test each child container before entering it.
_PRUNE_MIN_ITEMS: Final = 4


class Walker:
    """Scans and rebuilds documents for one detector. Stateless between calls; thread-safe."""

    def __init__(self, detector: Detector, *, max_depth: int = 64) -> None:
        self.detector = detector
        self.max_depth = max_depth

    # -- scanning ---------------------------------------------------------------------------
    def scan_document(
        self,
        doc: Any,
        base: Segments = (),
        allowed: frozenset[int] | None = None,
        targets: Mapping[str, frozenset[int]] | None = None,
        prune: tuple[bytes, ...] | None = None,
        *,
        opened: dict[str, Any] | None = None,
        guide_entries: Mapping[str, frozenset[int]] | None = None,
    ) -> list[RawHit]:
        """Hits anywhere in ``doc``; ``allowed`` limits the identifiers tried, ``targets``
        the strings scanned (see ``Detector.confirm_in_document``) and ``prune`` the
        containers entered: only those whose serialized form holds one of these texts.
        ``opened`` collects the layers opened (for ``rebuild``); ``guide_entries`` names the
        identifiers each prune text came from (a string holding some is scanned for those)."""
        run = _ScanRun(
            self.detector, allowed, self.max_depth, targets, prune, opened, guide_entries
        )
        run.walk(doc, base, 0)
        return run.out

    def scan_text(
        self, text: str, base: Segments = (), *, opened: dict[str, Any] | None = None
    ) -> list[RawHit]:
        """A string at ``base``: opened if it holds a layer, else scanned as text."""
        run = _ScanRun(self.detector, None, self.max_depth, None, None, opened)
        run.leaf(text, base, 0)
        return run.out

    # -- rebuilding -------------------------------------------------------------------------
    def rebuild(
        self,
        doc: Any,
        edits: Mapping[Segments, list[Edit]],
        base: Segments = (),
        *,
        opened: dict[str, Any] | None = None,
    ) -> Any:
        """A copy of ``doc`` with the edits applied; untouched subtrees are shared, not copied.
        ``opened``: layers the scan already decoded (see ``scan_document``)."""
        return _Rebuild(edits, _dirty_children(edits, base), opened or {}).node(doc, base)

    def rebuild_text(
        self,
        text: str,
        edits: Mapping[Segments, list[Edit]],
        base: Segments = (),
        *,
        opened: dict[str, Any] | None = None,
    ) -> str:
        return _Rebuild(edits, _dirty_children(edits, base), opened or {}).leaf(text, base)


class _Rebuild:
    """One rebuild: the edits, the containers on edited paths, the layers already opened."""

    __slots__ = ("dirty", "edits", "opened")

    def __init__(
        self,
        edits: Mapping[Segments, list[Edit]],
        dirty: Mapping[Segments, set[Segment]],
        opened: dict[str, Any],
    ) -> None:
        self.edits = edits
        self.dirty = dirty
        self.opened = opened

    def node(self, node: Any, segs: Segments) -> Any:
        t = type(node)
        if t is str:
            return self.leaf(node, segs)
        if t is int:
            return apply_edits(str(node), self.edits[segs]) if segs in self.edits else node
        children = self.dirty.get(segs)
        if children is None or (t is not dict and t is not list):
            return node
        # a C-speed shallow copy; only the children on an edited path are rebuilt
        out = dict(node) if t is dict else list(node)
        for key in children:
            out[key] = self.node(node[key], (*segs, key))  # type: ignore[index]
        return out

    def leaf(self, s: str, segs: Segments) -> str:
        edits = self.edits
        if segs in edits:
            return apply_edits(s, edits[segs])
        inner_segs = (*segs, LAYER)
        if inner_segs not in edits and inner_segs not in self.dirty:
            return s
        layer = self.opened.get(s) or open_layer(s)
        if layer is None:  # cannot happen for paths the scan produced
            return s
        kind, inner = layer
        if kind == "b64text":
            new_inner: Any = apply_edits(inner, edits.get(inner_segs, []))
        else:
            new_inner = self.node(inner, inner_segs)
        return encode_layer(kind, new_inner)


def _dirty_children(
    edits: Mapping[Segments, list[Edit]], base: Segments
) -> dict[Segments, set[Segment]]:
    """For each container on an edited path, the children that lead to an edit."""
    dirty: dict[Segments, set[Segment]] = {}
    for segs in edits:
        for i in range(len(base), len(segs)):
            dirty.setdefault(segs[:i], set()).add(segs[i])
    return dirty


def _plain(s: str) -> bool:
    """A string that is no JSON layer and holds no quote or backslash: the document-level
    confirmation saw it exactly, so if it is not a target it holds nothing."""
    return s[:1] not in JSON_LAYER_STARTS and '"' not in s and "\\" not in s


def _quoted_in_view(text: str) -> bool:
    """Decoded base64 text that the document view holds between quotes, as it is: text that
    does not look like JSON (the view follows that as a document) and holds no quote or
    backslash."""
    return text.lstrip()[:1] not in ("{", "[") and '"' not in text and "\\" not in text


class _ScanRun:
    """One scan: per-call state (results, the identifiers allowed), so Walker stays shareable."""

    __slots__ = (
        "allowed",
        "detector",
        "guide_entries",
        "guides",
        "max_depth",
        "opened",
        "out",
        "prune",
        "targets",
    )

    def __init__(
        self,
        detector: Detector,
        allowed: frozenset[int] | None,
        max_depth: int,
        targets: Mapping[str, frozenset[int]] | None,
        prune: tuple[bytes, ...] | None,
        opened: dict[str, Any] | None = None,
        guide_entries: Mapping[str, frozenset[int]] | None = None,
    ) -> None:
        self.opened = opened
        self.guide_entries = guide_entries
        self.detector = detector
        self.allowed = allowed
        self.max_depth = max_depth
        self.targets = targets
        self.prune = prune
        self.guides: tuple[str, ...] | None = None  # the prune texts, as text
        if prune is not None:
            # (``guide_entries`` is keyed by the same texts: no decoding)
            self.guides = (
                tuple(guide_entries)
                if guide_entries is not None
                else tuple(g.decode() for g in prune)
            )
        self.out: list[RawHit] = []

    def _holds_guide(self, node: Any) -> bool:
        """Whether a container's serialized form holds a hit text (or a layer): else no
        finding can be inside, and the walk need not enter it."""
        prune = self.prune
        if prune is None:
            return True
        try:
            data = orjson.dumps(node)
        except TypeError:
            return True
        for g in prune:  # noqa: SIM110 (a loop, not any(): runs for every container entered)
            # (``find``: ``g in data`` first tries ``g`` as a byte value, formatting and
            # dropping a TypeError each time)
            if data.find(g) >= 0:
                return True
        return False

    def walk(self, node: Any, segs: Segments, depth: int) -> None:
        t = type(node)
        if t is str:
            self.leaf(node, segs, depth)
            return
        if t is dict:
            items: Any = node.items()
        elif t is list:
            items = enumerate(node)
        else:
            if t is int and (node >= _MIN_NUMBER or node <= -_MIN_NUMBER):
                for h in self.detector.detect(str(node), segs, self.allowed):
                    self.out.append((segs, h))
            return
        if depth >= self.max_depth:
            raise PayloadError(
                f"nesting deeper than {self.max_depth} levels", location=format_path(segs)
            )
        # In a small container, serializing each child to test it costs about what walking
        # it does (and an only child holds whatever its parent was entered for): the
        # children are entered, and are pruned in turn if they are larger.
        prune = self.prune if len(node) > _PRUNE_MIN_ITEMS else None
        targets = self.targets
        for k, v in items:
            c = v.__class__
            if c is str:
                # (inlined from ``leaf``: most strings of a targeted walk are skipped here)
                if (
                    targets is not None
                    and v not in targets
                    and v[:1] not in JSON_LAYER_STARTS
                    and '"' not in v
                    and "\\" not in v
                ):
                    continue  # ``_plain``, inlined: most strings of a targeted walk end here
                self.leaf(v, (*segs, k), depth + 1)
            elif c is dict or c is list:
                if prune is not None and not self._holds_guide(v):
                    continue
                self.walk(v, (*segs, k), depth + 1)
            elif c is int:
                self.walk(v, (*segs, k), depth + 1)

    def leaf(self, s: str, segs: Segments, depth: int) -> None:
        targets = self.targets
        if targets is not None and s not in targets and _plain(s):
            return  # a plain string the document-level confirmation found nothing in
        guides = self.guides
        only = targets.get(s) if targets is not None else None
        if guides is not None and only is None:
            present = [g for g in guides if g in s]
            if not present:
                return  # a JSON layer, or a string with quotes, that holds no hit text
            entries = self.guide_entries
            if entries is not None:  # just the identifiers whose hit texts it holds
                only = frozenset().union(*(entries.get(g, self.allowed or ()) for g in present))
        detect = self.detector.detect
        opened = self.opened
        layer = opened.get(s) if opened else None  # the view may have opened it already
        if layer is None:
            layer = open_layer(s) if len(s) > 1 else None
            if layer is not None and opened is not None:
                opened[s] = layer
        if layer is None:
            found = (
                detect(s, segs, self.allowed)
                if only is None
                else self.detector.detect_only(s, segs, only)
            )
            for h in found:
                self.out.append((segs, h))
            return
        kind, inner = layer
        inner_segs = (*segs, LAYER)
        if kind == "b64text":
            # Short printable base64 may just be a word or an id: if the string itself holds
            # an identifier, it is text, not a layer (and is edited as text). A long one is
            # a layer (Kinesis, Kafka): what it holds is always scanned.
            own = detect(s, segs, self.allowed) if len(s) <= SHORT_B64 else None
            if own:
                self.out.extend((segs, h) for h in own)
                return
            targets = self.targets
            only = targets.get(inner) if targets is not None else None
            if only is not None:  # the confirmation saw these identifiers hit in it
                found = self.detector.detect_only(inner, inner_segs, only)
            elif targets is not None and _quoted_in_view(inner):
                return  # the confirmation saw this text exactly, and found nothing in it
            else:
                found = detect(inner, inner_segs, self.allowed)
            self.out.extend((inner_segs, h) for h in found)
        else:
            self.walk(inner, inner_segs, depth + 1)


__all__ = ["LayerKind", "RawHit", "Segments", "Walker", "format_path"]

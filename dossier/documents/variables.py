"""Which context paths a template reads: the one walker over Jinja's syntax tree.

The template checks (checks.py: undeclared variables, reaching interpreter internals) and the
template builder (templates_docx/build_templates.py: the manifest's field list) both ask it.

A path is dotted, with "[]" for the items of a list: ``co_so.ten``, ``hang_muc[].don_gia`` (read
through ``{% for h in hang_muc %}{{ h.don_gia }}``, or ``hang_muc[0].don_gia``); a string
subscript is an attribute (``a["b"]`` is ``a.b``). Names bound inside the template (``set``,
tuple loop targets, ``loop``) are not context paths.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from jinja2 import nodes

# Attributes and names a template must never reach: the ways out of the sandbox into Python.
INTERNAL_NAMES = frozenset({
    "mro", "globals", "func_globals", "f_globals", "gi_frame", "cr_frame", "f_back", "format", "format_map",
    "im_func", "func_code", "co_code", "subclasses", "builtins", "self", "cycler", "joiner", "namespace",
    "lipsum", "config", "request", "os"})

Scope = dict[str, str | None]  # template-local name → the path it stands for (None: not context data)


@dataclass
class TemplateReads:
    """What one template source reads."""

    paths: dict[str, int] = field(default_factory=dict)  # path → first line that reads it
    internals: list[tuple[str, int]] = field(default_factory=list)  # (forbidden name, line)

    def plain_paths(self) -> set[str]:
        """The paths without list markers ("hang_muc[].ten" → "hang_muc.ten"), as manifests compare."""
        return {p.replace("[]", "") for p in self.paths}


def template_reads(tree: nodes.Template | Iterable[nodes.Template], implied: Mapping[str, str | None] = {},
                   ) -> TemplateReads:
    """Walk parsed template(s); ``implied`` names are bound by the caller (``muc`` → a list's items)."""
    walker = _Walker()
    for one in [tree] if isinstance(tree, nodes.Node) else tree:
        walker.visit(one, dict(implied))
    return walker.reads


class _Walker:
    def __init__(self) -> None:
        self.reads = TemplateReads()

    def path_of(self, node: nodes.Node, scope: Scope) -> str | None:
        if isinstance(node, nodes.Name):
            return scope.get(node.name, node.name)
        if isinstance(node, nodes.Getattr):
            base = self.path_of(node.node, scope)
            return f"{base}.{node.attr}" if base else None
        if isinstance(node, nodes.Getitem):
            base = self.path_of(node.node, scope)
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return f"{base}.{node.arg.value}" if base else None
            self.visit(node.arg, scope)
            return f"{base}[]" if base else None  # an index into a list: its items' fields
        return None

    def record(self, node: nodes.Node, scope: Scope) -> None:
        path = self.path_of(node, scope)
        if path:
            self.reads.paths.setdefault(path, node.lineno)

    def visit(self, node: nodes.Node, scope: Scope) -> None:
        self._check_internal(node)
        if isinstance(node, nodes.For):
            self._visit_for(node, scope)
        elif isinstance(node, nodes.Assign | nodes.AssignBlock):
            self._visit_assign(node, scope)
        elif isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem):
            self.record(node, scope)
            base = node
            while isinstance(base, nodes.Getattr | nodes.Getitem):
                base = base.node
            if base is not node and not isinstance(base, nodes.Name):
                self.visit(base, scope)  # (a|default(b)).c: what the filter reads
        elif isinstance(node, nodes.Call) and isinstance(node.node, nodes.Getattr):
            self._check_internal(node.node)  # the callee chain is not visited below
            self.record(node.node.node, scope)  # x.upper(): the data read is x
            for child in [*node.args, *node.kwargs]:
                self.visit(child, scope)
        else:
            for child in node.iter_child_nodes():
                self.visit(child, scope)

    def _visit_for(self, node: nodes.For, scope: Scope) -> None:
        self.visit(node.iter, scope)
        inner = dict(scope)
        source = self.path_of(node.iter, scope)
        if isinstance(node.target, nodes.Name):
            inner[node.target.name] = f"{source}[]" if source else None
        else:  # for k, v in …: the parts of an item are not paths we can name
            for target in node.target.find_all(nodes.Name):
                inner[target.name] = None
        inner["loop"] = None
        for child in node.body + node.else_:
            self.visit(child, inner)
        if node.test is not None:
            self.visit(node.test, inner)

    def _visit_assign(self, node: nodes.Assign | nodes.AssignBlock, scope: Scope) -> None:
        if isinstance(node, nodes.Assign):
            self.visit(node.node, scope)
        else:
            for child in node.body:
                self.visit(child, scope)
        targets = [node.target] if isinstance(node.target, nodes.Name) else node.target.find_all(nodes.Name)
        for target in targets:
            scope[target.name] = None

    def _check_internal(self, node: nodes.Node) -> None:
        names: list[str] = []
        if isinstance(node, nodes.Getattr | nodes.Getitem):
            # Every link of a chain, not only the last: visit() does not descend into the inner
            # links, so `cycler.__init__.__globals__.os.system(…)` must be caught here as a whole.
            chain: nodes.Node = node
            while isinstance(chain, nodes.Getattr | nodes.Getitem):
                if isinstance(chain, nodes.Getattr):
                    names.append(chain.attr)
                elif isinstance(chain.arg, nodes.Const) and isinstance(chain.arg.value, str):
                    names.append(chain.arg.value)
                chain = chain.node
            if isinstance(chain, nodes.Name):
                names.append(chain.name)
        elif isinstance(node, nodes.Const) and isinstance(node.value, str):
            names.append(node.value)
        elif isinstance(node, nodes.Name):
            names.append(node.name)
        elif isinstance(node, nodes.Filter | nodes.Test) and node.name == "attr":
            names.append("attr")
        for name in names:
            if "__" in name or name in INTERNAL_NAMES or name == "attr":
                self.reads.internals.append((name, node.lineno))

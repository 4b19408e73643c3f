"""Writes of the industry app: chains and their nodes (the shipped ones and the organiser's edits), the versioned
grading parameters, the imported region × industry tables, and (in importer.py and table_importer.py) the per-mu
figures and table cells imports. Every write is audited."""

import copy
import json
from collections import defaultdict
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from yuanqu.core import access, audit
from yuanqu.core import services as core_services
from yuanqu.core.models import ChangeAction, ObjectChange
from yuanqu.industry import grading
from yuanqu.industry.models import Chain, ChainNode, GradingScheme, RegionIndustryTable

CHAIN_DIR = Path(__file__).resolve().parent / "data" / "chains"


def chain_files() -> list[Path]:
    return sorted(CHAIN_DIR.glob("*.json"))


def _save(user, instance, before) -> None:
    instance.full_clean()
    instance.save()
    audit.record_saved(user=user, instance=instance, before=before)


@transaction.atomic
def chain_load(*, user, data: dict) -> Chain:
    """Create or update one chain from its JSON form ({name, description, nodes: [{name, stage, industry_codes,
    keywords, parents, orientation}]}); nodes not in `data` are deleted. Organiser (or command line) only."""
    access.require(user, "reference.change", _("只有市项目办可以维护产业链。"))
    chain = Chain.objects.filter(name=data["name"]).first()
    before = audit.snapshot(chain) if chain else None
    chain = chain or Chain(name=data["name"])
    chain.description = data.get("description", "")
    _save(user, chain, before)
    existing = {n.name: n for n in chain.nodes.all()}
    nodes = {}
    for order, spec in enumerate(data["nodes"], start=1):
        node = existing.pop(spec["name"], None)
        before = audit.snapshot(node) if node else None
        node = node or ChainNode(chain=chain, name=spec["name"])
        node.stage = spec["stage"]
        node.order = order
        node.industry_codes = ",".join(spec.get("industry_codes", []))
        node.keywords = ",".join(spec.get("keywords", []))
        node.orientation = spec.get("orientation", "")
        node.full_clean()
        node.save()
        nodes[node.name] = (node, before)
    for name, (node, before) in nodes.items():
        spec = next(s for s in data["nodes"] if s["name"] == name)
        unknown = [p for p in spec.get("parents", []) if p not in nodes]
        if unknown:
            raise ValueError(f"{data['name']}·{name}: unknown parents {unknown}")
        node.parents.set([nodes[p][0] for p in spec.get("parents", [])])
        # recorded after the edges are set, so the log holds the node's parents too
        audit.record_saved(user=user, instance=node, before=before)
    for node in existing.values():
        snapshot = audit.snapshot(node)
        pk = node.pk
        node.delete()
        node.pk = pk
        audit.record(user=user, action=ChangeAction.DELETE, instance=node, before=snapshot)
    return chain


def chains_load_shipped(*, user) -> list[Chain]:
    """Load every chain shipped in industry/data/chains/*.json (idempotent)."""
    return [chain_load(user=user, data=json.loads(path.read_text(encoding="utf-8"))) for path in chain_files()]


# ----------------------------------------------------------------------------- chains edited on their pages


def _check_parents(*, chain: Chain, node: ChainNode | None, parents) -> None:
    """Upstream links must be nodes of the same chain and must not make a loop (the map runs upstream →
    downstream); Chinese messages on the `parents` field."""
    errors = [
        _("上游环节“%(name)s”不属于产业链“%(chain)s”。") % {"name": p, "chain": chain}
        for p in parents
        if p.chain_id != chain.pk
    ]
    if node is not None and node.pk is not None:
        if any(p.pk == node.pk for p in parents):
            errors.append(_("环节不能是自己的上游环节。"))
        children = defaultdict(set)
        for parent_id, child_id in ChainNode.parents.through.objects.filter(to_chainnode__chain=chain).values_list(
            "to_chainnode_id", "from_chainnode_id"
        ):
            children[parent_id].add(child_id)
        below, frontier = set(), {node.pk}
        while frontier:
            frontier = set().union(*(children[n] for n in frontier)) - below
            below |= frontier
        loops = [p for p in parents if p.pk in below]
        errors += [
            _("“%(name)s”在本环节的下游，不能同时作为上游环节（会形成环路）。") % {"name": p.name} for p in loops
        ]
    if errors:
        raise ValidationError({"parents": errors})


@transaction.atomic
def chain_node_create(*, user, data: dict) -> ChainNode:
    """A new link of a chain (organiser only), its upstream links checked; audited."""
    access.check(user, access.ADD, ChainNode())
    if data.get("chain") is not None:
        _check_parents(chain=data["chain"], node=None, parents=list(data.get("parents") or []))
    return core_services.object_create(user=user, model=ChainNode, data=data)


@transaction.atomic
def chain_node_update(*, user, instance: ChainNode, data: dict) -> ChainNode:
    """Change a link (organiser only); it stays in its chain, its upstream links are checked; audited."""
    access.check(user, access.CHANGE, instance)
    chain = data.get("chain", instance.chain)
    if chain is not None and chain.pk != instance.chain_id:
        raise ValidationError({"chain": _("环节不能移到其他产业链：请在目标产业链中新建。")})
    _check_parents(chain=instance.chain, node=instance, parents=list(data.get("parents", instance.parents.all())))
    return core_services.object_update(user=user, instance=instance, data=data)


@transaction.atomic
def chain_delete(*, user, instance: Chain) -> None:
    """Delete a chain and its nodes (organiser only); each node's deletion is logged, then the chain's."""
    access.check(user, access.DELETE, instance)
    for node in instance.nodes.all():
        core_services.object_delete(user=user, instance=node)
    core_services.object_delete(user=user, instance=instance)


# ----------------------------------------------------------------------------- grading parameters (versioned)


def _require_right(user) -> None:
    access.require(user, "reference.change", _("只有市项目办（组织者）可以修改亩均效益评价参数。"))


def params_error(problems: list) -> ValidationError:
    """grading.ParamProblem list → one ValidationError keyed by the problems' fields (`indicators.<key>.<name>`,
    `cutoffs.a`, `min_indicators`, ... or `__all__`), so a form can put each message next to its field."""
    errors: dict[str, list[str]] = defaultdict(list)
    for problem in problems:
        errors[problem.field or "__all__"].append(problem.message)
    return ValidationError(dict(errors))


def _scheme_create(user, params: dict, note: str) -> GradingScheme:
    return core_services.version_create(user=user, model=GradingScheme, params=params, note=note)


@transaction.atomic
def grading_scheme_ensure_default(*, user=None) -> GradingScheme:
    """The active version, creating version 1 with the defaults (grading.DEFAULT_PARAMS) on a fresh database."""
    _require_right(user)
    active = GradingScheme.objects.select_for_update().filter(active=True).first()
    return active or _scheme_create(user, copy.deepcopy(grading.DEFAULT_PARAMS), _("默认参数"))


@transaction.atomic
def grading_scheme_update(*, user, params: dict, note: str = "") -> GradingScheme:
    """Store `params` (grading.rules_params form) as a new active version; every earlier version is kept.

    The defaults that were in force are stored first as version 1 when nothing was saved yet, so the history
    says what the earlier grades were computed with. Refused (ValidationError keyed by field, nothing written)
    when the parameters are invalid or the same as the active version's; organiser only.
    """
    _require_right(user)
    problems = grading.validate_params(params)
    if problems:
        raise params_error(problems)
    params = grading.rules_params(grading.rules_from_params(params))  # canonical order, no stray keys
    active = grading_scheme_ensure_default(user=user)
    if active.params == params:
        raise ValidationError(_("参数与当前生效的%(v)s相同，未保存新版本。") % {"v": active})
    return _scheme_create(user, params, note)


@transaction.atomic
def grading_scheme_restore(*, user, version: int) -> GradingScheme:
    """Make an earlier version's parameters active again, as a new version (history is never rewritten)."""
    old = GradingScheme.objects.filter(version=version).first()
    if old is None:
        raise ValidationError(_("没有第%(v)s版评价参数。") % {"v": version})
    return grading_scheme_update(user=user, params=old.params, note=_("恢复为%(v)s的参数") % {"v": old})


# ----------------------------------------------------------------------------- imported region × industry tables


def region_industry_table_create(*, user, data: dict) -> RegionIndustryTable:
    """A new (empty) table, its cells imported afterwards; the organiser only. Records who created it."""
    return core_services.object_create(user=user, model=RegionIndustryTable, data={**data, "created_by": _actor(user)})


def _actor(user):
    return user if getattr(user, "is_authenticated", False) and getattr(user, "pk", None) else None


@transaction.atomic
def region_industry_table_delete(*, user, instance: RegionIndustryTable) -> None:
    """Delete a table and its cells (organiser only); each cell's deletion is logged, then the table's."""
    access.check(user, access.DELETE, instance)
    figures = list(instance.figures.select_related("table", "region"))
    changes = [
        ObjectChange(
            user=_actor(user), user_name=getattr(user, "username", "") or "", request_id=audit.current_request_id.get(),
            action=ChangeAction.DELETE, content_type=ContentType.objects.get_for_model(figure),
            object_id=str(figure.pk), object_repr=str(figure)[:200], before=audit.snapshot(figure), after=None,
        )
        for figure in figures
    ]
    instance.figures.all().delete()
    ObjectChange.objects.bulk_create(changes, batch_size=1000)  # one query for a table of thousands of cells
    core_services.object_delete(user=user, instance=instance)

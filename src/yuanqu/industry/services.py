"""Writes of the industry app: loading the shipped chains, and (in importer.py) the per-mu figures import."""

import json
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from yuanqu.core import audit
from yuanqu.core.models import ChangeAction
from yuanqu.industry.models import Chain, ChainNode

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
    if not user.is_organiser:
        raise PermissionDenied(_("只有市项目办可以维护产业链。"))
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

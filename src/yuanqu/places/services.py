"""Writes to the reference data that are more than one generic create/update."""

import csv
import io

from django.db import transaction

from yuanqu.core import access, audit
from yuanqu.places.models import Industry


class ImportRefused(Exception):
    """The file was refused as a whole; `errors` lists each problem as 'row N, column X: message'."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def industries_import(*, user, text: str) -> dict:
    """Add or rename GB/T 4754 codes from CSV text with columns code,name,parent — all rows or none.

    Deeper codes (中类 3 digits, 小类 4 digits) must name an existing or earlier-listed parent.
    Returns {"created": n, "updated": n, "unchanged": n}.
    """
    access.check(user, access.ADD, Industry())
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    errors: list[str] = []
    if not rows or not {"code", "name", "parent"} <= set(rows[0]):
        raise ImportRefused(["第1行：表头应为 code,name,parent"])
    known = set(Industry.objects.values_list("code", flat=True))
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        code, name, parent = (row.get(k, "").strip() for k in ("code", "name", "parent"))
        if not code or len(code) > 5:
            errors.append(f"第{number}行，列 code：行业代码不能为空且不超过5位")
        if not name:
            errors.append(f"第{number}行，列 name：行业名称不能为空")
        if code in seen:
            errors.append(f"第{number}行，列 code：行业代码 {code} 在文件中重复")
        if parent and parent not in known | seen:
            errors.append(f"第{number}行，列 parent：上级行业代码 {parent} 不存在")
        seen.add(code)
    if errors:
        raise ImportRefused(errors)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        for row in rows:
            code, name, parent = (row[k].strip() for k in ("code", "name", "parent"))
            existing = Industry.objects.filter(code=code).first()
            parent_obj = Industry.objects.get(code=parent) if parent else None
            if existing and existing.name == name and existing.parent == parent_obj:
                counts["unchanged"] += 1
                continue
            before = audit.snapshot(existing) if existing else None
            industry = existing or Industry(code=code)
            industry.name, industry.parent = name, parent_obj
            industry.full_clean()
            industry.save()
            audit.record_saved(user=user, instance=industry, before=before)
            counts["updated" if existing else "created"] += 1
    return counts

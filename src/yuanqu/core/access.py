"""Who may do what: the one role × operation table, and the row restriction every read and write goes through.

An operation is a kind of work (read district records, plan a meeting, publish a ranking...). For each role the
table gives a scope: every row (ALL), the rows of the user's own regions (OWN), or nothing (NONE). Every page, API
endpoint, export and file view names its operation (`core.views.OperationMixin`, `operation_required`,
`core.permissions.OperationPermission`); a role without the operation gets 403, and a row outside an OWN scope
does not exist for that user (404, as NetBox and GitHub answer). `tests/core/test_access_matrix.py` walks every
model, URL and API endpoint for every role and checks this table.

Row restriction by region is not the ground floor's business: `places` registers it with `register_row_scope`
(which rows of a model are in a user's regions), so `core` imports no app above it (after NetBox's
`RestrictedQuerySet.restrict`).
"""

import enum
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yuanqu.core.models import Role

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
WRITE_ACTIONS = {ADD, CHANGE, DELETE}


class Scope(enum.Enum):
    NONE = "none"
    OWN = "own"
    ALL = "all"


ALL, OWN, NONE = Scope.ALL, Scope.OWN, Scope.NONE
ROLES = (Role.ORGANISER, Role.REPORTER, Role.VIEWER, Role.INVESTMENT, Role.RATER)


@dataclass(frozen=True)
class Operation:
    code: str
    label: str
    scopes: dict[str, Scope]

    def scope_for(self, user) -> Scope:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return NONE
        if user.is_organiser:
            return self.scopes[Role.ORGANISER]
        return self.scopes.get(user.role, NONE)


def _op(code: str, organiser: Scope, reporter: Scope, viewer: Scope, investment: Scope, label) -> Operation:
    scopes = dict(zip(ROLES, (organiser, reporter, viewer, investment, NONE), strict=True))
    return Operation(code, label, scopes)


# The table. Raters' accounts exist only to score through their personal link (PERSONAL_LINK below), so their
# column is NONE throughout. docs/development.md prints this table; tests/core/test_access_matrix.py checks it.
OPERATIONS: dict[str, Operation] = {op.code: op for op in (
    #   code, then the scope of: organiser, reporter, viewer, investment; what the operation is
    _op("district.view", ALL, OWN, ALL, ALL,
        gettext_lazy("查看区县填报的记录：项目、企业、园区、载体、月报")),
    _op("district.change", ALL, OWN, NONE, NONE,
        gettext_lazy("新建、修改、删除、导入区县填报的记录")),
    _op("reference.view", ALL, ALL, ALL, ALL,
        gettext_lazy("查看全市基础数据：行政区划、行业、产业链、成本、对标数据")),
    _op("reference.change", ALL, NONE, NONE, NONE,
        gettext_lazy("修改全市基础数据")),
    _op("meetings.view", ALL, ALL, ALL, ALL,
        gettext_lazy("查看推进会、观摩点、参会人员和已发布的评分结果")),
    _op("meetings.results_early", ALL, NONE, ALL, ALL,
        gettext_lazy("发布前查看评分结果与大屏")),
    _op("meetings.manage", ALL, NONE, NONE, NONE,
        gettext_lazy("筹备推进会：日程、观摩点、人员、评分方案、结束评分、发布")),
    _op("supervision.view", ALL, OWN, ALL, ALL,
        gettext_lazy("查看亮灯、豁免与督办事项")),
    _op("supervision.manage", ALL, NONE, NONE, NONE,
        gettext_lazy("交办督办、重算亮灯、审批豁免、锁定月份、修改预警规则")),
    _op("supervision.respond", ALL, OWN, NONE, NONE,
        gettext_lazy("反馈督办、更新办理状态、申请豁免")),
    _op("analysis.view", ALL, ALL, ALL, ALL,
        gettext_lazy("查看产业分析与区域对标")),
    _op("analysis.import", ALL, OWN, NONE, NONE,
        gettext_lazy("导入亩均效益数据")),
    _op("news.import", ALL, NONE, NONE, NONE,
        gettext_lazy("导入新闻稿")),
    _op("changes.view", ALL, NONE, NONE, NONE,
        gettext_lazy("查看全部变更记录")),
    _op("accounts.manage", ALL, NONE, NONE, NONE,
        gettext_lazy("解除登录锁定、撤销他人的接口令牌")),
)}
# Not in the table because no role decides them: a rater's personal link (its token is the credential) and the
# pages everyone may open signed in or not (login, language, API schema).
PERSONAL_LINK = "personal_link"
PUBLIC = "public"
SIGNED_IN = "signed_in"  # any signed-in non-rater: the home page, the API root
SPECIAL = {PERSONAL_LINK, PUBLIC, SIGNED_IN}


def operation(code: str) -> Operation:
    try:
        return OPERATIONS[code]
    except KeyError:
        raise KeyError(f"unknown operation {code!r}; add it to yuanqu.core.access.OPERATIONS") from None


def scope(user, code: str) -> Scope:
    """The scope `user` has for operation `code` (SIGNED_IN: ALL for every signed-in non-rater)."""
    if code == SIGNED_IN:
        signed_in = getattr(user, "is_authenticated", False) and user.is_active
        return ALL if signed_in and (user.is_organiser or user.role != Role.RATER) else NONE
    if code in (PUBLIC, PERSONAL_LINK):
        return ALL
    return operation(code).scope_for(user)


def allows(user, code: str) -> bool:
    """Whether `user`'s role has operation `code` at all (on some rows at least)."""
    return scope(user, code) is not NONE


def operation_for(declared: str | tuple[str, str], method: str) -> str:
    """A view's operation for an HTTP method: a single code, or (read, write) by the method."""
    if isinstance(declared, tuple):
        return declared[0] if method in ("GET", "HEAD", "OPTIONS") else declared[1]
    return declared


def refusal(code: str) -> str:
    """The Chinese sentence a refused user reads: which operation their role does not have."""
    if code in OPERATIONS:
        return _("您的角色无权进行此操作：%(operation)s。") % {"operation": OPERATIONS[code].label}
    return _("请先登录。")


def model_operation(model: type[models.Model], action: str) -> str:
    """The operation that reading (VIEW) or writing (ADD/CHANGE/DELETE) rows of `model` needs.

    A model names them in `operations = (read, write)`; otherwise records with a region path are district records
    and the rest city-level reference data.
    """
    read, write = getattr(model, "operations", None) or (
        ("reference.view", "reference.change") if getattr(model, "scope_path", None) is None
        else ("district.view", "district.change")
    )
    return write if action in WRITE_ACTIONS else read


# --- row scope, registered by the app that knows what a user's regions are (places) ------------------------------

@dataclass(frozen=True)
class RowScope:
    filter: Callable[[type[models.Model], object], models.Q]  # (model, user) -> the rows in the user's regions
    contains: Callable[[object, models.Model], bool]  # (user, object, maybe unsaved) -> it lies in their regions


_row_scope: RowScope | None = None


def register_row_scope(row_scope: RowScope) -> None:
    global _row_scope
    _row_scope = row_scope


def _rows(model, user) -> models.Q:
    if _row_scope is None:  # no app told us what "own" means: nothing is own
        return models.Q(pk__in=[])
    return _row_scope.filter(model, user)


def restrict(queryset: models.QuerySet, user, action: str = VIEW, *, code: str | None = None) -> models.QuerySet:
    """The rows of `queryset` that `user` may `action` (view/add/change/delete), or may use for operation `code`."""
    model = queryset.model
    given = scope(user, code or model_operation(model, action))
    if given is NONE:
        return queryset.none()
    if given is ALL or getattr(model, "scope_path", None) is None:
        return queryset
    return queryset.filter(_rows(model, user))


def can(user, action: str, obj: models.Model, *, code: str | None = None) -> bool:
    """Whether `user` may `action` this saved or unsaved object (an unsaved one is judged by its region)."""
    given = scope(user, code or model_operation(type(obj), action))
    if given is NONE:
        return False
    if given is ALL or getattr(type(obj), "scope_path", None) is None:
        return True
    if obj.pk is not None and action != ADD:
        return restrict(type(obj)._default_manager.filter(pk=obj.pk), user, action, code=code).exists()
    return _row_scope is not None and _row_scope.contains(user, obj)


def check(user, action: str, obj: models.Model, *, code: str | None = None) -> None:
    """Raise PermissionDenied (with a Chinese message) unless `user` may `action` `obj`."""
    if not can(user, action, obj, code=code):
        raise PermissionDenied(_("无权操作该记录：它不在您负责的区县范围内，或您的角色不允许此操作。"))


def check_still_own(user, obj: models.Model) -> None:
    """After a save (NetBox checks again): an edit must not move a record out of the user's regions."""
    if scope(user, model_operation(type(obj), CHANGE)) is OWN and getattr(type(obj), "scope_path", None) is not None:
        if _row_scope is None or not _row_scope.contains(user, obj):
            raise PermissionDenied(_("不能把记录移到您负责范围以外的区县。"))


def require(user, code: str, message: str | None = None) -> None:
    """Raise PermissionDenied (with `message`, or a general Chinese one) unless `user` has operation `code`.

    `user=None` is the system itself (demo loading, a data migration); the command line's actor is an organiser.
    """
    if user is None:
        return
    if not allows(user, code):
        raise PermissionDenied(message or refusal(code))

"""Users with roles, and the change log every write goes to."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    ORGANISER = "organiser", _("市项目办（组织者）")
    REPORTER = "reporter", _("区县填报员")
    VIEWER = "viewer", _("领导/查看者")
    INVESTMENT = "investment", _("招商局")
    RATER = "rater", _("观摩评分人")


class User(AbstractUser):
    """A person who signs in. What they may do follows from `role` (`yuanqu.core.access`) and, for district
    reporters, from the regions they are assigned to (`places.Region.users`)."""

    operations = ("reference.view", "reference.change")  # colleagues' names in forms; accounts: the admin

    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.VIEWER)
    # A district reporter's regions are `user.regions`, the other side of `places.Region.users`.
    unit = models.CharField(_("单位"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = pgettext_lazy("plural", "用户")

    @property
    def is_organiser(self) -> bool:
        return self.is_superuser or self.role == Role.ORGANISER


class BaseModel(models.Model):
    """Timestamps, and `scope_path`: the ORM path from this model to its Region, used by `access.restrict`.

    `scope_path = None` marks reference data (classifications) every signed-in user may read and only the
    organiser may change; `scope_path = ""` means the object is itself a Region.
    """

    scope_path: str | None = None

    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class VersionedParams(BaseModel):
    """One version of a parameter set (warning rules, per-mu grading): editing makes a new version through
    `core.services.version_create`, old ones are kept and never change. A subclass adds its `params` JSON field
    (with its own name), validates it in `clean()` and keeps one active version with a constraint."""

    scope_path = None

    version = models.PositiveIntegerField(_("版本"), unique=True)
    active = models.BooleanField(_("当前生效"), default=False)
    note = models.CharField(_("修改说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("修改人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True
        ordering = ["-version"]

    def __str__(self) -> str:
        return _("第%(v)s版") % {"v": self.version}


class ChangeAction(models.TextChoices):
    CREATE = "create", _("新建")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")


def _readable(field, value):
    if value is None or field is None:
        return value
    if getattr(field, "choices", None) and not isinstance(value, list | dict):
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, dict | list):
        import json

        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


class ObjectChange(models.Model):
    """One create/update/delete of one object: who, when, and the values before and after."""

    operations = ("changes.view", "changes.view")  # a record's own history shows on its page

    time = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="changes",
    )
    user_name = models.CharField(_("操作人账号"), max_length=150, blank=True)
    request_id = models.UUIDField(_("请求编号"), null=True, blank=True, db_index=True)
    action = models.CharField(_("操作"), max_length=8, choices=ChangeAction.choices)
    content_type = models.ForeignKey(ContentType, verbose_name=_("对象类型"), on_delete=models.PROTECT)
    object_id = models.CharField(_("对象编号"), max_length=64, db_index=True)
    object_repr = models.CharField(_("对象"), max_length=200)
    before = models.JSONField(_("修改前"), null=True, blank=True)
    after = models.JSONField(_("修改后"), null=True, blank=True)

    class Meta:
        verbose_name = _("变更记录")
        verbose_name_plural = pgettext_lazy("plural", "变更记录")
        ordering = ["-time", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    @property
    def diff(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field whose value changed."""
        before, after = self.before or {}, self.after or {}
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]

    @property
    def readable_diff(self) -> list[tuple[str, object, object, bool]]:
        """The diff as a reader sees it: (label, before, after, as_code). A field is named by its verbose name, a
        choice by its label and a yes/no field by 是/否; a structured value (a rule set's parameters), a stored file's
        name or a fingerprint is shown as code, as it is stored."""
        model = self.content_type.model_class()
        rows = []
        for name, before, after in self.diff:
            try:
                field = model._meta.get_field(name) if model else None
            except FieldDoesNotExist:  # a field since removed: its stored name is all there is
                field = None
            label = str(getattr(field, "verbose_name", name))
            values = [_readable(field, before), _readable(field, after)]
            as_code = isinstance(field, models.FileField) or any(
                isinstance(v, dict | list) or (isinstance(v, str) and v.startswith("sha256:")) for v in (before, after))
            rows.append((label, *values, as_code))
        return rows


class ApiToken(models.Model):
    """A named API token of one user (several per user), hashed at rest: only its SHA-256 is stored, and the
    first characters to recognise it by. It expires, and can be revoked at once (`core.tokens`)."""

    operations = ("accounts.manage", "accounts.manage")  # besides, each user their own: /account/tokens/
    audit_secret_fields = ("digest",)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField(_("名称"), max_length=60, help_text=_("如：年度统计脚本"))
    prefix = models.CharField(_("前缀"), max_length=12, db_index=True)
    digest = models.CharField(_("摘要"), max_length=64, unique=True)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    expires = models.DateTimeField(_("到期时间"))
    last_used = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = pgettext_lazy("plural", "接口令牌")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("运行中")
    SUCCEEDED = "succeeded", _("已完成")
    FAILED = "failed", _("失败")


class Job(models.Model):
    """One piece of long work run by the job worker (`yuanqu worker`): an import, a light recompute…

    The worker runs it through Django's task framework (django-tasks with the database backend, so no broker);
    this row is what people see: who asked, its progress (`core.jobs.Progress`), its log, its result file, and
    why it failed. A job's work is all-or-nothing (an import writes in one transaction at its end), so a failed
    or interrupted job changed nothing and can be run again (`core.jobs.job_retry`)."""

    operations = ("accounts.manage", "accounts.manage")  # besides, each user their own: /jobs/
    owner_field = "user"  # a job's pages open for this user and for whoever may manage accounts (core.jobs.may_see)

    kind = models.CharField(_("类型"), max_length=40)
    title = models.CharField(_("名称"), max_length=200)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提交人"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="jobs")
    status = models.CharField(_("状态"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED,
                              db_index=True)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    upload = models.FileField(_("上传文件"), upload_to="jobs/in/", blank=True)
    result = models.FileField(_("结果文件"), upload_to="jobs/out/", blank=True)
    summary = models.TextField(_("结果"), blank=True)
    error = models.TextField(_("失败原因"), blank=True)
    log = models.TextField(_("日志"), blank=True)
    done = models.PositiveIntegerField(_("已处理"), default=0)
    total = models.PositiveIntegerField(_("总数"), default=0)
    attempts = models.PositiveIntegerField(_("运行次数"), default=0)
    task_id = models.CharField(_("任务编号"), max_length=64, blank=True)
    worker = models.CharField(_("工作进程"), max_length=100, blank=True)
    created = models.DateTimeField(_("提交时间"), auto_now_add=True)
    started = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished = models.DateTimeField(_("结束时间"), null=True, blank=True)
    # the worker's progress file is the live state while it runs; these fields hold the state at each boundary
    audit_ignore_fields = ("log", "done", "total", "task_id", "worker")

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = pgettext_lazy("plural", "后台任务")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def retryable(self) -> bool:
        return self.status == JobStatus.FAILED

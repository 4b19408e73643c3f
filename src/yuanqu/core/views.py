"""Generic pages every registry model uses (after NetBox's generic views): list, detail, edit, delete, history.

A model's views only declare its queryset, filterset, table, form and services; restriction to the user's
regions, sorting, pagination, .xlsx export, validation messages and audit come from here.
"""

import functools
import logging

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from yuanqu.core import access, audit, exports, services
from yuanqu.core.context_processors import record_links
from yuanqu.core.models import ObjectChange, Role
from yuanqu.core.paginate import Paginator
from yuanqu.core.tables import Column, Table
from yuanqu.core.tabular.workbook import table_workbook_response

PER_PAGE_CHOICES = (25, 50, 100, 200)


def call_service(request, call, success: str | None = None) -> tuple[bool, object]:
    """Run a service behind a button: its Chinese ValidationError or PermissionDenied becomes an error message on
    the next page (never a half-written change: services are atomic), success a success message.
    Returns (True, the service's result) or (False, None)."""
    try:
        result = call()
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("无权进行此操作。"))
    else:
        if success:
            messages.success(request, success)
        return True, result
    return False, None


def run_service(request, call, success: str | None, redirect_to: str) -> HttpResponse:
    """`call_service`, then redirect to `redirect_to` (or return the service's own response, e.g. a file)."""
    ok, result = call_service(request, call, success)
    return result if ok and isinstance(result, HttpResponseBase) else redirect(redirect_to)


def model_url(model: type[models.Model] | models.Model, action: str, **kwargs) -> str:
    return reverse(f"{model._meta.model_name}_{action}", kwargs=kwargs or None)


def refuse(request, code: str) -> HttpResponse | None:
    """None if the signed-in `request.user` may do operation `code`; else the answer: raters get the one page
    saying what their account is for (403), other roles 403."""
    user = request.user
    if access.allows(user, code):
        return None
    if user.role == Role.RATER and not user.is_organiser:
        return render(request, "core/rater_only.html", status=403)
    raise PermissionDenied(access.refusal(code))


class OperationMixin(LoginRequiredMixin):
    """A page of the platform: signed in, and the user's role has the page's `operation` (`yuanqu.core.access`),
    checked before anything else (so a POST-only page answers 403 before 405). Which rows follows from
    `access.restrict`: a row outside the user's scope is 404."""

    # an operation code of access.OPERATIONS (or access.SIGNED_IN), or (read, write): GET/HEAD read, others write
    operation: str | tuple[str, str] = None

    def get_operation(self) -> str:
        return access.operation_for(self.operation, self.request.method)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        refusal = refuse(request, self.get_operation())
        return refusal or super().dispatch(request, *args, **kwargs)


def operation_required(code: str, *, model: type[models.Model] | None = None):
    """The same for a function view: `@operation_required("meetings.manage", model=Meeting)`. `model` names what
    the URL's `pk` is, for the generated access test."""

    def decorate(view):
        if code in (access.PUBLIC, access.PERSONAL_LINK):  # no sign-in: the view itself checks its token if any
            view.operation, view.pk_model = code, model
            return view

        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            return refuse(request, code) or view(request, *args, **kwargs)

        wrapped.operation, wrapped.pk_model = code, model
        return wrapped

    return decorate


def declared_operation(callback, method: str = "GET") -> str | None:
    """The operation a URL's view declares for `method` (class or function view), None if it declares none.
    The menu shows an entry to whoever may open it; the generated access test reads every view with it."""
    view_class = getattr(callback, "view_class", None)
    if view_class is None:
        declared = getattr(callback, "operation", None)
        return access.operation_for(declared, method) if declared else None
    initkwargs = getattr(callback, "view_initkwargs", {})
    declared = initkwargs.get("operation", getattr(view_class, "operation", None))
    if declared:
        return access.operation_for(declared, method)
    if issubclass(view_class, RegistryMixin):
        queryset = initkwargs.get("queryset", view_class.queryset)
        return access.model_operation(queryset.model, view_class.action)
    return None


class RegistryMixin(OperationMixin):
    """Pages of one model: reading needs the model's read operation, the add/edit/delete pages its write operation
    (`access.model_operation`)."""

    queryset: models.QuerySet = None
    action = access.VIEW  # the edit and delete pages write

    @property
    def model(self) -> type[models.Model]:
        return self.queryset.model

    def get_operation(self) -> str:
        if self.operation:
            return super().get_operation()
        return access.model_operation(self.model, self.action)

    def may_add(self) -> bool:
        return access.allows(self.request.user, access.model_operation(self.model, access.ADD))

    def restricted(self, action: str = access.VIEW) -> models.QuerySet:
        return access.restrict(self.queryset.all(), self.request.user, action)

    def get_object(self, action: str = access.VIEW) -> models.Model:
        # 404 rather than 403: a reporter must not even learn that another district's record exists.
        try:
            return self.restricted(action).get(pk=self.kwargs["pk"])
        except self.model.DoesNotExist as exc:
            raise Http404 from exc

    def base_context(self, **extra) -> dict:
        meta = self.model._meta
        return {
            "model_name": meta.model_name,
            "verbose_name": meta.verbose_name,
            "verbose_name_plural": meta.verbose_name_plural,
            "can_add": self.may_add(),
            **extra,
        }


CHOICE_LIMIT = 300  # a filter with more choices than this asks for a number instead of listing them all


def _shorten_choices(form) -> None:
    """A filter over a big table (50,000 projects, 20,000 enterprises) would render every row as an <option> on
    every page view, costing seconds at a province's scale: such a filter takes the record's number instead.

    One query a filter whatever the table's size: the first CHOICE_LIMIT + 1 rows are read once and, when they are
    all there is, become the drop-down's options (so rendering does not read them again)."""
    for field in form.fields.values():
        single = isinstance(field, forms.ModelChoiceField) and not isinstance(field, forms.ModelMultipleChoiceField)
        if not single:
            continue
        first = list(field.queryset[:CHOICE_LIMIT + 1])
        if len(first) > CHOICE_LIMIT:
            field.widget = forms.NumberInput(attrs={"min": 1, "placeholder": _("输入编号")})
        else:
            static = [] if field.empty_label is None else [("", field.empty_label)]
            if getattr(field, "null_label", None) is not None:  # django-filter's "none" choice
                static.append((field.null_value, field.null_label))
            static += [(field.prepare_value(obj), field.label_from_instance(obj)) for obj in first]
            field._choices = field.widget.choices = static  # past the setter: django-filter's would wrap it again


class ObjectListView(RegistryMixin, View):
    filterset = None
    table: Table = None
    export_table: Table | None = None  # the .xlsx columns, when they differ from the page's (default: `table`)
    template_name = "generic/object_list.html"
    export_filename: str | None = None
    # what to do first, shown instead of "no matching records" while the list is empty and unfiltered
    empty_hint = None

    def get_empty_hint(self):
        return self.empty_hint

    def filtered(self):
        queryset = self.restricted()
        filterset = self.filterset(self.request.GET or None, queryset=queryset, request=self.request)
        _shorten_choices(filterset.form)
        rows = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
        order = self.table.sort_fields(self.request.GET.get("sort")) or self.table.default_order
        if order:
            rows = rows.order_by(*order)
        return filterset, rows

    def get(self, request):
        filterset, rows = self.filtered()
        if request.GET.get("export") == "xlsx":
            return self.export(rows)
        per_page = int(request.GET.get("per_page", 25)) if request.GET.get("per_page", "25").isdigit() else 25
        per_page = per_page if per_page in PER_PAGE_CHOICES else 25
        page = Paginator(rows, per_page).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        sort_query = query.copy()
        sort_query.pop("sort", None)
        return render(
            request,
            self.template_name,
            self.base_context(
                filterset=filterset,
                table=self.table,
                page=page,
                per_page=per_page,
                per_page_choices=PER_PAGE_CHOICES,
                sort=request.GET.get("sort", ""),
                querystring=query.urlencode(),
                sort_querystring=sort_query.urlencode(),
                rows=[(obj, [(c, c.text(obj)) for c in self.table.columns]) for obj in page.object_list],
                empty_hint=None if query else self.get_empty_hint(),
            ),
        )

    def export(self, rows) -> HttpResponse:
        name = self.export_filename or str(self.model._meta.verbose_name_plural)
        if exports.runs_in_background(rows):
            query = self.request.GET.copy()
            query.pop("export", None)
            job = exports.export_submit(user=self.request.user, view_name=self.request.resolver_match.view_name,
                                        query=query.urlencode(), title=name)
            messages.info(self.request, _("数据较多，已转入后台导出；完成后可在本页下载。"))
            return redirect("job_detail", job.pk)
        table = self.export_table or self.table
        return table_workbook_response(name, table.headers(), exports.table_rows(table, rows))


class ObjectDetailView(RegistryMixin, View):
    template_name = "generic/object_detail.html"
    # model field names, or a Column for a value computed on the instance (Carrier.status, SupervisedTask.overdue)
    fields: list[str | Column] = []

    def extra_context(self, obj) -> dict:
        return {}

    def get(self, request, pk):
        obj = self.get_object()
        user = request.user
        fields = []
        for column in self.fields:
            if not isinstance(column, Column):
                column = Column(column, self.model._meta.get_field(column).verbose_name)
            fields.append((column.label, column.text(obj), column.value(obj)))
        return render(
            request,
            self.template_name,
            self.base_context(
                object=obj,
                fields=fields,
                can_change=access.can(user, access.CHANGE, obj),
                can_delete=access.can(user, access.DELETE, obj),
                history=audit.history(obj)[:10],
                record_links=record_links(user, obj),
                **self.extra_context(obj),
            ),
        )


class ObjectEditView(RegistryMixin, View):
    action = access.CHANGE  # refused up front (403) to a role that writes no such record; another's record is 404
    form_class = None
    template_name = "generic/object_edit.html"

    def create(self, data: dict) -> models.Model:
        return services.object_create(user=self.request.user, model=self.model, data=data)

    def update(self, instance: models.Model, data: dict) -> models.Model:
        return services.object_update(user=self.request.user, instance=instance, data=data)

    def get_form(self, instance=None, data=None, initial=None):
        return self.form_class(data=data, instance=instance, user=self.request.user, initial=initial)

    def get(self, request, pk=None):
        instance = self.get_object(access.CHANGE) if pk else None
        # a new record may be started from a link (?chain=3, ?project=7): the form sees it while it is built
        form = self.get_form(instance=instance, initial=request.GET.dict() if pk is None else None)
        return render(request, self.template_name, self.base_context(form=form, object=instance))

    def post(self, request, pk=None):
        instance = self.get_object(access.CHANGE) if pk else None
        form = self.get_form(instance=instance, data=request.POST)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.fields if name in form.cleaned_data}
            try:
                obj = self.create(data) if instance is None else self.update(instance, data)
            except ValidationError as exc:
                _attach_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or _("无权进行此操作。"))
            else:
                messages.success(request, _("已保存：%(obj)s") % {"obj": obj})
                return redirect(model_url(obj, "detail", pk=obj.pk))
        return render(
            request,
            self.template_name,
            self.base_context(form=form, object=instance),
            status=400 if request.method == "POST" else 200,
        )


def _attach_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class ObjectDeleteView(RegistryMixin, View):
    """Confirm, then delete through a service; a refusal goes back to the record with its reason.

    A model whose deletion has its own service (more to check or to log) overrides `perform_delete` only.
    """

    action = access.DELETE
    template_name = "generic/object_delete.html"

    def perform_delete(self, request, obj) -> None:
        services.object_delete(user=request.user, instance=obj)

    def get(self, request, pk):
        return render(request, self.template_name, self.base_context(object=self.get_object(access.DELETE)))

    def post(self, request, pk):
        obj = self.get_object(access.DELETE)
        try:
            self.perform_delete(request, obj)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return redirect(model_url(obj, "detail", pk=obj.pk))
        messages.success(request, _("已删除：%(obj)s") % {"obj": obj})
        return redirect(model_url(self.model, "list"))


class ObjectHistoryView(RegistryMixin, View):
    def get(self, request, pk):
        obj = self.get_object()
        return render(request, "generic/object_history.html", self.base_context(object=obj, history=audit.history(obj)))


class ChangeLogView(OperationMixin, View):
    """Every change, for the organiser: filter by user, object type and action."""

    operation = "changes.view"

    def get(self, request):
        changes = ObjectChange.objects.select_related("user", "content_type")
        for key in ("user_name", "action", "content_type"):
            if request.GET.get(key):
                changes = changes.filter(**{key: request.GET[key]})
        page = Paginator(changes, 50).get_page(request.GET.get("page"))
        return render(request, "core/changelog.html", {"page": page})


CSP_REPORT_LIMIT = 16 * 1024
csp_logger = logging.getLogger("yuanqu.csp")


@csrf_exempt
@require_POST
@operation_required(access.PUBLIC)
def csp_report(request):
    """Where browsers send Content-Security-Policy violation reports (`report-uri`): logged at WARNING, never
    stored; a report larger than 16 KB is refused (413)."""
    body = request.body[:CSP_REPORT_LIMIT + 1]
    if len(body) > CSP_REPORT_LIMIT:
        return HttpResponse(status=413)
    csp_logger.warning("CSP violation: %s", body.decode("utf-8", "replace"))
    return HttpResponse(status=204)

from django.utils.translation import gettext_lazy as _

from yuanqu.core.tables import Column, Table
from yuanqu.supervision import rules

LightTable = Table(
    [
        Column("project", _("项目"), order_by="project__name", link=True),
        Column("region", _("区县"), accessor="project.region", order_by="project__region__code"),
        Column("month", _("月份"), accessor=lambda o: rules.month_label(o.month), order_by="month"),
        Column("color", _("灯色"), order_by="color"),
        Column("reasons", _("原因"), accessor="reason_text"),
        Column("time_progress", _("时间进度（%）"), order_by="time_progress"),
        Column("investment_progress", _("投资完成（%）"), order_by="investment_progress"),
        Column("ruleset", _("规则版本"), accessor="ruleset.version"),
        Column("computed_at", _("计算时间"), order_by="computed_at"),
    ],
    default_order=["-month", "project__region__code", "project__name"],
)

TaskTable = Table(
    [
        Column("title", _("督办事项"), order_by="title", link=True),
        Column("region", _("责任区县"), order_by="region__code"),
        Column("project", _("相关项目"), order_by="project__name"),
        Column("source", _("来源"), order_by="source"),
        Column("owner_unit", _("责任单位"), order_by="owner_unit"),
        Column("responsible_person", _("责任人")),
        Column("deadline", _("办结时限"), order_by="deadline"),
        Column("status", _("状态"), order_by="status"),
        Column("overdue", _("已逾期"), order_by="overdue"),  # needs SupervisedTask.objects.with_overdue()
        Column("finished_on", _("办结日期"), order_by="finished_on"),
    ],
    default_order=["deadline", "pk"],
)

ExemptionTable = Table(
    [
        Column("project", _("项目"), order_by="project__name"),
        Column("region", _("区县"), accessor="project.region", order_by="project__region__code"),
        Column("rule", _("豁免规则"), order_by="rule"),
        Column("reason", _("申请理由")),
        Column("valid_until", _("有效期至"), order_by="valid_until"),
        Column("status", _("状态"), order_by="status"),
        Column("requested_by", _("申请人")),
        Column("decided_by", _("审批人")),
        Column("decision_note", _("审批意见")),
    ],
    default_order=["-created"],
)

from django.utils.translation import gettext_lazy as _

from yuanqu.core.tables import Column, Table

MeetingTable = Table(
    [
        Column("round", _("届次"), accessor=lambda m: f"第{m.round}次", order_by="round"),
        Column("title", _("会议名称"), order_by="title", link=True),
        Column("start_date", _("开始日期"), order_by="start_date"),
        Column("end_date", _("结束日期"), order_by="end_date"),
        Column("visited_regions", _("观摩区县")),
        Column("leader", _("带队领导")),
        Column("status", _("状态"), order_by="status"),
        Column("stop_total", _("观摩点数"), order_by="stop_total"),
    ],
    default_order=["-round"],
)

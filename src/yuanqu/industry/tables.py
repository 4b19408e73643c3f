"""Columns of the industry app's list pages and their .xlsx exports."""

from django.utils.translation import gettext_lazy as _

from yuanqu.core.tables import Column, Table
from yuanqu.industry.models import CostProfile

ChainTable = Table(
    [
        Column("name", _("产业链名称"), order_by="name", link=True),
        Column("node_count", _("环节数"), order_by="node_count"),
        Column("description", _("说明")),
    ],
    default_order=["name"],
)

ChainNodeTable = Table(
    [
        Column("name", _("环节名称"), order_by="name", link=True),
        Column("chain", _("产业链"), order_by="chain__name"),
        Column("stage", _("位置"), order_by="stage"),
        Column("order", _("排序"), order_by="order"),
        Column("industry_codes", _("行业代码")),
        Column("keywords", _("关键词")),
        Column("orientation", _("产业转移导向"), order_by="orientation"),
        Column("parents", _("上游环节"), accessor=lambda node: "、".join(p.name for p in node.parents.all())),
    ],
    default_order=["chain__name", "order", "pk"],
)

CostProfileTable = Table(
    [
        Column("location", _("地点"), order_by="location", link=True),
        Column("land_price_per_mu", _("土地价格（万元/亩）"), order_by="land_price_per_mu"),
        Column("wage_per_employee_year", _("人均用工成本（万元/人·年）"), order_by="wage_per_employee_year"),
        Column("power_price_per_kwh", _("工业电价（元/kWh）"), order_by="power_price_per_kwh"),
        Column("one_off_incentive", _("一次性奖励（万元）"), order_by="one_off_incentive"),
        Column("illustrative", _("示例数据"), order_by="illustrative"),
    ],
    default_order=["location"],
)

# The export carries every parameter, so the sheet can be checked and kept beside the comparison it feeds.
CostProfileExportTable = Table(
    [
        Column(name, CostProfile._meta.get_field(name).verbose_name)
        for name in ("location", *CostProfile.COST_FIELDS, "illustrative", "note")
    ]
)

RegionIndustryTableTable = Table(
    [
        Column("name", _("数据表名称"), order_by="name", link=True),
        Column("year", _("数据年度"), order_by="year"),
        Column("measure", _("指标"), order_by="measure"),
        Column("source", _("来源"), order_by="source"),
        Column("basis", _("统计口径")),
        Column("figure_count", _("数据格数"), order_by="figure_count"),
        Column("illustrative", _("示例数据"), order_by="illustrative"),
    ],
    default_order=["-year", "name"],
)

from django.utils.translation import gettext_lazy as _

from yuanqu.core.tables import Column, Table

EnterpriseTable = Table(
    [
        Column("name", _("企业名称"), order_by="name", link=True),
        Column("credit_code", _("统一社会信用代码"), order_by="credit_code"),
        Column("region", _("注册地区县"), order_by="region__code"),
        Column("industry", _("所属行业"), order_by="industry__code"),
        Column("address", _("地址")),
    ],
    default_order=["name"],
)

ProjectTable = Table(
    [
        Column("name", _("项目名称"), order_by="name", link=True),
        Column("region", _("所在区县"), order_by="region__code"),
        Column("park", _("所在园区"), order_by="park__name"),
        Column("enterprise", _("建设企业"), order_by="enterprise__name"),
        Column("industry", _("所属行业"), order_by="industry__code"),
        Column("kind", _("建设性质"), order_by="kind"),
        Column("key_level", _("重点项目级别"), order_by="key_level"),
        Column("total_investment", _("计划总投资（万元）"), order_by="total_investment"),
        Column("stage", _("当前阶段"), order_by="stage"),
        Column("planned_started", _("计划开工日期"), order_by="planned_started"),
        Column("actual_started", _("实际开工日期"), order_by="actual_started"),
    ],
    default_order=["region__code", "name"],
)

ProgressReportTable = Table(
    [
        Column("project", _("项目"), order_by="project__name", link=True),
        Column("region", _("所在区县"), accessor="project.region", order_by="project__region__code"),
        Column("month", _("月份"), accessor=lambda r: f"{r.month.year}年{r.month.month}月", order_by="month"),
        Column("investment_month", _("本月完成投资（万元）"), order_by="investment_month"),
        Column("investment_cumulative", _("累计完成投资（万元）"), order_by="investment_cumulative"),
        Column("stage", _("形象进度"), order_by="stage"),
        Column("problems", _("需协调解决的问题")),
    ],
    default_order=["-month", "project__region__code", "project__name"],
)

from django.utils.translation import gettext_lazy as _

from yuanqu.core.tables import Column, Table

RegionTable = Table(
    [
        Column("code", _("行政区划代码"), order_by="code", link=True),
        Column("name", _("名称"), order_by="name", link=True),
        Column("level", _("级别"), order_by="level"),
        Column("parent", _("上级"), order_by="parent__code"),
        Column("group", _("分组"), order_by="group"),
        Column("retired", _("撤销日期"), order_by="retired"),
    ],
    default_order=["code"],
)

RegionChangeTable = Table(
    [
        Column("old_code", _("原行政区划代码"), order_by="old_code", link=True),
        Column("new_codes", _("新行政区划代码"), order_by="new_codes"),
        Column("new_name", _("新区划名称")),
        Column("date", _("变更日期"), order_by="date"),
        Column("kind", _("变更类型"), order_by="kind"),
    ],
    default_order=["-date"],
)

IndustryTable = Table(
    [
        Column("code", _("行业代码"), order_by="code", link=True),
        Column("name", _("行业名称"), order_by="name", link=True),
        Column("parent", _("上级行业"), order_by="parent__code"),
    ],
    default_order=["code"],
)

ParkTable = Table(
    [
        Column("name", _("园区名称"), order_by="name", link=True),
        Column("region", _("所在区县"), order_by="region__code"),
        Column("level", _("园区级别"), order_by="level"),
        Column("leading_industries", _("主导产业")),
        Column("planned_area_km2", _("规划面积（平方公里）"), order_by="planned_area_km2"),
    ],
    default_order=["region__code", "name"],
)

CarrierTable = Table(
    [
        Column("name", _("载体名称"), order_by="name", link=True),
        Column("park", _("所属园区"), order_by="park__name"),
        Column("region", _("所在区县"), accessor="park.region", order_by="park__region__code"),
        Column("kind", _("载体类型"), order_by="kind"),
        Column("floor_area", _("建筑面积（m²）"), order_by="floor_area"),
        Column("occupied_area", _("已入驻面积（m²）"), order_by="occupied_area"),
        Column("available_area", _("可用面积（m²）")),
        Column("status", _("状态"), order_by="status"),  # needs Carrier.objects.with_status()
        Column("completion_date", _("建成（计划）日期"), order_by="completion_date"),
    ],
    default_order=["park__region__code", "park__name", "name"],
)

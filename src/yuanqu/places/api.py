from rest_framework import serializers

from yuanqu.core.api import ScopedModelViewSet, ScopedSerializer
from yuanqu.places.filtersets import CarrierFilterSet, IndustryFilterSet, ParkFilterSet, RegionFilterSet
from yuanqu.places.models import Carrier, CarrierStatus, Industry, Park, Region


class RegionSerializer(ScopedSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "name", "level", "parent", "group", "retired", "successors", "seat_latitude",
                  "seat_longitude"]
        read_only_fields = ["retired", "successors"]  # set by `yuanqu regions remap`


class IndustrySerializer(ScopedSerializer):
    class Meta:
        model = Industry
        fields = ["id", "code", "name", "parent"]


class ParkSerializer(ScopedSerializer):
    class Meta:
        model = Park
        fields = ["id", "name", "region", "level", "leading_industries", "planned_area_km2", "description",
                  "latitude", "longitude"]


class CarrierSerializer(ScopedSerializer):
    available_area = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)
    status = serializers.ChoiceField(choices=CarrierStatus.choices, read_only=True)

    class Meta:
        model = Carrier
        fields = [
            "id",
            "name",
            "park",
            "kind",
            "floor_area",
            "occupied_area",
            "available_area",
            "construction",
            "status",
            "completion_date",
            "address",
            "latitude",
            "longitude",
        ]


class RegionViewSet(ScopedModelViewSet):
    queryset = Region.objects.select_related("parent").prefetch_related("successors")
    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet
    ordering_fields = ["code", "name"]


class IndustryViewSet(ScopedModelViewSet):
    queryset = Industry.objects.select_related("parent")
    serializer_class = IndustrySerializer
    filterset_class = IndustryFilterSet
    ordering_fields = ["code", "name"]


class ParkViewSet(ScopedModelViewSet):
    queryset = Park.objects.select_related("region").prefetch_related("leading_industries")
    serializer_class = ParkSerializer
    filterset_class = ParkFilterSet
    ordering_fields = ["name", "region__code"]


class CarrierViewSet(ScopedModelViewSet):
    queryset = Carrier.objects.with_status().select_related("park__region")
    serializer_class = CarrierSerializer
    filterset_class = CarrierFilterSet
    ordering_fields = ["name", "floor_area", "occupied_area", "completion_date"]

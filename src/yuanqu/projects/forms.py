from yuanqu.core.forms import ScopedModelForm, date_widgets
from yuanqu.projects.models import Enterprise, Project, Stage


class EnterpriseForm(ScopedModelForm):
    class Meta:
        model = Enterprise
        fields = ["name", "credit_code", "region", "industry", "address"]


STAGE_DATE_FIELDS = [f"{kind}_{s}" for s in Stage.values for kind in ("planned", "actual")]


class ProjectForm(ScopedModelForm):
    class Meta:
        model = Project
        fields = [
            "name",
            "code",
            "enterprise",
            "region",
            "park",
            "carrier",
            "industry",
            "kind",
            "orientation",
            "key_level",
            "total_investment",
            "stage",
            *STAGE_DATE_FIELDS,
            "construction_content",
            "latitude",
            "longitude",
        ]
        widgets = date_widgets(*STAGE_DATE_FIELDS)

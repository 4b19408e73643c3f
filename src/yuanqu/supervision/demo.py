"""Demo supervision data: default rules (version 1), this month's lights for the demo projects, a few tasks."""

import datetime

from django.utils import timezone

from yuanqu.supervision import services
from yuanqu.supervision.models import Light, SupervisedTask, TaskSource, TaskStatus

DEMO_TASKS = [
    # title, region code, owner unit, person, days to deadline (negative: already late), status, feedback
    ("加快重大项目开工建设，确保季度内开工率达到90%", "320902", "亭湖区发展和改革委员会", "王建国", 20,
     TaskStatus.IN_PROGRESS, ["已召开项目推进调度会，逐一明确开工时间节点。"]),
    ("明确区主导产业，编制产业链招商图谱", "320903", "盐都区商务局", "李明", -10, TaskStatus.OPEN, []),
    ("淘汰落后产能，完成低效用地再开发", "320904", "大丰区工业和信息化局", "陈晓", 45, TaskStatus.OPEN, []),
]


def load() -> dict:
    services.ruleset_ensure_default(user=None)
    today = timezone.localdate()
    services.lights_recompute(user=None, today=today)
    month = today.replace(day=1)
    from yuanqu.places.models import Region

    regions = {r.code: r for r in Region.objects.filter(code__in=[t[1] for t in DEMO_TASKS])}
    for title, code, unit, person, days, status, notes in DEMO_TASKS:
        if code not in regions or SupervisedTask.objects.filter(title=title).exists():
            continue
        task = services.task_create(
            user=None,
            data={
                "title": title, "region": regions[code], "source": TaskSource.MEETING,
                "source_text": "市现场推进会主要领导讲评要求", "owner_unit": unit, "responsible_person": person,
                "deadline": today + datetime.timedelta(days=days),
            },
        )
        for index, text in enumerate(notes):
            services.task_add_feedback(user=None, task=task, text=text, date=today - datetime.timedelta(days=5 - index))
        if status != task.status and status != TaskStatus.OPEN:
            task.refresh_from_db()
            if task.status != status:
                services.task_set_status(user=None, task=task, status=status)
    red = Light.objects.filter(month=month, color="red").select_related("project").order_by("project__name").first()
    if red is not None and not SupervisedTask.objects.filter(light=red).exists():
        services.task_create_from_light(user=None, light=red, today=today)
    return {
        "lights": Light.objects.filter(month=month).count(),
        "tasks": SupervisedTask.objects.count(),
    }

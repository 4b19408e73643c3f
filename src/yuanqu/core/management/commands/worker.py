"""`yuanqu worker`: the job worker (core.jobs), beside the server. Marks jobs a killed worker left running as failed
(retryable) first, then runs queued jobs until stopped."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from yuanqu.core import jobs


class Command(BaseCommand):
    help = "运行后台任务（导入大文件、全市亮灯重算等）；先把被中断的任务标为可重新运行"

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="运行完队列中的任务后退出")
        parser.add_argument("--interval", type=float, default=1.0, help="队列为空时的轮询间隔（秒）")

    def handle(self, *args, batch, interval, **options):
        for job in jobs.recover_interrupted():
            self.stdout.write(f"已标记为中断、可重新运行：{job.pk} {job.title}")
        call_command("db_worker", batch=batch, interval=interval, queue_name="default", startup_delay=False,
                     verbosity=options.get("verbosity", 1))

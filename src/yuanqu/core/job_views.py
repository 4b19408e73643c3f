"""The job pages: a person's background jobs (the organiser sees everyone's), one job with its progress bar, log
and result file, its live state as JSON for the page's poll, and 重新运行 for a failed one."""

from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from yuanqu.core import access, jobs
from yuanqu.core.models import Job, JobStatus
from yuanqu.core.views import OperationMixin, run_service

LIST_LIMIT = 100


def _job(request, pk: int) -> Job:
    """The job, if it is the user's own (or they are the organiser): anyone else gets a 404, as for a row outside
    their districts."""
    job = jobs.jobs_of(request.user).filter(pk=pk).first()
    if job is None:
        raise Http404
    if job.status == JobStatus.RUNNING:
        jobs.recover_interrupted()
        job.refresh_from_db()
    return job


class JobListView(OperationMixin, View):
    operation = access.SIGNED_IN

    def get(self, request):
        jobs.recover_interrupted()
        return render(request, "core/jobs.html", {"jobs": jobs.jobs_of(request.user)[:LIST_LIMIT],
                                                  "everyone": access.allows(request.user, "accounts.manage")})


class JobDetailView(OperationMixin, View):
    operation, pk_model = access.SIGNED_IN, Job

    def get(self, request, pk):
        job = _job(request, pk)
        return render(request, "core/job_detail.html", {"job": job, "state": jobs.live(job)})

    def post(self, request, pk):
        job = _job(request, pk)
        return run_service(request, lambda: jobs.job_retry(user=request.user, job=job), _("已重新排队。"),
                           reverse("job_detail", args=[job.pk]))


class JobStatusView(OperationMixin, View):
    operation, pk_model = access.SIGNED_IN, Job

    def get(self, request, pk):
        return JsonResponse(jobs.live(_job(request, pk)))


class JobResultView(OperationMixin, View):
    operation, pk_model = access.SIGNED_IN, Job

    def get(self, request, pk):
        job = _job(request, pk)
        if not job.result:
            raise Http404
        return FileResponse(job.result.open("rb"), as_attachment=True, filename=job.result.name.rsplit("/", 1)[-1])

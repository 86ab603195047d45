"""Background jobs on Huey (issue 14): the outbox, the runner, the worker, the user's actions.

See docs/JOBS.md for the design and why Huey. The kinds of job register themselves in
``registry.HANDLERS`` when their module is imported: the plan's documents here
(``services.plan_jobs``); the demo's construction by the command that runs a worker.
"""

from dossier.services.jobs.actions import JobView, cancel_job, job_status, latest_of_kind, my_jobs, result_file
from dossier.services.jobs.outbox import dispatch, enqueue, sweep
from dossier.services.jobs.queue import JobQueue, default_queue, install_queue
from dossier.services.jobs.registry import Handler, JobContext, ResultFile, register

__all__ = ["Handler", "JobContext", "JobQueue", "JobView", "ResultFile", "cancel_job", "default_queue", "dispatch",
           "enqueue", "install_queue", "job_status", "latest_of_kind", "my_jobs", "register", "result_file", "sweep"]

"""The optimiser as a background job: a thread, and a job row the page polls.

The request that starts a job only writes the row and starts the thread, so the office's
page answers at once; the thread writes progress and finally the plan into the row. A job
left `running` by a restarted server is shown as failed the next time someone looks.
"""
from __future__ import annotations

import json
import threading
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.messages import N_
from ...models import JobStatus, ParentsDay, PlanningJob
from ...planning.elternsprechtag import InstanceError, evaluate, solve
from .instance import apply_plan, check_plan, export_instance
from .setup import ParentsDayError

MAX_TIME_LIMIT = 600.0
_threads: dict[int, threading.Thread] = {}


def latest_jobs(session: Session, event: ParentsDay, limit: int = 5) -> list[PlanningJob]:
    jobs = list(session.scalars(select(PlanningJob).where(PlanningJob.event_id == event.id)
                                .order_by(PlanningJob.id.desc()).limit(limit)))
    now = datetime.now(UTC)
    for job in jobs:
        if job.status in (JobStatus.QUEUED, JobStatus.RUNNING) and job.id not in _threads \
                and now - job.created_at > timedelta(seconds=job.time_limit + 120):
            job.status, job.error = JobStatus.FAILED, "Abgebrochen (Server neu gestartet)."
            session.commit()
    return jobs


def start_job(app, session: Session, event: ParentsDay, time_limit: float) -> PlanningJob:
    """Writes the job row and starts the optimiser in a thread; returns at once."""
    if event.published_at is not None:
        raise ParentsDayError(N_("Der Plan ist schon veröffentlicht."))
    if not 1 <= time_limit <= MAX_TIME_LIMIT:
        raise ParentsDayError(N_("Die Rechenzeit muss zwischen 1 und %(max)d Sekunden liegen."),
                              max=round(MAX_TIME_LIMIT))
    instance = export_instance(session, event)
    if not instance["families"]:
        raise ParentsDayError(N_("Es gibt noch keine Wünsche, die geplant werden könnten."))
    if not instance["teachers"]:
        raise ParentsDayError(N_("Es gibt noch keine Lehrkräfte."))
    job = PlanningJob(event_id=event.id, kind="solve", time_limit=time_limit)
    session.add(job)
    session.commit()
    thread = threading.Thread(target=_run, args=(app, job.id, instance), daemon=True,
                              name=f"elternsprechtag-job-{job.id}")
    _threads[job.id] = thread
    thread.start()
    return job


def wait_for(job_id: int, timeout: float) -> None:
    """For tests and the CLI: blocks until the job's thread is done."""
    thread = _threads.get(job_id)
    if thread is not None:
        thread.join(timeout)


def _run(app, job_id: int, instance: dict) -> None:
    from ...db import db

    with app.app_context():
        session = db.session
        job = session.get(PlanningJob, job_id)
        job.status, job.started_at = JobStatus.RUNNING, datetime.now(UTC)
        session.commit()
        started = time.monotonic()
        last = [0.0]

        def progress(fraction: float, figures: dict) -> None:
            # At most one write a second: the office page reloads every few seconds.
            now = time.monotonic()
            if now - last[0] < 1 and fraction < 1:
                return
            last[0] = now
            job.progress = max(job.progress, min(fraction, 1.0),
                               min((now - started) / job.time_limit, 0.99))
            job.figures = json.dumps(figures)
            session.commit()

        try:
            plan = solve(instance, time_limit=job.time_limit, progress=progress)
            figures = evaluate(instance, plan)
            job.result = json.dumps(plan, ensure_ascii=False)
            job.figures = json.dumps({k: v for k, v in figures.items() if k != "errors"})
            job.status = JobStatus.DONE if figures["valid"] else JobStatus.FAILED
            if not figures["valid"]:
                job.error = "Der berechnete Plan ist ungültig."
        except (InstanceError, ValueError) as exc:
            job.status, job.error = JobStatus.FAILED, str(exc)[:500]
        except Exception as exc:  # noqa: BLE001 - a crash must show as a failed job
            job.status, job.error = JobStatus.FAILED, f"Interner Fehler: {exc.__class__.__name__}"
            app.logger.exception("Elternsprechtag job %s failed", job_id)
        job.progress = 1.0
        job.finished_at = datetime.now(UTC)
        session.commit()
    _threads.pop(job_id, None)


def import_plan(session: Session, event: ParentsDay, data: bytes) -> PlanningJob:
    """A plan file computed elsewhere (e.g. `flask elternsprechtag solve`), checked."""
    try:
        plan = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParentsDayError(N_("Die Datei ist kein JSON-Plan.")) from exc
    figures = check_plan(session, event, plan)
    now = datetime.now(UTC)
    job = PlanningJob(event_id=event.id, kind="import", status=JobStatus.DONE, progress=1.0,
                      time_limit=0, result=json.dumps(plan, ensure_ascii=False),
                      figures=json.dumps({k: v for k, v in figures.items() if k != "errors"}),
                      started_at=now, finished_at=now)
    session.add(job)
    session.commit()
    return job


def apply_job(session: Session, event: ParentsDay, job: PlanningJob) -> int:
    if job.event_id != event.id or job.status != JobStatus.DONE or not job.result:
        raise ParentsDayError(N_("Dieser Plan ist nicht fertig berechnet."))
    count = apply_plan(session, event, json.loads(job.result))
    job.applied_at = datetime.now(UTC)
    session.commit()
    return count


def job_figures(job: PlanningJob) -> dict:
    return json.loads(job.figures or "{}")

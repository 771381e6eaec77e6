"""The fake's job engine: each job's steps at their due times, its S3 work outside the lock.

A job's life is a few steps (see :meth:`FakeJob.steps`): ``begin`` reads its manifest,
``read`` reads its requests' audio (a chunk at a time), ``carry`` carries out the
requests whose time has come, ``finish`` writes its output file. Each step is claimed
under the fake's lock, does its S3 reads and writes with the lock released, and records
what it found under the lock again; a call to the fake only ever reads and changes
state under the lock, so it never waits behind a job's storage or audio work.

Who runs the steps:

- a fake on its own clock (no ``clock``): :meth:`JobEngine.run_until`, from
  ``FakeVoiceId.advance``, runs every step that falls due, in the order of the fake's
  time, moving the clock to each step's time: deterministic, in the caller's thread;
- a fake that follows a clock (the HTTP endpoint): a worker thread runs each step as
  it falls due, whether or not anyone calls, until :meth:`JobEngine.close`.

Nothing is lost: a storage fault ends as a documented state (:mod:`._storage`), a
request that fails in an unforeseen way is an error entry with ErrorCode 500, and a
step that fails in an unforeseen way ends its job FAILED with StatusCode 500. No job
stays active once its steps are done.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from voiceid_jobs._kinds import kind_named

from ._audio import AudioProblem, Recording, hear
from ._jobs import FakeJob, Step, carry_out
from ._manifest_entries import UnreadableManifestError, read_manifest
from ._storage import BAD_INPUT, INTERNAL, StorageFault, read_object, write_json

if TYPE_CHECKING:
    from types_boto3_s3 import S3Client

    from ._state import World

__all__ = ["JobEngine"]

READ_CHUNK = 50
"""The most requests whose audio one ``read`` step reads."""

CARRY_CHUNK = 20
"""The most requests one ``carry`` step carries out while holding the lock."""

WORKERS = 2
"""How many threads run a fake's steps when it follows a clock: a job's steps run one at
a time, and a second thread lets one job's steps go on while another job's are under way
(a big job's manifest or audio being read)."""

POLL_SECONDS = 0.02
"""How often, in real seconds, the worker looks for steps while any job is active."""

_PRIORITY: dict[Step, int] = {"begin": 0, "carry": 0, "finish": 0, "read": 1}
"""What goes first among the steps that are due: those at a time of their own, in the
order of their times, before reading ahead (for the job that ends first)."""


class JobEngine:
    """Runs the fake's jobs (see the module's docs)."""

    def __init__(
        self,
        world: World,
        s3_client: S3Client,
        lock: threading.RLock,
        now: Callable[[], float],
    ) -> None:
        self.world = world
        self.s3_client = s3_client
        self.jobs: dict[str, FakeJob] = {}
        self._active: dict[str, FakeJob] = {}
        """The jobs not yet ended, the only ones with steps: the engine looks at no other."""
        self._lock = lock
        self._now = now
        self._wake = threading.Condition(lock)
        self._workers: list[threading.Thread] = []
        self._closed = False

    # --- What is due -----------------------------------------------------------------

    def add(self, job: FakeJob) -> None:
        """A new job (under the lock): its steps will run as they fall due."""
        self.jobs[job.job_id] = job
        self._active[job.job_id] = job
        self._wake.notify_all()

    def forget(self, domain_id: str) -> None:
        """Drop a deleted domain's jobs (under the lock): a step under way is not recorded."""
        for job_id in [job.job_id for job in self.jobs.values() if job.domain_id == domain_id]:
            del self.jobs[job_id]
            self._active.pop(job_id, None)

    def _next(self, now: float, *, claim: bool = True) -> tuple[FakeJob, Step, float] | None:
        """The step to run next of those due by ``now``, and its time (under the lock).

        The job is claimed (busy) unless ``claim`` is false.
        """
        spr = self.world.settings.seconds_per_request
        best: tuple[int, float, int, FakeJob, Step, float] | None = None
        for order, job in enumerate(self._active.values()):
            for step, due in job.steps(spr):
                # reading ahead goes to the job that ends first
                when = due if step != "read" else (job.end_at or due)
                key = (_PRIORITY[step], when, order)
                if due <= now and (best is None or key < best[:3]):
                    best = (*key, job, step, due)
        if best is None:
            return None
        _, _, _, job, step, due = best
        job.busy = claim
        return job, step, due

    @property
    def any_active(self) -> bool:
        """Whether any job is SUBMITTED or IN_PROGRESS (under the lock)."""
        return bool(self._active)

    # --- Running steps -----------------------------------------------------------------

    def run_until(self, target: float, move_clock: Callable[[float], None]) -> None:
        """Run every step due by ``target``, in time order, moving the clock to each.

        For a fake on its own clock: ``move_clock(t)`` sets its time (never back).
        """
        while True:
            with self._lock:
                found = self._next(target)
                if found is None:
                    move_clock(target)
                    return
                job, step, due = found
                if step != "read":
                    move_clock(due)
            self._run(job, step, until=due)

    def start(self) -> None:
        """Run steps as they fall due on the fake's clock, in worker threads of its own."""
        with self._lock:
            if self._workers or self._closed:
                return
            self._workers = [
                threading.Thread(target=self._work, name="voiceid-jobs-fake-jobs", daemon=True)
                for _ in range(WORKERS)
            ]
            for worker in self._workers:
                worker.start()

    def settle(self, timeout: float) -> bool:
        """Wait until the worker has run every step due by now; False if ``timeout`` passed."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while self._next(self._now(), claim=False) is not None or any(
                job.busy for job in self._active.values()
            ):
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._closed:
                    return False
                self._wake.wait(min(remaining, POLL_SECONDS))
            return True

    def wake(self) -> None:
        """Have the worker look for due steps now (under the lock or not)."""
        with self._lock:
            self._wake.notify_all()

    def close(self) -> None:
        """Stop the worker, if any, once the step it is running ends."""
        with self._lock:
            self._closed = True
            self._wake.notify_all()
            workers = self._workers
        for worker in workers:
            if worker is not threading.current_thread():
                worker.join()

    def _work(self) -> None:
        while True:
            with self._lock:
                if self._closed:
                    return
                now = self._now()
                found = self._next(now)
                if found is None:
                    self._wake.wait(POLL_SECONDS if self.any_active else None)
                    continue
                job, step, _ = found
            self._run(job, step, until=now)

    def _run(self, job: FakeJob, step: Step, *, until: float) -> None:
        """Run one claimed step; whatever happens, the job is released, and ends if it must."""
        try:
            if step == "begin":
                self._begin(job)
            elif step == "read":
                self._read(job)
            elif step == "carry":
                with self._lock:
                    chunk = CARRY_CHUNK if self._workers else 1  # on its own clock: in time order
                    carry_out(self.world, job, until, chunk)
            else:
                self._finish(job)
        except Exception as error:  # noqa: BLE001 - a job never stays active for a fault
            with self._lock:
                message = f"Internal error while the job ran ({type(error).__name__})"
                job.fail(message, INTERNAL, self._now())
        finally:
            with self._lock:
                job.busy = False
                if not job.is_active:
                    self._active.pop(job.job_id, None)
                self._wake.notify_all()

    # --- The steps ---------------------------------------------------------------------

    def _begin(self, job: FakeJob) -> None:
        """Read the job's manifest: it runs, or it FAILS."""
        uri = job.request["InputDataConfig"]["S3Uri"]
        limit = self.world.settings.requests_per_job[job.kind]
        try:
            data, _ = read_object(self.s3_client, uri)
            entries = read_manifest(kind_named(job.kind), data, limit=limit)
        except StorageFault as fault:
            message = f"The input manifest {uri} could not be read: {fault.reason}"
            status = fault.status_code
        except UnreadableManifestError as error:
            message, status = f"The input manifest {uri} is not valid: it {error}", BAD_INPUT
        else:
            with self._lock:
                job.begin(entries, self.world.settings.seconds_per_request)
            return
        with self._lock:
            job.fail(message, status, job.start_at)

    def _read(self, job: FakeJob) -> None:
        """Read the audio of the job's next requests (each file once)."""
        with self._lock:
            assert job.entries is not None  # noqa: S101 - a running job's
            chunk = job.entries[job.read : job.read + READ_CHUNK]
            known = set(job.heard)
        heard: dict[str, Recording | AudioProblem] = {}
        for entry in chunk:
            if entry.problem is None:
                for uri, _ in entry.audio:
                    if uri not in known and uri not in heard:
                        heard[uri] = self._hear(uri)
        with self._lock:
            job.heard.update(heard)
            job.read += len(chunk)

    def _hear(self, uri: str) -> Recording | AudioProblem:
        """What one audio file holds, or why it cannot be used."""
        try:
            data, _ = read_object(self.s3_client, uri)
        except StorageFault as fault:
            return AudioProblem(f"{uri} could not be read ({fault.reason})", fault.status_code)
        try:
            return hear(data, uri)
        except AudioProblem as problem:
            return problem
        except Exception as error:  # noqa: BLE001 - a file no decoder foresaw is bad input
            return AudioProblem(f"{uri} could not be decoded ({type(error).__name__})")

    def _finish(self, job: FakeJob) -> None:
        """Write the job's output file: it ends COMPLETED (with errors), or FAILED."""
        with self._lock:  # the job is busy and every request done: nothing changes it now
            if job.job_id not in self.jobs:  # its domain was deleted
                return
            output = job.output
        text = json.dumps(output)
        uri = job.output_file_uri
        try:  # encrypted with the job's key, as the service does
            write_json(
                self.s3_client,
                uri,
                text,
                kms_key_id=job.request["OutputDataConfig"].get("KmsKeyId"),
            )
        except StorageFault as fault:
            with self._lock:
                message = f"The output file {uri} could not be written: {fault.reason}"
                job.fail(message, fault.status_code, job.end_at or self._now())
            return
        with self._lock:
            job.complete()

"""wait_for_job and the Start retries, on an injected sleep and clock."""

from __future__ import annotations

import datetime
import itertools
import logging
import statistics
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse, HTTPHeaders
from botocore.stub import ANY, Stubber
from conftest import NO_BOTOCORE_RETRIES, FakeTime
from fault_backend import FAULTS, FaultyBackend
from hypothesis import event, given, settings
from hypothesis import strategies as st

from voiceid_jobs import (
    AccessDeniedError,
    AudioSpecification,
    ConflictError,
    EndpointError,
    FailureDetails,
    FraudsterRegistrationJob,
    InputDataConfig,
    InternalServerError,
    InvalidParameterError,
    JobFailedError,
    JobStatus,
    OutputDataConfig,
    PollPolicy,
    ResourceNotFoundError,
    RetryPolicy,
    ServiceError,
    ServiceQuotaExceededError,
    SpeakerEnrollmentJob,
    SpeakerEnrollmentManifest,
    SpeakerEnrollmentRequest,
    ThrottlingError,
    ValidationError,
    VoiceIdJobsClient,
    WaitTimeoutError,
)
from voiceid_jobs.testing import FakeVoiceId, make_wav, stall_then_jump

from samples import DOMAIN_ID, INPUT_URI, JOB_ID, OUTPUT_URI, ROLE_ARN

if TYPE_CHECKING:
    from types_boto3_voice_id import VoiceIDClient


SUBMITTED = SpeakerEnrollmentJob(job_id=JOB_ID, domain_id=DOMAIN_ID, job_status=JobStatus.SUBMITTED)
DESCRIBE = {"DomainId": DOMAIN_ID, "JobId": JOB_ID}


def describing(stubber: Stubber, operation: str, *states: tuple[str, int]) -> None:
    for status, percent in states:
        stubber.add_response(
            operation,
            {
                "Job": {
                    "JobId": JOB_ID,
                    "DomainId": DOMAIN_ID,
                    "JobStatus": status,
                    "JobProgress": {"PercentComplete": percent},
                }
            },
            DESCRIBE,
        )


# --- Following a job ----------------------------------------------------------------


def test_a_job_is_followed_from_submitted_to_completed(
    jobs: VoiceIdJobsClient, stubber: Stubber, fake_time: FakeTime
) -> None:
    describing(
        stubber,
        "describe_speaker_enrollment_job",
        ("IN_PROGRESS", 10),
        ("IN_PROGRESS", 55),
        ("COMPLETED", 100),
    )
    seen: list[tuple[float, str | None, int | None]] = []

    done = jobs.wait_for_job(
        SUBMITTED,
        on_progress=lambda job: seen.append((fake_time.now, job.job_status, job.percent_complete)),
    )

    stubber.assert_no_pending_responses()
    # 45 percents in 5 s: from 55.5 (the middle of 55), 44.5 percents, 4.94 s, to go;
    # the wait polls just after that, sooner than the policy's second delay (10 s)
    remaining = 44.5 * 5 / 45
    assert fake_time.sleeps == [5.0, pytest.approx(remaining + 1 + 0.01 * remaining)]
    assert seen == [
        (0.0, "IN_PROGRESS", 10),
        (5.0, "IN_PROGRESS", 55),
        (pytest.approx(5.0 + remaining + 1 + 0.01 * remaining), "COMPLETED", 100),
    ]
    assert type(done) is SpeakerEnrollmentJob
    assert done.job_status is JobStatus.COMPLETED
    assert done.percent_complete == 100


def test_the_delays_grow_by_the_multiplier_up_to_max_delay(
    jobs: VoiceIdJobsClient, stubber: Stubber, fake_time: FakeTime
) -> None:
    describing(stubber, "describe_speaker_enrollment_job", *[("SUBMITTED", 0)] * 7)
    describing(stubber, "describe_speaker_enrollment_job", ("COMPLETED", 100))

    jobs.wait_for_job(SUBMITTED, timeout=None)

    assert fake_time.sleeps == [5.0, 10.0, 20.0, 40.0, 60.0, 60.0, 60.0]


def test_a_custom_poll_policy_sets_the_schedule(
    jobs: VoiceIdJobsClient, stubber: Stubber, fake_time: FakeTime
) -> None:
    describing(stubber, "describe_speaker_enrollment_job", *[("SUBMITTED", 0)] * 4)
    describing(stubber, "describe_speaker_enrollment_job", ("COMPLETED", 100))

    jobs.wait_for_job(SUBMITTED, poll=PollPolicy(initial_delay=0.5, max_delay=2.0, multiplier=3.0))

    assert fake_time.sleeps == [0.5, 1.5, 2.0, 2.0]


# --- Following a job's progress ------------------------------------------------------


def test_moving_progress_is_followed_every_max_delay_then_just_after_the_predicted_end(
    jobs: VoiceIdJobsClient, stubber: Stubber, fake_time: FakeTime
) -> None:
    describing(
        stubber,
        "describe_speaker_enrollment_job",
        ("IN_PROGRESS", 0),
        ("IN_PROGRESS", 1),  # at 5 s: a percent in 5 s, so about 500 s to go
        ("IN_PROGRESS", 41),
        ("IN_PROGRESS", 81),
        ("COMPLETED", 100),
    )

    jobs.wait_for_job(SUBMITTED, poll=PollPolicy(initial_delay=5.0, max_delay=200.0))

    assert fake_time.sleeps[:3] == [5.0, 200.0, 200.0]
    # the least-squares line through the middles of the percents seen, at 100 percent
    fit = statistics.linear_regression([0.5, 1.5, 41.5, 81.5], [0.0, 5.0, 205.0, 405.0])
    remaining = fit.intercept + 100 * fit.slope - 405.0
    assert fake_time.sleeps[3] == pytest.approx(remaining + 1.0 + 0.01 * remaining)


def test_a_percent_that_does_not_move_shows_a_long_job_polled_every_max_delay(
    jobs: VoiceIdJobsClient, stubber: Stubber, fake_time: FakeTime
) -> None:
    describing(
        stubber,
        "describe_speaker_enrollment_job",
        ("SUBMITTED", 0),
        ("IN_PROGRESS", 0),
        ("IN_PROGRESS", 0),  # 10 s on 0%: at least 990 s to go, if progress is linear
        ("IN_PROGRESS", 0),
        ("COMPLETED", 100),
    )

    jobs.wait_for_job(SUBMITTED)

    assert fake_time.sleeps == [5.0, 10.0, 60.0, 60.0]


EAGER = PollPolicy(initial_delay=0.5, max_delay=600.0, multiplier=1.0)
"""A policy whose own schedule (every 0.5 s) never holds a prediction back."""


def test_a_prediction_past_due_polls_after_1_second_and_a_failed_poll_sees_nothing(
    jobs: VoiceIdJobsClient, stubber: Stubber, fake_time: FakeTime
) -> None:
    describing(stubber, "describe_speaker_enrollment_job", ("IN_PROGRESS", 10), ("IN_PROGRESS", 20))
    stubber.add_client_error(
        "describe_speaker_enrollment_job", "ThrottlingException", http_status_code=429
    )
    describing(stubber, "describe_speaker_enrollment_job", ("COMPLETED", 100))

    jobs.wait_for_job(SUBMITTED, poll=EAGER)

    # 10 percents in 0.5 s: from 20.5 (the middle of 20), 79.5 percents, 3.975 s, to go
    assert fake_time.sleeps[:2] == [0.5, pytest.approx(3.975 + 1 + 0.03975)]
    assert fake_time.sleeps[2] == 1.0  # the throttled poll saw nothing: the end is past due


def test_a_stall_gives_no_prediction_and_an_unmoved_percent_waits_max_delay(
    jobs: VoiceIdJobsClient, stubber: Stubber, fake_time: FakeTime
) -> None:
    describing(
        stubber,
        "describe_speaker_enrollment_job",
        ("IN_PROGRESS", 10),
        ("IN_PROGRESS", 20),
        ("IN_PROGRESS", 30),
        ("IN_PROGRESS", 30),  # unmoved for far longer than a percent took: a stall
        ("COMPLETED", 100),
    )

    jobs.wait_for_job(SUBMITTED, poll=EAGER)

    # a prediction would put the end in the past (a 1 s poll); the stall shows each
    # percent left takes at least as long as this one has, so the wait is max_delay
    assert fake_time.sleeps[3] == 600.0


def test_progress_that_slows_down_is_followed_by_a_curve_through_its_recent_percents(
    jobs: VoiceIdJobsClient, stubber: Stubber, fake_time: FakeTime
) -> None:
    describing(
        stubber,
        "describe_speaker_enrollment_job",
        ("IN_PROGRESS", 10),
        ("IN_PROGRESS", 20),  # at 10 s: a percent a second, so far
        ("IN_PROGRESS", 50),  # much later than that pace foretold: the job slows down
        ("COMPLETED", 100),
    )
    seen: list[float] = []

    jobs.wait_for_job(
        SUBMITTED,
        poll=PollPolicy(initial_delay=10.0, max_delay=600.0),
        on_progress=lambda _: seen.append(fake_time.now),
    )

    # the parabola through the three polls, at the middles of their percents, at 100%
    middles = [10.5, 20.5, 50.5]
    end = sum(time * _lagrange_weight(middles, i, 100.0) for i, time in enumerate(seen[:3]))
    remaining = end - seen[2]
    assert fake_time.sleeps[2] == pytest.approx(remaining + 1 + 0.01 * remaining)


def _lagrange_weight(xs: list[float], index: int, at: float) -> float:
    """The weight of point ``index`` in the polynomial through every point, at ``at``."""
    weight = 1.0
    for other, x in enumerate(xs):
        if other != index:
            weight *= (at - x) / (xs[index] - x)
    return weight


def test_a_job_of_a_few_long_requests_is_polled_just_after_its_next_step(
    jobs: VoiceIdJobsClient, stubber: Stubber, fake_time: FakeTime
) -> None:
    describing(
        stubber,
        "describe_speaker_enrollment_job",
        ("SUBMITTED", 0),
        *[("IN_PROGRESS", 25)] * 3,  # reached between 0 s and 10 s
        *[("IN_PROGRESS", 50)] * 3,  # between 30 s and 40 s
        *[("IN_PROGRESS", 75)] * 3,  # between 60 s and 70 s: a step every 30 s
        ("COMPLETED", 100),
    )

    jobs.wait_for_job(SUBMITTED, poll=PollPolicy(initial_delay=10.0, max_delay=10.0))

    # a step is read by when it was reached (5 s, 35 s, 65 s), not by how long the job
    # stayed at it: the next, to 100%, is due at 95 s
    assert fake_time.sleeps == [10.0] * 9 + [pytest.approx(5.0 + 1 + 0.05)]


SCHEDULE_CLIENT = boto3.client("voice-id", region_name="us-east-1", config=NO_BOTOCORE_RETRIES)
"""One client for every example (making one takes a while); each example stubs it anew."""


def plain_poll_times(policy: PollPolicy, count: int) -> list[float]:
    """When the policy's plain backoff makes its first ``count`` Describes."""
    times = [0.0]
    while len(times) < count:
        times.append(times[-1] + policy.delay(len(times)))
    return times


policies = st.builds(
    PollPolicy,
    initial_delay=st.floats(0.5, 30),
    max_delay=st.floats(30, 600),
    multiplier=st.floats(1, 4),
)


@settings(max_examples=50)
@given(
    polls=st.lists(
        st.one_of(
            st.tuples(st.sampled_from(["SUBMITTED", "IN_PROGRESS"]), st.integers(0, 99)),
            st.just(("throttled", 0)),
        ),
        max_size=25,
    ),
    policy=policies,
)
def test_no_poll_comes_before_the_policys_schedule_three_polls_earlier(
    polls: list[tuple[str, int]], policy: PollPolicy
) -> None:
    """Whatever the answers: so a wait makes at most 3 more Describe calls than the backoff."""
    time = FakeTime()
    client = SCHEDULE_CLIENT
    percents = sorted(percent for _, percent in polls)  # progress only moves forward
    with Stubber(client) as stubber:
        for (status, _), percent in zip(polls, percents, strict=True):
            if status == "throttled":
                stubber.add_client_error(
                    "describe_speaker_enrollment_job", "ThrottlingException", http_status_code=429
                )
            else:
                describing(stubber, "describe_speaker_enrollment_job", (status, percent))
        describing(stubber, "describe_speaker_enrollment_job", ("COMPLETED", 100))
        jobs = VoiceIdJobsClient(client, sleep=time.sleep, clock=time.clock)

        jobs.wait_for_job(SUBMITTED, poll=policy, timeout=None)

    assert len(time.sleeps) == len(polls)
    plain = plain_poll_times(policy, len(polls) + 1)
    polled_at = 0.0
    for number, slept in enumerate(time.sleeps, start=2):  # the Describe this sleep led to
        assert 0.5 <= slept <= policy.max_delay
        polled_at += slept
        if number > 3:
            assert polled_at >= plain[number - 4] - 1e-9  # the backoff's (number - 3)-th


class SimulatedJob:
    """Describe answered from the test's clock: a job queued, then running with its progress.

    Registered on the client's ``before-call``, it answers every request as the service
    would answer DescribeSpeakerEnrollmentJob: SUBMITTED for ``queue`` seconds, then
    IN_PROGRESS for ``duration`` seconds with PercentComplete the whole percent of
    ``progress`` (of the share of its time passed, at most 99), then COMPLETED.
    """

    def __init__(self, clock: Any, *, queue: float, duration: float, progress: Any) -> None:
        self.clock = clock
        self.queue = queue
        self.duration = duration
        self.progress = progress
        self.polled_at: list[float] = []

    @property
    def ends_at(self) -> float:
        return self.queue + self.duration

    def __call__(self, **_: object) -> tuple[AWSResponse, dict[str, Any]]:
        """The answer, parsed, as botocore's Stubber gives it: before any wire work."""
        now = self.clock()
        self.polled_at.append(now)
        if now >= self.ends_at:
            status, percent = "COMPLETED", 100
        elif now < self.queue:
            status, percent = "SUBMITTED", 0
        else:
            share = (now - self.queue) / self.duration
            status, percent = "IN_PROGRESS", min(99, int(100 * self.progress(share)))
        job = {"JobId": JOB_ID, "DomainId": DOMAIN_ID, "JobStatus": status}
        parsed = {
            "Job": {**job, "JobProgress": {"PercentComplete": percent}},
            "ResponseMetadata": {"HTTPStatusCode": 200, "HTTPHeaders": {}},
        }
        return AWSResponse("https://voiceid.example", 200, HTTPHeaders(), None), parsed


def piecewise(knots: list[tuple[float, float]]) -> Callable[[float], float]:
    """Straight from knot to knot (x and y both non-decreasing); a jump where two share an x."""

    def progress(share: float) -> float:
        below = [index for index, (x, _) in enumerate(knots) if x <= share]
        if not below:
            return knots[0][1]
        last = below[-1]
        if last == len(knots) - 1:
            return knots[last][1]
        (x0, y0), (x1, y1) = knots[last], knots[last + 1]
        return y0 + (y1 - y0) * (share - x0) / (x1 - x0)

    return progress


@st.composite
def progress_shapes(draw: st.DrawFn) -> list[tuple[float, float]]:
    """Knots of a monotone progress function from [0, 1] to [0, 1], any shape.

    Made valid directly: sorted shares against sorted values. Two knots at one value
    are a stall, two at one share a jump; both come often, so does smooth progress.
    """
    size = draw(st.integers(2, 8))
    grid = st.one_of(st.sampled_from([0.0, 0.2, 0.5, 0.8, 0.99, 1.0]), st.floats(0, 1))
    shares = sorted(draw(st.lists(grid, min_size=size, max_size=size)))
    values = sorted(draw(st.lists(grid, min_size=size, max_size=size)))
    return list(zip([0.0, *shares[1:-1], 1.0], values, strict=True))


def uneven(knots: list[tuple[float, float]]) -> bool:
    """Whether progress stalls (a flat stretch) or jumps (a vertical one) anywhere."""
    pairs = itertools.pairwise(knots)
    return any((x0 == x1) != (y0 == y1) for (x0, y0), (x1, y1) in pairs)


WAIT_CLIENT = boto3.client(
    "voice-id",
    region_name="us-east-1",
    config=NO_BOTOCORE_RETRIES,
    aws_access_key_id="testing",
    aws_secret_access_key="testing",  # made before the fixtures set the environment's
)
"""One client for every example; each registers its simulated job on it anew."""


@st.composite
def waits(draw: st.DrawFn) -> tuple[PollPolicy, float]:
    """A poll policy, and a job length up to 8 hours its backoff covers in 400 polls."""
    policy = draw(st.one_of(st.just(PollPolicy()), policies))
    longest = min(8 * 3600.0, plain_poll_times(policy, 400)[-1])
    return policy, draw(st.floats(0.001, longest))


@given(queue=st.floats(0, 600), wait=waits(), knots=progress_shapes())
def test_any_job_costs_at_most_3_more_calls_than_the_backoff_and_is_seen_within_max_delay(
    queue: float, wait: tuple[PollPolicy, float], knots: list[tuple[float, float]]
) -> None:
    policy, duration = wait
    time = FakeTime()
    job = SimulatedJob(time.clock, queue=queue, duration=duration, progress=piecewise(knots))
    WAIT_CLIENT.meta.events.register("before-call.voice-id", job, unique_id="simulated-job")
    try:
        jobs = VoiceIdJobsClient(WAIT_CLIENT, sleep=time.sleep, clock=time.clock)
        jobs.wait_for_job(SUBMITTED, poll=policy, timeout=None)
    finally:
        WAIT_CLIENT.meta.events.unregister("before-call.voice-id", unique_id="simulated-job")

    calls = len(job.polled_at)
    plain = plain_poll_times(policy, calls)
    plain_calls = next(
        (number for number, at in enumerate(plain, start=1) if at >= job.ends_at), calls + 1
    )  # the backoff's Describe that would see the end (more than ours, if none of these)
    event("stalls or jumps" if uneven(knots) else "smooth")
    event("more calls than the backoff" if calls > plain_calls else "no more calls than it")
    assert calls <= plain_calls + 3
    for number, polled_at in enumerate(job.polled_at[3:], start=4):
        assert polled_at >= plain[number - 4] - 1e-9  # never before the backoff's (n - 3)-th
    assert all(0.5 <= slept <= policy.max_delay for slept in time.sleeps)
    assert job.polled_at[-1] - job.ends_at <= policy.max_delay + 1e-9  # seen in time


def timed_job(
    s3: Any, seconds: float, progress: Any = None
) -> tuple[FakeVoiceId, VoiceIdJobsClient, SpeakerEnrollmentJob]:
    """A fake whose one-request job runs ``seconds`` after 5 s queued; the job, started."""
    fake = FakeVoiceId(s3_client=s3, seconds_per_request=seconds, progress=progress)
    client = boto3.client("voice-id", region_name="us-east-1", config=NO_BOTOCORE_RETRIES)
    fake.attach(client)
    jobs = VoiceIdJobsClient(client, s3_client=s3, sleep=fake.advance, clock=fake.now)
    s3.create_bucket(Bucket="waits")
    s3.put_object(Bucket="waits", Key="a.wav", Body=make_wav("a"))
    manifest = SpeakerEnrollmentManifest(
        speaker_enrollment_requests=(
            SpeakerEnrollmentRequest(
                request_id="r1",
                speaker_id="s1",
                audio_specifications=(AudioSpecification(s3_uri="s3://waits/a.wav", channel_id=0),),
            ),
        )
    )
    job = jobs.start_speaker_enrollment_job(
        domain_id=fake.create_domain("waits"),
        data_access_role_arn=ROLE_ARN,
        input_data_config=jobs.upload_manifest(manifest, "s3://waits/m.json"),
        output_data_config=OutputDataConfig(s3_uri="s3://waits/out"),
    )
    return fake, jobs, job


def test_the_fake_ends_a_linear_job_and_the_wait_notices_within_seconds(
    fake_voiceid: FakeVoiceId,
) -> None:
    fake, jobs, job = timed_job(fake_voiceid.s3_client, 7200.0)
    begun = fake.now()

    jobs.wait_for_job(job, timeout=None)

    late = fake.now() - (begun + 5.0 + 7200.0)
    assert 0 <= late <= 10.0
    describes = fake.calls.count("DescribeSpeakerEnrollmentJob")
    assert describes <= 7205 / 60 + 5  # no more than a poll a minute, and the first five


def test_stalling_progress_on_the_fake_is_noticed_within_max_delay(
    fake_voiceid: FakeVoiceId,
) -> None:
    uneven = stall_then_jump(stall_at=0.3, until=0.9)
    fake, jobs, job = timed_job(fake_voiceid.s3_client, 3600.0, progress=uneven)
    begun = fake.now()
    seen: list[int | None] = []

    jobs.wait_for_job(
        job, timeout=None, on_progress=lambda current: seen.append(current.percent_complete)
    )

    assert 0 <= fake.now() - (begun + 5.0 + 3600.0) <= PollPolicy().max_delay
    assert seen.count(30) > 3  # it did stall


def test_a_registration_job_is_described_with_its_own_operation(
    jobs: VoiceIdJobsClient, stubber: Stubber
) -> None:
    describing(stubber, "describe_fraudster_registration_job", ("COMPLETED_WITH_ERRORS", 100))
    job = FraudsterRegistrationJob(job_id=JOB_ID, domain_id=DOMAIN_ID)

    done = jobs.wait_for_job(job)

    assert type(done) is FraudsterRegistrationJob
    assert done.job_status is JobStatus.COMPLETED_WITH_ERRORS
    stubber.assert_no_pending_responses()


def test_a_failed_job_raises_job_failed_error_with_its_details(
    jobs: VoiceIdJobsClient, stubber: Stubber, fake_time: FakeTime
) -> None:
    describing(stubber, "describe_speaker_enrollment_job", ("IN_PROGRESS", 30))
    stubber.add_response(
        "describe_speaker_enrollment_job",
        {
            "Job": {
                "JobId": JOB_ID,
                "DomainId": DOMAIN_ID,
                "JobStatus": "FAILED",
                "FailureDetails": {"StatusCode": 400, "Message": "manifest is not valid JSON"},
            }
        },
        DESCRIBE,
    )
    progress: list[SpeakerEnrollmentJob] = []

    with pytest.raises(JobFailedError) as caught:
        jobs.wait_for_job(SUBMITTED, on_progress=progress.append)

    assert caught.value.job.failure_details == FailureDetails(
        status_code=400, message="manifest is not valid JSON"
    )
    assert "manifest is not valid JSON" in str(caught.value)
    assert [job.job_status for job in progress] == ["IN_PROGRESS", "FAILED"]
    assert fake_time.sleeps == [5.0]


def test_the_wait_times_out_on_the_injected_clock_with_the_last_job(
    jobs: VoiceIdJobsClient, stubber: Stubber, fake_time: FakeTime
) -> None:
    describing(
        stubber,
        "describe_speaker_enrollment_job",
        ("SUBMITTED", 0),
        ("IN_PROGRESS", 5),
        ("IN_PROGRESS", 20),
        ("IN_PROGRESS", 40),
    )

    with pytest.raises(WaitTimeoutError) as caught:
        jobs.wait_for_job(SUBMITTED, timeout=30)

    stubber.assert_no_pending_responses()
    assert fake_time.sleeps == [5.0, 10.0, 15.0]  # the last sleep ends at the deadline
    assert fake_time.now == 30.0
    assert caught.value.last_job.percent_complete == 40
    assert isinstance(caught.value, TimeoutError)


def test_timeout_may_be_a_timedelta(
    jobs: VoiceIdJobsClient, stubber: Stubber, fake_time: FakeTime
) -> None:
    describing(stubber, "describe_speaker_enrollment_job", ("IN_PROGRESS", 1), ("IN_PROGRESS", 2))

    with pytest.raises(WaitTimeoutError):
        jobs.wait_for_job(SUBMITTED, timeout=datetime.timedelta(seconds=5))

    assert fake_time.now == 5.0


def test_a_zero_timeout_polls_once(
    jobs: VoiceIdJobsClient, stubber: Stubber, fake_time: FakeTime
) -> None:
    describing(stubber, "describe_speaker_enrollment_job", ("IN_PROGRESS", 1))

    with pytest.raises(WaitTimeoutError):
        jobs.wait_for_job(SUBMITTED, timeout=0)

    assert fake_time.sleeps == []
    stubber.assert_no_pending_responses()


# --- Errors while waiting -----------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "status"),
    [("ThrottlingException", 400), ("InternalServerException", 500)],
)
def test_transient_errors_while_polling_do_not_end_the_wait(
    jobs: VoiceIdJobsClient, stubber: Stubber, fake_time: FakeTime, code: str, status: int
) -> None:
    stubber.add_client_error("describe_speaker_enrollment_job", code, "try later", status)
    stubber.add_client_error("describe_speaker_enrollment_job", code, "try later", status)
    describing(stubber, "describe_speaker_enrollment_job", ("COMPLETED", 100))
    progress: list[SpeakerEnrollmentJob] = []

    done = jobs.wait_for_job(SUBMITTED, on_progress=progress.append)

    assert done.job_status is JobStatus.COMPLETED
    assert fake_time.sleeps == [5.0, 10.0]
    assert len(progress) == 1  # only successful polls are reported


@pytest.mark.parametrize(
    ("code", "status", "error"),
    [
        ("AccessDeniedException", 403, AccessDeniedError),
        ("ResourceNotFoundException", 404, ResourceNotFoundError),
        ("ValidationException", 400, ValidationError),
    ],
)
def test_other_errors_end_the_wait_at_once(
    jobs: VoiceIdJobsClient,
    stubber: Stubber,
    fake_time: FakeTime,
    code: str,
    status: int,
    error: type[Exception],
) -> None:
    describing(stubber, "describe_speaker_enrollment_job", ("IN_PROGRESS", 10))
    stubber.add_client_error("describe_speaker_enrollment_job", code, "no", status)

    with pytest.raises(error):
        jobs.wait_for_job(SUBMITTED)

    assert fake_time.sleeps == [5.0]


def test_an_error_raised_by_on_progress_ends_the_wait(
    jobs: VoiceIdJobsClient, stubber: Stubber
) -> None:
    describing(stubber, "describe_speaker_enrollment_job", ("IN_PROGRESS", 10))

    def stop(_: SpeakerEnrollmentJob) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        jobs.wait_for_job(SUBMITTED, on_progress=stop)


def test_timing_out_during_faults_chains_the_last_fault(
    jobs: VoiceIdJobsClient, stubber: Stubber
) -> None:
    for _ in range(3):
        stubber.add_client_error("describe_speaker_enrollment_job", "ThrottlingException", "", 400)

    with pytest.raises(WaitTimeoutError) as caught:
        jobs.wait_for_job(SUBMITTED, timeout=15)

    assert caught.value.last_job == SUBMITTED
    assert isinstance(caught.value.__cause__, ThrottlingError)


# --- Arguments ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: PollPolicy(initial_delay=0.4), "initial_delay"),
        (lambda: PollPolicy(initial_delay=0.0), "initial_delay"),
        (lambda: PollPolicy(initial_delay=10.0, max_delay=5.0), "max_delay"),
        (lambda: PollPolicy(multiplier=0.5), "multiplier"),
        (lambda: PollPolicy(initial_delay=float("nan")), "initial_delay"),
        (lambda: RetryPolicy(max_attempts=0), "max_attempts"),
        (lambda: RetryPolicy(max_attempts=True), "max_attempts"),
        (lambda: RetryPolicy(initial_delay=-1.0), "initial_delay"),
        (lambda: RetryPolicy(multiplier=float("inf")), "multiplier"),
    ],
)
def test_policies_refuse_bad_values(build: Any, field: str) -> None:
    with pytest.raises(InvalidParameterError) as caught:
        build()

    assert caught.value.field == field


def test_the_default_policies_are_the_documented_ones() -> None:
    assert PollPolicy() == PollPolicy(initial_delay=5.0, max_delay=60.0, multiplier=2.0)
    assert RetryPolicy() == RetryPolicy(max_attempts=3, initial_delay=1.0, max_delay=20.0)


@pytest.mark.parametrize(
    ("job", "timeout", "field"),
    [
        (SpeakerEnrollmentJob(domain_id=DOMAIN_ID), 10.0, "job"),
        (SpeakerEnrollmentJob(job_id=JOB_ID), 10.0, "job"),
        (SUBMITTED, -1.0, "timeout"),
        (SUBMITTED, datetime.timedelta(seconds=-1), "timeout"),
    ],
)
def test_wait_refuses_bad_arguments_before_any_request(
    jobs: VoiceIdJobsClient, stubber: Stubber, job: SpeakerEnrollmentJob, timeout: Any, field: str
) -> None:
    with pytest.raises(InvalidParameterError) as caught:
        jobs.wait_for_job(job, timeout=timeout)

    assert caught.value.field == field


# --- Start retries ------------------------------------------------------------------

START = {
    "domain_id": DOMAIN_ID,
    "data_access_role_arn": ROLE_ARN,
    "input_data_config": InputDataConfig(s3_uri=INPUT_URI),
    "output_data_config": OutputDataConfig(s3_uri=OUTPUT_URI),
}


@pytest.fixture
def tokens(jobs: VoiceIdJobsClient) -> list[str]:
    sent: list[str] = []
    jobs.client.meta.events.register(
        "before-parameter-build.voice-id.StartSpeakerEnrollmentJob",
        lambda params, **_: sent.append(params["ClientToken"]),
        unique_id="record-tokens",
    )
    return sent


def test_start_retries_transient_errors_with_one_client_token(
    jobs: VoiceIdJobsClient, stubber: Stubber, fake_time: FakeTime, tokens: list[str]
) -> None:
    stubber.add_client_error("start_speaker_enrollment_job", "ThrottlingException", "", 400)
    stubber.add_client_error("start_speaker_enrollment_job", "InternalServerException", "", 500)
    stubber.add_response(
        "start_speaker_enrollment_job",
        {"Job": {"JobId": JOB_ID}},
        {**_start_params(), "ClientToken": ANY},
    )

    job = jobs.start_speaker_enrollment_job(**START)

    assert job.job_id == JOB_ID
    assert fake_time.sleeps == [1.0, 2.0]
    assert len(tokens) == 3
    assert len(set(tokens)) == 1


def test_start_keeps_the_callers_token_on_every_attempt(
    jobs: VoiceIdJobsClient, stubber: Stubber, tokens: list[str]
) -> None:
    stubber.add_client_error("start_speaker_enrollment_job", "ThrottlingException", "", 400)
    stubber.add_response("start_speaker_enrollment_job", {"Job": {"JobId": JOB_ID}})

    jobs.start_speaker_enrollment_job(**START, client_token="mine-1")

    assert tokens == ["mine-1", "mine-1"]


def test_start_gives_up_after_max_attempts_with_the_last_error(
    jobs: VoiceIdJobsClient, stubber: Stubber, fake_time: FakeTime
) -> None:
    for _ in range(3):
        stubber.add_client_error("start_speaker_enrollment_job", "ThrottlingException", "", 400)

    with pytest.raises(ThrottlingError):
        jobs.start_speaker_enrollment_job(**START)

    assert fake_time.sleeps == [1.0, 2.0]
    stubber.assert_no_pending_responses()


@pytest.mark.parametrize(
    ("code", "status", "error"),
    [
        ("ConflictException", 409, ConflictError),
        ("ServiceQuotaExceededException", 402, ServiceQuotaExceededError),
        ("ValidationException", 400, ValidationError),
        ("AccessDeniedException", 403, AccessDeniedError),
        ("ResourceNotFoundException", 404, ResourceNotFoundError),
    ],
)
def test_start_raises_other_errors_at_once(
    jobs: VoiceIdJobsClient,
    stubber: Stubber,
    fake_time: FakeTime,
    code: str,
    status: int,
    error: type[ServiceError],
) -> None:
    stubber.add_client_error("start_fraudster_registration_job", code, "", status)

    with pytest.raises(error) as caught:
        jobs.start_fraudster_registration_job(**START)

    assert type(caught.value) is error
    assert caught.value.code == code

    assert fake_time.sleeps == []


def test_a_retry_policy_sets_the_start_schedule(
    voiceid: VoiceIDClient, fake_time: FakeTime
) -> None:
    jobs = VoiceIdJobsClient(
        voiceid,
        retry=RetryPolicy(max_attempts=5, initial_delay=0.5, max_delay=3.0, multiplier=3.0),
        sleep=fake_time.sleep,
    )
    with Stubber(voiceid) as stubber:
        for _ in range(4):
            stubber.add_client_error("start_speaker_enrollment_job", "ThrottlingException", "", 400)
        stubber.add_response("start_speaker_enrollment_job", {"Job": {"JobId": JOB_ID}})

        jobs.start_speaker_enrollment_job(**START)

    assert fake_time.sleeps == [0.5, 1.5, 3.0, 3.0]


def _start_params() -> dict[str, Any]:
    return {
        "DomainId": DOMAIN_ID,
        "DataAccessRoleArn": ROLE_ARN,
        "InputDataConfig": {"S3Uri": INPUT_URI},
        "OutputDataConfig": {"S3Uri": OUTPUT_URI},
    }


# --- Logging ------------------------------------------------------------------------


def test_status_changes_and_retries_are_logged_without_the_job_name(
    jobs: VoiceIdJobsClient, stubber: Stubber, caplog: pytest.LogCaptureFixture
) -> None:
    stubber.add_client_error("describe_speaker_enrollment_job", "ThrottlingException", "", 400)
    stubber.add_response(
        "describe_speaker_enrollment_job",
        {"Job": {"JobId": JOB_ID, "JobName": "Secret-Caller-Name", "JobStatus": "COMPLETED"}},
        DESCRIBE,
    )

    with caplog.at_level(logging.DEBUG, logger="voiceid_jobs"):
        jobs.wait_for_job(SUBMITTED)

    messages = [record.getMessage() for record in caplog.records]
    assert any("SUBMITTED -> COMPLETED" in message and JOB_ID in message for message in messages)
    assert any("ThrottlingError" in message for message in messages)
    assert all(record.name == "voiceid_jobs" for record in caplog.records)
    assert not any("Secret-Caller-Name" in message for message in messages)


def test_the_package_logger_has_only_a_null_handler() -> None:
    handlers = logging.getLogger("voiceid_jobs").handlers

    assert [type(handler) for handler in handlers] == [logging.NullHandler]


# --- Fault injection on the wire ----------------------------------------------------


def faulty_client(duration: float) -> tuple[VoiceIdJobsClient, FaultyBackend, FakeTime]:
    fake_time = FakeTime()
    backend = FaultyBackend(fake_time.clock, duration=duration)
    client = boto3.client("voice-id", region_name="us-east-1", config=NO_BOTOCORE_RETRIES)
    client.meta.events.register("before-send.voice-id", backend)
    jobs = VoiceIdJobsClient(client, sleep=fake_time.sleep, clock=fake_time.clock)
    return jobs, backend, fake_time


faults = st.lists(st.sampled_from((None, "throttle", "fault", "connection")), max_size=12)


@settings(deadline=None)
@given(duration=st.floats(0, 3600), faults=faults)  # faults, not length, are the point
def test_a_wait_under_faults_ends_with_the_terminal_job_within_its_deadline(
    duration: float, faults: list[str | None]
) -> None:
    jobs, backend, fake_time = faulty_client(duration)
    job = jobs.start_speaker_enrollment_job(**START)
    backend.inject(faults)
    deadline = duration + 60.0 * (len(faults) + 2)

    done = jobs.wait_for_job(job, timeout=deadline)

    assert done.job_status is JobStatus.COMPLETED
    assert done.job_id == job.job_id
    assert fake_time.now <= deadline
    assert fake_time.now >= duration
    if not faults:
        assert fake_time.now - duration <= PollPolicy().max_delay
    assert all(delay >= 0.5 for delay in fake_time.sleeps)


@settings(deadline=None)
@given(duration=st.floats(120, 4 * 3600), timeout=st.floats(0, 100), faults=faults)
def test_a_wait_under_faults_times_out_exactly_at_its_deadline(
    duration: float, timeout: float, faults: list[str | None]
) -> None:
    jobs, backend, fake_time = faulty_client(duration)
    job = jobs.start_speaker_enrollment_job(**START)
    backend.inject(faults)

    with pytest.raises(WaitTimeoutError) as caught:
        jobs.wait_for_job(job, timeout=timeout)

    assert fake_time.now == pytest.approx(timeout)
    assert not caught.value.last_job.is_terminal


@settings(deadline=None)
@given(faults=st.lists(st.sampled_from(FAULTS), max_size=2))
def test_a_start_under_transient_faults_creates_exactly_one_job(faults: list[str]) -> None:
    jobs, backend, fake_time = faulty_client(60.0)
    backend.inject(faults)

    job = jobs.start_speaker_enrollment_job(**START)

    assert len(backend.jobs) == 1
    assert job.job_id in backend.jobs
    assert len(backend.starts) == len(faults) + 1
    assert len({params["ClientToken"] for params in backend.starts}) == 1
    assert fake_time.sleeps == [1.0, 2.0][: len(faults)]


@given(faults=st.lists(st.sampled_from(FAULTS), min_size=3, max_size=3))
def test_a_start_that_stays_faulty_raises_a_retryable_error_and_at_most_one_job(
    faults: list[str],
) -> None:
    jobs, backend, _ = faulty_client(60.0)
    backend.inject(faults)

    with pytest.raises((ThrottlingError, InternalServerError, EndpointError)) as caught:
        jobs.start_speaker_enrollment_job(**START)

    assert caught.value.retryable
    assert len(backend.jobs) == (1 if "lost" in faults else 0)
    assert len({params["ClientToken"] for params in backend.starts}) == 1


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda s3: FakeVoiceId(s3_client=s3, progress=0.5), "progress"),
        (lambda _: stall_then_jump(stall_at=0.8, until=0.2), "until"),
        (lambda _: stall_then_jump(stall_at="x", until=0.9), "until"),  # type: ignore[arg-type]
        (lambda _: stall_then_jump(stall_at=0.2, until=1.5), "until"),
    ],
)
def test_uneven_progress_refuses_what_cannot_be_a_pace(
    fake_voiceid: FakeVoiceId, build: Any, field: str
) -> None:
    with pytest.raises(InvalidParameterError) as caught:
        build(fake_voiceid.s3_client)

    assert caught.value.field == field


def test_stall_then_jump_follows_time_sticks_then_jumps_back_to_it() -> None:
    progress = stall_then_jump(stall_at=0.2, until=0.8)

    assert [progress(share) for share in (0.1, 0.2, 0.5, 0.8, 0.81, 1.0)] == [
        0.1,
        0.2,
        0.2,
        0.2,
        0.81,
        1.0,
    ]

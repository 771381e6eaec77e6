"""Batch files: voiceid_jobs against plain json on the same data, in the same process.

    python benchmarks/batch_files.py [--requests N] [--repeat R]

Prints, for a manifest and an output file of N requests (10,000 by default):
- build + validate + serialize a manifest / json.dumps of the same data;
- read a manifest file (parse and check every rule) / json.loads of the same text;
- parse an output file / json.loads of the same text, and / a hand-written from_dict;
each in microseconds a request, best of R timings (the target: at most 10 us a request
to write a manifest, and 10 to read one), with the ratio to json beside it; and the
peak memory of each, against the same plain-json work.
"""

from __future__ import annotations

import argparse
import gc
import json
import tracemalloc
from collections.abc import Callable

from _timing import describe, paired_timings

from voiceid_jobs import (
    AudioSpecification,
    EnrollmentJobOutput,
    EnrollmentStatus,
    RequestError,
    SpeakerEnrollmentManifest,
    SpeakerEnrollmentRequest,
    SuccessfulEnrollment,
)


def ratio(ours: list[float], baseline: list[float]) -> str:
    """Best-to-best, and the median of the rounds' ratios (see ``_timing.describe``)."""
    return describe(ours, baseline)


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    count, repeat = args.requests, args.repeat

    rows = [
        (f"r{i}", f"customer-speaker-{i}", f"s3://audio-bucket/calls/{i}.wav") for i in range(count)
    ]

    def build_manifest() -> str:
        return SpeakerEnrollmentManifest(
            speaker_enrollment_requests=tuple(
                SpeakerEnrollmentRequest(
                    request_id=request_id,
                    speaker_id=speaker_id,
                    audio_specifications=(AudioSpecification(s3_uri=uri, channel_id=0),),
                )
                for request_id, speaker_id, uri in rows
            )
        ).to_json()

    manifest_text = build_manifest()
    manifest_data = json.loads(manifest_text)

    output_data = {
        "Version": "1.0",
        "Errors": [
            {"RequestId": f"r{i}", "ErrorCode": 400, "ErrorMessage": "audio is not 8 kHz PCM-16"}
            for i in range(count // 100)
        ],
        "SuccessfulEnrollments": [
            {
                "RequestId": f"r{i}",
                "GeneratedSpeakerId": f"id#{i:022d}",
                "CustomerSpeakerId": f"customer-speaker-{i}",
                "EnrollmentStatus": "NEW_ENROLLMENT",
            }
            for i in range(count // 100, count)
        ],
    }
    output_text = json.dumps(output_data)
    known = EnrollmentStatus._value2member_map_

    def hand_written() -> EnrollmentJobOutput:
        data = json.loads(output_text)
        return EnrollmentJobOutput(
            version=data.get("Version"),
            errors=tuple(
                RequestError(
                    request_id=e.get("RequestId"),
                    error_code=e.get("ErrorCode"),
                    error_message=e.get("ErrorMessage"),
                )
                for e in data.get("Errors", ())
            ),
            successful_enrollments=tuple(
                SuccessfulEnrollment(
                    request_id=e.get("RequestId"),
                    generated_speaker_id=e.get("GeneratedSpeakerId"),
                    customer_speaker_id=e.get("CustomerSpeakerId"),
                    enrollment_status=known.get(e.get("EnrollmentStatus")),  # type: ignore[arg-type]
                )
                for e in data.get("SuccessfulEnrollments", ())
            ),
        )

    dumps, build = paired_timings(lambda: json.dumps(manifest_data), build_manifest, repeat=repeat)
    manifest_loads, read = paired_timings(
        lambda: json.loads(manifest_text),
        lambda: SpeakerEnrollmentManifest.from_json(manifest_text),
        repeat=repeat,
    )
    loads, parse = paired_timings(
        lambda: json.loads(output_text),
        lambda: EnrollmentJobOutput.from_json(output_text),
        repeat=repeat,
    )
    by_hand, parse_again = paired_timings(
        hand_written, lambda: EnrollmentJobOutput.from_json(output_text), repeat=repeat
    )

    print(f"batch files, {count} requests, best of {repeat}")

    def per_request(seconds: list[float]) -> str:
        return f"{min(seconds) / count * 1e6:6.2f} us a request"

    print(
        f"  manifest build+validate+to_json : {per_request(build)}   target <= 10 us"
        f"   ({ratio(build, dumps)} json.dumps)"
    )
    print(
        f"  manifest from_json              : {per_request(read)}   target <= 10 us"
        f"   ({ratio(read, manifest_loads)} json.loads)"
    )
    print(
        f"  output from_json                : {per_request(parse)}   (no target)"
        f"   ({ratio(parse, loads)} json.loads)"
    )
    print(f"  output from_json / hand-written from_dict    : {ratio(parse_again, by_hand)}")

    def plain_manifest() -> str:
        return json.dumps(
            {
                "Version": "1.0",
                "SpeakerEnrollmentRequests": [
                    {
                        "RequestId": r,
                        "SpeakerId": s,
                        "AudioSpecifications": [{"S3Uri": u, "ChannelId": 0}],
                    }
                    for r, s, u in rows
                ],
            }
        )

    manifest_peak = peak(build_manifest) / peak(plain_manifest)
    output_peak = peak(lambda: EnrollmentJobOutput.from_json(output_text)) / peak(
        lambda: json.loads(output_text)
    )
    print(f"  peak memory, manifest build+to_json / plain dicts+json.dumps : {manifest_peak:5.2f}x")
    print(f"  peak memory, output from_json / json.loads                   : {output_peak:5.2f}x")


def peak(call: Callable[[], object]) -> int:
    """The most memory ``call`` held at once, in bytes (what it returns is kept alive)."""
    gc.collect()
    tracemalloc.start()
    result = call()
    _, most = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del result
    return most


if __name__ == "__main__":
    main()

"""Signed results, their verification, and VietQR payloads (issue 6), in one process as one worker does it.

Metrics: sign_result_per_s (a result rendered from its template and signed twice — the leader, then the
agency's seal —, as `issue_result` does, without the database write) beside sign_result_baseline_per_s (the
same result rendered, unsigned) and sign_result_ratio; verify_pdf_ms (p95 of verifying one signed result:
both signatures, the chain to the trust roots, the modification analysis) with verify_pdf_p50_ms;
vietqr_encode_per_s (a dynamic VietQR payload with its CRC) beside vietqr_baseline_per_s (the same fields
as JSON, no TLV, no CRC) and vietqr_encode_ratio. Uses the bench database (demo data)."""

from __future__ import annotations

import json
import statistics
import time

from benchmarks.common import emit, prepare_database, setup_django


def _rate(operation, seconds: float) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    done = 0
    t0 = time.perf_counter()
    while (elapsed := time.perf_counter() - t0) < seconds:
        operation()
        done += 1
    return done / elapsed, done


def run(quick: bool = False) -> None:
    prepare_database()
    setup_django()
    from tinhso.core.models import User
    from tinhso.dossiers.models import Dossier
    from tinhso.dossiers.results import _render, _template
    from tinhso.payments.vietqr import Transfer, encode
    from tinhso.signing.pdf import seal_of, sign_pdf, signature_of
    from tinhso.signing.verification import verify_pdf

    seconds = 1.0 if quick else 10.0
    dossier = (
        Dossier.objects.exclude(code=None).select_related("competent_agency", "version", "procedure").first()
    )
    assert dossier is not None, "the demo data has received dossiers"
    agency = dossier.competent_agency
    leader = User.objects.get(username="lanhdao.pdp")
    personal, seal = signature_of(leader, agency), seal_of(agency)
    assert personal is not None
    template = _template(dossier)

    def render() -> bytes:
        return _render(
            dossier,
            template,
            agency=agency,
            signer=leader,
            number="01/TLKS",
            code="BENCH2345678",
            preview=False,
        )

    signed: list[bytes] = []

    def produce() -> None:
        signed.append(sign_pdf(render(), organisation=seal, personal=personal, reason=template.title))

    render()
    produce()  # warm: fonts, keys, certificates
    baseline, _ = _rate(render, seconds / 2)
    rate, count = _rate(produce, seconds)
    emit("sign_result_per_s", rate, "results/s", results=count, signatures_each=2, workers=1)
    emit("sign_result_baseline_per_s", baseline, "results/s", what="the same result rendered, unsigned")
    emit("sign_result_ratio", rate / baseline, "ratio")

    samples = []
    for data in signed[: 10 if quick else 200]:
        t0 = time.perf_counter()
        report = verify_pdf(data)
        samples.append((time.perf_counter() - t0) * 1000)
        assert report.outcome == "valid", report.outcome
    samples.sort()
    emit("verify_pdf_ms", samples[int(len(samples) * 0.95) - 1], "ms", stat="p95", files=len(samples))
    emit("verify_pdf_p50_ms", statistics.median(samples), "ms", files=len(samples))

    transfers = [Transfer("970415", f"3700000{i:05d}", 8000 + i, f"TS{i:010d}") for i in range(1000)]

    def qr() -> None:
        for t in transfers:
            encode(t)

    def joined() -> None:
        for t in transfers:
            json.dumps({"bin": t.bank_bin, "account": t.account, "amount": t.amount, "note": t.note})

    rate_qr, _ = _rate(qr, seconds / 2)
    rate_join, _ = _rate(joined, seconds / 2)
    emit("vietqr_encode_per_s", rate_qr * len(transfers), "payloads/s", crc="CRC-16/CCITT-FALSE")
    emit(
        "vietqr_baseline_per_s",
        rate_join * len(transfers),
        "payloads/s",
        what="the same fields as JSON",
    )
    emit("vietqr_encode_ratio", rate_qr / rate_join, "ratio")

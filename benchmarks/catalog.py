"""Searching the procedure catalog as a citizen gets it: one request at a time over HTTP (gunicorn), with a
mix of the queries people type, in the 55 published procedures and beside 2,000 (or 55,000) generated ones.

Metrics:
- procedure_search_p95_ms: /api/v1/procedures?q=… one client, sequential requests after a warm-up,
  2,000 generated procedures beside the 55 published ones (quick mode too: it is small);
- procedure_search_page_p95_ms: the same for the HTML page /thu-tuc/?q=…;
- procedure_list_p95_ms: the same for /api/v1/procedures without a query (what is not search);
- procedure_search_p95_ms_growth: API p95 with 55,000 generated procedures (quick: 2,000) / with the 55
  published ones only, same run;
- procedure_search_rps (20 concurrent clients, the page with a query) beside procedure_list_baseline_rps
  (the page without a query, same run, same catalog) and procedure_search_ratio.
"""

from __future__ import annotations

import http.client
import itertools
import random
import statistics
import time
from collections.abc import Callable
from urllib.parse import urlencode

from benchmarks.common import concurrently, emit, gunicorn, prepare_database, setup_django

CLIENTS = 20
MEDIUM = 2_000  # the target: p95 < 30 ms with 2,000 procedures
LARGE = 55_000  # full mode only: 1000 × the published catalog, for the growth figure
GENERATED_PREFIX = "9."  # national codes start 1., 2. or 3.: generated rows never collide with real ones

QUERIES = [
    "dang ky khai sinh",  # no diacritics
    "dang ki kết hon",  # slips and half the diacritics
    "hộ khẩu",  # an everyday word (a synonym of "cư trú")
    "1.001193",  # a national code
    "hộ tịch",  # a field
    "khai",  # one word: many candidates
]

# Vietnamese-like procedure names: what the national portal lists, recombined, so the trigram index has
# real work (shared words, similar words, long names) rather than random hex.
_ACTIONS = [
    "Cấp", "Cấp lại", "Cấp đổi", "Gia hạn", "Điều chỉnh", "Thu hồi", "Đăng ký", "Đăng ký thay đổi",
    "Đăng ký lại", "Xác nhận", "Công nhận", "Thẩm định", "Phê duyệt", "Chấp thuận", "Thông báo",
    "Giải quyết", "Hỗ trợ", "Chứng nhận", "Cho phép", "Thành lập", "Giải thể", "Sáp nhập", "Tạm ngừng",
    "Chấm dứt", "Miễn", "Giảm", "Khai báo", "Kiểm tra", "Đánh giá", "Xếp hạng", "Bổ sung", "Hủy bỏ",
]  # fmt: skip
_OBJECTS = [
    "giấy phép", "giấy chứng nhận", "chứng chỉ", "quyết định", "phương án", "hồ sơ", "danh hiệu",
    "trợ cấp", "hợp đồng", "báo cáo", "sổ", "thẻ", "đề án", "kế hoạch", "văn bản", "giấy xác nhận",
]  # fmt: skip
_SUBJECTS = [
    "khai thác khoáng sản", "quyền sử dụng đất", "hành nghề dược", "lao động cho người nước ngoài",
    "xây dựng nhà ở", "kinh doanh vận tải bằng xe ô tô", "môi trường", "an toàn thực phẩm",
    "hành nghề khám bệnh, chữa bệnh", "đủ điều kiện kinh doanh", "khai thác tài nguyên nước",
    "xả nước thải vào nguồn nước", "sử dụng vật liệu nổ công nghiệp", "thành lập trường mầm non",
    "hoạt động giáo dục nghề nghiệp", "người có công với cách mạng", "bảo hiểm xã hội một lần",
    "thương binh, liệt sĩ", "hộ nghèo, hộ cận nghèo", "cửa hàng bán lẻ xăng dầu", "kinh doanh karaoke",
    "tổ chức lễ hội", "quảng cáo ngoài trời", "khai thác thủy sản", "trồng rừng sản xuất",
    "chuyển mục đích sử dụng đất", "đấu giá quyền sử dụng đất", "hoạt động tôn giáo",
    "nuôi con nuôi trong nước", "kinh doanh dịch vụ lữ hành", "phòng cháy, chữa cháy",
    "hoạt động in", "kinh doanh thuốc bảo vệ thực vật", "thuế sử dụng đất nông nghiệp",
    "khen thưởng thành tích đột xuất", "học bổng chính sách", "bảo trợ xã hội tại cộng đồng",
    "tạm trú của người nước ngoài", "hộ kinh doanh cá thể", "hợp tác xã nông nghiệp",
]  # fmt: skip
_TAILS = [
    "", "", "", "đối với tổ chức", "cho cá nhân", "cấp tỉnh", "cấp xã", "có yếu tố nước ngoài",
    "trong khu công nghiệp", "do Sở Công Thương quản lý", "trường hợp bị mất, hư hỏng",
    "theo đề nghị của doanh nghiệp", "thuộc thẩm quyền của Ủy ban nhân dân cấp xã", "lần đầu",
]  # fmt: skip
_FIELDS = [
    "Đất đai", "Môi trường", "Giáo dục và Đào tạo", "Y tế", "Dược phẩm", "Việc làm", "Người có công",
    "Giao thông vận tải", "Văn hóa", "Du lịch", "Thuế", "Trồng trọt", "Thủy sản", "Lâm nghiệp",
    "Tài nguyên nước", "Khoáng sản", "Công thương", "Thi đua, khen thưởng", "Tôn giáo", "Bảo hiểm xã hội",
    "Hộ tịch", "Đăng ký, quản lý cư trú", "Hoạt động xây dựng", "Chứng thực", "Bảo trợ xã hội",
]  # fmt: skip


def _name(rng: random.Random) -> str:
    words = [rng.choice(_ACTIONS), rng.choice(_OBJECTS), rng.choice(_SUBJECTS), rng.choice(_TAILS)]
    name = " ".join(w for w in words if w)
    return f"Thủ tục {name[0].lower()}{name[1:]}" if rng.random() < 0.3 else name


def _grow(generated: int) -> None:
    """Generated procedures numbered 1 … `generated` (those already there are kept), saved as the model
    saves them: `search_text` and `sort_key` computed the same way."""
    from django.db import connection

    from tinhso.core.vietnamese import sort_key
    from tinhso.publicservices.models import Procedure
    from tinhso.publicservices.search import normalise

    have = Procedure.objects.filter(code__startswith=GENERATED_PREFIX).count()
    rng = random.Random(20261122 + have)
    levels = [Procedure.Level.PROVINCE, Procedure.Level.COMMUNE, Procedure.Level.BOTH]
    onlines = [Procedure.OnlineLevel.FULL, Procedure.OnlineLevel.PARTIAL, Procedure.OnlineLevel.NONE]
    batch: list[Procedure] = []
    for n in range(have + 1, generated + 1):
        name = _name(rng)
        code = f"{GENERATED_PREFIX}{n:06d}"
        batch.append(
            Procedure(
                code=code,
                name=name,
                field=rng.choice(_FIELDS),
                level=rng.choice(levels),
                online_level=rng.choice(onlines),
                is_active=rng.random() < 0.97,
                search_text=normalise(f"{name} {code}"),
                sort_key=sort_key(name, 400),
            )
        )
        if len(batch) == 5_000:
            Procedure.objects.bulk_create(batch)
            batch = []
    Procedure.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE publicservices_procedure")


def _paths(base: str) -> list[str]:
    return [f"{base}?{urlencode({'q': q})}" for q in QUERIES]


def _sequential(port: int, paths: list[str], rounds: int) -> dict[str, list[float]]:
    """One client, one keep-alive connection: every path twice to warm up, then `rounds` times the mix."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    timings: dict[str, list[float]] = {p: [] for p in paths}

    def get(path: str) -> float:
        t0 = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        elapsed = (time.perf_counter() - t0) * 1000
        assert response.status == 200, (path, response.status)
        return elapsed

    for path in paths * 2:
        get(path)
    for _ in range(rounds):
        for path in paths:
            timings[path].append(get(path))
    conn.close()
    return timings


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[94] if len(values) >= 2 else 0.0


def _summary(timings: dict[str, list[float]]) -> tuple[float, dict[str, float]]:
    every = [t for ts in timings.values() for t in ts]
    by_query = {q: round(_p95(ts), 1) for q, ts in zip(QUERIES, timings.values(), strict=True)}
    return _p95(every), by_query


def _concurrent(port: int, paths: list[str], requests: int) -> tuple[float, int]:
    """rps of CLIENTS clients, each cycling through `paths` on its own keep-alive connection."""

    def make_step() -> Callable[[], bool]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        cycle = itertools.cycle(paths)

        def step() -> bool:
            nonlocal conn
            try:
                conn.request("GET", next(cycle))
                response = conn.getresponse()
                response.read()
                return response.status == 200
            except OSError:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                return False

        return step

    result = concurrently(make_step, clients=CLIENTS, per_client=requests)
    return result.rps, result.errors


def run(quick: bool = False) -> None:
    rounds = 4 if quick else 60
    requests = 2 if quick else 30
    large = MEDIUM if quick else LARGE
    api, page = _paths("/api/v1/procedures"), _paths("/thu-tuc/")
    prepare_database()
    setup_django()
    from tinhso.publicservices.models import Procedure

    Procedure.objects.filter(code__startswith=GENERATED_PREFIX).delete()
    with gunicorn() as port:
        small_p95, _ = _summary(_sequential(port, api, rounds))
        _grow(MEDIUM)
        api_p95, api_by_query = _summary(_sequential(port, api, rounds))
        page_p95, page_by_query = _summary(_sequential(port, page, rounds))
        plain = _sequential(port, ["/api/v1/procedures"], rounds * len(QUERIES))
        search_rps, search_errors = _concurrent(port, page, requests)
        baseline_rps, baseline_errors = _concurrent(port, ["/thu-tuc/"], requests)
        if large > MEDIUM:
            _grow(large)
            large_p95, large_by_query = _summary(_sequential(port, api, rounds))
        else:
            large_p95, large_by_query = api_p95, api_by_query
    assert search_errors == baseline_errors == 0, (search_errors, baseline_errors)
    catalog = {"procedures": MEDIUM, "published": 55, "clients": 1}
    emit(
        "procedure_search_p95_ms",
        api_p95,
        "ms",
        what="/api/v1/procedures?q=…",
        **catalog,
        by_query=api_by_query,
    )
    emit(
        "procedure_search_page_p95_ms",
        page_p95,
        "ms",
        what="/thu-tuc/?q=…",
        **catalog,
        by_query=page_by_query,
    )
    emit(
        "procedure_list_p95_ms",
        _p95(plain["/api/v1/procedures"]),
        "ms",
        what="/api/v1/procedures without a query: the framework's share of the figures above",
        **catalog,
    )
    emit(
        "procedure_search_p95_ms_growth",
        large_p95 / small_p95 if small_p95 else 0.0,
        "ratio",
        small=55,
        large=large,
        small_p95_ms=round(small_p95, 1),
        large_p95_ms=round(large_p95, 1),
        large_by_query=large_by_query,
    )
    emit(
        "procedure_search_rps",
        search_rps,
        "requests/s",
        clients=CLIENTS,
        procedures=MEDIUM,
        what="/thu-tuc/?q=…",
    )
    emit("procedure_list_baseline_rps", baseline_rps, "requests/s", what="catalog page without a query")
    emit("procedure_search_ratio", search_rps / baseline_rps if baseline_rps else 0.0, "ratio")

"""A URLconf with the benchmarks' endpoints mounted, as the benchmark server mounts them (tests only)."""

from django.urls import path
from ninja import NinjaAPI

from tinhso.api.auth import AUTH
from tinhso.api.bench import bench_router

api = NinjaAPI(urls_namespace="bench-test", auth=AUTH)
api.add_router("/", bench_router())

urlpatterns = [path("api/v1/", api.urls)]

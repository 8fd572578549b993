"""Read-side queries of the control plane."""

from django.db.models import Count, Prefetch, Q, QuerySet

from core.text import fold
from onboarding.models import (
    MAIN_PATH,
    CaseDocument,
    CaseEvent,
    Municipality,
    OnboardingCase,
    ProvisioningBatch,
    Status,
)
from tenants.models import Domain


def cases(*, status: str = "", search: str = "", uf: str = "") -> QuerySet[OnboardingCase]:
    qs = OnboardingCase.objects.select_related("municipality", "tenant").prefetch_related(
        Prefetch("tenant__domains", queryset=Domain.objects.filter(is_primary=True))
    )
    if status:
        qs = qs.filter(status__in=[s for s in status.split(",") if s in Status.values])
    if search:
        term = fold(search)
        qs = qs.filter(
            Q(municipality__search_name__contains=term) | Q(municipality__ibge_code=search.strip())
        )
    if uf:
        qs = qs.filter(municipality__uf=uf.upper())
    return qs


def case_detail() -> QuerySet[OnboardingCase]:
    return cases().prefetch_related(
        Prefetch("events", queryset=CaseEvent.objects.select_related("actor")),
        Prefetch("documents", queryset=CaseDocument.objects.select_related("uploaded_by", "case")),
    )


def municipalities(*, search: str = "", uf: str = "", available: bool = False):
    qs = Municipality.objects.prefetch_related(
        Prefetch(
            "cases",
            queryset=OnboardingCase.objects.exclude(status=Status.CANCELLED),
            to_attr="open_cases",
        )
    )
    if search:
        qs = qs.filter(Q(search_name__contains=fold(search)) | Q(ibge_code=search.strip()))
    if uf:
        qs = qs.filter(uf=uf.upper())
    if available:
        qs = qs.exclude(cases__in=OnboardingCase.objects.exclude(status=Status.CANCELLED))
    return qs


def summary() -> dict:
    """Counts per status and the funnel: how many open cases reached each stage."""
    rows = OnboardingCase.objects.values("status", "paused_from").annotate(n=Count("id"))
    counts = dict.fromkeys(Status.values, 0)
    stage_counts = dict.fromkeys(MAIN_PATH, 0)
    for row in rows:
        counts[row["status"]] += row["n"]
        if row["status"] == Status.CANCELLED:
            continue
        stage = {Status.PAUSED: row["paused_from"], Status.FAILED: Status.PROVISIONING}.get(
            row["status"], row["status"]
        )
        if stage in stage_counts:
            stage_counts[stage] += row["n"]
    funnel, reached = [], 0
    for stage in reversed(MAIN_PATH):
        reached += stage_counts[stage]
        funnel.append({"status": stage, "label": str(Status(stage).label), "count": reached})
    return {
        "total": sum(counts.values()),
        "counts": counts,
        "funnel": list(reversed(funnel)),
        "catalogue": Municipality.objects.count(),
    }


def batch_progress(batch: ProvisioningBatch) -> dict:
    members = list(cases().filter(batch=batch))
    done = sum(c.status in (Status.TRAINING, Status.LIVE) for c in members)
    failed = sum(c.status == Status.FAILED for c in members)
    running = sum(c.status == Status.PROVISIONING for c in members)
    total = len(members)
    partial = sum(c.provisioning_progress for c in members if c.status == Status.PROVISIONING)
    progress = round((100 * (done + failed) + partial) / total) if total else 100
    return {
        "batch": batch,
        "total": total,
        "done": done,
        "failed": failed,
        "running": running,
        "progress": min(progress, 100),
        "cases": members,
    }
